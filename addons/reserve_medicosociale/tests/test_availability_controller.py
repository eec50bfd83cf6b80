from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import use_english_pages
from .email_link_common import EmailLinkMixin

CONFIRMED_BEFORE = fields.Datetime.to_datetime("2026-01-01 09:00:00")


@tagged("post_install", "-at_install")
class TestAvailabilityController(EmailLinkMixin, HttpCase):
    """The “still available” link, opened without a session: the page, then its button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        partner = cls.env["res.partner"].create({"name": "Élise Link", "email": "elise.link@example.com"})
        cls.person = cls.env["reserve.person"].create(
            {
                "partner_id": partner.id,
                "name": partner.name,
                "category": "retiree",
                "state": "active",
                "availability_confirmed_date": "2026-01-01 09:00:00",
            }
        )
        partner = cls.env["res.partner"].create({"name": "Other Link", "email": "other.link@example.com"})
        cls.other = cls.env["reserve.person"].create(
            {
                "partner_id": partner.id,
                "name": partner.name,
                "category": "retiree",
                "state": "active",
            }
        )

    def _path(self, person, token=None):
        return f"/reserve/encore-disponible/{person.id}/{token or person._availability_token()}"

    def test_good_link_confirms(self):
        response = self.press(self._path(self.person))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your availability is confirmed", response.text)
        self.person.invalidate_recordset()
        self.assertGreater(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-01-01 09:00:00"))

    def test_stale_paused_profile_becomes_active(self):
        self.person.sudo()._set_state("paused", reason="Stale", is_stale_paused=True)
        response = self.press(self._path(self.person))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your profile is active again", response.text)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.state, "active")

    def test_tampered_link_gets_a_clear_page(self):
        token = self.person._availability_token()
        response = self.press(self._path(self.person, token[:-2] + "00"))
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link is not valid", response.text)
        self.assertNotIn("Traceback", response.text)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.availability_confirmed_date, fields.Datetime.to_datetime("2026-01-01 09:00:00"))

    def test_other_persons_link_refused(self):
        response = self.press(self._path(self.person, self.other._availability_token()))
        self.assertEqual(response.status_code, 403)

    def test_unknown_person_refused(self):
        response = self.press("/reserve/encore-disponible/987654321/123-abc")
        self.assertEqual(response.status_code, 403)
        self.assertIn("This link is not valid", response.text)

    def test_expired_link_gets_a_clear_page(self):
        with freeze_time("2026-01-05 08:00:00"):
            token = self.person._availability_token()
        response = self.press(self._path(self.person, token))
        self.assertEqual(response.status_code, 410)
        self.assertIn("This link has expired", response.text)

    def _assert_not_confirmed(self):
        self.person.invalidate_recordset()
        self.assertEqual(self.person.availability_confirmed_date, CONFIRMED_BEFORE)

    def test_opening_link_shows_the_availability_and_changes_nothing(self):
        self.env["reserve.availability.pattern"].create(
            {"person_id": self.person.id, "weekday": "0", "hour_from": 8.5, "hour_to": 12.0}
        )
        self.person.availability_confirmed_date = CONFIRMED_BEFORE
        response = self.url_open(self._path(self.person))
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-answer="confirm"', response.text)
        self.assertIn('name="csrf_token"', response.text)
        self.assertIn("Monday 08:30–12:00", response.text)
        self._assert_not_confirmed()

    def test_opening_link_of_a_stale_paused_profile_keeps_it_paused(self):
        self.person.sudo()._set_state("paused", reason="Stale", is_stale_paused=True)
        response = self.url_open(self._path(self.person))
        self.assertIn("confirming makes it active again", response.text)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.state, "paused")
        self._assert_not_confirmed()

    def test_head_changes_nothing(self):
        response = self.url_open(self._path(self.person), method="HEAD")
        self.assertEqual(response.status_code, 200)
        self._assert_not_confirmed()

    def test_post_without_csrf_token_does_not_confirm(self):
        response = self.url_open(self._path(self.person), data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("press the button again", response.text)
        self._assert_not_confirmed()
