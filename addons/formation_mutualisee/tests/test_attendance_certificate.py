from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FormationCommon


@tagged("post_install", "-at_install")
class TestAttendanceCertificate(FormationCommon):
    """Attendance per half-day → certificate → the qualification on the person's profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_session.with_user(cls.manager).action_book(cls.employees[:2].ids, cls.member.id)
        cls.open_session.with_user(cls.other_manager).action_book(cls.other_employees[:1].ids, cls.other_member.id)
        cls.open_session.with_user(cls.training_manager).action_confirm_session()

    def _mark(self, person, state, user=None, reason=False, half_days=None):
        lines = self.open_session.attendance_ids.filtered(lambda a: a.registration_id.person_id == person)
        if half_days is not None:
            lines = lines.filtered(lambda a: a.half_day_id in half_days)
        lines.with_user(user or self.trainer).action_mark(state, reason)

    def test_confirming_makes_one_line_per_attendee_per_half_day(self):
        self.assertEqual(len(self.open_session.attendance_ids), 3 * 2)

    def test_closing_with_unmarked_attendance_is_refused(self):
        self._mark(self.employee, "present")
        with self.assertRaisesRegex(UserError, "Mark the attendance"):
            self.open_session.with_user(self.training_manager).action_done()

    def test_absence_needs_a_reason(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self._mark(self.employee, "absent")

    def test_only_the_sessions_trainers_mark_attendance(self):
        with self.assertRaises(AccessError):
            self._mark(self.employee, "present", user=self.other_trainer)
        with self.assertRaises(AccessError):
            self.open_session.attendance_ids[:1].with_user(self.trainer).write({"registration_id": False})

    def test_attendance_gives_certificate_and_verified_qualification(self):
        self._mark(self.employee, "present")
        self._mark(self.employees[1], "present", half_days=self.open_session.half_day_ids[:1])
        self._mark(self.employees[1], "absent", reason="sick", half_days=self.open_session.half_day_ids[1:])
        self._mark(self.other_employee, "absent", reason="work")
        self.env["mail.mail"].search([]).unlink()
        self.open_session.with_user(self.training_manager).action_done()

        full, half, absent = (
            self._registrations(self.open_session, p) for p in (self.employee, self.employees[1], self.other_employee)
        )
        self.assertEqual(self.open_session.training_state, "done")
        self.assertEqual((full.state, half.state, absent.state), ("done", "done", "open"))
        self.assertTrue(absent.is_absent)
        self.assertEqual(full.attended_hours, 7.0)
        self.assertEqual(half.attendance_percent, 50.0)
        self.assertEqual(full.certificate_state, "issued")
        self.assertEqual(half.certificate_state, "none", "half of the hours is not enough (100% required)")

        line = full.qualification_line_id
        self.assertEqual(line.person_id, self.employee)
        self.assertEqual(line.qualification_id, self.qualification_afgsu_2)
        self.assertEqual(line.state, "verified")
        self.assertEqual(line.verified_by_id, self.training_manager)
        self.assertEqual(line.training_registration_id, full)
        self.assertEqual(line.date_obtained, self.day)
        self.assertEqual(line.date_end, self.day + relativedelta(months=48))
        self.assertFalse(self.env["reserve.person.qualification"].search([("person_id", "=", self.employees[1].id)]))
        mails = self.env["mail.mail"].search([("model", "=", "event.registration"), ("res_id", "=", full.id)])
        certificate_mail = mails.filtered(
            lambda m: m.attachment_ids.filtered(lambda a: a.name.startswith("Attestation"))
        )
        self.assertTrue(certificate_mail, "the certificate is e-mailed with its document")
        self.assertIn("AFGSU 2 test", certificate_mail.subject)

    def test_training_renews_an_existing_qualification(self):
        old = self.env["reserve.person.qualification"].create(
            {
                "person_id": self.employee.id,
                "qualification_id": self.qualification_afgsu_2.id,
                "date_obtained": "2020-01-10",
            }
        )
        self.open_session.attendance_ids.filtered(lambda a: a.registration_id.person_id == self.employee).with_user(
            self.trainer
        ).action_mark("present")
        self.open_session.attendance_ids.filtered(lambda a: a.state == "to_mark").with_user(self.trainer).action_mark(
            "absent", "other"
        )
        self.open_session.with_user(self.training_manager).action_done()
        self.assertEqual(old.state, "verified")
        self.assertEqual(old.date_obtained, self.day)
        self.assertEqual(old.date_end, self.day + relativedelta(months=48))

    def test_attendees_get_the_satisfaction_survey(self):
        self.training.survey_id = self.env.ref("formation_mutualisee.survey_training_satisfaction")
        self.open_session.attendance_ids.with_user(self.trainer).action_mark("present")
        self.open_session.with_user(self.training_manager).action_done()
        registration = self._registrations(self.open_session, self.employee)
        answer = registration.survey_user_input_id
        self.assertTrue(answer)
        self.assertEqual(answer.registration_id, registration)
        question = self.env.ref("formation_mutualisee.survey_question_overall")
        answer._save_lines(question, 4)
        answer._mark_done()
        other = self._registrations(self.open_session, self.other_employee).survey_user_input_id
        other._save_lines(question, 2)
        other._mark_done()
        self.assertEqual(self.open_session.satisfaction_answer_count, 2)
        self.assertAlmostEqual(self.open_session.satisfaction_average, 3.0)
        self.training.invalidate_recordset()
        self.assertAlmostEqual(self.training.satisfaction_average, 3.0)

    def _report_rows(self, date_from, date_to):
        sections = self.env["reserve.report"].with_context(lang="en_US")._reserve_report_sections(date_from, date_to)
        return {row[0]: row[1:] for row in next(s for s in sections if s["key"] == "trainings")["rows"]}

    def test_the_weekly_report_counts_the_training_delivered(self):
        # The database may hold other sessions (demo data): count what this one adds.
        day = self.open_session.date_end.date()
        training = self.training.with_context(lang="en_US").name
        before = self._report_rows(day, day).get(training, (0, 0, 0.0, 0))
        later = self._report_rows(day + relativedelta(days=1), day + relativedelta(days=7))
        self._mark(self.employee, "present")
        self._mark(self.employees[1], "present", half_days=self.open_session.half_day_ids[:1])
        self._mark(self.employees[1], "absent", reason="sick", half_days=self.open_session.half_day_ids[1:])
        self._mark(self.other_employee, "absent", reason="work")
        self.open_session.with_user(self.training_manager).action_done()
        issued = len(self._registrations(self.open_session).filtered(lambda r: r.certificate_state == "issued"))
        after = self._report_rows(day, day)[training]
        # One session; two attended (a whole day, 7 h, and a half-day, 3.5 h), one was absent.
        self.assertEqual(tuple(a - b for a, b in zip(after, before, strict=True)), (1, 2, 10.5, issued))
        self.assertEqual(self._report_rows(day + relativedelta(days=1), day + relativedelta(days=7)), later)

    def test_the_dashboard_shows_the_report_figures_to_an_authority(self):
        self._mark(self.employee, "present")
        self._mark(self.employees[1], "present", half_days=self.open_session.half_day_ids[:1])
        self._mark(self.employees[1], "absent", reason="sick", half_days=self.open_session.half_day_ids[1:])
        self._mark(self.other_employee, "absent", reason="work")
        self.open_session.with_user(self.training_manager).action_done()
        day = self.open_session.date_end.date()
        sessions, attendees, hours, certificates = self._report_rows(day, day)[
            self.training.with_context(lang="en_US").name
        ]
        # The dashboard's pivot (formation.training.report), read by an authority.
        groups = (
            self.env["formation.training.report"]
            .with_user(self.authority)
            ._read_group(
                [("event_type_id", "=", self.training.id), ("date_end", "=", self.open_session.date_end)],
                ["event_type_id"],
                ["__count", "attendee_count:sum", "attended_hours:sum", "certificate_count:sum"],
            )
        )
        self.assertEqual([values for _training, *values in groups], [[sessions, attendees, hours, certificates]])
        self.assertEqual((sessions, attendees, hours), (1, 2, 10.5))
        # Figures, never the trainees: the authority reads no registration.
        with self.assertRaises(AccessError):
            self.env["event.registration"].with_user(self.authority).search_read([], ["name", "email"])
