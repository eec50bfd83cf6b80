from unittest.mock import patch

from odoo.tests import tagged

from .proposal_common import ProposalCommon


@tagged("post_install", "-at_install")
class TestAcceptNotifiedByCron(ProposalCommon):
    """Accepting is light: the invitation (with its ICS file) and the establishment's e-mail
    are recorded as pending in the accept's transaction, and rendered by the cron."""

    def setUp(self):
        super().setUp()
        # The cron commits its progress; a test never commits.
        self.startPatcher(patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=60.0))
        self.cron = self.env.ref("reserve_medicosociale.ir_cron_assignment_notify")

    def _accept(self):
        proposal = self.need._send_proposals(self.portal_person)
        self.assertEqual(proposal._accept(), "accepted")
        return proposal.need_id.assignment_ids.filtered(lambda a: a.proposal_id == proposal)

    def _invitations(self, assignment):
        return self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", assignment.calendar_event_id.id)]
        )

    def _establishment_messages(self, assignment):
        return assignment.message_ids.filtered(lambda m: self.member in m.partner_ids)

    def test_accept_records_the_notifications_as_pending_and_triggers_the_cron(self):
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        assignment = self._accept()
        # What the person sees at once: accepted, the assignment and its calendar event.
        self.assertEqual(assignment.proposal_id.state, "accepted")
        self.assertTrue(assignment.calendar_event_id)
        # Not yet rendered, but committed with the accept.
        self.assertTrue(assignment.notify_pending)
        self.assertFalse(self._invitations(assignment))
        self.assertFalse(self._establishment_messages(assignment))
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers + 1)

    def test_cron_queues_the_invitation_with_its_ics_and_tells_the_establishment(self):
        assignment = self._accept()
        self.cron.ir_actions_server_id.run()
        self.assertFalse(assignment.notify_pending)
        invitations = self._invitations(assignment)
        self.assertTrue(invitations)
        self.assertEqual(set(invitations.mapped("state")), {"outgoing"})
        self.assertIn(self.portal_person.partner_id, invitations.recipient_ids)
        attachments = invitations.attachment_ids
        self.assertTrue(attachments.filtered(lambda a: a.name.endswith(".ics")))
        self.assertIn(b"BEGIN:VCALENDAR", attachments.filtered(lambda a: a.name.endswith(".ics"))[0].raw)
        self.assertTrue(self._establishment_messages(assignment))
        # Once only.
        self.cron.ir_actions_server_id.run()
        self.assertEqual(self._invitations(assignment), invitations)
        self.assertEqual(len(self._establishment_messages(assignment)), 1)

    def test_assignment_cancelled_before_the_cron_invites_nobody(self):
        assignment = self._accept()
        assignment.action_cancel()
        self.cron.ir_actions_server_id.run()
        self.assertFalse(assignment.notify_pending)
        self.assertFalse(self._invitations(assignment))
        self.assertFalse(self._establishment_messages(assignment))
