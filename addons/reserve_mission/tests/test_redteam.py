"""Attacks on the volunteer missions, role by role, over the routes a user can reach
(the ORM as JSON-RPC / JSON-2 call it, the public pages, the e-mail links)."""

import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import MissionCommon, local


@tagged("post_install", "-at_install")
class TestMissionRedTeam(MissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mission = cls._published_mission(seats=2)
        cls.participation = cls.mission._apply(cls.volunteer)
        cls.draft = cls._create_mission(name="Brouillon A")
        cls.other_draft = cls._create_mission(
            name="Brouillon B", structure_id=cls.other_member.id, commune_id=cls.commune_nantes.id
        )

    # ------------------------------------------------------------------ manager of structure A

    def test_manager_cannot_move_a_date_into_another_structures_mission(self):
        line = self.draft.date_ids.with_user(self.manager)
        with self.assertRaises(AccessError):
            line.write({"mission_id": self.other_draft.id})
        self.assertEqual(self.draft.date_ids, line)
        self.assertEqual(len(self.other_draft.date_ids), 1)

    def test_manager_cannot_add_a_date_to_another_structures_mission(self):
        with self.assertRaises(AccessError):
            self.env["reserve.mission.date"].with_user(self.manager).create(
                {"mission_id": self.other_draft.id, "start": local(self.day, 9), "stop": local(self.day, 11)}
            )

    def test_manager_cannot_act_on_another_structures_mission(self):
        other = self.other_draft.with_user(self.manager)
        for method in ("action_submit", "action_reset_draft", "action_close", "action_invite"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(other, method)()
        with self.assertRaises(AccessError):
            self.mission.with_user(self.other_manager).action_close()
        self.assertEqual(self.mission.state, "published")

    def test_manager_cannot_publish_their_own_mission(self):
        self.draft.with_user(self.manager).action_submit()
        self.assertEqual(self.draft.state, "submitted")
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager).action_publish()
        with self.assertRaises(AccessError):
            self.env["reserve.mission.decision"].with_user(self.manager).create(
                {"mission_id": self.draft.id, "decision": "refuse", "comment": "x"}
            ).action_confirm()
        self.assertEqual(self.draft.state, "submitted")

    def test_manager_cannot_disguise_a_published_mission(self):
        mission = self.mission.with_user(self.manager)
        for values in (
            {"description": "Aide à la toilette des résidents"},
            {"seats": 5, "involves_care": True},
            {"date_mode": "weekly", "weekly_day": "2", "weekly_hour_from": 8, "weekly_hour_to": 18},
            {"date_ids": [(0, 0, {"start": local(self.day, 22), "stop": local(self.day, 23)})]},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                mission.write(values)
        self.assertFalse(self.mission.involves_care)
        self.assertEqual(len(self.mission.date_ids), 1)

    def test_manager_cannot_write_the_counters(self):
        # A published mission takes no write but its places; a draft none of its counters.
        with self.assertRaises(UserError):
            self.mission.with_user(self.manager).write({"seats_taken": 0})
        mission = self.draft.with_user(self.manager)
        for values in ({"seats_taken": 0}, {"seats_left": 10}, {"waitlist_count": 0}, {"territory_id": False}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                mission.write(values)

    def test_places_cannot_drop_below_the_places_taken(self):
        self.mission._apply(self.other_volunteer)
        self.assertEqual(self.mission.seats_taken, 2)
        with self.assertRaises(ValidationError):
            self.mission.with_user(self.manager).write({"seats": 1})
        self.assertEqual(self.mission.seats, 2)

    def test_structure_no_longer_reads_a_volunteer_who_withdrew(self):
        self.participation._portal_cancel()
        Person = self.env["reserve.person"].with_user(self.manager)
        self.assertFalse(Person.search([("id", "=", self.volunteer.id)]))
        with self.assertRaises(AccessError):
            self.volunteer.with_user(self.manager).read(["email", "phone"])

    def test_structure_does_not_read_the_contact_of_the_waiting_list(self):
        mission = self._published_mission(name="Une seule place", seats=1)
        mission._apply(self.volunteer)
        waiting = mission._apply(self.other_volunteer)
        self.assertEqual(waiting.state, "waitlist")
        self.assertFalse(waiting.with_user(self.manager).person_email)
        with self.assertRaises(AccessError):
            self.other_volunteer.with_user(self.manager).read(["email", "phone"])
        # The list of the applications still names them.
        values = waiting.with_user(self.manager).web_read({"person_id": {"fields": {"display_name": {}}}})
        self.assertEqual(values[0]["person_id"]["display_name"], self.other_volunteer.name)

    def test_invitation_does_not_open_the_volunteers_profile(self):
        self.mission._invite(self.other_volunteer)
        self.assertEqual(self.mission.invited_person_ids, self.other_volunteer)
        with self.assertRaises(AccessError):
            self.other_volunteer.with_user(self.manager).read(["email", "phone"])
        # The structure still sees whom it invited, by name.
        self.assertEqual(self.mission.with_user(self.manager).invited_names, self.other_volunteer.name)
        # The structure's form opens on its mission (every field of the form read as the manager).
        Mission = self.env["reserve.mission"].with_user(self.manager)
        form_fields = Mission.get_views([(False, "form")])["models"]["reserve.mission"]["fields"]
        values = self.mission.with_user(self.manager).web_read({name: {} for name in form_fields})
        self.assertEqual(values[0]["invited_names"], self.other_volunteer.name)

    def test_structure_cannot_mark_done_before_the_mission(self):
        participation = self.participation.with_user(self.manager)
        participation.action_validate()
        participation.hours = 3
        with self.assertRaises(UserError):
            participation.action_mark_done()
        self.assertEqual(self.participation.state, "validated")

    def test_dates_gone_by_or_far_away_are_refused(self):
        gone = self.day - datetime.timedelta(days=30)
        past = self._create_mission(
            user=self.manager,
            name="Avec une date passée",
            date_mode="multiple",
            date_ids=[
                (0, 0, {"start": local(gone, 14), "stop": local(gone, 17)}),
                (0, 0, {"start": local(self.day, 14), "stop": local(self.day, 17)}),
            ],
        )
        with self.assertRaises(UserError):
            past.with_user(self.manager).action_submit()
        self.assertEqual(past.state, "draft")
        far = datetime.date(9999, 12, 27)
        with self.assertRaises(ValidationError):
            self.draft.with_user(self.manager).write(
                {"date_ids": [(0, 0, {"start": local(far, 14), "stop": local(far, 17)})]}
            )
        with self.assertRaises(ValidationError):
            self.draft.with_user(self.manager).write(
                {
                    "date_mode": "weekly",
                    "weekly_day": "2",
                    "weekly_hour_from": 14,
                    "weekly_hour_to": 16,
                    "weekly_date_start": far,
                }
            )
        self.assertEqual(len(self.draft.date_ids), 1)

    def test_a_declined_volunteer_does_not_apply_again(self):
        self.participation.with_user(self.manager).action_decline()
        self.assertEqual(self.participation.state, "cancelled")
        with self.assertRaises(UserError):
            self.mission._apply(self.volunteer)
        # Withdrawing oneself is no refusal: the other volunteer may change their mind.
        own = self.mission._apply(self.other_volunteer)
        own._portal_cancel()
        self.assertEqual(self.mission._apply(self.other_volunteer).state, "pending")

    # ------------------------------------------------------------------ volunteers (portal)

    def test_volunteer_cannot_validate_or_finish_their_own_participation(self):
        participation = self.participation.with_user(self.volunteer_user)
        for method in ("action_validate", "action_mark_done", "action_decline"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(participation, method)()
        self.assertEqual(self.participation.state, "pending")

    def test_volunteer_cannot_touch_missions(self):
        mission = self.mission.with_user(self.volunteer_user)
        for method in ("action_submit", "action_publish", "action_close", "action_invite", "action_open_decision"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(mission, method)()
        with self.assertRaises(AccessError):
            mission.write({"seats": 10})
        with self.assertRaises(UserError):  # AccessError is a UserError
            self.env["reserve.mission.date"].with_user(self.volunteer_user).create(
                {"mission_id": self.mission.id, "start": local(self.day, 9), "stop": local(self.day, 11)}
            )

    def test_volunteer_reads_neither_the_tutors_contact_nor_the_invited_over_rpc(self):
        self.mission._invite(self.other_volunteer)
        mission = self.mission.with_user(self.other_volunteer_user)
        self.assertEqual(mission.read(["name"])[0]["name"], self.mission.name)
        for field in ("tutor_phone", "tutor_email", "invited_names"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                mission.read([field])

    def test_other_volunteer_cannot_read_the_participation(self):
        with self.assertRaises(AccessError):
            self.participation.with_user(self.other_volunteer_user).read(["hours", "testimony"])

    # ------------------------------------------------------------------ moderators

    def test_moderators_outside_the_scope_cannot_decide(self):
        self.draft.action_submit()
        for user in (self.other_referent, self.delegate):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.draft.with_user(user).action_publish()
                with self.assertRaises(AccessError):
                    self.env["reserve.mission.decision"].with_user(user).create(
                        {"mission_id": self.draft.id, "decision": "refuse", "comment": "x"}
                    ).action_confirm()
        self.assertEqual(self.draft.state, "submitted")

    def test_a_referent_who_manages_the_structure_does_not_moderate_its_missions(self):
        self.manager.group_ids += self.env.ref("reserve_mission.reserve_mission_group_moderator")
        self.territory.mission_moderator_ids += self.manager
        self.draft.with_user(self.manager).action_submit()
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager).action_publish()
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager)._moderate("correct", [], "Bien.")
        self.assertEqual(self.draft.state, "submitted")
        # The structure's manager still closes its own published mission.
        self.mission.with_user(self.manager).action_close()
        self.assertEqual(self.mission.state, "closed")

    def test_moderators_do_not_read_the_structures_drafts(self):
        Mission = self.env["reserve.mission"].with_user(self.referent)
        self.assertFalse(Mission.search([("id", "=", self.draft.id)]))
        self.draft.action_submit()
        self.assertEqual(Mission.search([("id", "=", self.draft.id)]), self.draft)

    def test_moderator_reads_no_participation(self):
        with self.assertRaises(AccessError):
            self.participation.with_user(self.referent).read(["person_id"])


@tagged("post_install", "-at_install")
class TestMissionRedTeamPages(MissionCommon, HttpCase):
    """Bad input on the public pages and the e-mail link: a page, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.mission = cls._published_mission()

    def test_bad_input_never_crashes_the_pages(self):
        huge = "9" * 30
        for url in (
            f"/reserve/missions?commune_id={huge}",
            f"/reserve/missions?activity_id={huge}",
            f"/reserve/missions?radius={huge}&commune_id={self.commune_cherbourg.id}",
            "/reserve/missions?radius=-5&page=-3",
            "/reserve/missions?page=abc&date=31/02/2026",
            "/reserve/missions?date=0001-01-01",
            "/reserve/missions?date=9999-12-31",
            f"/reserve/missions/{huge}",
            f"/reserve/mission/happened/{huge}/1-{'0' * 64}",
            f"/reserve/mission/happened/{self.mission.id}/abc",
        ):
            with self.subTest(url=url):
                self.assertLess(self.url_open(url).status_code, 500)
        response = self.url_open("/reserve/missions?date=0001-01-01")
        self.assertIn("is not a date", response.text)
        self.assertIn(self.mission.name, response.text)

    def test_volunteer_over_json_rpc(self):
        participation = self.mission._apply(self.volunteer)
        self.authenticate("t_volunteer", "t_volunteer")

        def call(model, method, ids, *args):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": [ids, *args], "kwargs": {}},
            )

        for model, method, ids, args, error in (
            ("reserve.mission.participation", "action_validate", participation.ids, (), "AccessError"),
            ("reserve.mission.participation", "action_mark_done", participation.ids, (), "AccessError"),
            ("reserve.mission.participation", "_confirm_happened", participation.ids, (), "AccessError"),
            ("reserve.mission.participation", "write", participation.ids, ({"hours": 40},), "AccessError"),
            ("reserve.mission", "_apply", self.mission.ids, (self.other_volunteer.id,), "AccessError"),
            ("reserve.mission", "write", self.mission.ids, ({"seats": 50},), "AccessError"),
            ("reserve.mission", "read", self.mission.ids, (["tutor_phone"],), "AccessError"),
        ):
            with self.subTest(method=method), self.assertRaises(JsonRpcException) as caught:
                call(model, method, ids, *args)
            self.assertIn(error, str(caught.exception))
        self.assertEqual(participation.state, "pending")
        self.assertEqual(participation.hours, 0)
        self.assertEqual(self.mission.seats, 2)
