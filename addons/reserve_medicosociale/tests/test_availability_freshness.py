from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_availability_query import MONDAY, AvailabilityCommon

LINK_PATH = "/reserve/encore-disponible/%d/"


@tagged("post_install", "-at_install")
class TestAvailabilityFreshness(AvailabilityCommon):
    """Defaults: reminder after 30 days without confirmation, pause 15 days after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-01 09:00:00"):
            cls.person = cls._person("Camille Stale")
            cls.fresh = cls._person("Dominique Fresh")
        cls.fresh.availability_confirmed_date = fields.Datetime.to_datetime("2026-01-25 09:00:00")

    def setUp(self):
        super().setUp()
        # The crons commit between batches; a test must not.
        self.startPatcher(patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=60.0))

    def _mails(self, person):
        return self.env["mail.mail"].search([("model", "=", "reserve.person"), ("res_id", "=", person.id)])

    def _token(self, person):
        return person._availability_confirm_url().rsplit("/", 1)[1]

    def test_stale_after_the_reminder_delay(self):
        people = self.person | self.fresh
        with freeze_time("2026-01-30 09:00:00"):
            self.assertFalse(self.person.is_stale)
            self.assertFalse(people.filtered_domain([("is_stale", "=", True)]))
        with freeze_time("2026-02-05 09:00:00"):
            people.invalidate_recordset(["is_stale"])
            self.assertTrue(self.person.is_stale)
            self.assertFalse(self.fresh.is_stale)
            self.assertEqual(self.Person.search([("id", "in", people.ids), ("is_stale", "=", True)]), self.person)
            self.assertEqual(self.Person.search([("id", "in", people.ids), ("is_stale", "=", False)]), self.fresh)

    def test_reminder_delay_comes_from_the_settings(self):
        self.env["ir.config_parameter"].set_param("reserve_medicosociale.availability_reminder_days", "10")
        with freeze_time("2026-01-12 09:00:00"):
            self.assertEqual(self.Person.search([("id", "=", self.person.id), ("is_stale", "=", True)]), self.person)

    def test_reminder_mail_queued_with_link(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        mail = self._mails(self.person)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "the reminder waits in the mail queue")
        self.assertEqual(mail.recipient_ids, self.person.partner_id)
        self.assertIn(LINK_PATH % self.person.id, str(mail.body_html))
        self.assertEqual(self.person.availability_reminder_date, fields.Datetime.to_datetime("2026-02-05 03:00:00"))
        self.assertFalse(self._mails(self.fresh), "a fresh profile gets no reminder")

    def test_reminder_not_sent_twice(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        with freeze_time("2026-02-06 03:00:00"):
            self.Person._cron_availability_reminder()
        self.assertEqual(len(self._mails(self.person)), 1)

    def test_reminder_again_after_a_new_stale_period(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        with freeze_time("2026-02-06 10:00:00"):
            self.person.action_confirm_availability()
        self.assertFalse(self.person.availability_reminder_date)
        with freeze_time("2026-03-10 03:00:00"):
            self.Person._cron_availability_reminder()
        self.assertEqual(len(self._mails(self.person)), 2)

    def test_reminder_only_for_active_profiles(self):
        with freeze_time("2026-01-01 09:00:00"):
            draft = self._person("Draft Stale", state="draft")
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        self.assertFalse(self._mails(draft))

    def test_stale_pause_after_the_delay(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        with freeze_time("2026-02-15 03:30:00"):
            self.Person._cron_availability_stale_pause()
        self.assertEqual(self.person.state, "active", "not paused before the pause delay")
        with freeze_time("2026-02-20 03:30:00"):
            self.Person._cron_availability_stale_pause()
        self.assertEqual(self.person.state, "paused")
        self.assertTrue(self.person.is_stale_paused)
        self.assertTrue(self.person.state_reason)
        self.assertEqual(self.fresh.state, "active")

    def test_stale_pause_needs_a_reminder_first(self):
        with freeze_time("2026-03-01 03:30:00"):
            self.Person._cron_availability_stale_pause()
        self.assertEqual(self.person.state, "active")

    def test_confirmed_after_reminder_is_not_paused(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
        with freeze_time("2026-02-10 18:00:00"):
            self.person.action_confirm_availability()
        with freeze_time("2026-02-20 03:30:00"):
            self.Person._cron_availability_stale_pause()
        self.assertEqual(self.person.state, "active")

    def test_link_confirms_and_reactivates(self):
        with freeze_time("2026-02-05 03:00:00"):
            self.Person._cron_availability_reminder()
            token = self._token(self.person)
        with freeze_time("2026-02-20 03:30:00"):
            self.Person._cron_availability_stale_pause()
        self.assertEqual(self.person.state, "paused")
        with freeze_time("2026-02-22 19:00:00"):
            self.assertEqual(self.person._confirm_availability_from_link(token), "reactivated")
        self.assertEqual(self.person.state, "active")
        self.assertFalse(self.person.is_stale_paused)
        self.assertFalse(self.person.state_reason)
        self.assertFalse(self.person.availability_reminder_date)
        self.assertEqual(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-02-22 19:00:00"))

    def test_link_confirms_an_active_profile(self):
        with freeze_time("2026-02-05 03:00:00"):
            token = self._token(self.person)
        with freeze_time("2026-02-06 08:00:00"):
            self.assertEqual(self.person._confirm_availability_from_link(token), "confirmed")
            self.person.invalidate_recordset(["is_stale"])
            self.assertFalse(self.person.is_stale)

    def test_link_does_not_end_a_pause_the_person_chose(self):
        self.person.action_pause("Holidays")
        with freeze_time("2026-02-05 03:00:00"):
            token = self._token(self.person)
            self.assertEqual(self.person._confirm_availability_from_link(token), "confirmed")
        self.assertEqual(self.person.state, "paused")

    def test_tampered_token_refused(self):
        with freeze_time("2026-02-05 03:00:00"):
            token = self._token(self.person)
            expiry, signature = token.split("-")
            flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
            longer = f"{int(expiry) + 86400}-{signature}"
            for bad in (expiry + "-" + flipped, longer, signature, "", "abc-def", "9" * 40 + "-" + signature):
                self.assertEqual(self.person._confirm_availability_from_link(bad), "invalid", bad)
        self.assertEqual(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-01-01 09:00:00"))

    def test_expired_token_refused(self):
        with freeze_time("2026-02-05 03:00:00"):
            token = self._token(self.person)
        with freeze_time("2026-03-25 03:00:00"):  # 45 days later: reminder delay + pause delay
            self.assertEqual(self.person._confirm_availability_from_link(token), "expired")
        self.assertEqual(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-01-01 09:00:00"))

    def test_other_persons_token_refused(self):
        with freeze_time("2026-02-05 03:00:00"):
            token = self._token(self.fresh)
            self.assertEqual(self.person._confirm_availability_from_link(token), "invalid")

    def test_own_availability_change_confirms_it(self):
        with freeze_time("2026-01-01 09:00:00"):
            person = self._person("Portal Person", user_id=self.portal_user.id)
        with freeze_time("2026-02-10 09:00:00"):
            self.Pattern.with_user(self.portal_user).create(
                {
                    "person_id": person.id,
                    "weekday": MONDAY,
                    "hour_from": 8,
                    "hour_to": 12,
                }
            )
        self.assertEqual(person.availability_confirmed_date, fields.Datetime.to_datetime("2026-02-10 09:00:00"))

    def test_coordinator_change_does_not_confirm(self):
        with freeze_time("2026-02-10 09:00:00"):
            self.Pattern.with_user(self.coordinator).create(
                {
                    "person_id": self.person.id,
                    "weekday": MONDAY,
                    "hour_from": 8,
                    "hour_to": 12,
                }
            )
        self.assertEqual(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-01-01 09:00:00"))

    def test_portal_user_cannot_read_another_persons_availability(self):
        slot = self._slot(self.person, "2026-01-05 07:00:00", "2026-01-05 15:00:00", kind="unavailable")
        with self.assertRaises(AccessError):
            slot.with_user(self.portal_user).read(["start"])
        with self.assertRaises(AccessError):
            self.Slot.with_user(self.portal_user).create(
                {
                    "person_id": self.person.id,
                    "start": "2026-01-05 07:00:00",
                    "stop": "2026-01-05 15:00:00",
                }
            )
