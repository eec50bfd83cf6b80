import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FormationCommon


@tagged("post_install", "-at_install")
class TestSeats(FormationCommon):
    """Seats shared between members: quotas, the waitlist and its promotions, deadlines."""

    def test_booking_beyond_the_seats_goes_to_the_waitlist(self):
        result = self._book(self.open_session, self.manager, self.employees)
        self.assertEqual(result["registered"], self.employees.ids)
        result = self._book(self.open_session, self.other_manager, self.other_employees)
        self.assertEqual(result["registered"], [])
        self.assertEqual(result["waitlisted"], self.other_employees.ids)
        self.assertEqual(self.open_session.seats_taken, 3)
        self.assertEqual(self.open_session.waitlist_count, 2)
        waiting = self._registrations(self.open_session, self.other_employees)
        self.assertEqual(set(waiting.mapped("state")), {"draft"})
        self.assertTrue(all(waiting.mapped("is_waitlisted")))

    def test_quota_holds_seats_for_its_member(self):
        self.env["formation.seat.quota"].create(
            {"session_id": self.open_session.id, "member_id": self.other_member.id, "seat_count": 2}
        )
        result = self._book(self.open_session, self.manager, self.employees)
        self.assertEqual(len(result["registered"]), 1, "two of the three seats are held for the other member")
        self.assertEqual(len(result["waitlisted"]), 2)
        result = self._book(self.open_session, self.other_manager, self.other_employees)
        self.assertEqual(result["registered"], self.other_employees.ids)
        self.assertEqual(self.open_session.seats_taken, 3)

    def test_cancellation_promotes_the_next_person_and_tells_them(self):
        self._book(self.open_session, self.manager, self.employees)
        self._book(self.open_session, self.other_manager, self.other_employees)
        first_waiting = self._registrations(self.open_session, self.other_employees[:1])
        self.env["mail.mail"].search([]).unlink()
        self._registrations(self.open_session, self.employee).with_user(self.manager).action_cancel_booking()
        self.assertEqual(first_waiting.state, "open")
        self.assertTrue(first_waiting.is_promoted)
        self.assertFalse(first_waiting.is_waitlisted)
        self.assertEqual(self._registrations(self.open_session, self.other_employees[1:]).state, "draft")
        self.assertEqual(self.open_session.seats_taken, 3)
        mails = self.env["mail.mail"].search([("model", "=", "event.registration"), ("res_id", "=", first_waiting.id)])
        self.assertTrue(mails, "the promoted person gets the confirmation e-mail")
        # The e-mail speaks the person's language (French in the test database).
        self.assertTrue(
            "Une place s'est libérée" in mails[0].body_html or "A seat freed up" in mails[0].body_html,
            "the e-mail says the seat came from the waitlist",
        )
        self.assertTrue(any(a.mimetype == "text/calendar" for a in mails.attachment_ids), "with the calendar file")

    def test_promotion_leaves_another_members_quota_untouched(self):
        self.env["formation.seat.quota"].create(
            {"session_id": self.open_session.id, "member_id": self.other_member.id, "seat_count": 1}
        )
        self._book(self.open_session, self.manager, self.employees)  # two seats, one waitlisted
        self._book(self.open_session, self.other_manager, self.other_employees[:1])  # its quota seat
        waiting = self._registrations(self.open_session, self.employees[2:])
        self.assertEqual(waiting.state, "draft")
        # The other member cancels its seat: it stays held for it, the first member's waitlist waits.
        self._registrations(self.open_session, self.other_employees[:1]).with_user(
            self.other_manager
        ).action_cancel_booking()
        self.assertEqual(waiting.state, "draft", "the freed seat belongs to the other member's quota")
        self.assertEqual(self.open_session._free_seats_for(self.other_member), 1)
        # One of the first member's own seats frees: its waitlisted employee gets it.
        self._registrations(self.open_session, self.employee).with_user(self.manager).action_cancel_booking()
        self.assertEqual(waiting.state, "open")

    def test_raising_the_seats_promotes_the_waitlist(self):
        self._book(self.open_session, self.manager, self.employees)
        self._book(self.open_session, self.other_manager, self.other_employees)
        self.open_session.with_user(self.training_manager).seats_max = 4
        self.assertEqual(self._registrations(self.open_session, self.other_employees[:1]).state, "open")
        self.assertEqual(self._registrations(self.open_session, self.other_employees[1:]).state, "draft")

    def test_manager_cannot_book_another_members_employees(self):
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.manager).action_book(self.other_employees.ids, self.other_member.id)
        with self.assertRaises(AccessError):
            self.open_session.with_user(self.manager).action_book(self.other_employees.ids, self.member.id)
        self.assertFalse(self._registrations(self.open_session))

    def test_same_person_twice_is_refused(self):
        self._book(self.open_session, self.manager, self.employee)
        with self.assertRaisesRegex(UserError, "Already registered"):
            self._book(self.open_session, self.manager, self.employee)

    def test_booking_after_the_deadline_is_refused(self):
        with freeze_time(self.open_session.registration_deadline + datetime.timedelta(hours=1)):
            with self.assertRaisesRegex(UserError, "Registrations for this session closed"):
                self._book(self.open_session, self.manager, self.employee)

    def test_planned_session_is_not_bookable(self):
        session = self._create_session(state="planned")
        with self.assertRaisesRegex(UserError, "not open for registration"):
            self._book(session, self.manager, self.employee)

    def test_cancellation_after_its_deadline_says_whom_to_ask(self):
        self._book(self.open_session, self.manager, self.employee)
        registration = self._registrations(self.open_session, self.employee)
        with freeze_time(self.open_session.cancellation_deadline + datetime.timedelta(hours=1)):
            with self.assertRaisesRegex(UserError, "cancellation deadline of this session passed"):
                registration.with_user(self.manager).action_cancel_booking()
            # The training manager still can.
            registration.with_user(self.training_manager).action_cancel_booking()
        self.assertEqual(registration.state, "cancel")

    def test_reservist_registers_themselves_in_the_free_seats(self):
        self.env["formation.seat.quota"].create(
            {"session_id": self.open_session.id, "member_id": self.other_member.id, "seat_count": 3}
        )
        result = self.open_session.with_user(self.portal_user).action_register_self()
        self.assertEqual(result["waitlisted"], self.portal_person.ids, "every seat is held for a member")
        self.open_session.quota_ids.seat_count = 2
        registration = self._registrations(self.open_session, self.portal_person)
        self.assertEqual(registration.state, "open")
        self.assertFalse(registration.establishment_id)

    def test_other_person_cannot_cancel(self):
        self._book(self.open_session, self.manager, self.employee)
        registration = self._registrations(self.open_session, self.employee)
        with self.assertRaises(AccessError):
            registration.with_user(self.other_manager).action_cancel_booking()
        self.assertEqual(registration.state, "open")

    def test_session_under_minimum_at_deadline_is_flagged(self):
        self._book(self.open_session, self.manager, self.employee)
        with freeze_time(self.open_session.registration_deadline + datetime.timedelta(hours=1)):
            flagged = self.env["event.event"]._cron_flag_below_minimum()
        self.assertIn(self.open_session, flagged)
        self.assertTrue(self.open_session.is_below_minimum)
        self.assertTrue(self.open_session.activity_ids)

    def test_half_days_set_the_session_dates(self):
        start = fields.Datetime.to_string(self.open_session.date_begin)
        self.assertTrue(start.endswith("08:00:00") or start.endswith("07:00:00"), start)
        self.assertEqual(self.open_session.duration_hours, 7.0)
