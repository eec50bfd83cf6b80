from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestEscalation(ProposalCommon):
    """Needs nobody answered: next wave, wider radius, an activity for urgent ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Need = cls.env.registry["reserve.need"]
        cls.env["ir.config_parameter"].sudo().set_param("reserve_medicosociale.escalation_wave_size", 2)

    @contextmanager
    def _matching(self, persons):
        """_match returns these people, minus those already asked (as the real query does)."""

        def fake_match(need, limit=50):
            asked = need.proposal_ids.person_id
            return [{"person_id": p.id, "score": 1.0} for p in persons if p not in asked][:limit]

        with patch.object(self.Need, "_match", autospec=True, side_effect=fake_match):
            yield

    def _later(self, **delta):
        return freeze_time(fields.Datetime.now() + timedelta(**delta))

    def test_no_new_wave_before_the_delay(self):
        self.need._send_proposals(self.portal_person)
        with self._matching(self.reservists), self._later(hours=3):
            self.need._escalate()
        self.assertEqual(len(self.need.proposal_ids), 1)

    def test_next_wave_goes_to_the_top_people_after_the_delay(self):
        self.need._send_proposals(self.portal_person)
        with self._matching(self.reservists), self._later(hours=5):
            self.need._escalate()
        new = self.need.proposal_ids.filtered(lambda p: p.wave == 2)
        self.assertEqual(new.person_id, self.other_portal_person | self.employee)
        mails = self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "in", new.ids)])
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_delay_follows_the_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("reserve_medicosociale.escalation_delay_week", 60)
        self.need._send_proposals(self.portal_person)
        with self._matching(self.reservists), self._later(minutes=61):
            self.need._escalate()
        self.assertEqual(len(self.need.proposal_ids), 3)

    def test_filled_need_is_not_escalated(self):
        self.need.headcount = 1
        self.need._send_proposals(self.portal_person)._accept()
        with self._matching(self.reservists), self._later(days=1):
            self.need._escalate()
        self.assertEqual(len(self.need.proposal_ids), 1)

    def test_radius_is_widened_when_nobody_is_left(self):
        self.need._send_proposals(self.portal_person)
        with self._matching(self.env["reserve.person"]), self._later(hours=5):
            self.need._escalate()
        self.assertEqual(self.need.radius_km, 40)
        self.assertIn("40 km", self.need.message_ids[0].body)

    def test_radius_is_capped(self):
        self.need.radius_km = 95
        self.need._send_proposals(self.portal_person)
        with self._matching(self.env["reserve.person"]), self._later(hours=5):
            self.need._escalate()
            self.assertEqual(self.need.radius_km, 100)
            self.need._escalate()
        self.assertEqual(self.need.radius_km, 100)

    def test_urgent_open_need_gets_one_activity_for_a_coordinator(self):
        self.need.urgency = "today"
        self.need._send_proposals(self.portal_person)
        with self._matching(self.reservists), self._later(minutes=31):
            self.need._escalate()
        with self._matching(self.reservists), self._later(minutes=62):
            self.need._escalate()
        activities = self.need.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertTrue(activities.user_id.has_group("reserve_medicosociale.reserve_medicosociale_group_coordinator"))

    def test_need_of_the_week_gets_no_activity(self):
        self.need._send_proposals(self.portal_person)
        with self._matching(self.reservists), self._later(hours=5):
            self.need._escalate()
        self.assertFalse(self.need.activity_ids)

    def test_cron_escalates_due_needs(self):
        self.need._send_proposals(self.portal_person)
        # _commit_progress commits: replaced here, the tests' transaction must not be committed.
        with (
            self._matching(self.reservists),
            self._later(hours=5),
            patch.object(self.env.registry["ir.cron"], "_commit_progress", return_value=60),
        ):
            self.env["reserve.need"]._cron_escalate()
        self.assertEqual(len(self.need.proposal_ids), 3)

    def test_cancelled_assignment_sends_a_wave_for_the_freed_seat(self):
        self.need.headcount = 1
        self.need._send_proposals(self.portal_person)._accept()
        self.assertEqual(self.need.state, "filled")
        with self._matching(self.reservists):
            self.need.assignment_ids.action_cancel()
        self.assertEqual(self.need.state, "open")
        new = self.need.proposal_ids.filtered(lambda p: p.state == "sent")
        self.assertEqual(new.person_id, self.other_portal_person | self.employee)
