import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.service.model import call_kw
from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common_events import ParcoursEventsCommon, ParcoursPortalSession


class ParcoursAttendanceCommon(ParcoursEventsCommon):
    """An open day of the first member that began an hour ago, with two people registered,
    and one of the other member's, begun too, with one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        open_day_type = cls.env.ref("parcours_emploi.event_type_open_day")
        cls.open_day = cls._create_begun_event("Portes ouvertes en cours", open_day_type, cls.member)
        cls.attendee = cls.open_day.with_user(cls.candidate_user).action_parcours_register()
        cls.absentee = cls.open_day.with_user(cls.other_candidate_user).action_parcours_register()
        cls.other_open_day = cls._create_begun_event("Portes ouvertes de l'autre", open_day_type, cls.other_member)
        cls.other_attendee = cls.other_open_day.with_user(cls.candidate_user).action_parcours_register()

    @classmethod
    def _create_begun_event(cls, name, event_type, hosts):
        start = fields.Datetime.now() - datetime.timedelta(hours=1)
        return cls._create_event(
            name, event_type, hosts, date_begin=start, date_end=start + datetime.timedelta(hours=6)
        )

    def _steps(self, registration):
        """The pathway's history lines that the registration recorded: (stage, date, origin)."""
        steps = self._pathway(registration.partner_id).step_ids.filtered(lambda s: s.origin_ref == registration.sudo())
        return [(s.stage_code, s.date, s.origin) for s in steps]


@tagged("post_install", "-at_install")
class TestEventsAttendance(ParcoursAttendanceCommon):
    """A host establishment's manager marks who came to the events it hosts, and nothing else."""

    def _mark(self, registration, mark, user=None):
        registration.with_user(user or self.manager).write({"parcours_attendance": mark})

    def test_attended_by_the_host_records_the_step_as_the_back_office_does(self):
        self._mark(self.attendee, "attended")
        # The back-office's "Attended" button, by the referent, for the other person.
        self.absentee.with_user(self.referent).action_set_done()
        for registration in (self.attendee, self.absentee):
            self.assertEqual(registration.state, "done")
            self.assertEqual(registration.parcours_attendance, "attended")
            self.assertTrue(registration.parcours_step_recorded)
            self.assertEqual(self._pathway(registration.partner_id).stage_id.code, "info_session")
        [(stage, date, origin)] = self._steps(self.attendee)
        [(back_office_stage, back_office_date, back_office_origin)] = self._steps(self.absentee)
        self.assertEqual((stage, date), (back_office_stage, back_office_date))
        self.assertEqual(stage, "info_session")
        # The same origin: the registration itself.
        self.assertEqual((origin, back_office_origin), (self.attendee.name, self.absentee.name))
        # The host establishment is now one of those the pathway met, as after the back-office.
        self.assertIn(self.member, self._pathway(self.candidate).establishment_ids)
        self.assertIn(self.member, self._pathway(self.other_candidate).establishment_ids)

    def test_absent_records_nothing_on_the_pathway(self):
        self._mark(self.absentee, "absent")
        self.assertEqual(self.absentee.parcours_attendance, "absent")
        self.assertEqual(self.absentee.state, "open")
        self.assertFalse(self.absentee.parcours_step_recorded)
        self.assertEqual(self._steps(self.absentee), [])

    def test_absent_then_attended_is_corrected_by_the_host(self):
        self._mark(self.absentee, "absent")
        self._mark(self.absentee, "attended")
        self.assertEqual(self.absentee.state, "done")
        self.assertEqual(len(self._steps(self.absentee)), 1)

    def test_marking_attended_twice_records_the_step_once(self):
        self._mark(self.attendee, "attended")
        self._mark(self.attendee, "attended")
        self.assertEqual(len(self._steps(self.attendee)), 1)

    def test_recorded_attendance_is_not_undone_by_the_host(self):
        self._mark(self.attendee, "attended")
        with self.assertRaisesRegex(UserError, "ask the association's referent"):
            self._mark(self.attendee, "absent")
        self.assertEqual(self.attendee.state, "done")

    def test_referent_corrects_a_recorded_attendance(self):
        self._mark(self.attendee, "attended")
        self._mark(self.attendee, "absent", user=self.referent)
        self.assertEqual(self.attendee.parcours_attendance, "absent")
        self.assertEqual(self.attendee.state, "open")

    def test_attendance_before_the_event_begins_is_refused(self):
        registration = self.cafe.with_user(self.candidate_user).action_parcours_register()
        with self.assertRaisesRegex(UserError, "has not begun yet"):
            self._mark(registration, "attended")
        self.assertEqual(registration.state, "open")
        self.assertFalse(registration.parcours_attendance)

    def test_unknown_mark_is_refused(self):
        for mark in ("present", False, ""):
            with self.subTest(mark=mark), self.assertRaisesRegex(UserError, "attended or absent"):
                self._mark(self.attendee, mark)

    def test_cancelled_registration_is_not_marked(self):
        self.absentee.with_user(self.referent).action_cancel()
        with self.assertRaisesRegex(UserError, "not confirmed"):
            self._mark(self.absentee, "attended")

    def test_virtual_day_attendance_is_not_marked_by_the_host(self):
        registration = self.virtual_day.with_user(self.candidate_user).action_parcours_register()
        self.virtual_day.date_begin = fields.Datetime.now() - datetime.timedelta(hours=1)
        # The host does not see the virtual day's registrations (its meetings are the bookings).
        with self.assertRaises(AccessError):
            self._mark(registration, "attended")

    def test_other_establishments_manager_cannot_mark(self):
        with self.assertRaises(AccessError):
            self._mark(self.attendee, "attended", user=self.other_manager)
        self.assertEqual(self.attendee.state, "open")

    def test_host_cannot_mark_the_registrations_of_an_event_it_does_not_host(self):
        with self.assertRaises(AccessError):
            self._mark(self.other_attendee, "attended")
        self.assertEqual(self.other_attendee.state, "open")
        self.assertFalse(self.other_attendee.parcours_attendance)

    def test_person_cannot_mark_their_own_attendance(self):
        with self.assertRaises(AccessError):
            self._mark(self.attendee, "attended", user=self.candidate_user)
        self.assertEqual(self.attendee.state, "open")

    def test_host_writes_nothing_else_over_rpc(self):
        # As the web client and the external API call it (execute_kw), as the host's manager.
        Registration = self.env["event.registration"].with_user(self.manager)
        refused = {
            "state": "done",
            "name": "Quelqu'un d'autre",
            "email": "autre@example.org",
            "partner_id": self.other_candidate.id,
            "parcours_establishment_id": self.other_member.id,
            "parcours_step_recorded": True,
            "event_id": self.other_open_day.id,
        }
        for field_name, value in refused.items():
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                call_kw(Registration, "write", [self.attendee.ids, {field_name: value}], {})
        # Not even along with the attendance.
        with self.assertRaises(AccessError):
            call_kw(
                Registration, "write", [self.attendee.ids, {"parcours_attendance": "attended", "state": "done"}], {}
            )
        self.assertEqual(self.attendee.state, "open")
        self.assertEqual(self.attendee.partner_id, self.candidate)
        # The attendance itself goes through the same call.
        self.assertTrue(call_kw(Registration, "write", [self.attendee.ids, {"parcours_attendance": "attended"}], {}))
        self.assertEqual(self.attendee.state, "done")

    def test_host_cannot_write_another_hosts_registration_over_rpc(self):
        Registration = self.env["event.registration"].with_user(self.manager)
        for values in ({"parcours_attendance": "attended"}, {"state": "done"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                call_kw(Registration, "write", [self.other_attendee.ids, values], {})
        with self.assertRaises(AccessError):
            call_kw(Registration, "create", [{"event_id": self.open_day.id, "name": "Inconnu"}], {})
        with self.assertRaises(AccessError):
            call_kw(Registration, "unlink", [self.attendee.ids], {})
        self.assertEqual(self.other_attendee.state, "open")


@tagged("post_install", "-at_install")
class TestEventsAttendancePortal(ParcoursPortalSession, HttpCase, ParcoursAttendanceCommon):
    """The host's attendance page: its own events only, a POST marks, another's URL is refused."""

    def test_events_page_lists_the_hosted_events_with_what_is_to_mark(self):
        self.cafe.with_user(self.candidate_user).action_parcours_register()
        self._login(self.manager)
        page = self.url_open("/my/parcours/events").text
        self.assertIn(f'href="/my/parcours/hosted/{self.open_day.id}"', page)
        self.assertNotIn(f"/my/parcours/hosted/{self.other_open_day.id}", page)
        self.assertRegex(page, r"2\s+to mark")
        # The café has not begun: its people are registered, there is nothing to mark yet.
        self.assertIn(f'href="/my/parcours/hosted/{self.cafe.id}"', page)
        self.assertRegex(page, r"1\s+registered")
        self.assertNotRegex(page, r"1\s+to mark")
        # The events begun come first.
        self.assertLess(
            page.index(f"/my/parcours/hosted/{self.open_day.id}"), page.index(f"/my/parcours/hosted/{self.cafe.id}")
        )

    def test_host_page_lists_its_attendees_only(self):
        self._login(self.manager)
        page = self.url_open(f"/my/parcours/hosted/{self.open_day.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'data-registration-id="{self.attendee.id}"', page.text)
        self.assertIn(f'data-registration-id="{self.absentee.id}"', page.text)

    def test_host_page_sorts_people_as_a_french_reader_does(self):
        self.attendee.sudo().name = "Louis Martin"
        self.absentee.sudo().name = "Léa Petit"
        self._login(self.manager)
        page = self.url_open(f"/my/parcours/hosted/{self.open_day.id}").text
        self.assertLess(
            page.index(f'data-registration-id="{self.absentee.id}"'),
            page.index(f'data-registration-id="{self.attendee.id}"'),
        )

    def test_person_marked_absent_is_told_so_on_the_event_page(self):
        self.absentee.with_user(self.manager).write({"parcours_attendance": "absent"})
        self._login(self.other_candidate_user)
        page = self.url_open(f"/my/parcours/events/{self.open_day.id}").text
        self.assertIn("marked absent", page)
        self.assertNotIn("You are registered for this event.", page)
        # The one who came reads that they attended.
        self.attendee.with_user(self.manager).write({"parcours_attendance": "attended"})
        self._login(self.candidate_user)
        self.assertIn("You attended this event.", self.url_open(f"/my/parcours/events/{self.open_day.id}").text)

    def test_another_hosts_page_and_marks_answer_404(self):
        self._login(self.other_manager)
        self.assertEqual(self.url_open(f"/my/parcours/hosted/{self.open_day.id}").status_code, 404)
        response = self._post(f"/my/parcours/registrations/{self.attendee.id}/attendance", attendance="attended")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.attendee.state, "open")
        self._login(self.candidate_user)
        self.assertEqual(self.url_open(f"/my/parcours/hosted/{self.open_day.id}").status_code, 404)

    def test_mark_from_the_portal(self):
        self._login(self.manager)
        response = self._post(f"/my/parcours/registrations/{self.attendee.id}/attendance", attendance="attended")
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/parcours/hosted/{self.open_day.id}?done=attended", response.headers["Location"])
        self.assertEqual(self.attendee.state, "done")
        self.assertTrue(self.attendee.parcours_step_recorded)

    def test_bad_mark_from_the_portal_says_why(self):
        self._login(self.manager)
        response = self._post(f"/my/parcours/registrations/{self.attendee.id}/attendance", attendance="maybe")
        self.assertIn("error=", response.headers["Location"])
        self.assertFalse(self.attendee.parcours_attendance)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Mark the person as attended or absent.", page)


@tagged("post_install", "-at_install")
class TestEventsAttendanceTour(HttpCase, ParcoursAttendanceCommon):
    """The host's manager marks, on a phone, one person attended and the other absent."""

    browser_size = "375x812"
    touch_enabled = True

    def test_host_marks_attendance_on_a_phone(self):
        use_english_pages(self.env)
        self.manager.write({"password": "t_manager_pw_1234", "lang": "en_US"})
        self.start_tour("/my", "parcours_events_mark_attendance_tour", login="t_manager")
        self.assertEqual((self.attendee.parcours_attendance, self.attendee.state), ("attended", "done"))
        self.assertEqual((self.absentee.parcours_attendance, self.absentee.state), ("absent", "open"))
        self.assertEqual(self._steps(self.attendee)[0][0], "info_session")
        self.assertEqual(self._steps(self.absentee), [])
