from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common_events import ParcoursEventsCommon


@tagged("post_install", "-at_install")
class TestEventsRegistration(ParcoursEventsCommon):
    """Registration from the portal and attendance recorded on the person's pathway."""

    def test_registration_gives_a_pathway_to_a_person_without_one(self):
        self.assertFalse(self._pathway(self.candidate))
        registration = self.cafe.with_user(self.candidate_user).action_parcours_register()
        pathway = self._pathway(self.candidate)
        self.assertTrue(pathway)
        self.assertEqual(registration.sudo().parcours_pathway_id, pathway)
        self.assertEqual(registration.state, "open")
        self.assertEqual(registration.sudo().parcours_establishment_id, self.member, "the only host")

    def test_registering_again_gives_the_same_registration(self):
        first = self.cafe.with_user(self.candidate_user).action_parcours_register()
        again = self.cafe.with_user(self.candidate_user).action_parcours_register()
        self.assertEqual(first, again)
        self.assertEqual(self.env["event.registration"].search_count([("event_id", "=", self.cafe.id)]), 1)

    def test_unpublished_event_is_refused(self):
        self.cafe.parcours_is_published = False
        with self.assertRaisesRegex(UserError, "not open to registration"):
            self.cafe.with_user(self.candidate_user).action_parcours_register()

    def test_full_event_is_refused(self):
        self.immersion.with_user(self.candidate_user).action_parcours_register()
        self.immersion.with_user(self.other_candidate_user).action_parcours_register()
        third = self._create_person("Troisième Candidate", user=self._new_portal_user("t_third_candidate"))
        with self.assertRaisesRegex(UserError, "This event is full"):
            self.immersion.with_user(third.user_id).action_parcours_register()

    def _new_portal_user(self, login):
        return new_test_user(self.env, login, groups="base.group_portal")

    def test_attendance_records_the_step_of_each_kind(self):
        expected = {
            self.cafe: "info_session",
            self.job_dating: "info_session",
            self.immersion: "immersion",
        }
        for event, code in expected.items():
            registration = event.with_user(self.candidate_user).action_parcours_register()
            registration.with_user(self.referent).action_set_done()
            self.assertIn(code, self._step_codes(self.candidate), event.name)
        self.assertEqual(self._pathway(self.candidate).stage_id.code, "immersion", "the pathway moved forward")

    def test_virtual_day_attendance_is_an_information_session(self):
        self._slot(self.member).with_user(self.candidate_user).action_book()
        registration = self.env["event.registration"].search(
            [("event_id", "=", self.virtual_day.id), ("partner_id", "=", self.candidate.id)]
        )
        registration.with_user(self.referent).action_set_done()
        codes = self._step_codes(self.candidate)
        self.assertIn("info_session", codes)
        self.assertNotIn("job_offer", codes, "the job offer step comes with an application")

    def test_attendance_is_recorded_once(self):
        registration = self.cafe.with_user(self.candidate_user).action_parcours_register()
        registration.with_user(self.referent).action_set_done()
        registration.with_user(self.referent).action_confirm()
        registration.with_user(self.referent).action_set_done()
        self.assertEqual(self._step_codes(self.candidate).count("info_session"), 1)

    def test_back_office_registration_joins_the_persons_pathway(self):
        pathway = self.env["parcours.pathway"]._get_or_create_for_partner(self.other_candidate)
        registration = (
            self.env["event.registration"]
            .with_user(self.referent)
            .create({"event_id": self.cafe.id, "partner_id": self.other_candidate.id})
        )
        self.assertEqual(registration.parcours_pathway_id, pathway)

    def test_a_visitor_registered_in_the_back_office_gets_no_pathway_until_one_is_linked(self):
        visitor = self.env["res.partner"].create({"name": "Visiteuse du Café"})
        registration = (
            self.env["event.registration"]
            .with_user(self.referent)
            .create({"event_id": self.cafe.id, "partner_id": visitor.id})
        )
        registration.action_set_done()
        self.assertFalse(self._pathway(visitor), "a visitor is not followed unless the association decides")
        self.assertFalse(registration.parcours_step_recorded)
        self.assertIn("without a pathway", registration.message_ids[:1].body)
        pathway = self.env["parcours.pathway"]._get_or_create_for_partner(visitor)
        registration.with_user(self.referent).parcours_pathway_id = pathway
        self.assertTrue(registration.parcours_step_recorded)
        self.assertIn("info_session", self._step_codes(visitor))
