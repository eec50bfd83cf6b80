from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import call_kw
from odoo.tests import tagged

from .common import SIGNATURE, LoanCommon


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

        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE, "10.1.2.3")
        self.assertEqual(loan.state, "employee_signed")
        self.assertEqual(loan.employee_signed_ip, "10.1.2.3")
        self.assertTrue(loan.employee_signed_on)
        to_sign = self.env["mail.mail"].search(
            [("model", "=", loan._name), ("res_id", "=", loan.id), ("subject", "like", "To sign")]
        )
        self.assertEqual(
            to_sign.recipient_ids, (self.lender_manager | self.borrower_manager).partner_id, "both employers are asked"
        )

        loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE, "10.0.0.1")
        self.assertEqual(loan.state, "employee_signed", "the borrower has not signed yet")
        loan.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur Emprunteur", SIGNATURE)
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
            loan.with_user(self.employee_user)._sign_as_employee("Camille", SIGNATURE)
        loan.action_send_for_consent()
        with self.assertRaisesRegex(UserError, "not awaiting the employers"):
            loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.lender_manager)._sign_as_employee("Directrice", SIGNATURE)
        with self.assertRaisesRegex(UserError, "full name"):
            loan.with_user(self.employee_user)._sign_as_employee("   ", SIGNATURE)
        with self.assertRaisesRegex(UserError, "signature"):
            loan.with_user(self.employee_user)._sign_as_employee("Camille", False)
        self.assertEqual(loan.state, "consent", "nothing saved on bad input")
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.lender_manager)._sign_as_employer("borrower", "Directrice", SIGNATURE)
        with self.assertRaises(AccessError):
            loan.with_user(self.third_manager)._sign_as_employer("borrower", "Intrus", SIGNATURE)
        loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)
        with self.assertRaisesRegex(UserError, "already signed"):
            loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)

    def test_terms_locked_once_sent(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        with self.assertRaisesRegex(UserError, "back to draft"):
            loan.hourly_cost = 20.0
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
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
        loan.with_user(self.employee_user)._refuse_as_employee("Pas disponible ce mois-ci.")
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
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)
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
        framework.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)
        self.assertEqual(framework.state, "to_sign")
        framework.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur", SIGNATURE)
        self.assertEqual(framework.state, "signed")
        return framework

    def test_annexes_need_only_the_employee(self):
        framework = self._signed_framework()
        first = self._create_loan(framework_id=framework.id)
        second = self._create_loan(framework_id=framework.id, date_start=first.date_end, date_end=first.date_end)
        for loan in first | second:
            loan.action_send_for_consent()
            loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
            self.assertEqual(loan.state, "signed", "the framework's signatures cover the annex")
            self.assertFalse(loan.lender_signed_on)
        self.assertEqual(framework.contract_count, 2)

    def test_loan_waiting_for_its_framework(self):
        framework = self.env["reserve.loan.framework"].create(
            {"lender_id": self.lender.id, "borrower_id": self.borrower.id, "date_start": fields.Date.today()}
        )
        loan = self._create_loan(framework_id=framework.id)
        loan.action_send_for_consent()
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        self.assertEqual(loan.state, "employee_signed")
        framework.action_send_for_signature()
        framework.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice", SIGNATURE)
        framework.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur", SIGNATURE)
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
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
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


@tagged("post_install", "-at_install")
class TestLoanSigningRule(LoanCommon):
    """Who may sign a loan now is the loan's rule, whatever route asks."""

    def test_the_employee_signs_first_then_each_employer(self):
        loan = self._create_loan()
        loan.action_send_for_consent()
        public = self.env.ref("base.public_user")
        self.assertEqual(loan._signatures_due(self.employee_user), ["employee"])
        self.assertEqual(loan._signatures_due(public, employee_link=True), ["employee"])
        self.assertEqual(loan._signatures_due(public), [])
        self.assertEqual(loan._signatures_due(self.lender_manager), [])
        self.assertIn("The employee signs first", loan._get_signing_refusal("lender", self.lender_manager))
        self.assertIn("Only the employee signs", loan._get_signing_refusal("employee", self.borrower_manager))
        self.assertFalse(loan._get_signing_refusal("employee", self.employee_user))

        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        self.assertEqual(loan._signatures_due(self.employee_user), [])
        self.assertIn("not awaiting your consent", loan._get_signing_refusal("employee", self.employee_user))
        self.assertEqual(loan._signatures_due(self.lender_manager), ["lender"])
        self.assertEqual(loan._signatures_due(self.borrower_manager), ["borrower"])
        self.assertIn("Only a manager of", loan._get_signing_refusal("borrower", self.lender_manager))
        self.assertIn("Sign in as a manager", loan._get_signing_refusal("lender", public, employee_link=True))
        self.assertEqual(loan._signatures_due(self.third_manager), [])

        loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE)
        self.assertEqual(loan._signatures_due(self.lender_manager), [])
        self.assertIn("has already signed", loan._get_signing_refusal("lender", self.lender_manager))
        self.assertEqual(loan._signatures_due(self.borrower_manager), ["borrower"])

    def test_a_signed_framework_dispenses_the_employers(self):
        framework = self.env["reserve.loan.framework"].create(
            {"lender_id": self.lender.id, "borrower_id": self.borrower.id}
        )
        framework.action_send_for_signature()
        self.assertEqual(framework._signatures_due(self.lender_manager), ["lender"])
        self.assertEqual(framework._signatures_due(self.third_manager), [])
        framework.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE)
        framework.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur Emprunteur", SIGNATURE)
        self.assertEqual(framework._signatures_due(self.borrower_manager), [])
        annex = self._create_loan(framework_id=framework.id)
        annex.action_send_for_consent()
        annex.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        self.assertEqual(annex._signatures_due(self.lender_manager), [])
        self.assertIn("covers this loan", annex._get_signing_refusal("lender", self.lender_manager))


@tagged("post_install", "-at_install")
class TestLoanSigningToken(LoanCommon):
    """The employee's signing link: theirs alone, expiring, replaced when the loan changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls._create_loan()

    def _send(self, user=None):
        self.loan.with_user(user or self.lender_manager).action_send_for_consent()
        return self.loan.employee_token

    def _consent_mails(self):
        return self.env["mail.mail"].search([("model", "=", self.loan._name), ("res_id", "=", self.loan.id)])

    def test_a_member_manager_cannot_read_the_employee_token(self):
        self._send()
        for user in (self.lender_manager, self.borrower_manager, self.employee_user):
            Contract = self.env["reserve.loan.contract"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    call_kw(Contract, "read", [self.loan.ids, ["employee_token"]], {})
                with self.assertRaises(AccessError):
                    call_kw(Contract, "search_read", [[("id", "=", self.loan.id)], ["employee_token"]], {})
                with self.assertRaises(AccessError):
                    call_kw(Contract, "search", [[("employee_token", "=", self.loan.employee_token)]], {})

    def test_a_member_manager_cannot_write_the_token_or_its_expiry(self):
        self._send()
        Contract = self.env["reserve.loan.contract"].with_user(self.lender_manager)
        for values in ({"employee_token": "forged"}, {"employee_token_expiry": "2099-01-01 00:00:00"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                call_kw(Contract, "write", [self.loan.ids, values], {})

    def test_the_portal_url_of_a_manager_does_not_sign_as_the_employee(self):
        token = self._send()
        url = call_kw(
            self.env["reserve.loan.contract"].with_user(self.lender_manager), "get_portal_url", [self.loan.ids], {}
        )
        self.assertNotIn(token, url)
        shared = url.partition("access_token=")[2].partition("&")[0]
        self.assertNotEqual(self.loan._employee_token_state(shared), "valid")
        with self.assertRaises(AccessError):
            self.loan.sudo()._sign_as_employee("Directrice", SIGNATURE, access_token=shared)
        self.assertEqual(self.loan.state, "consent")

    def test_the_consent_mail_goes_to_the_employee_only_with_their_own_link(self):
        token = self._send()
        mail = self._consent_mails()
        self.assertEqual(mail.recipient_ids, self.lent.partner_id)
        self.assertIn(f"{self.loan.access_url}?access_token={token}", mail.body_html)
        self.assertNotIn(self.loan.access_token or "no share token", mail.body_html)

    def test_no_message_a_manager_reads_holds_the_token(self):
        token = self._send()
        self.assertTrue(self._consent_mails(), "the link was e-mailed")
        for user in (self.lender_manager, self.borrower_manager):
            Message = self.env["mail.message"].with_user(user)
            with self.subTest(user=user.login):
                messages = call_kw(
                    Message,
                    "search_read",
                    [[("model", "=", self.loan._name), ("res_id", "=", self.loan.id)], ["body"]],
                    {},
                )
                self.assertTrue(messages, "the loan's chatter says that the link was sent")
                self.assertFalse([m for m in messages if token in (m["body"] or "")])
                self.assertFalse(call_kw(Message, "search", [[("body", "ilike", token)]], {}))
                with self.assertRaises(AccessError):
                    call_kw(self.env["mail.mail"].with_user(user), "search_read", [[], ["body_html"]], {})

    def test_the_token_expires_after_thirty_days(self):
        with freeze_time("2026-03-02 08:00:00"):
            token = self._send()
            self.assertEqual(self.loan._employee_token_state(token), "valid")
            self.assertEqual(self.loan.employee_token_expiry, fields.Datetime.to_datetime("2026-04-01 08:00:00"))
        with freeze_time("2026-04-01 08:00:01"):
            self.assertEqual(self.loan._employee_token_state(token), "expired")
            with self.assertRaises(AccessError):
                self.loan.sudo()._sign_as_employee("Camille Prêtée", SIGNATURE, access_token=token)
            self.assertEqual(self.loan.state, "consent")

    def test_an_expired_token_is_renewed_by_the_next_reminder(self):
        token = self._send()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE reserve_loan_contract SET employee_token_expiry = now() - interval '1 day', "
            "consent_sent_on = now() - interval '40 days' WHERE id = %s",
            (self.loan.id,),
        )
        self.loan.invalidate_recordset()
        self.env["reserve.loan.contract"]._cron_remind_signatures()
        new_token = self.loan.employee_token
        self.assertNotEqual(new_token, token)
        self.assertEqual(self.loan._employee_token_state(new_token), "valid")
        reminder = self._consent_mails().filtered(lambda m: "Reminder" in m.subject)
        self.assertIn(new_token, reminder.body_html)

    def test_back_to_draft_renews_the_token_and_refuses_the_old_one(self):
        old = self._send()
        self.loan.with_user(self.lender_manager).action_draft()
        self.assertFalse(self.loan.employee_token, "no link works while the terms change")
        self.assertEqual(self.loan._employee_token_state(old), "renewed")
        self.loan.with_user(self.lender_manager).write({"hourly_cost": 15.0})
        new = self._send()
        self.assertNotEqual(new, old)
        self.assertEqual(self.loan._employee_token_state(old), "renewed")
        with self.assertRaises(AccessError):
            self.loan.sudo()._sign_as_employee("Camille Prêtée", SIGNATURE, access_token=old)
        self.loan.sudo()._sign_as_employee("Camille Prêtée", SIGNATURE, access_token=new)
        self.assertEqual(self.loan.state, "employee_signed")

    def test_a_made_up_token_is_not_the_employees(self):
        self._send()
        for token in ("", "not-the-token", f"{'0' * 32}-{'0' * 64}", self._create_loan()._ensure_employee_token()):
            with self.subTest(token=token):
                self.assertEqual(self.loan._employee_token_state(token), "invalid")

    def test_the_lender_sends_a_new_link_that_replaces_the_old_one(self):
        old = self._send()
        self.loan.with_user(self.lender_manager).action_send_signing_link()
        self.assertEqual(self.loan._employee_token_state(old), "renewed")
        self.assertEqual(self.loan._employee_token_state(self.loan.employee_token), "valid")
        self.assertEqual(len(self._consent_mails()), 2)

    def test_only_the_lender_sends_the_link_again(self):
        old = self._send()
        for user in (self.borrower_manager, self.third_manager, self.employee_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                call_kw(
                    self.env["reserve.loan.contract"].with_user(user), "action_send_signing_link", [self.loan.ids], {}
                )
        self.assertEqual(self.loan.employee_token, old)

    def test_the_employee_asks_a_new_link_only_when_theirs_no_longer_works(self):
        old = self._send()
        self.assertFalse(self.loan._renew_employee_link(old), "the link still works")
        self.loan.sudo().write({"employee_token_expiry": fields.Datetime.now() - timedelta(seconds=1)})
        self.assertTrue(self.loan._renew_employee_link(old))
        self.assertEqual(self.loan._employee_token_state(old), "renewed")
        self.assertFalse(self.loan._renew_employee_link(old), "a valid link is out again")
        self.assertFalse(self.loan._renew_employee_link("not-the-token"))


@tagged("post_install", "-at_install")
class TestLoanPrivateMethods(LoanCommon):
    """Signing, refusing and the like act in a person's name: never callable over RPC;
    the buttons that remain check who presses them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls._create_loan()
        cls.framework = cls.env["reserve.loan.framework"].create(
            {"lender_id": cls.lender.id, "borrower_id": cls.borrower.id, "date_start": fields.Date.today()}
        )

    def _rpc(self, user, record, method, *args):
        return call_kw(self.env[record._name].with_user(user), method, [record.ids, *args], {})

    def test_signing_and_refusing_are_private_over_rpc(self):
        self.loan.action_send_for_consent()
        self.framework.action_send_for_signature()
        calls = [
            (self.employee_user, self.loan, "_sign_as_employee", "Camille Prêtée", SIGNATURE.decode()),
            (self.employee_user, self.loan, "_refuse_as_employee", "Non"),
            (self.lender_manager, self.loan, "_sign_as_employee", "Forgé", SIGNATURE.decode()),
            (self.lender_manager, self.loan, "_refuse_as_employee", "Forgé"),
            (self.lender_manager, self.loan, "_sign_as_employer", "lender", "Directrice", SIGNATURE.decode()),
            (self.lender_manager, self.framework, "_sign_as_employer", "lender", "Directrice", SIGNATURE.decode()),
            (self.lender_manager, self.framework, "_covers", "2026-01-01", "2026-01-02"),
        ]
        for user, record, method, *args in calls:
            with self.subTest(user=user.login, method=method):
                with self.assertRaisesRegex(AccessError, "cannot be called remotely"):
                    self._rpc(user, record, method, *args)
        self.assertEqual((self.loan.state, self.framework.state), ("consent", "to_sign"))
        self.assertFalse(self.loan.employee_signed_on or self.framework.lender_signed_on)

    def test_the_former_public_names_are_gone(self):
        for record, method in (
            (self.loan, "sign_as_employee"),
            (self.loan, "refuse_as_employee"),
            (self.loan, "sign_as_employer"),
            (self.framework, "sign_as_employer"),
            (self.framework, "covers"),
        ):
            with self.subTest(method=method), self.assertRaises(AttributeError):
                self._rpc(self.lender_manager, record, method)

    def test_the_borrower_cannot_ask_the_lenders_employee(self):
        with self.assertRaises(AccessError):
            self._rpc(self.borrower_manager, self.loan, "action_send_for_consent")
        self.assertEqual(self.loan.state, "draft")

    def test_the_lender_asks_its_employee(self):
        self._rpc(self.lender_manager, self.loan, "action_send_for_consent")
        self.assertEqual(self.loan.state, "consent")

    def test_another_members_manager_presses_no_loan_button(self):
        self.loan.action_send_for_consent()
        for method in ("action_send_signing_link", "action_draft", "action_cancel", "action_end"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                self._rpc(self.third_manager, self.loan, method)
        self.assertEqual(self.loan.state, "consent")

    def test_the_employee_presses_no_employer_button(self):
        self.loan.action_send_for_consent()
        for method in ("action_send_signing_link", "action_draft", "action_cancel"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                self._rpc(self.employee_user, self.loan, method)
        self.assertEqual(self.loan.state, "consent")

    def test_another_members_manager_presses_no_framework_button(self):
        for method in ("action_send_for_signature", "action_cancel", "action_draft"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                self._rpc(self.third_manager, self.framework, method)
        self.assertEqual(self.framework.state, "draft")

    def test_another_members_manager_signs_for_no_employer(self):
        self.loan.action_send_for_consent()
        self.loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE)
        for party in ("lender", "borrower"):
            with self.subTest(party=party), self.assertRaises(AccessError):
                self.loan.with_user(self.third_manager)._sign_as_employer(party, "Intrus", SIGNATURE)
        with self.assertRaises(AccessError):
            self.loan.with_user(self.borrower_manager)._sign_as_employer("lender", "Intrus", SIGNATURE)
        self.assertFalse(self.loan.lender_signed_on or self.loan.borrower_signed_on)
