from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .matching_common import MatchingCommon

GROUP = "reserve_medicosociale.reserve_medicosociale_group_"


@tagged("post_install", "-at_install")
class TestAlertCell(MatchingCommon):
    """Urgent needs still short of people past the threshold go to the alert cell, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cell_user = new_test_user(cls.env, "t_alert_cell", groups=GROUP + "alert_cell")
        cls.cell_user.partner_id.phone = "06 55 44 33 22"
        cls.authority = new_test_user(cls.env, "t_alert_authority", groups=GROUP + "authority")
        cls.env["ir.config_parameter"].sudo().set_param("reserve_medicosociale.alert_cell_delay", 60)
        cls.need.urgency = "today"
        with freeze_time("2026-03-02 08:00:00"):
            cls.need.action_open()
        cls.phoned = cls._person("Joignable Vite", phone="06 01 02 03 04")

    def _cell_mails(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "reserve.need"), ("res_id", "=", self.need.id), ("subject", "like", "Alert cell")])
        )

    def _cell_sms(self):
        return self.env["sms.sms"].sudo().search([("number", "=", "+33655443322")])

    def test_before_the_threshold_nothing_is_sent(self):
        with freeze_time("2026-03-02 08:59:00"):
            self.assertFalse(self.env["reserve.need"]._cron_alert_cell())
        self.assertFalse(self.need.alert_date)
        self.assertFalse(self._cell_mails())

    def test_threshold_fires_once_by_e_mail_and_sms(self):
        with freeze_time("2026-03-02 09:01:00"):
            self.assertEqual(self.env["reserve.need"]._cron_alert_cell(), self.need)
        self.assertEqual(self.need.alert_date, datetime(2026, 3, 2, 9, 1))
        mail = self._cell_mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.cell_user.partner_id)
        self.assertEqual(len(self._cell_sms()), 1)
        self.assertIn(self.need.name, self._cell_sms().body)
        with freeze_time("2026-03-02 10:30:00"):
            self.assertFalse(self.env["reserve.need"]._cron_alert_cell())
        self.assertEqual(len(self._cell_mails()), 1)
        self.assertEqual(len(self._cell_sms()), 1)

    def test_a_filled_or_planned_need_is_not_sent(self):
        other = self.need.copy({"urgency": "week"})
        with freeze_time("2026-03-02 07:00:00"):
            other.action_open()
        with freeze_time("2026-03-02 12:00:00"):
            self.assertNotIn(other, self.env["reserve.need"]._alert_cell_due())

    def test_the_cell_sees_what_was_tried_and_whom_to_call(self):
        self.env["reserve.proposal"].create(
            {"need_id": self.need.id, "person_id": self._person("Refus").id, "state": "declined", "wave": 1}
        )
        need = self.need.with_user(self.cell_user)
        with freeze_time("2026-03-02 09:01:00"):
            self.assertEqual((need.wave_count, need.asked_count, need.declined_count), (1, 1, 1))
            html = need.alert_html
        self.assertIn("Joignable Vite", html)
        self.assertIn("06 01 02 03 04", html)
        self.assertIn("own network", html)

    def test_authorities_read_no_name_nor_phone_in_the_alert_view(self):
        need = self.need.with_user(self.authority)
        with freeze_time("2026-03-02 09:01:00"):
            html = need.alert_html
        self.assertNotIn("Joignable Vite", html)
        self.assertNotIn("06 01 02 03 04", html)
