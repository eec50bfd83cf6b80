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

    # ------------------------------------------------------------------ withdrawals

    def _fill_with_pending(self, headcount=1):
        """The need filled by the first of its proposals: the others are withdrawn."""
        self.need.headcount = headcount
        proposals = self.need._send_proposals(self.reservists)
        for proposal in proposals[:headcount]:
            self.assertEqual(proposal._accept(), "accepted")
        return proposals[headcount:]

    def _mails_of(self, proposals):
        return self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "in", proposals.ids)])

    def test_filling_the_need_withdraws_at_once_and_tells_by_the_cron(self):
        self.assertGreaterEqual(len(self.reservists), 3)
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        mails_before = self.env["mail.mail"].search_count([])
        withdrawn = self._fill_with_pending()
        self.assertEqual(set(withdrawn.mapped("state")), {"withdrawn"})
        self.assertEqual(set(withdrawn.mapped("withdraw_notify_pending")), {True})
        # The answer that filled the need rendered no e-mail for the others…
        proposal_mails = self._mails_of(withdrawn)
        self.assertEqual(len(proposal_mails), len(withdrawn))  # their proposal e-mails only
        self.assertGreater(self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers)
        # … the cron does, once each.
        self.cron.ir_actions_server_id.run()
        told = self._mails_of(withdrawn) - proposal_mails
        self.assertEqual(sorted(told.mapped("res_id")), sorted(withdrawn.ids))
        self.assertEqual(set(told.mapped("state")), {"outgoing"})
        self.assertTrue(all(self.need.establishment_id.name in mail.subject for mail in told))
        self.assertEqual(set(withdrawn.mapped("withdraw_notify_pending")), {False})
        self.cron.ir_actions_server_id.run()
        self.assertEqual(self._mails_of(withdrawn) - proposal_mails, told)
        self.assertGreater(self.env["mail.mail"].search_count([]), mails_before)

    def test_a_withdrawal_answered_before_the_cron_is_not_told(self):
        withdrawn = self._fill_with_pending()
        late = withdrawn[0]
        # The person opened the link before the cron ran: "too late" is what they saw.
        self.assertEqual(late._accept(), "too_late")
        self.assertEqual(late.state, "too_late")
        before = self._mails_of(late)
        self.cron.ir_actions_server_id.run()
        self.assertEqual(self._mails_of(late), before)
        self.assertFalse(late.withdraw_notify_pending)
        # The others, still withdrawn, are told.
        self.assertEqual(len(self._mails_of(withdrawn[1:])), 2 * len(withdrawn[1:]))

    def test_establishment_mail_has_a_sender_when_the_need_s_author_has_no_address(self):
        """A need posted by a partner's integration user without an e-mail: the establishment's
        e-mail comes from the association, never without a sender (the queue would refuse it)."""
        integration = self.env["res.users"].create(
            {
                "name": "Intégration SI partenaire",
                "login": "integration-sans-adresse",
                "group_ids": [
                    (6, 0, self.env.ref("reserve_medicosociale.reserve_medicosociale_group_coordinator").ids)
                ],
            }
        )
        self.assertFalse(integration.partner_id.email)
        self.env.company.email = "contact@reseau-exemple.fr"
        # As if it had posted the need (create_uid is not written through the ORM).
        self.env.cr.execute("UPDATE reserve_need SET create_uid = %s WHERE id = %s", [integration.id, self.need.id])
        self.need.invalidate_recordset(["create_uid"])
        self.assertEqual(self.need.create_uid, integration)
        assignment = self._accept()
        self.cron.ir_actions_server_id.run()
        message = self._establishment_messages(assignment)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.env.company.partner_id)
        self.assertIn("contact@reseau-exemple.fr", message.email_from)
        mails = message.mail_ids
        self.assertTrue(mails)
        self.assertTrue(all(mail.email_from for mail in mails))
