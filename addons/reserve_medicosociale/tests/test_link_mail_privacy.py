"""The e-mails that carry a signed link are read by their recipient only: an establishment's
manager, who reads the proposals and assignments of their establishment and their
employees' profiles, never reads the link that answers in the person's name."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_assignment_reminder import AssignmentReminderCommon


@tagged("post_install", "-at_install")
class TestLinkMailPrivacy(AssignmentReminderCommon):
    def _messages_read_by(self, user, record):
        return (
            self.env["mail.message"].with_user(user).search([("model", "=", record._name), ("res_id", "=", record.id)])
        )

    def _assert_link_hidden(self, record, path_part):
        mail = self.env["mail.mail"].search([("model", "=", record._name), ("res_id", "=", record.id)])
        self.assertTrue(any(path_part in (m.body_html or "") for m in mail), "the e-mail with the link is queued")
        self.assertTrue(record.with_user(self.manager).has_access("read"), "the manager reads the record")
        bodies = self._messages_read_by(self.manager, record).mapped("body")
        self.assertFalse([body for body in bodies if path_part in (body or "")])

    def test_manager_does_not_read_the_answer_link_of_a_proposal(self):
        proposal = self.need._send_proposals(self.employee)
        self._assert_link_hidden(proposal, f"/reserve/proposition/{proposal.id}/")

    def test_the_link_still_goes_to_the_person(self):
        proposal = self.need._send_proposals(self.employee)
        mail = self.env["mail.mail"].search([("model", "=", "reserve.proposal"), ("res_id", "=", proposal.id)])
        self.assertEqual(mail.recipient_ids, self.employee.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(f"/reserve/proposition/{proposal.id}/accept/", mail.body_html)

    def test_the_reminders_go_to_the_person(self):
        assignment = self._assignment(self.employee)
        with freeze_time(self.start - timedelta(hours=36)):
            self.env["reserve.assignment"]._remind_tomorrow()
        template = self.env.ref("reserve_medicosociale.mail_template_availability_reminder")
        self.other_employee._send_availability_reminder(template)
        for record, person, path in (
            (assignment, self.employee, f"/reserve/mission/{assignment.id}/confirm/"),
            (self.other_employee, self.other_employee, f"/reserve/encore-disponible/{self.other_employee.id}/"),
        ):
            mail = self.env["mail.mail"].search(
                [("model", "=", record._name), ("res_id", "=", record.id), ("body_html", "ilike", path)]
            )
            self.assertEqual(mail.recipient_ids, person.partner_id)

    def test_every_template_sends_to_its_own_recipients(self):
        """Odoo's templates send to the record's default recipients unless told otherwise,
        and a proposal or a profile has none: the templates name theirs."""
        templates = self.env["mail.template"].search([("partner_to", "!=", False)])
        ours = templates.filtered(lambda t: t.get_external_id()[t.id].startswith("reserve_"))
        self.assertTrue(ours)
        self.assertFalse(ours.filtered("use_default_to"))

    def test_manager_does_not_read_the_confirmation_link_of_an_assignment(self):
        assignment = self._assignment(self.employee)
        with freeze_time(self.start - timedelta(hours=36)):
            self.env["reserve.assignment"]._remind_tomorrow()
        self._assert_link_hidden(assignment, f"/reserve/mission/{assignment.id}/confirm/")

    def test_employer_does_not_read_the_still_available_link(self):
        template = self.env.ref("reserve_medicosociale.mail_template_availability_reminder")
        self.employee._send_availability_reminder(template)
        self._assert_link_hidden(self.employee, f"/reserve/encore-disponible/{self.employee.id}/")
