"""Who may write which field: a reservist or a member manager never writes the fields that
make a record theirs, or an audit field, whatever the route (these calls are what the
external API runs: ``execute_kw`` calls ``write``/``create`` as the user)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import ReservePersonCommon


@tagged("post_install", "-at_install")
class TestWriteGuard(ReservePersonCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan_type = cls.env.ref("reserve_medicosociale.contract_type_loan")
        cls.need = cls._create_need(cls.member)
        cls.other_need = cls._create_need(cls.other_member)

    @classmethod
    def _create_need(cls, establishment):
        start = datetime(2027, 1, 10, 6, 0)
        return cls.env["reserve.need"].create(
            {
                "establishment_id": establishment.id,
                "job_id": cls.job_care_assistant.id,
                "contract_type_ids": [Command.set(cls.loan_type.ids)],
                "shift_ids": [Command.create({"start": start, "stop": start + timedelta(hours=8)})],
            }
        )

    # ------------------------------------------------------------------ reservist (portal)

    def test_reservist_cannot_point_profile_at_another_contact(self):
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.portal_user).write({"partner_id": self.coordinator.partner_id.id})
        self.assertEqual(self.portal_person.partner_id, self.portal_user.partner_id)

    def test_reservist_cannot_give_profile_to_another_user(self):
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.portal_user).write({"user_id": self.other_portal_user.id})
        self.assertEqual(self.portal_person.user_id, self.portal_user)

    def test_reservist_cannot_rewrite_consent(self):
        for values in ({"consent_date": "2020-01-01 00:00:00"}, {"consent_text": "Nothing at all."}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                self.portal_person.with_user(self.portal_user).write(values)
        self.assertEqual(self.portal_person.consent_text, "I agree.")

    def test_reservist_cannot_rewrite_audit_dates(self):
        for fname in (
            "email_confirmed_date",
            "erasure_requested_date",
            "availability_confirmed_date",
            "validated_date",
            "available_now_until",
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                self.portal_person.with_user(self.portal_user).write({fname: "2099-01-01 00:00:00"})

    def test_reservist_cannot_choose_employer_directly(self):
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.portal_user).write(
                {"category": "lent_employee", "employer_id": self.other_member.id}
            )

    def test_reservist_changes_allowed_profile_fields(self):
        self.portal_person.with_user(self.portal_user).write({"radius_km": 42, "shift_night": True})
        self.assertEqual(self.portal_person.radius_km, 42)
        self.assertTrue(self.portal_person.shift_night)

    def test_refused_write_says_which_field(self):
        person = self.portal_person.with_user(self.portal_user)
        with self.assertRaises(AccessError) as refused:
            person.write({"user_id": self.other_portal_user.id})
        self.assertIn(person._fields["user_id"]._description_string(person.env), str(refused.exception))

    def test_reservist_cannot_move_own_job_line_to_another_profile(self):
        line = self.portal_person.job_line_ids
        with self.assertRaises(AccessError):
            line.with_user(self.portal_user).write({"person_id": self.other_portal_person.id})
        self.assertEqual(line.person_id, self.portal_person)

    def test_reservist_cannot_take_another_profiles_line(self):
        other_line = self.other_portal_person.job_line_ids
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.portal_user).write({"job_line_ids": [Command.link(other_line.id)]})
        self.assertEqual(other_line.person_id, self.other_portal_person)

    def test_reservist_cannot_create_lines_on_another_profile(self):
        Slot = self.env["reserve.availability.slot"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Slot.create(
                {
                    "person_id": self.other_portal_person.id,
                    "start": "2027-02-01 08:00:00",
                    "stop": "2027-02-01 12:00:00",
                }
            )

    def test_reservist_cannot_verify_or_attach_to_a_qualification(self):
        line = self.env["reserve.person.qualification"].create(
            {"person_id": self.portal_person.id, "qualification_id": self.qualification_deas.id}
        )
        foreign = self.env["ir.attachment"].create({"name": "other.pdf", "raw": b"%PDF-1.4"})
        for values in (
            {"verified_date": "2026-01-01 00:00:00"},
            {"attachment_ids": [Command.link(foreign.id)]},
            {"date_end": "2099-01-01"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                line.with_user(self.portal_user).write(values)

    def test_reservist_keeps_own_week_and_lines(self):
        person = self.portal_person.with_user(self.portal_user)
        self.env["reserve.availability.pattern"].with_user(self.portal_user).create(
            {"person_id": person.id, "weekday": "2", "hour_from": 8.0, "hour_to": 12.0}
        )
        person.job_line_ids.write({"years_experience": 3})
        self.assertEqual(self.portal_person.job_line_ids.years_experience, 3)
        self.assertEqual(len(self.portal_person.pattern_ids), 1)

    @freeze_time("2026-12-01 08:00:00")
    def test_available_today_sets_the_end_of_the_day_only(self):
        self.portal_person.with_user(self.portal_user).action_available_today()
        self.assertEqual(self.portal_person.available_now_until, datetime(2026, 12, 1, 23, 0))
        self.assertEqual(self.portal_person.availability_confirmed_date, datetime(2026, 12, 1, 8, 0))

    # ------------------------------------------------------------------ member manager

    def test_manager_cannot_take_an_employees_profile(self):
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).write({"user_id": self.manager.id})
        self.assertFalse(self.employee.user_id)

    def test_manager_cannot_repoint_an_employees_contact(self):
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).write({"partner_id": self.manager.partner_id.id})

    def test_manager_cannot_move_a_need_to_another_establishment(self):
        with self.assertRaises(AccessError):
            self.need.with_user(self.manager).write({"establishment_id": self.other_member.id})
        self.assertEqual(self.need.establishment_id, self.member)

    def test_manager_cannot_write_the_state_of_a_need(self):
        with self.assertRaises(AccessError):
            self.need.with_user(self.manager).write({"state": "filled"})
        self.assertEqual(self.need.state, "draft")

    @freeze_time("2026-12-01 08:00:00")
    def test_manager_opens_and_edits_own_need(self):
        need = self.need.with_user(self.manager)
        need.write({"notes": "Badge à l'accueil.", "headcount": 2})
        need.action_open()
        self.assertEqual(self.need.state, "open")
        self.assertEqual(self.need.headcount, 2)

    def test_manager_cannot_move_a_shift_to_another_need(self):
        shift = self.need.shift_ids
        with self.assertRaises(AccessError):
            shift.with_user(self.manager).write({"need_id": self.other_need.id})
        self.assertEqual(shift.need_id, self.need)

    def test_manager_cannot_open_another_establishments_need(self):
        with self.assertRaises(AccessError):
            self.other_need.with_user(self.manager).action_open()

    def test_manager_cannot_move_a_contact_out_of_their_establishments(self):
        with self.assertRaises(AccessError):
            self.member_contact.with_user(self.manager).write({"parent_id": self.other_member.id})
        self.assertEqual(self.member_contact.parent_id, self.member)

    def test_manager_cannot_pause_an_employee_in_their_name(self):
        self.employee.sudo().write({"state": "active"})
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).action_pause()
        with self.assertRaises(AccessError):
            self.employee.with_user(self.manager).action_confirm_availability()

    def test_coordinator_is_not_limited(self):
        self.need.with_user(self.coordinator).write({"establishment_id": self.other_member.id})
        self.assertEqual(self.need.establishment_id, self.other_member)


@tagged("post_install", "-at_install")
class TestPauseOrigin(ReservePersonCommon):
    def setUp(self):
        super().setUp()
        self.portal_person.sudo().write({"state": "active"})

    def test_person_resumes_own_pause(self):
        person = self.portal_person.with_user(self.portal_user)
        person.action_portal_pause(reason="Vacances")
        self.assertTrue(self.portal_person.is_set_by_person)
        person.action_portal_resume()
        self.assertEqual(self.portal_person.state, "active")

    def test_person_cannot_resume_a_coordinators_pause(self):
        self.portal_person.with_user(self.coordinator).action_pause(reason="Documents à vérifier")
        self.assertFalse(self.portal_person.is_set_by_person)
        with self.assertRaisesRegex(UserError, "Documents à vérifier"):
            self.portal_person.with_user(self.portal_user).action_portal_resume()
        self.assertEqual(self.portal_person.state, "paused")

    def test_person_cannot_resume_after_the_employers_refusal(self):
        employee_user = new_test_user(self.env, "t_lent_employee", groups="base.group_portal")
        self.employee.sudo().write({"state": "active", "user_id": employee_user.id})
        self.employee.with_user(self.manager).action_employer_refuse()
        self.assertEqual(self.employee.state, "paused")
        with self.assertRaises(UserError):
            self.employee.with_user(employee_user).action_resume()
        self.assertEqual(self.employee.state, "paused")

    def test_coordinator_resumes_any_pause(self):
        self.portal_person.with_user(self.coordinator).action_pause(reason="Contrôle")
        self.portal_person.with_user(self.coordinator).action_resume()
        self.assertEqual(self.portal_person.state, "active")

    def test_another_person_cannot_pause_a_profile(self):
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.other_portal_user).action_pause()


@tagged("post_install", "-at_install")
class TestExportPrivacy(ReservePersonCommon):
    def test_export_leaves_out_internal_notes(self):
        self.portal_person.with_user(self.coordinator).message_post(
            body="Note interne : vérifier son casier.", subtype_xmlid="mail.mt_note", message_type="comment"
        )
        self.portal_person.with_user(self.coordinator).message_post(
            body="Bienvenue dans la réserve !", subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        data = self.portal_person.with_user(self.portal_user)._export_personal_data()
        bodies = [message["body"] for message in data["messages"]]
        self.assertIn("Bienvenue dans la réserve !", bodies)
        self.assertFalse([body for body in bodies if "casier" in (body or "")])
