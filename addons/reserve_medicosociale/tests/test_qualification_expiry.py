from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import ReservePersonCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestQualificationExpiry(ReservePersonCommon):
    """The daily cron: verified lines past their end expire; a month before, one e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls._create_person("Aide-soignante Test")
        cls.person.action_submit()
        cls.person.with_user(cls.coordinator).action_validate()

    def setUp(self):
        super().setUp()
        # The cron commits between batches; a test must not.
        self.startPatcher(patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=60.0))

    def _afgsu(self, date_obtained, state="verified"):
        # AFGSU lasts 48 months.
        return self.env["reserve.person.qualification"].create(
            {
                "person_id": self.person.id,
                "qualification_id": self.qualification_afgsu_2.id,
                "date_obtained": date_obtained,
                "state": state,
            }
        )

    def _run_cron(self, today=TODAY):
        self.env["reserve.person.qualification"]._cron_qualification_expiry(today=today)

    def _mails(self):
        return self.env["mail.mail"].search([("model", "=", "reserve.person"), ("res_id", "=", self.person.id)])

    def test_afgsu_ends_four_years_after_it_was_obtained(self):
        line = self._afgsu(date(2022, 6, 1))
        self.assertEqual(line.date_end, date(2026, 6, 1))

    def test_verified_line_past_its_end_expires(self):
        line = self._afgsu(date(2022, 6, 1))
        self._run_cron()
        self.assertEqual(line.state, "expired")

    def test_expiry_is_written_in_the_persons_chatter(self):
        self._afgsu(date(2022, 6, 1))
        self._run_cron()
        self.assertIn("AFGSU 2", self.person.message_ids[0].body)

    def test_line_waiting_for_verification_does_not_expire(self):
        line = self._afgsu(date(2022, 6, 1), state="to_verify")
        self._run_cron()
        self.assertEqual(line.state, "to_verify")

    def test_expired_check_expires_too(self):
        line = self.env["reserve.person.check"].create(
            {
                "person_id": self.person.id,
                "check_type_id": self.check_honorabilite.id,
                "date_done": date(2023, 6, 1),  # valid 36 months: until 2026-06-01
                "state": "verified",
            }
        )
        self._run_cron()
        self.assertEqual(line.state, "expired")

    def test_line_ending_within_a_month_queues_one_mail(self):
        line = self._afgsu(date(2022, 7, 1))  # ends 2026-07-01, in 16 days
        self._run_cron()
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.person.partner_id)
        self.assertIn("AFGSU", mail.body_html)
        self.assertTrue(line.is_expiry_notified)
        self.assertEqual(line.state, "verified")

    def test_expiry_notice_is_sent_only_once(self):
        self._afgsu(date(2022, 7, 1))
        self._run_cron()
        self._run_cron(today=date(2026, 6, 16))
        self.assertEqual(len(self._mails()), 1)

    def test_line_ending_in_more_than_a_month_is_not_notified(self):
        line = self._afgsu(date(2022, 9, 1))  # ends 2026-09-01
        self._run_cron()
        self.assertFalse(self._mails())
        self.assertFalse(line.is_expiry_notified)

    def test_new_end_date_allows_a_new_notice(self):
        line = self._afgsu(date(2022, 7, 1))
        self._run_cron()
        line.date_obtained = date(2026, 6, 10)
        self.assertFalse(line.is_expiry_notified)

    def test_archived_person_gets_no_notice(self):
        self._afgsu(date(2022, 7, 1))
        self.person.action_archive_profile(reason="Left the reserve")
        self._run_cron()
        self.assertFalse(self._mails())

    def test_cron_job_is_scheduled_daily(self):
        cron = self.env.ref("reserve_medicosociale.ir_cron_qualification_expiry")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertIn("_cron_qualification_expiry", cron.code)
