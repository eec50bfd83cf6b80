import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MissionCommon, local


@tagged("post_install", "-at_install")
class TestMissionModeration(MissionCommon):
    """The checklist refuses what looks like a paid job, each rule with its reason; the
    moderators of a territory and those a structure delegated to see and decide on their
    scope only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")

    def _submit(self, **values):
        mission = self._create_mission(user=self.manager, **values)
        mission.with_user(self.manager).action_submit()
        return mission

    def _reasons_fr(self, mission):
        return mission.with_context(lang="fr_FR").moderation_reasons

    # ------------------------------------------------------------------ each rule, with its reason

    def test_clean_mission_goes_to_moderation(self):
        mission = self._submit()
        self.assertEqual(mission.state, "submitted")
        self.assertFalse(mission.moderation_codes)
        self.assertEqual(mission.territory_id, self.territory)

    def test_care_acts_in_the_text_are_refused(self):
        mission = self._submit(description="Aider à la toilette des résidents le matin.")
        self.assertEqual(mission.state, "refused")
        self.assertEqual(mission.moderation_codes, "care_acts")
        self.assertIn("actes de soin", self._reasons_fr(mission))

    def test_declared_care_acts_are_refused(self):
        mission = self._submit(involves_care=True)
        self.assertEqual(mission.moderation_codes, "care_acts")

    def test_the_word_besoin_is_not_a_care_act(self):
        mission = self._submit(description="Selon les besoins des familles, les accueillir au salon.")
        self.assertEqual(mission.state, "submitted")

    def test_night_dates_are_refused(self):
        day = self.day
        mission = self._submit(date_ids=[(0, 0, {"start": local(day, 20), "stop": local(day, 23)})])
        self.assertEqual(mission.state, "refused")
        self.assertEqual(mission.moderation_codes, "night")
        self.assertIn("de nuit", self._reasons_fr(mission))

    def test_early_morning_is_night(self):
        day = self.day
        mission = self._submit(date_ids=[(0, 0, {"start": local(day, 5), "stop": local(day, 8)})])
        self.assertEqual(mission.moderation_codes, "night")

    def test_evening_until_nine_is_not_night(self):
        day = self.day
        mission = self._submit(date_ids=[(0, 0, {"start": local(day, 18), "stop": local(day, 21)})])
        self.assertEqual(mission.state, "submitted")

    def test_replacing_an_employee_is_refused(self):
        mission = self._submit(description="Remplacer l'agent d'accueil pendant son arrêt maladie.")
        self.assertEqual(mission.moderation_codes, "replacement")
        self.assertIn("ne remplace jamais un emploi", self._reasons_fr(mission))

    def test_regular_hours_beyond_the_limit_are_refused(self):
        self.env["ir.config_parameter"].set_param("reserve_mission.max_weekly_hours", "6")
        mission = self._submit(
            date_mode="weekly",
            date_ids=[],
            weekly_day="2",
            weekly_hour_from=9.0,
            weekly_hour_to=17.0,
            weekly_date_start=self.day,
            weekly_date_end=self.day + datetime.timedelta(weeks=5),
        )
        self.assertEqual(len(mission.date_ids), 6)
        self.assertEqual(mission.weekly_hours, 8.0)
        self.assertEqual(mission.moderation_codes, "weekly_hours")
        reasons = self._reasons_fr(mission)
        self.assertIn("8 heures par semaine", reasons)
        self.assertIn("6 heures", reasons)

    def test_weekly_slot_within_the_limit_is_accepted(self):
        mission = self._submit(
            date_mode="weekly",
            date_ids=[],
            weekly_day="2",
            weekly_hour_from=14.0,
            weekly_hour_to=16.0,
            weekly_date_start=self.day,
            weekly_date_end=self.day + datetime.timedelta(weeks=3),
        )
        self.assertEqual(mission.state, "submitted")
        self.assertEqual(mission.weekly_hours, 2.0)

    def test_a_mission_without_tutor_is_refused(self):
        mission = self._submit(tutor_name="  ")
        self.assertEqual(mission.moderation_codes, "no_tutor")
        self.assertIn("tuteur", self._reasons_fr(mission))

    def test_several_rules_give_every_reason(self):
        mission = self._submit(
            name="Veilleur de nuit",
            description="Remplacer le veilleur de nuit absent et donner les médicaments.",
            tutor_name=False,
        )
        self.assertEqual(mission.moderation_codes, "care_acts,night,replacement,no_tutor")
        self.assertEqual(len(mission.moderation_reasons.splitlines()), 4)

    def test_the_refusal_is_mailed_to_the_structure_in_french(self):
        self.manager.partner_id.lang = "fr_FR"
        self.member.lang = "fr_FR"
        self.manager.partner_id.email = "manager@example.com"
        mission = self._submit(description="Aider à la toilette des résidents.")
        mail = self.env["mail.mail"].search([("model", "=", "reserve.mission"), ("res_id", "=", mission.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id)
        self.assertIn("refusée", mail.subject)
        self.assertIn("actes de soin", mail.body_html)

    def test_incomplete_mission_cannot_be_submitted(self):
        mission = self._create_mission(user=self.manager, date_ids=[])
        with self.assertRaisesRegex(UserError, "date"):
            mission.with_user(self.manager).action_submit()
        self.assertEqual(mission.state, "draft")

    # ------------------------------------------------------------------ the structure corrects

    def test_structure_corrects_a_refused_mission(self):
        mission = self._submit(description="Aider à la toilette des résidents.")
        mission.with_user(self.manager).action_reset_draft()
        mission.with_user(self.manager).write({"description": "Lire le journal aux résidents qui le souhaitent."})
        mission.with_user(self.manager).action_submit()
        self.assertEqual(mission.state, "submitted")
        mission.with_user(self.referent).action_publish()
        self.assertEqual(mission.state, "published")
        self.assertEqual(mission.moderated_by_id, self.referent)

    def test_moderator_refuses_with_the_checklist(self):
        mission = self._submit()
        decision = (
            self.env["reserve.mission.decision"]
            .with_user(self.referent)
            .create(
                {
                    "mission_id": mission.id,
                    "decision": "refuse",
                    "rule_replacement": True,
                    "comment": "C'est le poste de l'agent d'accueil.",
                }
            )
        )
        self.assertIn("ne remplace jamais", decision.with_context(lang="fr_FR").preview)
        decision.action_confirm()
        self.assertEqual(mission.state, "refused")
        self.assertEqual(mission.moderation_codes, "replacement")
        self.assertIn("C'est le poste de l'agent d'accueil.", mission.moderation_reasons)
        # The structure reads why.
        self.assertIn("ne remplace jamais", self._reasons_fr(mission.with_user(self.manager)))

    def test_moderator_sends_back_for_correction(self):
        mission = self._submit()
        with self.assertRaisesRegex(UserError, "correct"):
            mission.with_user(self.referent)._moderate("correct", [], "")
        mission.with_user(self.referent)._moderate("correct", [], "Précisez le lieu d'accueil.")
        self.assertEqual(mission.state, "to_correct")
        self.assertEqual(mission.with_user(self.manager).moderation_reasons, "Précisez le lieu d'accueil.")

    def test_a_mission_breaking_the_checklist_cannot_be_published(self):
        mission = self._submit()
        mission.sudo().description = "Faire les pansements."
        with self.assertRaisesRegex(UserError, "checklist"):
            mission.with_user(self.referent).action_publish()

    # ------------------------------------------------------------------ scope of the moderators

    def test_referent_sees_only_their_territory(self):
        here = self._submit()
        there = self._create_mission(structure_id=self.other_member.id, commune_id=self.commune_nantes.id)
        there.action_submit()
        Mission = self.env["reserve.mission"].with_user(self.referent)
        self.assertEqual(Mission.search([("id", "in", (here | there).ids)]), here)
        with self.assertRaises(AccessError):
            there.with_user(self.referent).read(["name"])
        with self.assertRaises(AccessError):
            there.with_user(self.referent).action_publish()
        self.assertEqual(there.state, "submitted")
        there.with_user(self.other_referent).action_publish()
        self.assertEqual(there.state, "published")

    def test_delegated_moderator_sees_and_moderates_only_their_structure(self):
        delegated = self._create_mission(
            user=self.partner_manager, structure_id=self.civil_protection.id, commune_id=self.commune_saint_lo.id
        )
        delegated.with_user(self.partner_manager).action_submit()
        member_mission = self._submit()
        Mission = self.env["reserve.mission"].with_user(self.delegate)
        self.assertEqual(Mission.search([("id", "in", (delegated | member_mission).ids)]), delegated)
        with self.assertRaises(AccessError):
            member_mission.with_user(self.delegate).action_publish()
        with self.assertRaises(AccessError):
            member_mission.with_user(self.delegate)._moderate("refuse", ["night"], "")
        self.assertEqual(member_mission.state, "submitted")
        delegated.with_user(self.delegate).action_publish()
        self.assertEqual(delegated.state, "published")
        # Saint-Lô is in no moderated territory here: the Cotentin referent does not see it.
        self.assertFalse(self.env["reserve.mission"].with_user(self.referent).search([("id", "=", delegated.id)]))

    def test_a_moderator_cannot_write_a_mission(self):
        mission = self._submit()
        with self.assertRaises(AccessError):
            mission.with_user(self.referent).write({"state": "published"})

    def test_a_member_manager_who_is_no_moderator_cannot_publish(self):
        mission = self._submit()
        with self.assertRaises(AccessError):
            mission.with_user(self.manager).action_publish()
        with self.assertRaises(AccessError):
            mission.with_user(self.manager)._moderate("correct", [], "Bien.")
        self.assertEqual(mission.state, "submitted")
