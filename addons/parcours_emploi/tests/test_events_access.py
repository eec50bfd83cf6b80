from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_events import ParcoursEventsCommon


@tagged("post_install", "-at_install")
class TestEventsAccess(ParcoursEventsCommon):
    """An establishment sees only the candidates who registered with it or booked it; a
    person only their own registrations, bookings and agreements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booking = cls._slot_of(cls.member).with_user(cls.candidate_user).action_book()
        cls.other_booking = cls._slot_of(cls.other_member).with_user(cls.other_candidate_user).action_book()
        cls.cafe_registration = cls.cafe.with_user(cls.candidate_user).action_parcours_register()
        cls.other_event = cls._create_event(
            "Portes ouvertes de l'autre", cls.env.ref("parcours_emploi.event_type_open_day"), cls.other_member
        )
        cls.other_registration = cls.other_event.with_user(cls.other_candidate_user).action_parcours_register()

    @classmethod
    def _slot_of(cls, establishment):
        return cls.slots.filtered(lambda s: s.establishment_id == establishment).sorted("start_datetime")[0]

    def test_manager_sees_only_the_bookings_of_their_establishment(self):
        Booking = self.env["parcours.slot.booking"].with_user(self.manager)
        self.assertEqual(Booking.search([]), self.booking)
        with self.assertRaises(AccessError):
            self.other_booking.with_user(self.manager).read(["partner_name"])
        # With the candidate's name and contact, which booking the meeting gives them.
        self.assertEqual(self.booking.with_user(self.manager).partner_name, "Portail Un")

    def test_manager_sees_only_the_registrations_of_their_events(self):
        Registration = self.env["event.registration"].with_user(self.manager)
        seen = Registration.search([("parcours_kind", "!=", False)])
        self.assertIn(self.cafe_registration, seen)
        self.assertNotIn(self.other_registration, seen)
        self.assertFalse(
            seen.filtered(lambda r: r.event_id == self.virtual_day),
            "the virtual day's candidates are seen through their bookings only",
        )
        with self.assertRaises(AccessError):
            self.other_registration.with_user(self.manager).read(["name"])

    def test_manager_sees_only_their_agreements(self):
        agreement = self._agreement()
        self.assertEqual(self.env["parcours.immersion.agreement"].with_user(self.manager).search([]), agreement)
        self.assertFalse(self.env["parcours.immersion.agreement"].with_user(self.other_manager).search([]))
        with self.assertRaises(AccessError):
            agreement.with_user(self.other_manager).read(["partner_id"])

    def test_person_sees_only_their_own(self):
        agreement = self._agreement()
        as_other = self.other_candidate_user
        self.assertEqual(self.env["parcours.slot.booking"].with_user(as_other).search([]), self.other_booking)
        self.assertFalse(self.env["parcours.immersion.agreement"].with_user(as_other).search([]))
        self.assertNotIn(self.cafe_registration, self.env["event.registration"].with_user(as_other).search([]))
        for record in (self.booking, agreement, self.cafe_registration):
            with self.assertRaises(AccessError):
                record.with_user(as_other).read(["display_name"])

    def test_person_cannot_create_a_booking_or_an_agreement_directly(self):
        with self.assertRaises(AccessError):
            self.env["parcours.slot.booking"].with_user(self.candidate_user).create(
                {"slot_id": self._slot_of(self.member).id, "partner_id": self.candidate.id}
            )
        with self.assertRaises(AccessError):
            self.env["parcours.immersion.agreement"].with_user(self.manager).create(
                {"partner_id": self.candidate.id, "establishment_id": self.member.id, "immersion_date": self.day}
            )

    def test_unpublished_event_is_hidden_from_people(self):
        self.job_dating.parcours_is_published = False
        self.assertNotIn(self.job_dating, self.env["event.event"].with_user(self.candidate_user).search([]))
        self.assertIn(self.job_dating, self.env["event.event"].with_user(self.manager).search([]), "its host sees it")
