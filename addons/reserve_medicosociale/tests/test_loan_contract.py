from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .loan_common import SIGNATURE, LoanCommon


@tagged("post_install", "-at_install")
class TestLoanCost(LoanCommon):
    """What the lender re-invoices: salary, charges and real expenses, nothing more."""

    def _signed_loan_with_hours(self, **values):
        loan = self._sign_all(self._create_loan(**values))
        today = loan.date_start
        self.env["reserve.loan.hours"].create(
            [
                {"contract_id": loan.id, "date": today, "hours": 7.5, "expenses": 12.40},
                {"contract_id": loan.id, "date": today + timedelta(days=1), "hours": 7.5},
                {"contract_id": loan.id, "date": today + timedelta(days=2), "hours": 10, "expenses": 8.0},
            ]
        )
        return loan

    def test_cost_is_salary_charges_and_expenses(self):
        loan = self._signed_loan_with_hours()
        self.assertEqual(loan.billed_hourly_rate, 20.59)  # 14.50 × 1.42
        self.assertAlmostEqual(loan.hours_done, 25.0)
        self.assertAlmostEqual(loan.salary_cost, 362.50)  # 25 × 14.50
        self.assertAlmostEqual(loan.charges_cost, 152.25)  # 362.50 × 42 %
        self.assertAlmostEqual(loan.expenses_cost, 20.40)
        self.assertAlmostEqual(loan.total_cost, 535.15)
        # 25 × 20.59 = 514.75 ≥ salary + charges (514.75): the cost, to the cent.
        self.assertAlmostEqual(loan.amount_to_invoice, 535.15)
        self.assertAlmostEqual(loan.estimated_cost, 150 * 20.59)

    def test_a_lower_rate_is_allowed(self):
        """The lender may bear part of the cost (solidarity), re-invoicing less."""
        loan = self._signed_loan_with_hours(billed_hourly_rate=15.0)
        self.assertAlmostEqual(loan.amount_to_invoice, 25 * 15.0 + 20.40)
        self.assertAlmostEqual(loan.total_cost, 535.15)

    def test_rate_follows_salary_and_charges_in_draft(self):
        loan = self._create_loan()
        loan.write({"hourly_cost": 12.0, "charges_rate": 50.0})
        self.assertEqual(loan.billed_hourly_rate, 18.0)

    def test_no_margin_can_be_entered(self):
        with self.assertRaisesRegex(ValidationError, "non-profit"):
            self._create_loan(billed_hourly_rate=25.0)
        loan = self._create_loan()
        with self.assertRaisesRegex(ValidationError, "non-profit"):
            loan.billed_hourly_rate = 20.60
        with self.assertRaisesRegex(ValidationError, "non-profit"):
            loan.write({"charges_rate": 10.0, "billed_hourly_rate": 20.59})

    def test_charges_rate_bounds(self):
        with self.assertRaises(ValidationError):
            self._create_loan(charges_rate=120.0)
        with self.assertRaises(ValidationError):
            self._create_loan(charges_rate=-5.0)

    def test_bad_hours_lines_refused(self):
        loan = self._sign_all(self._create_loan())
        Hours = self.env["reserve.loan.hours"]
        with self.assertRaisesRegex(ValidationError, "between 0 and 24"):
            Hours.create({"contract_id": loan.id, "date": loan.date_start, "hours": 25})
        with self.assertRaisesRegex(ValidationError, "negative"):
            Hours.create({"contract_id": loan.id, "date": loan.date_start, "hours": 7, "expenses": -3})
        with self.assertRaisesRegex(ValidationError, "outside the loan"):
            Hours.create({"contract_id": loan.id, "date": loan.date_end + timedelta(days=1), "hours": 7})

    def test_no_hours_before_every_signature(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        with self.assertRaisesRegex(UserError, "signed by the employee and both employers"):
            self.env["reserve.loan.hours"].create({"contract_id": loan.id, "date": loan.date_start, "hours": 7})


@tagged("post_install", "-at_install")
class TestLoanStates(LoanCommon):
    def test_full_flow_without_framework(self):
        loan = self._create_loan()
        self.assertEqual(loan.state, "draft")
        self.assertTrue(loan.name.startswith("MAD/"))
        loan.action_send_for_consent()
        self.assertEqual(loan.state, "consent")
        consent_mail = self.env["mail.mail"].search([("model", "=", loan._name), ("res_id", "=", loan.id)])
        self.assertIn(self.lent.partner_id, consent_mail.recipient_ids)
        self.assertIn("access_token=", consent_mail.body_html)

        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE, "10.1.2.3")
        self.assertEqual(loan.state, "employee_signed")
        self.assertEqual(loan.employee_signed_ip, "10.1.2.3")
        self.assertTrue(loan.employee_signed_on)
        to_sign = self.env["mail.mail"].search(
            [("model", "=", loan._name), ("res_id", "=", loan.id), ("subject", "like", "To sign")]
        )
        self.assertEqual(
            to_sign.recipient_ids, (self.lender_manager | self.borrower_manager).partner_id, "both employers are asked"
        )

        loan.with_user(self.lender_manager).sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE, "10.0.0.1")
        self.assertEqual(loan.state, "employee_signed", "the borrower has not signed yet")
        loan.with_user(self.borrower_manager).sign_as_employer("borrower", "Directeur Emprunteur", SIGNATURE)
        self.assertEqual(loan.state, "signed", "starts in a week")
        self.assertEqual(loan.lender_signer_id, self.lender_manager)
        self.assertTrue(loan.documents_pending, "the documents are printed by a cron, out of the request")
        self.env["reserve.loan.contract"]._cron_attach_documents()
        documents = self.env["ir.attachment"].search([("res_model", "=", loan._name), ("res_id", "=", loan.id)])
        self.assertEqual(len(documents), 2, "the convention and the amendment are kept on the loan")
        self.assertFalse(loan.documents_pending)

    def test_order_and_parties_of_signatures(self):
        loan = self._create_loan()
        with self.assertRaisesRegex(UserError, "not awaiting your consent"):
            loan.with_user(self.employee_user).sign_as_employee("Camille", SIGNATURE)
        loan.action_send_for_consent()
        with self.assertRaisesRegex(UserError, "not awaiting the employers"):
            loan.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.lender_manager).sign_as_employee("Directrice", SIGNATURE)
        with self.assertRaisesRegex(UserError, "full name"):
            loan.with_user(self.employee_user).sign_as_employee("   ", SIGNATURE)
        with self.assertRaisesRegex(UserError, "signature"):
            loan.with_user(self.employee_user).sign_as_employee("Camille", False)
        self.assertEqual(loan.state, "consent", "nothing saved on bad input")
        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.lender_manager).sign_as_employer("borrower", "Directrice", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.third_manager).sign_as_employer("borrower", "Intrus", SIGNATURE)
        loan.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)
        with self.assertRaisesRegex(UserError, "already signed"):
            loan.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)

    def test_terms_locked_once_sent(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        with self.assertRaisesRegex(UserError, "back to draft"):
            loan.hourly_cost = 20.0
        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
        loan.action_draft()
        self.assertEqual(loan.state, "draft")
        self.assertFalse(loan.employee_signed_on, "the employee is asked again")
        loan.hourly_cost = 15.0
        self.assertEqual(loan.billed_hourly_rate, 21.30)

    def test_state_and_signatures_cannot_be_written(self):
        loan = self._create_loan()
        with self.assertRaises(AccessError):
            loan.with_user(self.lender_manager).write({"state": "signed"})
        with self.assertRaises(AccessError):
            loan.with_user(self.coordinator).write({"employee_signed_by": "Forged"})
        with self.assertRaises(AccessError):
            self.env["reserve.loan.contract"].with_user(self.lender_manager).create(self._loan_values(state="running"))

    def test_refusal_cancels(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        loan.with_user(self.employee_user).refuse_as_employee("Pas disponible ce mois-ci.")
        self.assertEqual(loan.state, "cancelled")
        self.assertEqual(loan.refusal_reason, "Pas disponible ce mois-ci.")

    def test_consent_needs_complete_terms_and_employer_agreement(self):
        loan = self._create_loan(hourly_cost=0, place="-")
        with self.assertRaisesRegex(UserError, "gross hourly salary"):
            loan.action_send_for_consent()
        self.assertEqual(loan.state, "draft")
        self.lent.with_user(self.lender_manager).action_employer_refuse()
        loan = self._create_loan()
        with self.assertRaisesRegex(UserError, "has not agreed"):
            loan.action_send_for_consent()

    def test_employee_must_be_lent_by_the_lender(self):
        with self.assertRaisesRegex(ValidationError, "lender must be the employee's employer"):
            self._create_loan(lender_id=self.third_member.id)
        with self.assertRaisesRegex(ValidationError, "not an employee of a member"):
            self._create_loan(employee_id=self.portal_person.id)
        with self.assertRaisesRegex(UserError, "to itself"):
            self._create_loan(borrower_id=self.lender.id)

    def test_cron_starts_and_ends_loans(self):
        today = fields.Date.today()
        starting = self._sign_all(self._create_loan(date_start=today, date_end=today + timedelta(days=3)))
        self.assertEqual(starting.state, "running", "a loan signed on its first day runs at once")
        later = self._sign_all(self._create_loan())
        self.assertEqual(later.state, "signed")
        self.env.flush_all()
        later.env.cr.execute(
            "UPDATE reserve_loan_contract SET date_start = %s, date_end = %s WHERE id = %s",
            (today - timedelta(days=10), today - timedelta(days=1), later.id),
        )
        later.invalidate_recordset()
        self.env["reserve.loan.contract"]._cron_update_states()
        self.assertEqual(later.state, "ended")
        self.assertEqual(starting.state, "running")

    def test_reminders_for_missing_signatures(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        Contract = self.env["reserve.loan.contract"]
        self.assertFalse(Contract._cron_remind_signatures(), "too early to remind")
        self.env.flush_all()
        loan.env.cr.execute(
            "UPDATE reserve_loan_contract SET consent_sent_on = now() - interval '3 days' WHERE id = %s", (loan.id,)
        )
        loan.invalidate_recordset()
        self.assertEqual(Contract._cron_remind_signatures(), loan)
        reminder = self.env["mail.mail"].search(
            [("model", "=", loan._name), ("res_id", "=", loan.id), ("subject", "like", "Reminder")]
        )
        self.assertEqual(reminder.recipient_ids, self.lent.partner_id)
        self.assertFalse(Contract._cron_remind_signatures(), "not twice in a row")
        # The employee signed: now the employers who have not signed are reminded.
        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
        loan.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)
        self.env.flush_all()
        loan.env.cr.execute(
            "UPDATE reserve_loan_contract SET last_reminder_on = now() - interval '3 days' WHERE id = %s", (loan.id,)
        )
        loan.invalidate_recordset()
        self.assertEqual(Contract._cron_remind_signatures(), loan)
        reminders = self.env["mail.mail"].search(
            [("model", "=", loan._name), ("res_id", "=", loan.id), ("subject", "like", "Reminder")]
        )
        self.assertEqual(reminders.recipient_ids, self.lent.partner_id | self.borrower_manager.partner_id)


@tagged("post_install", "-at_install")
class TestLoanFramework(LoanCommon):
    def _signed_framework(self, **values):
        framework = self.env["reserve.loan.framework"].create(
            {
                "lender_id": self.lender.id,
                "borrower_id": self.borrower.id,
                "date_start": fields.Date.today(),
                **values,
            }
        )
        framework.action_send_for_signature()
        framework.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)
        self.assertEqual(framework.state, "to_sign")
        framework.with_user(self.borrower_manager).sign_as_employer("borrower", "Directeur", SIGNATURE)
        self.assertEqual(framework.state, "signed")
        return framework

    def test_annexes_need_only_the_employee(self):
        framework = self._signed_framework()
        first = self._create_loan(framework_id=framework.id)
        second = self._create_loan(framework_id=framework.id, date_start=first.date_end, date_end=first.date_end)
        for loan in first | second:
            loan.action_send_for_consent()
            loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
            self.assertEqual(loan.state, "signed", "the framework's signatures cover the annex")
            self.assertFalse(loan.lender_signed_on)
        self.assertEqual(framework.contract_count, 2)

    def test_loan_waiting_for_its_framework(self):
        framework = self.env["reserve.loan.framework"].create(
            {"lender_id": self.lender.id, "borrower_id": self.borrower.id, "date_start": fields.Date.today()}
        )
        loan = self._create_loan(framework_id=framework.id)
        loan.action_send_for_consent()
        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
        self.assertEqual(loan.state, "employee_signed")
        framework.action_send_for_signature()
        framework.with_user(self.lender_manager).sign_as_employer("lender", "Directrice", SIGNATURE)
        framework.with_user(self.borrower_manager).sign_as_employer("borrower", "Directeur", SIGNATURE)
        self.assertEqual(loan.state, "signed", "the loan goes on once the agreement is signed")

    def test_framework_covers_only_its_members_and_dates(self):
        framework = self._signed_framework(date_end=fields.Date.today() + timedelta(days=20))
        with self.assertRaisesRegex(ValidationError, "outside the framework"):
            self._create_loan(framework_id=framework.id)
        with self.assertRaisesRegex(ValidationError, "between other members"):
            self._create_loan(framework_id=framework.id, borrower_id=self.third_member.id)
        with self.assertRaisesRegex(UserError, "cannot change"):
            framework.date_end = False

    def test_assignment_of_a_lent_employee_prepares_a_loan_under_the_framework(self):
        framework = self._signed_framework()
        need = self.env["reserve.need"].create(
            {
                "establishment_id": self.borrower.id,
                "job_id": self.job_care_assistant.id,
                "contract_type_ids": [(6, 0, self.env.ref("reserve_medicosociale.contract_type_loan").ids)],
                "shift_ids": [
                    (
                        0,
                        0,
                        {
                            "start": fields.Datetime.now() + timedelta(days=3),
                            "stop": fields.Datetime.now() + timedelta(days=3, hours=8),
                        },
                    )
                ],
            }
        )
        assignment = self.env["reserve.assignment"].create(
            {
                "need_id": need.id,
                "person_id": self.lent.id,
                "contract_type_id": self.env.ref("reserve_medicosociale.contract_type_loan").id,
            }
        )
        loan = assignment.loan_contract_id
        self.assertTrue(loan, "a draft loan is prepared")
        self.assertEqual((loan.state, loan.lender_id, loan.borrower_id), ("draft", self.lender, self.borrower))
        self.assertEqual(loan.framework_id, framework)
        self.assertAlmostEqual(loan.planned_hours, 8.0)
        self.assertTrue(loan.activity_ids, "the lender is asked to complete the loan")
        loan.write({"hourly_cost": 14.5, "work_description": "Renfort aide-soignant"})
        assignment.action_done()
        self.assertFalse(loan.hours_line_ids, "no hours on an unsigned loan")
        loan.action_send_for_consent()
        loan.with_user(self.employee_user).sign_as_employee("Camille Prêtée", SIGNATURE)
        self.assertEqual(loan.hours_line_ids.hours, 8.0, "the hours done come in once the loan is signed")
        assignment.hours_worked = 7.5
        self.assertEqual(loan.hours_done, 7.5)


@tagged("post_install", "-at_install")
class TestLoanAccess(LoanCommon):
    """A loan is seen by its parties only: never by another member or another person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls._create_loan()

    def test_parties_see_the_loan(self):
        Contract = self.env["reserve.loan.contract"]
        for user in (self.coordinator, self.lender_manager, self.borrower_manager):
            self.assertEqual(Contract.with_user(user).search([("id", "=", self.loan.id)]), self.loan, user.login)
        self.assertEqual(Contract.with_user(self.employee_user).search([]), self.loan)
        self.loan.with_user(self.employee_user).read(["name", "hourly_cost"])

    def test_others_are_refused(self):
        Contract = self.env["reserve.loan.contract"]
        for user in (self.third_manager, self.portal_user):
            self.assertFalse(Contract.with_user(user).search([("id", "=", self.loan.id)]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                self.loan.with_user(user).read(["name"])
        for user in (self.authority, self.trainer):
            with self.assertRaises(AccessError, msg=user.login):
                Contract.with_user(user).search([])
        with self.assertRaises(AccessError):
            self.loan.with_user(self.employee_user).write({"place": "Ailleurs"})

    def test_a_member_cannot_create_a_loan_between_others(self):
        with self.assertRaises(AccessError):
            self.env["reserve.loan.contract"].with_user(self.third_manager).create(self._loan_values())

    def test_smart_buttons_count_what_the_user_may_see(self):
        # One user per request in real life: the cache of a computed count is not shared between them.
        self.assertEqual(self.lender.with_user(self.lender_manager).reserve_loan_count, 1)
        self.env.invalidate_all()
        self.assertEqual(self.borrower.with_user(self.borrower_manager).reserve_loan_count, 1)
        self.env.invalidate_all()
        self.assertEqual(self.lender.with_user(self.third_manager).reserve_loan_count, 0)
        self.assertEqual(self.lent.with_user(self.coordinator).loan_contract_count, 1)
        action = self.lender.with_user(self.lender_manager).action_view_reserve_loans()
        self.assertEqual(self.env["reserve.loan.contract"].search(action["domain"]), self.loan)
