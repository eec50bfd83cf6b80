from odoo.tests import HttpCase, tagged

from .common_events import ParcoursEventsCommon, ParcoursPortalSession


@tagged("post_install", "-at_install")
class TestEventsPortal(ParcoursPortalSession, HttpCase, ParcoursEventsCommon):
    """The portal pages: the list, one-tap registration, booking, and another's URL refused."""

    def test_list_shows_the_published_events(self):
        self.job_dating.parcours_is_published = False
        self._login(self.candidate_user)
        page = self.url_open("/my/parcours/events")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'data-event-id="{self.cafe.id}"', page.text)
        self.assertNotIn(f'data-event-id="{self.job_dating.id}"', page.text)

    def test_one_tap_registration(self):
        self._login(self.candidate_user)
        response = self._post(f"/my/parcours/events/{self.cafe.id}/register")
        self.assertEqual(response.status_code, 303)
        self.assertIn("done=registered", response.headers["Location"])
        self.assertTrue(
            self.env["event.registration"].search(
                [("event_id", "=", self.cafe.id), ("partner_id", "=", self.candidate.id)]
            )
        )
        page = self.url_open(f"/my/parcours/events/{self.cafe.id}")
        self.assertIn("You are registered for this event.", page.text)

    def test_booking_from_the_portal_shows_the_link(self):
        self._login(self.candidate_user)
        slot = self._slot(self.member)
        response = self._post(f"/my/parcours/slots/{slot.id}/book")
        self.assertIn("done=booked", response.headers["Location"])
        page = self.url_open(f"/my/parcours/events/{self.virtual_day.id}")
        self.assertIn("https://visio.example.org/test", page.text)
        self.assertNotIn(f'data-slot-id="{slot.id}"', page.text, "no longer offered")
        # Another candidate presses the same slot: refused with a message, nothing booked.
        self._login(self.other_candidate_user)
        response = self._post(f"/my/parcours/slots/{slot.id}/book")
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(len(slot.booking_ids), 1)

    def test_another_persons_booking_and_agreement_answer_404(self):
        booking = self._slot(self.member).with_user(self.candidate_user).action_book()
        agreement = self._agreement()
        self._login(self.other_candidate_user)
        self.assertEqual(self._post(f"/my/parcours/bookings/{booking.id}/cancel").status_code, 404)
        self.assertEqual(self.url_open(f"/my/parcours/immersions/{agreement.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/parcours/immersions/{agreement.id}/pdf").status_code, 404)
        self.assertEqual(booking.state, "booked")

    def test_other_establishments_manager_gets_404(self):
        agreement = self._agreement()
        self._login(self.other_manager)
        self.assertEqual(self.url_open(f"/my/parcours/immersions/{agreement.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/parcours/immersions/{agreement.id}/pdf").status_code, 404)
        self._login(self.manager)
        page = self.url_open(f"/my/parcours/immersions/{agreement.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_parcours_sign_button", page.text, "the host's manager is asked to sign")

    def test_signature_route_signs_only_the_users_side(self):
        agreement = self._agreement()
        self._login(self.candidate_user)
        result = self.make_jsonrpc_request(
            f"/my/parcours/immersions/{agreement.id}/sign/establishment",
            {"name": "Portail Un", "signature": "iVBORw0KGgo="},
        )
        self.assertIn("error", result)
        self.assertFalse(agreement.establishment_signed_on)
        png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        result = self.make_jsonrpc_request(
            f"/my/parcours/immersions/{agreement.id}/sign/person", {"name": "Portail Un", "signature": png}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(agreement.person_signed_by, "Portail Un")
        self.assertTrue(agreement.person_signed_ip)
