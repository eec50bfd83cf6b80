from odoo.tests import TransactionCase, tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestDemoHistory(TransactionCase):
    """The demo's past work (demo/reserve_history_demo.xml) shows in the ranking of its open needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))

    def setUp(self):
        super().setUp()
        if not self.env.ref("reserve_medicosociale.need_hortensias_nurse_demo", raise_if_not_found=False):
            self.skipTest("The demo data of reserve_medicosociale is not loaded.")

    def _ref(self, xmlid):
        return self.env.ref(f"reserve_medicosociale.{xmlid}")

    def test_past_assignments_are_done_with_ratings(self):
        assignment = self._ref("assignment_hortensias_nurse_75_monique_leroux_demo")
        self.assertEqual(assignment.state, "done")
        self.assertEqual(assignment.rating, "5")
        self.assertTrue(assignment.rating_comment)
        self.assertEqual(assignment.hours_worked, 7)
        self.assertEqual(assignment.proposal_id.state, "accepted")
        self.assertLess(assignment.date_stop, assignment.create_date)
        self.assertEqual(assignment.need_id.state, "filled")
        # Recorded after the fact: nobody was invited to a past shift.
        self.assertFalse(assignment.calendar_event_id)
        missed = self._ref("assignment_bocage_as_26_clara_jourdan_demo")
        self.assertEqual(missed.state, "no_show")
        self.assertEqual(missed.need_id.state, "filled")

    def test_open_need_ranking_shows_the_history_here(self):
        need = self._ref("need_hortensias_nurse_demo")
        self.assertEqual(need.state, "open")
        monique = self._ref("person_monique_leroux_demo")
        matches = {match["person_id"]: match for match in need._match()}
        self.assertIn(monique.id, matches)
        reasons = matches[monique.id]["reasons"]
        self.assertIn("came here 3 times before", reasons)
        self.assertIn("rated 4.7/5 here", reasons)
        self.assertIn("answered 100 % of proposals", reasons)

    def test_open_need_ranking_shows_reliability(self):
        need = self._ref("need_bocage_saturday_demo")
        self.assertEqual(need.state, "open")
        lea = self._ref("person_lea_martin_demo")
        clara = self._ref("person_clara_jourdan_demo")
        matches = {match["person_id"]: match for match in need._match()}
        self.assertIn("came here 2 times before", matches[lea.id]["reasons"])
        self.assertIn("answered 67 % of proposals", matches[lea.id]["reasons"])
        self.assertIn("did not come 1 times", matches[clara.id]["reasons"])
        self.assertGreater(matches[lea.id]["score"], matches[clara.id]["score"])


@tagged("post_install", "-at_install")
class TestAssignmentRecordedAfterTheFact(ProposalCommon):
    """Past work entered later (a migration, a forgotten entry) invites and notifies nobody."""

    def test_done_assignment_creates_no_invitation_nor_notification(self):
        assignment = self.env["reserve.assignment"].create(
            {
                "need_id": self.need.id,
                "person_id": self.portal_person.id,
                "state": "done",
                "hours_worked": 8,
                "rating": "4",
            }
        )
        self.assertFalse(assignment.calendar_event_id)
        self.assertFalse(assignment.message_ids.filtered(lambda m: self.member in m.partner_ids))
        self.assertEqual(self.need.filled_count, 1)
        self.assertEqual(self.need.state, "partly_filled")

    def test_planned_assignment_still_invites_and_notifies(self):
        assignment = self.env["reserve.assignment"].create(
            {"need_id": self.need.id, "person_id": self.portal_person.id}
        )
        self.assertTrue(assignment.calendar_event_id)
        self.env["reserve.assignment"]._send_pending_notifications()
        self.assertTrue(assignment.message_ids.filtered(lambda m: self.member in m.partner_ids))
