import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ParcoursCommon

FOLLOW_UP = "parcours_emploi.mail_activity_type_pathway_follow_up"


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayFollowUp(ParcoursCommon):
    """3 and 6 months after the hire, the daily cron asks the referent where the person stands."""

    def setUp(self):
        super().setUp()
        self.pathway = self._pathway()
        self.pathway._record_step("hired", date=datetime.date(2026, 1, 15))

    def _follow_ups(self):
        return self.pathway.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(FOLLOW_UP))

    def _cron(self, day):
        with freeze_time(day):
            self.Pathway._cron_schedule_follow_ups()

    def test_nothing_before_three_months(self):
        self.assertEqual(self.pathway.hired_date, datetime.date(2026, 1, 15))
        self._cron("2026-04-14")
        self.assertFalse(self._follow_ups())

    def test_the_three_month_follow_up_once(self):
        self._cron("2026-04-15")
        activity = self._follow_ups()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, datetime.date(2026, 4, 15))
        self.assertEqual(activity.user_id, self.referent)
        self._cron("2026-04-16")
        self.assertEqual(len(self._follow_ups()), 1, "the cron does not ask twice")

    def test_recording_the_situation_closes_the_follow_up_and_records_the_step(self):
        self._cron("2026-04-15")
        with freeze_time("2026-04-20"):
            self.pathway.with_user(self.referent).outcome_3m = "in_job"
        self.assertFalse(self._follow_ups())
        self.assertEqual(self.pathway.stage_id.code, "follow_3m")
        step = self.pathway.step_ids.filtered(lambda s: s.stage_code == "follow_3m")
        self.assertEqual(step.date, datetime.date(2026, 4, 20))

    def test_the_six_month_follow_up_then_the_pathway_closes(self):
        self._cron("2026-04-15")
        self.pathway.outcome_3m = "in_job"
        self._cron("2026-07-15")
        self.assertEqual(len(self._follow_ups()), 1)
        self.assertIn("6", self._follow_ups().summary)
        self.pathway.outcome_6m = "in_training"
        self.assertEqual(self.pathway.stage_id.code, "follow_6m")
        self.assertFalse(self.pathway.is_open, "the pathway ends with the follow-up at 6 months")
        self.assertNotEqual(self.Pathway._get_or_create_for_partner(self.person), self.pathway)

    def test_a_situation_given_early_needs_no_follow_up(self):
        self.pathway.outcome_3m = "seeking"
        self._cron("2026-04-15")
        self.assertFalse(self._follow_ups())
