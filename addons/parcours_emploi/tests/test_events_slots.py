import datetime

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_events import ParcoursEventsCommon


@tagged("post_install", "-at_install")
class TestEventsSlots(ParcoursEventsCommon):
    """The time slots of a virtual recruitment day: never two bookings on one slot of one
    establishment, one meeting per establishment, the candidate cancels their own."""

    def test_slots_are_twenty_minutes_from_nine_to_noon_for_each_host(self):
        for host in (self.member, self.other_member):
            slots = self.slots.filtered(lambda s, h=host: s.establishment_id == h).sorted("start_datetime")
            self.assertEqual(len(slots), 9, "9:00 to 12:00 in 20-minute slots")
            self.assertEqual(slots[0].end_datetime - slots[0].start_datetime, datetime.timedelta(minutes=20))
            local = fields.Datetime.context_timestamp(
                self.virtual_day.with_context(tz="Europe/Paris"), slots[0].start_datetime
            )
            self.assertEqual(local.strftime("%H:%M"), "09:00")
        self.assertFalse(self.virtual_day.action_parcours_generate_slots(), "making them again adds nothing")

    def test_booking_registers_the_candidate_and_gives_the_link(self):
        booking = self._slot(self.member).with_user(self.candidate_user).action_book()
        self.assertEqual(booking.state, "booked")
        self.assertTrue(self._slot(self.member).is_booked)
        self.assertEqual(booking.meeting_url, "https://visio.example.org/test")
        registration = booking.sudo().registration_id
        self.assertEqual(registration.partner_id, self.candidate)
        self.assertEqual(registration.event_id, self.virtual_day)
        self.assertTrue(registration.parcours_pathway_id)

    def test_a_booked_slot_cannot_be_booked_again(self):
        slot = self._slot(self.member)
        slot.with_user(self.candidate_user).action_book()
        with self.assertRaisesRegex(UserError, "just been booked by someone else"):
            slot.with_user(self.other_candidate_user).action_book()
        self.assertEqual(len(slot.booking_ids), 1)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_second_booking_of_a_slot(self):
        """The unique index holds even for code that skips the row lock and the checks."""
        slot = self._slot(self.member)
        slot.with_user(self.candidate_user).action_book()
        with self.assertRaises(UniqueViolation), self.env.cr.savepoint():
            self.env["parcours.slot.booking"].create({"slot_id": slot.id, "partner_id": self.other_candidate.id})

    def test_one_meeting_per_establishment_and_none_at_the_same_time(self):
        self._slot(self.member, 0).with_user(self.candidate_user).action_book()
        with self.assertRaisesRegex(UserError, "already have a meeting with"):
            self._slot(self.member, 1).with_user(self.candidate_user).action_book()
        with self.assertRaisesRegex(UserError, "already have a meeting at this time"):
            self._slot(self.other_member, 0).with_user(self.candidate_user).action_book()
        booking = self._slot(self.other_member, 1).with_user(self.candidate_user).action_book()
        self.assertEqual(booking.establishment_id, self.other_member)
        self.assertEqual(
            self.env["event.registration"].search_count(
                [("event_id", "=", self.virtual_day.id), ("partner_id", "=", self.candidate.id)]
            ),
            1,
            "one registration for the day, whatever the meetings",
        )

    def test_candidate_cancels_their_booking_and_the_slot_frees(self):
        slot = self._slot(self.member)
        booking = slot.with_user(self.candidate_user).action_book()
        booking.with_user(self.candidate_user).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(slot.is_booked)
        other = slot.with_user(self.other_candidate_user).action_book()
        self.assertEqual(other.sudo().partner_id, self.other_candidate)

    def test_nobody_cancels_another_persons_booking(self):
        booking = self._slot(self.member).with_user(self.candidate_user).action_book()
        with self.assertRaises(AccessError):
            booking.with_user(self.other_candidate_user).action_cancel()
        with self.assertRaises(AccessError):
            booking.with_user(self.manager).action_cancel()
        self.assertEqual(booking.state, "booked")

    def test_booking_fields_cannot_be_written_over_rpc(self):
        booking = self._slot(self.member).with_user(self.candidate_user).action_book()
        for user, vals in (
            (self.candidate_user, {"state": "cancelled"}),
            (self.candidate_user, {"slot_id": self._slot(self.member, 3).id}),
            (self.manager, {"partner_id": self.other_candidate.id}),
        ):
            with self.assertRaises(AccessError):
                booking.with_user(user).write(vals)
        self.assertEqual(booking.slot_id, self._slot(self.member))

    def test_past_slot_cannot_be_booked(self):
        slot = self._slot(self.member)
        with self.assertRaisesRegex(UserError, "has passed"):
            with freeze_time(slot.start_datetime + datetime.timedelta(minutes=1)):
                slot.with_user(self.candidate_user).action_book()

    def test_slot_of_a_host_only(self):
        third = self.env["res.partner"].create({"name": "EHPAD Pas Hôte", "is_company": True, "member_state": "member"})
        with self.assertRaisesRegex(ValidationError, "not a host"):
            self.env["parcours.event.slot"].create(
                {
                    "event_id": self.virtual_day.id,
                    "establishment_id": third.id,
                    "start_datetime": self.slots[0].start_datetime,
                    "end_datetime": self.slots[0].end_datetime,
                }
            )
