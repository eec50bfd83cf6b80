"""Who may write which field of a staff loan: a member manager never moves a loan, its hours
or a framework agreement to other parties, nor chooses a reference (these calls are what the
external API runs: ``execute_kw`` calls ``write``/``create`` as the user)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanWriteGuard(LoanCommon):
    def test_manager_creates_a_loan_of_their_member(self):
        loan = self.env["reserve.loan.contract"].with_user(self.lender_manager).create(self._loan_values())
        self.assertTrue(loan.name.startswith("MAD/"))
        self.assertEqual(loan.state, "draft")

    def test_manager_cannot_choose_a_loans_reference(self):
        loan = (
            self.env["reserve.loan.contract"].with_user(self.lender_manager).create(self._loan_values(name="MAD/FAUX"))
        )
        self.assertNotEqual(loan.name, "MAD/FAUX")

    def test_manager_cannot_move_a_loan_to_other_parties(self):
        loan = self._create_loan()
        for values in (
            {"employee_id": self.other_employee.id},
            {"lender_id": self.third_member.id},
            {"borrower_id": self.third_member.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                loan.with_user(self.lender_manager).write(values)
        self.assertEqual((loan.lender_id, loan.borrower_id, loan.employee_id), (self.lender, self.borrower, self.lent))

    def test_manager_edits_draft_terms(self):
        loan = self._create_loan()
        loan.with_user(self.lender_manager).write({"place": "Salle de soins", "planned_hours": 120})
        self.assertEqual(loan.planned_hours, 120)

    def test_manager_cannot_move_hours_to_another_loan(self):
        loan = self._sign_all(self._create_loan())
        other = self._sign_all(self._create_loan(date_start=loan.date_start, date_end=loan.date_end))
        line = (
            self.env["reserve.loan.hours"]
            .with_user(self.borrower_manager)
            .create({"contract_id": loan.id, "date": loan.date_start, "hours": 7})
        )
        with self.assertRaises(AccessError):
            line.with_user(self.borrower_manager).write({"contract_id": other.id})
        self.assertEqual(line.contract_id, loan)

    def test_manager_cannot_move_a_framework_to_other_members(self):
        framework = (
            self.env["reserve.loan.framework"]
            .with_user(self.lender_manager)
            .create({"lender_id": self.lender.id, "borrower_id": self.borrower.id})
        )
        with self.assertRaises(AccessError):
            framework.with_user(self.lender_manager).write({"borrower_id": self.third_member.id})
