from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .proposal_common import ProposalCommon

TODO = "mail.mail_activity_data_todo"


class AssignmentReminderCommon(ProposalCommon):
    def setUp(self):
        super().setUp()
        self.assignment = self._assignment(self.portal_person)
        self.start = self.assignment.date_start

    def _assignment(self, person):
        self.need._send_proposals(person)._accept()
        return self.need.assignment_ids.filtered(lambda a: a.person_id == person)

    def _reminders(self, assignment):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "reserve.assignment"),
                ("res_id", "=", assignment.id),
                # The reminder carries the confirmation link; its words follow the person's language.
                ("body_html", "ilike", f"/reserve/mission/{assignment.id}/confirm/"),
            ]
        )


@tagged("post_install", "-at_install")
class TestAssignmentReminder(AssignmentReminderCommon):
    def test_reminder_is_queued_the_day_before_once(self):
        with freeze_time(self.start - timedelta(hours=36)):
            self.env["reserve.assignment"]._remind_tomorrow()
            self.env["reserve.assignment"]._remind_tomorrow()
        mails = self._reminders(self.assignment)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        self.assertIn(f"/reserve/mission/{self.assignment.id}/confirm/", mails.body_html)

    def test_no_reminder_too_early(self):
        with freeze_time(self.start - timedelta(hours=60)):
            self.env["reserve.assignment"]._remind_tomorrow()
        self.assertFalse(self._reminders(self.assignment))

    def test_good_token_confirms(self):
        self.assertEqual(self.assignment._confirm_from_link(self.assignment._confirm_token()), "confirmed")
        self.assertEqual(self.assignment.state, "confirmed")

    def test_used_token_is_refused(self):
        token = self.assignment._confirm_token()
        self.assignment._confirm_from_link(token)
        self.assertEqual(self.assignment._confirm_from_link(token), "expired")

    def test_tampered_token_is_refused(self):
        token = self.assignment._confirm_token()
        self.assertEqual(self.assignment._confirm_from_link(token[:-2] + "xx"), "invalid")
        expiry, _sep, signature = token.partition("-")
        self.assertEqual(self.assignment._confirm_from_link(f"{int(expiry) + 3600}-{signature}"), "invalid")
        self.assertEqual(self.assignment.state, "planned")

    def test_another_assignments_token_is_refused(self):
        other = self._assignment(self.other_portal_person)
        self.assertEqual(self.assignment._confirm_from_link(other._confirm_token()), "invalid")

    def test_expired_token_is_refused(self):
        token = self.assignment._confirm_token()
        with freeze_time(self.start + timedelta(minutes=1)):
            self.assertEqual(self.assignment._confirm_from_link(token), "expired")
        self.assertEqual(self.assignment.state, "planned")

    def test_unconfirmed_assignment_alerts_coordinator_and_establishment_once(self):
        with freeze_time(self.start - timedelta(hours=6)):
            self.env["reserve.assignment"]._alert_unconfirmed()
            self.env["reserve.assignment"]._alert_unconfirmed()
        activities = self.assignment.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id, self.env.ref(TODO))
        messages = self.assignment.message_ids.filtered(
            lambda m: self.member in m.partner_ids and "not confirmed" in m.body
        )
        self.assertEqual(len(messages), 1)

    def test_confirmed_assignment_raises_no_alert(self):
        self.assignment.action_confirm()
        with freeze_time(self.start - timedelta(hours=6)):
            self.env["reserve.assignment"]._alert_unconfirmed()
        self.assertFalse(self.assignment.activity_ids)


@tagged("post_install", "-at_install")
class TestAssignmentConfirmController(HttpCase, AssignmentReminderCommon):
    """The one-click confirmation link, opened without a session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)

    def _path(self, token=None):
        return f"/reserve/mission/{self.assignment.id}/confirm/{token or self.assignment._confirm_token()}"

    def test_link_confirms_then_is_refused(self):
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 200)
        self.assertIn("your coming is confirmed", response.text)
        self.assignment.invalidate_recordset()
        self.assertEqual(self.assignment.state, "confirmed")
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 410)

    def test_tampered_link_is_refused(self):
        response = self.url_open(self._path(self.assignment._confirm_token()[:-3] + "abc"))
        self.assertEqual(response.status_code, 403)
        self.assignment.invalidate_recordset()
        self.assertEqual(self.assignment.state, "planned")
