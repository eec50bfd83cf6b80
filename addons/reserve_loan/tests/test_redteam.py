"""Holes found by trying the roles from outside after the trust work (staff loans)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanShareToken(LoanCommon):
    def test_the_share_token_a_manager_reads_sends_no_new_link(self):
        """The borrower's manager reads the portal's share link; with it, they could make a new
        signing link go out in the employee's name."""
        loan = self._create_loan()
        loan.with_user(self.lender_manager).action_send_for_consent()
        share_token = loan.with_user(self.borrower_manager).get_portal_url().split("access_token=")[1]
        with freeze_time(fields.Datetime.now() + timedelta(days=40)):
            self.assertEqual(loan._employee_token_state(share_token), "shared")
            mails_before = self.env["mail.mail"].search_count([])
            self.assertFalse(loan._renew_employee_link(share_token))
            self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)

    def test_a_refused_employee_is_not_named_to_another_member(self):
        """A manager who names another member's employee learns nothing of them from the error."""
        with self.assertRaises(ValidationError) as refused:
            self.env["reserve.loan.contract"].with_user(self.borrower_manager).create(
                self._loan_values(lender_id=self.borrower.id, employee_id=self.other_portal_person.id)
            )
        self.assertNotIn(self.other_portal_person.name, str(refused.exception))
