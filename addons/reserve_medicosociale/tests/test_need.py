from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ReserveCommon


@tagged("post_install", "-at_install")
class TestNeed(ReserveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job = cls.env["reserve.job"].create({"name": "Aide-soignant test", "rome_code": "J1501", "is_care": True})
        cls.loan = cls.env.ref("reserve_medicosociale.contract_type_loan")
        cls.volunteering = cls.env.ref("reserve_medicosociale.contract_type_volunteering")

    def _need(self, start=datetime(2026, 12, 1, 6, 0), hours=8, **values):
        return self.env["reserve.need"].create(
            {
                "establishment_id": self.member.id,
                "job_id": self.job.id,
                "contract_type_ids": [(6, 0, self.loan.ids)],
                "shift_ids": [(0, 0, {"start": start, "stop": start + timedelta(hours=hours)})],
                **values,
            }
        )

    def test_need_gets_a_reference(self):
        self.assertTrue(self._need().name.startswith("BR/"))

    @freeze_time("2026-11-30 12:00:00")
    def test_open_need_with_future_shift(self):
        need = self._need()
        need.action_open()
        self.assertEqual(need.state, "open")

    @freeze_time("2026-12-01 07:00:00")
    def test_opening_a_need_whose_shift_started_is_refused(self):
        with self.assertRaisesRegex(UserError, "already started"):
            self._need().action_open()

    def test_opening_a_need_without_shift_is_refused(self):
        need = self._need()
        need.shift_ids.unlink()
        with self.assertRaisesRegex(UserError, "at least one shift"):
            need.action_open()

    def test_overnight_shift_is_accepted(self):
        need = self._need(start=datetime(2026, 12, 1, 20, 0), hours=10)
        self.assertEqual(need.shift_ids.duration_hours, 10)
        self.assertEqual(need.date_stop, datetime(2026, 12, 2, 6, 0))

    def test_shift_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "end after it starts"):
            self._need(hours=-2)

    def test_shift_over_24_hours_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "24 hours"):
            self._need(hours=30)

    def test_zero_headcount_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "one person at least"):
            self._need(headcount=0)

    def test_care_job_as_volunteering_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "volunteers never replace paid staff"):
            self._need(contract_type_ids=[(6, 0, (self.loan | self.volunteering).ids)])

    def test_cancel_and_back_to_draft(self):
        need = self._need()
        need.action_cancel()
        self.assertEqual(need.state, "cancelled")
        need.action_reset_to_draft()
        self.assertEqual(need.state, "draft")

    def test_cron_expires_open_needs_whose_shift_started_and_tells_the_establishment(self):
        with freeze_time("2026-11-30 12:00:00"):
            need = self._need()
            need.action_open()
        with freeze_time("2026-12-01 06:30:00"):
            self.env["reserve.need"]._expire_started_needs()
        self.assertEqual(need.state, "expired")
        message = need.message_ids[0]
        self.assertIn(self.member, message.partner_ids)
        self.assertIn("expired", message.subject)
        self.assertTrue(
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)]),
            "the establishment is told by a queued e-mail",
        )

    def test_cron_leaves_future_needs_open(self):
        with freeze_time("2026-11-30 12:00:00"):
            need = self._need()
            need.action_open()
            self.env["reserve.need"]._expire_started_needs()
        self.assertEqual(need.state, "open")

    def test_manager_posts_a_need_for_own_establishment(self):
        need = self._need().with_user(self.manager)
        self.assertEqual(need.establishment_id, self.member)
        created = (
            self.env["reserve.need"]
            .with_user(self.manager)
            .create(
                {
                    "establishment_id": self.member.id,
                    "job_id": self.job.id,
                    "contract_type_ids": [(6, 0, self.loan.ids)],
                }
            )
        )
        self.assertTrue(created.name)

    def test_manager_cannot_see_or_post_another_establishments_needs(self):
        other_need = self._need(establishment_id=self.other_member.id)
        with self.assertRaises(AccessError):
            other_need.with_user(self.manager).read(["name"])
        with self.assertRaises(AccessError):
            self.env["reserve.need"].with_user(self.manager).create(
                {
                    "establishment_id": self.other_member.id,
                    "job_id": self.job.id,
                    "contract_type_ids": [(6, 0, self.loan.ids)],
                }
            )

    def test_authority_reads_but_cannot_change_needs(self):
        need = self._need()
        self.assertEqual(need.with_user(self.authority).name, need.name)
        with self.assertRaises(AccessError):
            need.with_user(self.authority).write({"headcount": 3})

    def test_portal_user_cannot_read_needs(self):
        with self.assertRaises(AccessError):
            self._need().with_user(self.portal_user).read(["name"])
