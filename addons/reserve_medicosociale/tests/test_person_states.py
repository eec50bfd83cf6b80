from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ReservePersonCommon


@tagged("post_install", "-at_install")
class TestPersonStates(ReservePersonCommon):
    """draft → to validate → active ⇄ paused → archived, and who may do each step."""

    def _as_coordinator(self, person):
        return person.with_user(self.coordinator)

    def _submitted(self, name="Personne Soumise", **values):
        person = self._create_person(name, **values)
        person.action_submit()
        return person

    def _active(self, name="Personne Active", **values):
        person = self._submitted(name, **values)
        self._as_coordinator(person).action_validate()
        return person

    def test_submit_moves_a_complete_draft_to_validation(self):
        person = self._create_person("Profil Complet")
        person.action_submit()
        self.assertEqual(person.state, "to_validate")

    def test_submit_refuses_a_profile_without_job_or_consent(self):
        person = self._create_person("Profil Incomplet", job_line_ids=[], consent_date=False)
        with self.assertRaisesRegex(UserError, "not complete"):
            person.action_submit()
        self.assertEqual(person.state, "draft")

    def test_submit_gives_the_coordinator_a_validation_activity(self):
        person = self._submitted("Profil Suivi", coordinator_id=self.coordinator.id)
        self.assertEqual(person.activity_ids.user_id, self.coordinator)

    def test_coordinator_validation_activates_and_records_who(self):
        person = self._submitted()
        self._as_coordinator(person).action_validate()
        self.assertEqual(person.state, "active")
        self.assertEqual(person.validated_by_id, self.coordinator)
        self.assertTrue(person.validated_date)

    def test_validation_by_a_member_manager_is_refused(self):
        person = self._submitted(category="lent_employee", employer_id=self.member.id)
        with self.assertRaises(UserError):
            person.with_user(self.manager).action_validate()
        self.assertEqual(person.state, "to_validate")

    def test_lent_employee_without_employer_agreement_cannot_be_validated(self):
        person = self._submitted(category="lent_employee", employer_id=self.member.id)
        self.assertEqual(person.employer_agreement, "pending")
        with self.assertRaisesRegex(UserError, "must agree"):
            self._as_coordinator(person).action_validate()

    def test_student_without_school_cannot_be_validated(self):
        person = self._submitted(category="student", study_year=2)
        with self.assertRaisesRegex(UserError, "school"):
            self._as_coordinator(person).action_validate()

    def test_send_back_needs_a_reason(self):
        person = self._submitted()
        with self.assertRaises(UserError):
            self._as_coordinator(person).action_send_back("")
        self.assertEqual(person.state, "to_validate")

    def test_send_back_returns_the_profile_to_draft_with_the_reason(self):
        person = self._submitted()
        self._as_coordinator(person).action_send_back("Add your diploma.")
        self.assertEqual(person.state, "draft")
        self.assertEqual(person.state_reason, "Add your diploma.")

    def test_pause_records_the_reason(self):
        person = self._active()
        person.action_pause(reason="On holiday in August")
        self.assertEqual(person.state, "paused")
        self.assertEqual(person.state_reason, "On holiday in August")

    def test_resume_makes_a_paused_profile_active_again(self):
        person = self._active()
        person.action_pause()
        person.action_resume()
        self.assertEqual(person.state, "active")
        self.assertFalse(person.state_reason)

    def test_resume_cannot_skip_validation(self):
        person = self._submitted()
        with self.assertRaises(UserError):
            person.action_resume()
        self.assertEqual(person.state, "to_validate")

    def test_draft_profile_cannot_be_paused(self):
        person = self._create_person("Profil Brouillon")
        with self.assertRaises(UserError):
            person.action_pause()

    def test_archive_keeps_the_reason(self):
        person = self._active()
        person.action_archive_profile(reason="Moved away")
        self.assertEqual(person.state, "archived")
        self.assertEqual(person.state_reason, "Moved away")

    def test_reopened_profile_goes_back_to_validation(self):
        person = self._active()
        person.action_archive_profile()
        person.action_reopen()
        self.assertEqual(person.state, "to_validate")

    def test_person_cannot_set_own_state_by_writing_it(self):
        self.portal_person.action_submit()
        with self.assertRaises(AccessError):
            self.portal_person.with_user(self.portal_user).write({"state": "active"})
        self.assertEqual(self.portal_person.state, "to_validate")

    def test_person_can_pause_and_resume_own_profile(self):
        self.portal_person.action_submit()
        self._as_coordinator(self.portal_person).action_validate()
        own = self.portal_person.with_user(self.portal_user)
        own.action_pause(reason="Exams")
        self.assertEqual(self.portal_person.state, "paused")
        own.action_resume()
        self.assertEqual(self.portal_person.state, "active")

    def test_manager_of_the_employer_agrees(self):
        self.employee.with_user(self.manager).action_employer_agree()
        self.assertEqual(self.employee.employer_agreement, "agreed")
        self.assertEqual(self.employee.employer_agreement_user_id, self.manager)

    def test_employee_cannot_agree_for_the_employer(self):
        person = self._create_person(
            "Salarié Portail",
            user=new_test_user(self.env, "t_portal_lent", groups="base.group_portal"),
            category="lent_employee",
            employer_id=self.member.id,
        )
        with self.assertRaises(AccessError):
            person.with_user(person.user_id).action_employer_agree()
        self.assertEqual(person.employer_agreement, "pending")

    def test_employer_refusal_pauses_an_active_profile(self):
        person = self._submitted(category="lent_employee", employer_id=self.member.id)
        person.with_user(self.manager).action_employer_agree()
        self._as_coordinator(person).action_validate()
        person.with_user(self.manager).action_employer_refuse()
        self.assertEqual(person.state, "paused")
        self.assertEqual(person.employer_agreement, "refused")

    def test_new_employer_must_agree_again(self):
        self.employee.with_user(self.manager).action_employer_agree()
        self._as_coordinator(self.employee).write({"employer_id": self.other_member.id})
        self.assertEqual(self.employee.employer_agreement, "pending")

    def _confirm_reason_wizard(self, person, transition, reason):
        """A coordinator moves ``person`` through ``transition`` with the reason wizard."""
        wizard = (
            self.env["reserve.person.state.reason"]
            .with_user(self.coordinator)
            .with_context(active_model="reserve.person", active_ids=person.ids, default_transition=transition)
            .create({"reason": reason})
        )
        wizard.action_confirm()

    def test_reason_wizard_pauses_with_the_reason(self):
        person = self._active()
        self._confirm_reason_wizard(person, "pause", "Sick leave")
        self.assertEqual(person.state, "paused")
        self.assertEqual(person.state_reason, "Sick leave")

    def test_reason_wizard_sends_back(self):
        person = self._submitted()
        self._confirm_reason_wizard(person, "send_back", "Your phone number is missing.")
        self.assertEqual(person.state, "draft")
