from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import float_compare

from .common import LoanCommon
from .test_loan_statement import read_xlsx


@tagged("post_install", "-at_install")
class TestLoanBalance(LoanCommon):
    """Who carries whom: A lends 10 h to B, B lends 4 h to C (in 2025, far from the demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a, cls.member_b, cls.member_c = cls.lender, cls.borrower, cls.third_member
        b_employee_user = new_test_user(cls.env, "t_lent_b", groups="base.group_portal")
        cls.employee_b = cls._create_person(
            "Dominique Prêté", user=b_employee_user, category="lent_employee", employer_id=cls.member_b.id
        )
        a_to_b = cls._create_loan(date_start=date(2025, 5, 1), date_end=date(2025, 5, 31))
        b_to_c = cls._create_loan(
            lender_id=cls.member_b.id,
            borrower_id=cls.member_c.id,
            employee_id=cls.employee_b.id,
            date_start=date(2025, 6, 1),
            date_end=date(2025, 6, 30),
            hourly_cost=15.0,
            charges_rate=40.0,
        )
        # The signing flow is the loan tests' subject: here the loans are simply running
        # (set as superuser, as the signatures would have done).
        (a_to_b | b_to_c).write({"state": "running"})
        cls.env["reserve.loan.hours"].create(
            [
                {"contract_id": a_to_b.id, "date": date(2025, 5, 5), "hours": 6.0, "expenses": 10.0},
                {"contract_id": a_to_b.id, "date": date(2025, 5, 6), "hours": 4.0},
                {"contract_id": b_to_c.id, "date": date(2025, 6, 2), "hours": 4.0},
            ]
        )
        cls.period = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}

    def _figures(self, balance):
        return {
            line.member_id: (
                line.hours_lent,
                line.hours_borrowed,
                line.balance,
                line.value_lent,
                line.value_borrowed,
                line.loan_count,
            )
            for line in balance.line_ids
        }

    def test_coordinator_sees_every_member(self):
        balance = self.env["reserve.loan.balance"].with_user(self.coordinator).create(self.period)
        self.assertEqual(
            self._figures(balance),
            {
                # 10 h at 20.59 € (14.50 € + 42 %) and 10 € of expenses
                self.member_a: (10.0, 0.0, 10.0, 215.90, 0.0, 1),
                # 4 h at 21.00 € (15 € + 40 %)
                self.member_b: (4.0, 10.0, -6.0, 84.0, 215.90, 2),
                self.member_c: (0.0, 4.0, -4.0, 0.0, 84.0, 1),
            },
        )

    def test_period_filters_the_hours(self):
        balance = (
            self.env["reserve.loan.balance"]
            .with_user(self.coordinator)
            .create({"date_from": date(2025, 6, 1), "date_to": date(2025, 6, 30)})
        )
        self.assertEqual(balance.line_ids.member_id, self.member_b | self.member_c)
        balance.write({"date_from": date(2025, 5, 6), "date_to": date(2025, 5, 6)})
        self.assertEqual(
            self._figures(balance),
            {
                self.member_a: (4.0, 0.0, 4.0, 82.36, 0.0, 1),
                self.member_b: (0.0, 4.0, -4.0, 0.0, 82.36, 1),
            },
        )

    def test_balance_is_the_sum_of_the_statements_to_the_cent(self):
        # A rate and hours whose cents round differently day by day than over a sum of hours.
        loan = self._create_loan(
            borrower_id=self.member_c.id,
            date_start=date(2025, 3, 1),
            date_end=date(2025, 4, 30),
            hourly_cost=14.37,
            charges_rate=42.3,
        )
        loan.write({"state": "running"})
        self.env["reserve.loan.hours"].create(
            [
                {"contract_id": loan.id, "date": date(2025, 3, 10), "hours": 3.33, "expenses": 1.11},
                {"contract_id": loan.id, "date": date(2025, 3, 11), "hours": 7.77},
                {"contract_id": loan.id, "date": date(2025, 4, 7), "hours": 5.55, "expenses": 2.27},
                {"contract_id": loan.id, "date": date(2025, 4, 8), "hours": 4.44},
            ]
        )
        Statement = self.env["reserve.loan.statement"].with_user(self.coordinator)
        statements = (Statement._generate(date(2025, 3, 1)) | Statement._generate(date(2025, 4, 1))).filtered(
            lambda statement: statement.lender_id == self.member_a
        )
        self.assertEqual(len(statements), 2)
        stated = sum(statements.mapped("amount_total"))
        # 228.09 in March and 206.54 in April: what the loan re-invoices in all.
        self.assertEqual(float_compare(stated, 434.63, precision_digits=2), 0)
        self.assertEqual(float_compare(loan.amount_to_invoice, stated, precision_digits=2), 0)
        balance = (
            self.env["reserve.loan.balance"]
            .with_user(self.coordinator)
            .create({"date_from": date(2025, 3, 1), "date_to": date(2025, 4, 30)})
        )
        figures = self._figures(balance)
        self.assertEqual(float_compare(figures[self.member_a][3], stated, precision_digits=2), 0)
        self.assertEqual(float_compare(figures[self.member_c][4], stated, precision_digits=2), 0)

    def test_member_manager_sees_own_members_only(self):
        balance = self.env["reserve.loan.balance"].with_user(self.lender_manager).create(self.period)
        self.assertEqual(self._figures(balance), {self.member_a: (10.0, 0.0, 10.0, 215.90, 0.0, 1)})
        # Another user's balance is not theirs to read, whoever computed it.
        coordinator_balance = self.env["reserve.loan.balance"].with_user(self.coordinator).create(self.period)
        with self.assertRaises(AccessError):
            coordinator_balance.with_user(self.lender_manager).line_ids.read(["hours_lent"])
        with self.assertRaises(AccessError):
            coordinator_balance.line_ids.with_user(self.lender_manager).read(["hours_lent"])
        with self.assertRaises(AccessError):
            self.env["reserve.loan.balance"].with_user(self.authority).create(self.period)

    def test_xlsx_sums_right(self):
        balance = self.env["reserve.loan.balance"].with_user(self.coordinator).create(self.period)
        self.assertEqual(balance.action_export_xlsx()["url"], f"/reserve/loan/balance/{balance.id}/xlsx")
        cells, formulas = read_xlsx(balance._build_xlsx())
        names = {cells[key]: key[0] for key in cells if key[1] == 1 and isinstance(cells[key], str)}
        row_a = names[self.member_a.name]
        self.assertEqual([cells.get((row_a, col), 0) for col in range(2, 8)], [10.0, 0.0, 10.0, 215.90, 0.0, 1])
        total = names["Total"]
        for col, expected in ((2, 14.0), (3, 14.0), (4, 0.0), (5, 299.90), (6, 299.90)):
            self.assertAlmostEqual(cells.get((total, col), 0), expected, places=2)
            self.assertTrue(formulas[(total, col)].startswith("=SUM("))
