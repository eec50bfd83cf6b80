import datetime
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import MissionCommon


@tagged("post_install", "-at_install")
class TestMissionParticipation(MissionCommon):
    """Applying, the places and the waiting list, validation, hours, reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mission = cls._published_mission(seats=1)
        cls.third_user = new_test_user(cls.env, "t_volunteer_third", groups="base.group_portal")
        cls.third = cls._create_person("Bénévole Trois", user=cls.third_user, category="volunteer", state="active")

    def test_apply_takes_a_place_then_the_waiting_list(self):
        first = self.mission._apply(self.volunteer)
        second = self.mission._apply(self.other_volunteer)
        self.assertEqual(first.state, "pending")
        self.assertEqual(second.state, "waitlist")
        self.assertEqual((self.mission.seats_taken, self.mission.seats_left, self.mission.waitlist_count), (1, 0, 1))
        # Applying again gives the same participation.
        self.assertEqual(self.mission._apply(self.volunteer), first)

    def test_a_cancelled_place_goes_to_the_first_of_the_waiting_list(self):
        first = self.mission._apply(self.volunteer)
        second = self.mission._apply(self.other_volunteer)
        third = self.mission._apply(self.third)
        first.with_user(self.volunteer_user)._portal_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(second.state, "pending")
        self.assertEqual(third.state, "waitlist")
        promoted = self.env["mail.mail"].search(
            [("model", "=", second._name), ("res_id", "=", second.id), ("subject", "ilike", "place")]
        )
        self.assertTrue(promoted)

    def test_more_places_take_the_waiting_list(self):
        self.mission._apply(self.volunteer)
        second = self.mission._apply(self.other_volunteer)
        self.mission.with_user(self.manager).seats = 2
        self.assertEqual(second.state, "pending")

    def test_validate_then_done_with_the_hours_of_the_dates(self):
        participation = self.mission._apply(self.volunteer)
        participation.with_user(self.manager).action_validate()
        self.assertEqual(participation.state, "validated")
        with self.assertRaises(UserError):
            participation.with_user(self.manager).action_validate()
        after = self.mission.date_stop + datetime.timedelta(hours=1)
        with patch.object(fields.Datetime, "now", return_value=after):
            participation.with_user(self.manager).action_mark_done()
        self.assertEqual(participation.state, "done")
        self.assertEqual(participation.hours, 3.0)
        self.assertEqual(self.volunteer.mission_hours, 3.0)
        participation.with_user(self.manager).testimony = "Une présence précieuse auprès des familles."
        self.assertEqual(
            participation.with_user(self.volunteer_user).testimony, "Une présence précieuse auprès des familles."
        )

    def test_hours_cannot_exceed_the_mission(self):
        participation = self.mission._apply(self.volunteer)
        with self.assertRaisesRegex(UserError, "more than"):
            participation.with_user(self.manager).hours = 10

    def test_decline_frees_the_place(self):
        first = self.mission._apply(self.volunteer)
        second = self.mission._apply(self.other_volunteer)
        first.with_user(self.manager).action_decline()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(second.state, "pending")

    def test_no_application_to_a_mission_not_published(self):
        draft = self._create_mission()
        with self.assertRaisesRegex(UserError, "no longer"):
            draft._apply(self.volunteer)
        self.mission._close()
        with self.assertRaisesRegex(UserError, "no longer"):
            self.mission._apply(self.volunteer)

    def test_closing_cancels_the_waiting_list(self):
        first = self.mission._apply(self.volunteer)
        first.with_user(self.manager).action_validate()
        second = self.mission._apply(self.other_volunteer)
        self.mission.with_user(self.manager).action_close()
        self.assertEqual((first.state, second.state), ("validated", "cancelled"))

    # ------------------------------------------------------------------ the "it happened" token

    def test_happened_token_is_the_participations_own(self):
        first = self.mission._apply(self.volunteer)
        first.with_user(self.manager).action_validate()
        other = self._published_mission()._apply(self.other_volunteer)
        token = first._happened_token()
        self.assertEqual(first._check_happened_token(token), "valid")
        self.assertEqual(other._check_happened_token(token), "invalid")
        self.assertEqual(first._check_happened_token(token[:-1] + ("1" if token[-1] == "0" else "0")), "invalid")
        self.assertEqual(first._happened_status(), "too_early")
        with patch.object(fields.Datetime, "now", return_value=self.mission.date_stop + datetime.timedelta(hours=1)):
            self.assertEqual(first._confirm_happened(), "done")
        self.assertEqual(first.hours, 3.0)
        self.assertEqual(first._confirm_happened(), "done")

    # ------------------------------------------------------------------ reminders

    def test_reminder_before_and_link_after(self):
        participation = self.mission._apply(self.volunteer)
        participation.with_user(self.manager).action_validate()
        Participation = self.env["reserve.mission.participation"]
        before = self.mission.date_start - datetime.timedelta(hours=20)
        with patch.object(fields.Datetime, "now", return_value=before):
            Participation._cron_send_reminders()
        self.assertTrue(participation.reminder_sent)
        after = self.mission.date_stop + datetime.timedelta(hours=2)
        with patch.object(fields.Datetime, "now", return_value=after):
            Participation._cron_send_happened_links()
        self.assertTrue(participation.happened_mail_sent)
        mail = self.env["mail.mail"].search(
            [("model", "=", participation._name), ("res_id", "=", participation.id)], order="id desc", limit=1
        )
        self.assertIn(f"/reserve/mission/happened/{participation.id}/", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.volunteer.partner_id)

    def test_structures_reminded_of_pending_applications(self):
        participation = self.mission._apply(self.volunteer)
        Mail = self.env["mail.mail"]
        domain = [("model", "=", "reserve.mission"), ("res_id", "=", self.mission.id)]
        before = Mail.search(domain)
        later = fields.Datetime.now() + datetime.timedelta(days=4)
        with patch.object(fields.Datetime, "now", return_value=later):
            self.env["reserve.mission.participation"]._cron_remind_structures()
            # Once per delay: the next run the same day sends nothing.
            self.env["reserve.mission.participation"]._cron_remind_structures()
        self.assertTrue(participation.structure_reminder_date)
        reminders = Mail.search(domain) - before
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.recipient_ids, self.manager.partner_id)

    def test_missions_ending_with_places_left(self):
        soon = self.mission.date_stop - datetime.timedelta(days=2)
        with patch.object(fields.Datetime, "now", return_value=soon):
            self.env["reserve.mission"]._cron_remind_expiring_missions()
        self.assertTrue(self.mission.expiry_reminder_sent)

    def test_volunteers_without_a_mission_get_missions_near_them(self):
        self.mission._apply(self.volunteer)
        later = fields.Datetime.now() + datetime.timedelta(days=15)
        with patch.object(fields.Datetime, "now", return_value=later):
            self.env["reserve.person"]._cron_nudge_volunteers()
        self.assertTrue(self.other_volunteer.mission_nudge_date)
        self.assertTrue(self.third.mission_nudge_date)
        self.assertFalse(self.volunteer.mission_nudge_date, "already applied")
        self.assertFalse(self.employee.mission_nudge_date, "not a volunteer")

    def test_past_missions_are_closed(self):
        with patch.object(fields.Datetime, "now", return_value=self.mission.date_stop + datetime.timedelta(days=1)):
            self.env["reserve.mission"]._cron_close_past_missions()
        self.assertEqual(self.mission.state, "closed")


@tagged("post_install", "-at_install")
class TestMissionRanking(MissionCommon):
    """The structure invites volunteers from a ranked list: the reserve's availability query
    with the filters of the missions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mission = cls._published_mission()
        weekday = str(cls.day.weekday())
        Pattern = cls.env["reserve.availability.pattern"]
        for person in (cls.volunteer, cls.other_volunteer, cls.employee):
            Pattern.create({"person_id": person.id, "weekday": weekday, "hour_from": 9.0, "hour_to": 18.0})
        cls.far = cls._create_person(
            "Bénévole Lointain", category="volunteer", state="active", commune_id=cls.commune_nantes.id, radius_km=30
        )
        Pattern.create({"person_id": cls.far.id, "weekday": weekday, "hour_from": 9.0, "hour_to": 18.0})
        cls.busy = cls._create_person("Bénévole Occupé", category="volunteer", state="active")
        Pattern.create({"person_id": cls.busy.id, "weekday": weekday, "hour_from": 8.0, "hour_to": 12.0})

    def _ranked(self):
        return [row["person_id"] for row in self.mission._rank_volunteers()]

    def test_ranked_volunteers_are_near_available_and_volunteering(self):
        self.env.flush_all()
        ranked = self._ranked()
        self.assertCountEqual(ranked, [self.volunteer.id, self.other_volunteer.id])
        self.assertNotIn(self.employee.id, ranked, "a lent employee who does not accept volunteering")
        self.assertNotIn(self.far.id, ranked, "beyond their radius")
        self.assertNotIn(self.busy.id, ranked, "not available on the mission's date")

    def test_applied_and_invited_people_are_not_ranked_again(self):
        self.mission._apply(self.volunteer)
        self.assertEqual(self._ranked(), [self.other_volunteer.id])
        wizard = self.env["reserve.mission.invite"].with_user(self.manager).create({"mission_id": self.mission.id})
        wizard._fill_lines()
        self.assertEqual(wizard.line_ids.mapped("person_name"), ["Bénévole Deux"])
        wizard.line_ids.is_selected = True
        wizard.action_invite()
        self.assertEqual(self.mission.invited_person_ids, self.other_volunteer)
        self.assertEqual(self._ranked(), [])
        mail = self.env["mail.mail"].search([("model", "=", "reserve.mission"), ("res_id", "=", self.mission.id)])
        self.assertIn(self.other_volunteer.partner_id, mail.recipient_ids)

    def test_volunteer_sees_missions_near_them_first(self):
        far_mission = self._published_mission(
            name="Lecture à Nantes", structure_id=self.other_member.id, commune_id=self.commune_nantes.id
        )
        missions = (far_mission | self.mission).sorted("id", reverse=True)
        ordered, marks = missions._order_for_person(self.volunteer)
        self.assertEqual(ordered[0], self.mission)
        self.assertEqual(marks, {self.mission.id: "available"})
        ordered, marks = missions._order_for_person(self.busy)
        self.assertEqual(marks, {self.mission.id: "near"})

    def test_public_filters(self):
        Mission = self.env["reserve.mission"]
        far_mission = self._published_mission(
            name="Lecture à Nantes",
            structure_id=self.other_member.id,
            commune_id=self.commune_nantes.id,
            activity_id=self.activity_reading.id,
        )
        near = Mission.search(Mission._search_public(commune=self.commune_cherbourg, radius=20))
        self.assertIn(self.mission, near)
        self.assertNotIn(far_mission, near)
        by_activity = Mission.search(Mission._search_public(activity=self.activity_reading))
        self.assertIn(far_mission, by_activity)
        self.assertNotIn(self.mission, by_activity)
        on_day = Mission.search(Mission._search_public(day=self.day))
        self.assertIn(self.mission, on_day)
        next_day = Mission.search(Mission._search_public(day=self.day + datetime.timedelta(days=1)))
        self.assertNotIn(self.mission, next_day)
