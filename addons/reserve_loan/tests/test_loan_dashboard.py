from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LoanCommon


@tagged("post_install", "-at_install")
class TestLoanDashboard(LoanCommon):
    """The loans' dashboard (reserve.loan.report): loans and hours lent by the borrower's
    territory, read by an authority, who reads no loan and no employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.territory = cls.env["reserve.territory"].create({"name": "Territoire Test Prêts"})
        cls.borrower.territory_id = cls.territory
        cls.loan = cls._create_loan(date_start=date(2026, 3, 1), date_end=date(2026, 3, 31))
        cls.loan.write({"state": "running"})
        cls.env["reserve.loan.hours"].create(
            [
                {"contract_id": cls.loan.id, "date": date(2026, 3, 3), "hours": 6.0},
                {"contract_id": cls.loan.id, "date": date(2026, 3, 5), "hours": 4.5},
            ]
        )
        # A draft is no loan yet: not counted.
        cls._create_loan(date_start=date(2026, 5, 1), date_end=date(2026, 5, 31))

    def test_loans_and_hours_lent_by_territory(self):
        groups = (
            self.env["reserve.loan.report"]
            .with_user(self.authority)
            ._read_group([("territory_id", "=", self.territory.id)], ["territory_id"], ["__count", "hours_done:sum"])
        )
        self.assertEqual(groups, [(self.territory, 1, 10.5)])

    def test_by_month_and_members(self):
        groups = (
            self.env["reserve.loan.report"]
            .with_user(self.authority)
            ._read_group(
                [("territory_id", "=", self.territory.id)],
                ["date_start:month", "lender_id", "borrower_id"],
                ["hours_done:sum"],
            )
        )
        self.assertEqual(groups, [(date(2026, 3, 1), self.lender, self.borrower, 10.5)])

    def test_an_authority_reads_the_figures_never_the_loans(self):
        rows = (
            self.env["reserve.loan.report"]
            .with_user(self.authority)
            .search_read([("territory_id", "=", self.territory.id)])
        )
        self.assertEqual(len(rows), 1)
        self.assertNotIn(self.lent.name, str(rows))
        self.assertFalse({"employee_id", "hourly_cost", "total_cost"} & set(rows[0]))
        with self.assertRaises(AccessError):
            self.env["reserve.loan.contract"].with_user(self.authority).search_read([], ["employee_id"])
        with self.assertRaises(AccessError):
            self.env["reserve.loan.report"].with_user(self.authority).create({})
