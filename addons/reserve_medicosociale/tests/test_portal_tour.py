from odoo.tests import tagged

from .test_portal import ReservePortalCommon
from .test_signup import signup_link_from_mail


@tagged("post_install", "-at_install")
class TestPortalTour(ReservePortalCommon):
    def test_signup_profile_availability_pause(self):
        self.start_tour("/reserve/inscription", "reserve_portal_signup_tour")
        person = self.env["reserve.person"].search([("email", "=", "camille.tourte@example.com")])
        self.assertEqual(person.state, "draft")
        self.assertEqual(person.category, "student")
        self.assertEqual(person.commune_id.name, "Saint-Lô")
        self.assertTrue(person.consent_date)
        self.assertTrue(person.consent_text)

        # The link of the e-mail confirms the address: the profile goes to validation.
        self.start_tour(signup_link_from_mail(self.env, "camille.tourte@example.com"), "reserve_portal_confirm_tour")
        self.assertTrue(person.email_confirmed_date)
        self.assertEqual(person.state, "to_validate")
        self.assertEqual(person.radius_km, 35)
        self.assertEqual(person.school_name, "IFAS de Saint-Lô")
        self.assertEqual(
            sorted((p.weekday, p.hour_from, p.hour_to) for p in person.pattern_ids),
            [("0", 7.0, 13.0), ("2", 21.0, 24.0), ("3", 0.0, 7.0), ("5", 9.0, 12.0)],
        )

        person.with_user(self.coordinator).action_validate()
        self.start_tour("/my/reserve", "reserve_portal_pause_tour", login="camille.tourte@example.com")
        self.assertEqual(person.state, "paused")
        self.assertEqual(person.state_reason, "Examens")

    def test_reservist_edits_availability(self):
        self.start_tour("/my/reserve/availability", "reserve_portal_availability_tour", login="t_alice")
        self.assertEqual([(p.weekday, p.hour_from, p.hour_to) for p in self.alice.pattern_ids], [("1", 13.0, 21.0)])
        self.assertEqual(self.alice.slot_ids.mapped("note"), ["Partiels"])
        slot = self.alice.slot_ids
        self.assertEqual(slot.kind, "unavailable")
        self.assertEqual(str(slot.start), "2031-03-03 07:00:00")
        self.assertEqual(str(slot.stop), "2031-03-07 17:00:00")
        self.assertTrue(self.bob_slot.exists())
