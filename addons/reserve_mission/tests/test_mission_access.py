from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MissionCommon, local


@tagged("post_install", "-at_install")
class TestMissionAccess(MissionCommon):
    """Who reads and writes what, per role, over any route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mission = cls._published_mission()
        cls.draft = cls._create_mission(name="Brouillon de mission")
        cls.participation = cls.mission._apply(cls.volunteer)

    def test_manager_writes_content_not_ownership_or_states(self):
        draft = self.draft.with_user(self.manager)
        draft.write({"name": "Lecture du journal"})
        for values in (
            {"state": "published"},
            {"structure_id": self.other_member.id},
            {"moderation_codes": False},
            {"moderated_by_id": self.manager.id},
            {"invited_person_ids": [(4, self.volunteer.id)]},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                draft.write(values)

    def test_manager_cannot_post_for_another_structure(self):
        with self.assertRaises(AccessError):
            self._create_mission(user=self.manager, structure_id=self.other_member.id)

    def test_submitted_mission_and_its_dates_are_locked_for_the_structure(self):
        with self.assertRaises(UserError):
            self.mission.with_user(self.manager).write({"description": "Autre chose"})
        with self.assertRaises(UserError):
            self.mission.date_ids.with_user(self.manager).write({"stop": local(self.day, 23)})
        with self.assertRaises(UserError):
            self.env["reserve.mission.date"].with_user(self.manager).create(
                {"mission_id": self.mission.id, "start": local(self.day, 9), "stop": local(self.day, 11)}
            )
        with self.assertRaises(UserError):
            self.mission.date_ids.with_user(self.manager).unlink()
        # More places on a published mission is fine.
        self.mission.with_user(self.manager).seats = 3
        self.assertEqual(self.mission.seats, 3)

    def test_other_manager_sees_neither_missions_nor_participations(self):
        Mission = self.env["reserve.mission"].with_user(self.other_manager)
        self.assertFalse(Mission.search([("id", "in", (self.mission | self.draft).ids)]))
        Participation = self.env["reserve.mission.participation"].with_user(self.other_manager)
        self.assertFalse(Participation.search([("id", "=", self.participation.id)]))
        with self.assertRaises(AccessError):
            self.participation.with_user(self.other_manager).action_validate()

    def test_structure_reads_its_volunteers_only(self):
        Person = self.env["reserve.person"].with_user(self.manager)
        self.assertEqual(Person.search([("id", "in", (self.volunteer | self.other_volunteer).ids)]), self.volunteer)
        participation = self.participation.with_user(self.manager)
        self.assertEqual(participation.person_phone, self.volunteer.phone)
        with self.assertRaises(AccessError):
            self.volunteer.with_user(self.manager).write({"radius_km": 5})

    def test_structure_writes_hours_and_testimony_only(self):
        participation = self.participation.with_user(self.manager)
        participation.write({"testimony": "Très à l'écoute."})
        for values in ({"state": "done"}, {"person_id": self.other_volunteer.id}, {"mission_id": self.draft.id}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                participation.write(values)

    def test_portal_reads_published_missions_and_own_participations(self):
        Mission = self.env["reserve.mission"].with_user(self.volunteer_user)
        self.assertEqual(Mission.search([("id", "in", (self.mission | self.draft).ids)]), self.mission)
        with self.assertRaises(AccessError):
            self.draft.with_user(self.volunteer_user).read(["name"])
        Participation = self.env["reserve.mission.participation"].with_user(self.other_volunteer_user)
        self.assertFalse(Participation.search([("id", "=", self.participation.id)]))
        with self.assertRaises(AccessError):
            self.participation.with_user(self.volunteer_user).write({"hours": 40})
        with self.assertRaises(AccessError):
            self.env["reserve.mission.participation"].with_user(self.volunteer_user).create(
                {"mission_id": self.mission.id, "person_id": self.volunteer.id}
            )
        with self.assertRaises(AccessError):
            self.participation.with_user(self.other_volunteer_user)._portal_cancel()

    def test_structure_names_neither_its_moderators_nor_itself_partner(self):
        member = self.member.with_user(self.manager)
        with self.assertRaises(AccessError):
            member.write({"mission_moderator_ids": [(4, self.manager.id)]})
        with self.assertRaises(AccessError):
            self.other_member.with_user(self.other_manager).write({"is_mission_partner": True})
        with self.assertRaises(AccessError):
            self.territory.with_user(self.manager).write({"mission_moderator_ids": [(4, self.manager.id)]})
        self.assertFalse(self.member.mission_moderator_ids)

    def test_authority_and_trainer_have_no_access(self):
        for user in (self.authority, self.trainer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["reserve.mission"].with_user(user).search([])

    def test_attestation_is_the_volunteers_own(self):
        report = self.env["report.reserve_mission.report_mission_attestation"]
        with self.assertRaises(AccessError):
            report.with_user(self.manager)._get_report_values(self.volunteer.ids)
        with self.assertRaises(AccessError):
            report.with_user(self.other_volunteer_user)._get_report_values(self.volunteer.ids)
        values = report.with_user(self.volunteer_user)._get_report_values(self.volunteer.ids)
        self.assertEqual(values["docs"], self.volunteer)

    def test_invitation_lines_cannot_name_anyone(self):
        wizard = self.env["reserve.mission.invite"].with_user(self.manager).create({"mission_id": self.mission.id})
        wizard.line_ids = [(0, 0, {"person_id": self.employee.id, "person_name": "x", "is_selected": True})]
        with self.assertRaises(UserError):
            wizard.action_invite()
        self.assertFalse(self.mission.invited_person_ids)
