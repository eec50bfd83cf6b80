from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import FormationCommon


@tagged("post_install", "-at_install")
class TestFormationPortal(FormationCommon, HttpCase):
    """The /my pages of the trainings and the trainer's attendance page, over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        for user in (cls.manager, cls.other_manager, cls.portal_user, cls.trainer, cls.other_trainer):
            user.partner_id.lang = "en_US"

    def test_manager_books_employees_on_the_session_page(self):
        self.authenticate("t_manager", "t_manager")
        page = self.url_open(f"/my/trainings/session/{self.open_session.id}").text
        self.assertIn("Salariée Prêtée", page)
        self.assertNotIn("Salarié Autre Membre", page, "another member's employees are not offered")
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            f"/my/trainings/session/{self.open_session.id}/book",
            data={"csrf_token": token, "member_id": self.member.id, "person_ids": self.employees[:2].ids},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("2 registered, 0 on the waitlist.", response.text)
        self.assertEqual(self._registrations(self.open_session).person_id, self.employees[:2])

    def test_booking_another_members_employee_is_refused_with_a_message(self):
        self.authenticate("t_manager", "t_manager")
        page = self.url_open(f"/my/trainings/session/{self.open_session.id}").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            f"/my/trainings/session/{self.open_session.id}/book",
            data={"csrf_token": token, "member_id": self.member.id, "person_ids": self.other_employee.ids},
        )
        self.assertIn("You can only register the employees of your establishment.", response.text)
        response = self.url_open(
            f"/my/trainings/session/{self.open_session.id}/book",
            data={"csrf_token": token, "member_id": self.other_member.id, "person_ids": self.other_employee.ids},
        )
        self.assertIn("You can only book seats for an establishment you manage.", response.text)
        response = self.url_open(
            f"/my/trainings/session/{self.open_session.id}/book", data={"csrf_token": token, "member_id": "x"}
        )
        self.assertIn("Choose the people to register.", response.text)
        self.assertFalse(self._registrations(self.open_session))

    def test_reservist_registers_and_cancels(self):
        self.authenticate("t_portal", "t_portal")
        page = self.url_open(f"/my/trainings/session/{self.open_session.id}").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(f"/my/trainings/session/{self.open_session.id}/register", data={"csrf_token": token})
        self.assertIn("You are registered", response.text)
        registration = self._registrations(self.open_session, self.portal_person)
        self.assertEqual(registration.state, "open")
        page = self.url_open("/my/trainings").text
        self.assertIn(f'data-registration-id="{registration.id}"', page)
        response = self.url_open(f"/my/trainings/registration/{registration.id}/cancel", data={"csrf_token": token})
        self.assertIn("The registration is cancelled.", response.text)
        self.assertEqual(registration.state, "cancel")

    def test_other_peoples_urls_are_not_found(self):
        self.open_session.with_user(self.manager).action_book(self.employee.ids, self.member.id)
        registration = self._registrations(self.open_session, self.employee)
        planned = self._create_session(state="planned")
        self.authenticate("t_portal", "t_portal")
        page = self.url_open(f"/my/trainings/session/{self.open_session.id}").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        self.assertEqual(self.url_open(f"/my/trainings/session/{planned.id}").status_code, 404)
        response = self.url_open(f"/my/trainings/registration/{registration.id}/cancel", data={"csrf_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(registration.state, "open")
        self.assertEqual(self.url_open(f"/my/trainings/registration/{registration.id}/certificate").status_code, 404)
        self.assertEqual(self.url_open(f"/formation/attendance/{self.open_session.id}").status_code, 404)

    def test_trainer_marks_attendance_on_the_phone_page(self):
        self.open_session.with_user(self.manager).action_book(self.employees[:2].ids, self.member.id)
        self.open_session.action_confirm_session()
        half_day = self.open_session.half_day_ids[0]
        lines = self.open_session.attendance_ids.filtered(lambda a: a.half_day_id == half_day)
        self.authenticate("t_other_trainer", "t_other_trainer")
        self.assertEqual(self.url_open(f"/formation/attendance/{self.open_session.id}").status_code, 404)
        self.authenticate("t_trainer", "t_trainer")
        page = self.url_open(f"/formation/attendance/{self.open_session.id}/{half_day.id}").text
        self.assertIn("Salariée Prêtée", page)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        first, second = lines.sorted("attendee_name")
        response = self.url_open(
            f"/formation/attendance/{self.open_session.id}/{half_day.id}",
            data={"csrf_token": token, f"state_{first.id}": "present", f"state_{second.id}": "absent"},
        )
        self.assertIn("Give the reason of the absence", response.text)
        self.assertEqual(set(lines.mapped("state")), {"to_mark"}, "nothing saved when one line is wrong")
        response = self.url_open(
            f"/formation/attendance/{self.open_session.id}/{half_day.id}",
            data={
                "csrf_token": token,
                f"state_{first.id}": "present",
                f"state_{second.id}": "absent",
                f"reason_{second.id}": "sick",
            },
        )
        self.assertIn("Attendance saved.", response.text)
        self.assertEqual((first.state, second.state, second.absence_reason), ("present", "absent", "sick"))
        self.assertEqual(first.marked_by_id, self.trainer)

    def test_statement_xlsx_of_another_member_is_not_found(self):
        statement = self.env["formation.cost.statement"].create(
            {"member_id": self.other_member.id, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        self.authenticate("t_manager", "t_manager")
        self.assertEqual(self.url_open(f"/formation/statement/{statement.id}/xlsx").status_code, 404)
        self.authenticate("t_other_manager", "t_other_manager")
        response = self.url_open(f"/formation/statement/{statement.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))

    def test_manager_books_two_employees_on_a_phone(self):
        self.browser_size = "375x812"
        self.start_tour("/my/trainings", "formation_manager_book_tour", login="t_manager")
        self.assertEqual(self._registrations(self.open_session).person_id, self.employees[:2])
        self.assertEqual(set(self._registrations(self.open_session).mapped("state")), {"open"})

    def test_manager_offers_the_spare_seats_of_its_own_training(self):
        self.authenticate("t_manager", "t_manager")
        page = self.url_open("/my/trainings").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        first_day = self.day.isoformat()
        data = {"csrf_token": token, "training_id": self.training.id, "first_day": first_day, "day_count": 2}
        response = self.url_open(
            "/my/trainings/offer", data={**data, "member_id": self.other_member.id, "seat_count": 3}
        )
        self.assertIn("You can only offer seats of an establishment you manage.", response.text)
        response = self.url_open("/my/trainings/offer", data={**data, "member_id": self.member.id, "seat_count": "x"})
        self.assertIn("Give the first day, the number of days and the number of seats.", response.text)
        response = self.url_open("/my/trainings/offer", data={**data, "member_id": self.member.id, "seat_count": 3})
        self.assertIn("the training managers will check your offer", response.text)
        session = self.env["event.event"].search([("host_member_id", "=", self.member.id)])
        self.assertEqual(len(session), 1)
        self.assertEqual((session.training_state, session.seats_max, len(session.half_day_ids)), ("planned", 3, 4))
        self.assertEqual(session.duration_hours, 14.0)
        self.assertTrue(session.activity_ids, "a training manager is asked to open it")
