import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FormationCommon


@tagged("post_install", "-at_install")
class TestCostSharing(FormationCommon):
    """A session's cost split between members, to the cent."""

    def test_split_by_seats_adds_up_to_the_cent(self):
        session = self._create_session(seats_max=10, cost_amount=1000.0)
        self._book(session, self.manager, self.employees)  # 3 seats
        self._book(session, self.other_manager, self.other_employees)  # 2 seats
        self._book(session, self.third_manager, self.third_employee)  # 1 seat
        session.with_user(self.portal_user).action_register_self()  # not charged to a member
        session.with_user(self.training_manager).action_compute_cost_shares()
        amounts = {share.member_id: share.amount for share in session.cost_share_ids}
        self.assertEqual(amounts, {self.member: 500.0, self.other_member: 333.33, self.third_member: 166.67})
        self.assertEqual(round(sum(amounts.values()), 2), 1000.0)

    def test_split_by_key_adds_up_to_the_cent(self):
        session = self._create_session(seats_max=10, cost_amount=100.0, cost_split_method="key")
        for member in (self.member, self.other_member, self.third_member):
            self.env["formation.cost.share"].create({"session_id": session.id, "member_id": member.id, "weight": 1})
        session.action_compute_cost_shares()
        self.assertEqual(sorted(session.cost_share_ids.mapped("amount")), [33.33, 33.33, 33.34])
        self.assertEqual(round(sum(session.cost_share_ids.mapped("amount")), 2), 100.0)

    def test_split_without_members_says_why(self):
        with self.assertRaisesRegex(UserError, "No member to share the cost"):
            self.open_session.action_compute_cost_shares()

    def test_statement_sums_the_members_shares(self):
        session = self._create_session(seats_max=10, cost_amount=999.99)
        self._book(session, self.manager, self.employees)
        self._book(session, self.other_manager, self.other_employees)
        session.action_confirm_session()
        session.attendance_ids.with_user(self.trainer).action_mark("present")
        session.action_done()
        session.action_compute_cost_shares()
        one_day = datetime.timedelta(days=1)
        statements = self.env["formation.cost.statement"].create(
            [
                {"member_id": member.id, "date_from": self.day - one_day, "date_to": self.day + one_day}
                for member in (self.member, self.other_member)
            ]
        )
        self.assertEqual(
            statements.mapped("amount_total"),
            [599.99, 400.0],
            "3:2 of 999.99, the leftover cent to the largest remainder",
        )
        self.assertEqual(round(sum(statements.mapped("amount_total")), 2), 999.99)
