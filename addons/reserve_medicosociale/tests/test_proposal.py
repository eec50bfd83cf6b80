from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestProposal(ProposalCommon):
    def _send(self, need=None, persons=None):
        need = need or self.need
        return need._send_proposals(persons if persons is not None else self.reservists)

    def test_send_creates_one_proposal_and_one_queued_mail_each(self):
        mails_before = self.env["mail.mail"].search_count([])
        proposals = self._send()
        self.assertEqual(len(proposals), 4)
        self.assertEqual(set(proposals.mapped("state")), {"sent"})
        self.assertEqual(set(proposals.mapped("wave")), {1})
        self.assertEqual(self.env["mail.mail"].search_count([]) - mails_before, 4)
        mail = self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "=", proposals[0].id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(f"/reserve/proposition/{proposals[0].id}/accept/", mail.body_html)

    def test_sending_again_skips_people_already_asked_and_numbers_the_wave(self):
        self._send(persons=self.portal_person)
        second = self._send()
        self.assertEqual(len(second), 3)
        self.assertEqual(set(second.mapped("wave")), {2})

    def test_proposals_expire_before_the_shift(self):
        proposal = self._send(persons=self.portal_person)
        self.assertLessEqual(proposal.expiry_date, self.need.date_start)

    def test_sending_for_a_draft_need_is_refused(self):
        self.need.action_cancel()
        with self.assertRaisesRegex(UserError, "open need"):
            self._send()

    def test_first_accepted_answers_win(self):
        proposals = self._send()
        for proposal in proposals:
            proposal._accept()
        self.assertEqual(proposals.mapped("state"), ["accepted", "accepted", "too_late", "too_late"])
        self.assertEqual(self.need.filled_count, 2)
        self.assertEqual(self.need.state, "filled")

    def _opened_hours_ago(self, hours):
        self.need.open_date = fields.Datetime.now() - timedelta(hours=hours)

    def test_hours_to_fill_from_the_opening_to_the_first_acceptance(self):
        proposals = self._send()
        self._opened_hours_ago(3)
        proposals[0]._accept()
        self.assertEqual(self.need.first_accepted_date, proposals[0].answer_date)
        self.assertAlmostEqual(self.need.fill_hours, 3.0, delta=0.05)
        # The second acceptance is not the first: the figures stay.
        first, hours = self.need.first_accepted_date, self.need.fill_hours
        proposals[1]._accept()
        self.assertEqual((self.need.first_accepted_date, self.need.fill_hours), (first, hours))

    def test_a_need_nobody_accepted_has_no_hours_to_fill_in_the_average(self):
        """The average « hours to fill » of the dashboards is over the needs filled: a need
        still waiting counts for nothing, not for 0 hours."""
        waiting = self._create_need()
        self._send(need=waiting, persons=self.portal_person)
        proposals = self._send()
        self._opened_hours_ago(4)
        proposals[0]._accept()
        self.env.flush_all()
        self.env.cr.execute("SELECT fill_hours FROM reserve_need WHERE id = %s", [waiting.id])
        self.assertIsNone(self.env.cr.fetchone()[0])
        [(average,)] = self.env["reserve.need"]._read_group(
            [("id", "in", (waiting | self.need).ids)], aggregates=["fill_hours:avg"]
        )
        self.assertAlmostEqual(average, 4.0, delta=0.05)

    def test_a_decline_leaves_the_need_row_alone(self):
        """Declining changes the proposal only: the need's row, which a concurrent acceptance
        locks and updates, is not written (it would fail to serialize against it)."""
        proposals = self._send()
        proposals[0]._accept()
        self.env.flush_all()
        self.env.cr.execute("UPDATE reserve_need SET write_date = '2020-01-01 00:00:00' WHERE id = %s", [self.need.id])
        self.need.invalidate_recordset()
        proposals[1].action_decline()
        self.env.flush_all()
        self.env.cr.execute("SELECT write_date FROM reserve_need WHERE id = %s", [self.need.id])
        self.assertEqual(str(self.env.cr.fetchone()[0]), "2020-01-01 00:00:00")
        self.assertEqual(proposals[1].state, "declined")

    def test_partly_filled_then_filled_withdraws_pending_proposals(self):
        proposals = self._send()
        proposals[0]._accept()
        self.assertEqual(self.need.state, "partly_filled")
        mails_before = self.env["mail.mail"].search_count([])
        proposals[1]._accept()
        self.assertEqual(self.need.state, "filled")
        self.assertEqual(proposals[2:].mapped("state"), ["withdrawn", "withdrawn"])
        # Told by the notification cron (test_accept_notify), not in the last answer's request.
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        self.env["reserve.proposal"]._send_pending_withdrawals()
        withdrawn_mails = self.env["mail.mail"].search(
            [("model", "=", "reserve.proposal"), ("res_id", "in", proposals[2:].ids)], order="id desc", limit=2
        )
        self.assertEqual(sorted(withdrawn_mails.mapped("res_id")), sorted(proposals[2:].ids))
        self.assertGreater(self.env["mail.mail"].search_count([]), mails_before)

    def test_accepting_a_withdrawn_proposal_is_too_late(self):
        self.need.headcount = 1
        proposals = self._send()
        proposals[0]._accept()
        self.assertEqual(proposals[1]._accept(), "too_late")
        self.assertEqual(proposals[1].state, "too_late")

    def test_decline(self):
        proposal = self._send(persons=self.portal_person)
        proposal.action_decline()
        self.assertEqual(proposal.state, "declined")
        self.assertTrue(proposal.answer_date)

    def test_one_proposal_per_person_and_need(self):
        self._send(persons=self.portal_person)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["reserve.proposal"].create({"need_id": self.need.id, "person_id": self.portal_person.id})

    def test_cron_expires_unanswered_proposals(self):
        proposal = self._send(persons=self.portal_person)
        proposal.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        self.env["reserve.proposal"]._cron_expire_proposals()
        self.assertEqual(proposal.state, "expired")

    def test_coordinator_sends_a_wave_over_rpc_method(self):
        self.need.with_user(self.coordinator).action_send_wave(self.reservists.ids)
        self.assertEqual(len(self.need.proposal_ids), 4)
        self.assertIn("/accept/", self.need.proposal_ids[0].with_user(self.coordinator).accept_url)

    def test_member_manager_cannot_send_a_wave(self):
        with self.assertRaisesRegex(UserError, "coordinator"):
            self.need.with_user(self.manager).action_send_wave(self.reservists.ids)

    def test_portal_user_sees_only_own_proposals(self):
        proposals = self._send()
        mine = self.env["reserve.proposal"].with_user(self.portal_user).search([])
        self.assertEqual(mine, proposals.filtered(lambda p: p.person_id == self.portal_person))
        with self.assertRaises(AccessError):
            proposals.filtered(lambda p: p.person_id == self.other_portal_person).with_user(
                self.portal_user
            ).check_access("read")

    def test_member_manager_sees_proposals_of_their_establishments_only(self):
        proposals = self._send()
        other_need = self._create_need(establishment=self.other_member)
        other_need._send_proposals(self.portal_person)
        seen = self.env["reserve.proposal"].with_user(self.manager).search([])
        self.assertEqual(seen, proposals)

    def test_portal_user_cannot_write_a_proposal(self):
        proposal = self._send(persons=self.portal_person)
        with self.assertRaises(AccessError):
            proposal.with_user(self.portal_user).write({"state": "accepted"})
