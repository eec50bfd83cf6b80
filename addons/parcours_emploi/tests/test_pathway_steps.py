import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ParcoursCommon

REMINDER = "parcours_emploi.mail_activity_type_pathway_reminder"


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwaySteps(ParcoursCommon):
    def _reminders(self, pathway):
        return pathway.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(REMINDER))

    def test_a_new_pathway_starts_at_the_first_contact_with_its_reminder(self):
        pathway = self._pathway()
        self.assertEqual(pathway.stage_id.code, "first_contact")
        self.assertEqual(pathway.step_ids.stage_code, "first_contact")
        reminder = self._reminders(pathway)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.referent)
        days = self.env.ref("parcours_emploi.stage_first_contact").reminder_days
        self.assertEqual(reminder.date_deadline, pathway.stage_date + datetime.timedelta(days=days))

    def test_record_step_moves_forward_and_replaces_the_reminder(self):
        pathway = self._pathway()
        day = datetime.date(2026, 3, 2)
        step = pathway._record_step("immersion", origin="Vis ma vie EHPAD", date=day, note="Très motivée")
        self.assertEqual(pathway.stage_id.code, "immersion")
        self.assertEqual(pathway.stage_date, day)
        self.assertEqual(
            (step.stage_code, step.date, step.origin, step.note), ("immersion", day, "Vis ma vie EHPAD", "Très motivée")
        )
        reminder = self._reminders(pathway)
        self.assertEqual(len(reminder), 1, "the reminder of the first contact is replaced")
        days = self.env.ref("parcours_emploi.stage_immersion").reminder_days
        self.assertEqual(reminder.date_deadline, day + datetime.timedelta(days=days))
        self.assertIn("Immersion", pathway.message_ids[0].body)

    def test_an_earlier_step_is_kept_in_the_history_without_moving_back(self):
        pathway = self._pathway()
        pathway._record_step("training")
        pathway._record_step("info_session", origin="Café de l'aide à domicile")
        self.assertEqual(pathway.stage_id.code, "training")
        self.assertEqual(sorted(pathway.step_ids.mapped("stage_code")), ["first_contact", "info_session", "training"])

    def test_a_stage_without_delay_schedules_no_reminder(self):
        self.env.ref("parcours_emploi.stage_job_offer").reminder_days = 0
        pathway = self._pathway()
        pathway._record_step("job_offer")
        self.assertFalse(self._reminders(pathway))

    def test_moving_in_the_kanban_records_the_step(self):
        pathway = self._pathway()
        pathway.with_user(self.referent).write({"stage_id": self.env.ref("parcours_emploi.stage_info_session").id})
        self.assertEqual(pathway.step_ids[0].stage_code, "info_session")
        self.assertEqual(pathway.step_ids[0].user_id, self.referent)
        reminder = self._reminders(pathway)
        self.assertEqual(len(reminder), 1)
        self.assertIn(self.env.ref("parcours_emploi.stage_info_session").name, reminder.summary)

    def test_the_origin_record_is_referenced(self):
        pathway = self._pathway()
        applicant = self.env["hr.applicant"].create({"partner_id": self.other_person.id, "job_id": self.offer.id})
        step = pathway._record_step("job_offer", origin=applicant)
        self.assertEqual(step.origin_ref, applicant)

    def test_get_or_create_returns_the_open_pathway(self):
        pathway = self.Pathway._get_or_create_for_partner(self.person, public="rqth")
        self.assertEqual(pathway.public, "rqth")
        self.assertEqual(pathway.stage_id.code, "first_contact")
        self.assertEqual(self.Pathway._get_or_create_for_partner(self.person), pathway)
        pathway.outcome = "abandoned"
        again = self.Pathway._get_or_create_for_partner(self.person)
        self.assertNotEqual(again, pathway)
        self.assertEqual(again.public, "jobseeker")

    def test_a_second_open_pathway_of_a_person_is_refused(self):
        self._pathway()
        with self.assertRaises(ValidationError):
            self._pathway()
        self.assertEqual(self.Pathway.search_count([("partner_id", "=", self.person.id)]), 1)

    def test_an_unknown_step_code_is_an_error(self):
        pathway = self._pathway()
        with self.assertRaises(ValueError):
            pathway._record_step("nowhere")

    def test_workflow_code_of_a_user_without_pathway_rights_records_a_step(self):
        """The events' attendance is marked by event staff who are not referents: the API
        opens and moves the pathway for them, and gives them nothing to read."""
        Pathway = self.Pathway.with_user(self.trainer)
        pathway = Pathway._get_or_create_for_partner(self.person, public="youth")
        step = pathway._record_step("info_session", origin="Café de l'aide à domicile")
        self.assertEqual(pathway.sudo().stage_id.code, "info_session")
        self.assertEqual(pathway.sudo().public, "youth")
        self.assertFalse(pathway.sudo().referent_user_id, "a trainer is no referent: the referent is to be chosen")
        with self.assertRaises(AccessError):
            step.read(["note"])
