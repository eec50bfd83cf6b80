from odoo.tests import tagged

from .test_loan_portal import LoanPortalCommon


@tagged("post_install", "-at_install")
class TestLoanPortalTour(LoanPortalCommon):
    def test_employee_then_lender_sign_on_the_portal(self):
        loan = self._create_loan()
        loan.action_send_for_consent()

        self.start_tour("/my", "reserve_loan_employee_sign_tour", login=self.employee_user.login)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "employee_signed")
        self.assertEqual(loan.employee_signed_by, "Camille Prêtée")
        self.assertTrue(loan.employee_signature)
        self.assertTrue(loan.employee_signed_on)
        self.assertTrue(loan.employee_signed_ip)
        self.assertFalse(loan.lender_signed_on)

        self.start_tour("/my/loans", "reserve_loan_employer_sign_tour", login=self.lender_manager.login)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "employee_signed")
        self.assertEqual(loan.lender_signed_by, "Directrice Prêteuse")
        self.assertEqual(loan.lender_signer_id, self.lender_manager)
        self.assertTrue(loan.lender_signature)
        self.assertTrue(loan.lender_signed_on)
        self.assertTrue(loan.lender_signed_ip)
        self.assertFalse(loan.borrower_signed_on)
