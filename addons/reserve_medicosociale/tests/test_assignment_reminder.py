from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .email_link_common import EmailLinkMixin
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
class TestAssignmentConfirmController(EmailLinkMixin, HttpCase, AssignmentReminderCommon):
    """The confirmation link, opened without a session: the page, then its button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)

    def _path(self, token=None):
        return f"/reserve/mission/{self.assignment.id}/confirm/{token or self.assignment._confirm_token()}"

    def test_link_confirms_then_is_refused(self):
        response = self.press(self._path())
        self.assertEqual(response.status_code, 200)
        self.assertIn("your coming is confirmed", response.text)
        self.assignment.invalidate_recordset()
        self.assertEqual(self.assignment.state, "confirmed")
        response = self.press(self._path())
        self.assertEqual(response.status_code, 410)

    def test_tampered_link_is_refused(self):
        response = self.press(self._path(self.assignment._confirm_token()[:-3] + "abc"))
        self.assertEqual(response.status_code, 403)
        self.assignment.invalidate_recordset()
        self.assertEqual(self.assignment.state, "planned")

    def _assert_planned(self):
        self.assignment.invalidate_recordset()
        self.assertEqual(self.assignment.state, "planned")

    def test_opening_confirm_link_shows_the_assignment_and_changes_nothing(self):
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-answer="confirm"', response.text)
        self.assertIn('name="csrf_token"', response.text)
        start = self.start.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris"))
        for text in ("EHPAD Test Les Pins", self.commune_cherbourg.name, f"{start:%H:%M}", "Aide-soignant test"):
            self.assertIn(text, response.text)
        self.assertIn(self.assignment.contract_type_id.name, response.text)
        self._assert_planned()

    def test_head_on_confirm_link_changes_nothing(self):
        response = self.url_open(self._path(), method="HEAD")
        self.assertEqual(response.status_code, 200)
        self._assert_planned()

    def test_post_without_csrf_token_does_not_confirm(self):
        response = self.url_open(self._path(), data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("press the button again", response.text)
        self._assert_planned()

    def test_expired_confirm_link_gets_a_clear_page(self):
        # A link of a past assignment's reminder: its token expired when the assignment started.
        expiry = int((fields.Datetime.now() - timedelta(minutes=1)).replace(tzinfo=UTC).timestamp())
        response = self.press(self._path(self.assignment._confirm_token(expiry=expiry)))
        self.assertEqual(response.status_code, 410)
        self.assertIn("can no longer be used", response.text)
        self._assert_planned()

    def test_page_after_confirming_repeats_the_assignment_and_offers_the_calendar_file(self):
        path = self._path()
        response = self.press(path)
        self.assertIn('data-answer="confirmed"', response.text)
        self.assertIn("EHPAD Test Les Pins", response.text)
        self.assertIn(f'href="{path}/calendar.ics"', response.text)
        calendar = self.url_open(f"{path}/calendar.ics")
        self.assertEqual(calendar.status_code, 200)
        self.assertTrue(calendar.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn("BEGIN:VCALENDAR", calendar.text)
