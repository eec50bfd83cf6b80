from datetime import date

from odoo.tests import tagged

from .common import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanWeeklyReport(LoanCommon):
    """The loans add their sheet to the report to the authorities through its extension point."""

    def test_loans_and_hours_lent_in_the_report(self):
        loan = self._create_loan(date_start=date(2026, 3, 1), date_end=date(2026, 3, 31))
        # The signing flow is the loan tests' subject: the loan is simply running here.
        loan.write({"state": "running"})
        self.env["reserve.loan.hours"].create(
            [
                {"contract_id": loan.id, "date": date(2026, 3, 3), "hours": 6.0},
                {"contract_id": loan.id, "date": date(2026, 3, 5), "hours": 4.5},
                # After the week: not counted.
                {"contract_id": loan.id, "date": date(2026, 3, 10), "hours": 7.0},
            ]
        )
        sections = {
            s["key"]: s for s in self.env["reserve.report"]._reserve_report_sections(date(2026, 3, 2), date(2026, 3, 8))
        }
        self.assertIn("needs_week", sections)
        self.assertEqual(sections["loans"]["rows"], [(self.lender.name, self.borrower.name, 1, 10.5)])
        # Establishments only: never the lent employee's name.
        self.assertNotIn(self.lent.name, str(sections["loans"]["rows"]))
