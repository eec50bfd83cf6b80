from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common_events import ParcoursEventsCommon


@tagged("post_install", "-at_install")
class TestEventsTour(HttpCase, ParcoursEventsCommon):
    """A person books a slot of the virtual recruitment day on a phone-sized window."""

    browser_size = "375x812"
    touch_enabled = True

    def test_book_a_slot_of_the_virtual_day_on_a_phone(self):
        use_english_pages(self.env)
        self.candidate_user.write({"password": "t_portal_pw_1234", "lang": "en_US"})
        self.start_tour("/my", "parcours_events_book_slot_tour", login="t_portal")
        booking = self.env["parcours.slot.booking"].search([("partner_id", "=", self.candidate.id)])
        self.assertEqual(booking.state, "booked")
        self.assertEqual(booking.establishment_id, self.other_member)
