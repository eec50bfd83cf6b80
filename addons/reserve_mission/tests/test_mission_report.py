import datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import MissionCommon


@tagged("post_install", "-at_install")
class TestMissionReport(MissionCommon):
    """The missions' sheet of the weekly report (reserve.report's extension point). The
    database may hold other missions (demo data): each test counts what its own add."""

    def _rows(self, date_from, date_to):
        sections = self.env["reserve.report"].with_context(lang="en_US")._reserve_report_sections(date_from, date_to)
        section = next(section for section in sections if section["key"] == "missions")
        self.assertTrue(section["totals"])
        return {row[0]: row[1:] for row in section["rows"]}

    def test_missions_participations_and_hours_of_the_period(self):
        period = (self.day - datetime.timedelta(days=1), self.day + datetime.timedelta(days=1))
        activity = self.activity_visits.with_context(lang="en_US").name
        before = self._rows(*period).get(activity, (0, 0, 0, 0.0))
        mission = self._published_mission(seats=3)
        done = mission._apply(self.volunteer)
        pending = mission._apply(self.other_volunteer)
        done.with_user(self.manager).action_validate()
        with patch.object(fields.Datetime, "now", return_value=mission.date_stop + datetime.timedelta(hours=1)):
            done.with_user(self.manager).action_mark_done()
        self.assertEqual(pending.state, "pending")
        after = self._rows(*period)[activity]
        # One more mission, one participation done (not the pending one), one volunteer, 3 hours.
        self.assertEqual(tuple(a - b for a, b in zip(after, before, strict=True)), (1, 1, 1, 3.0))
        self.assertNotIn(self.volunteer.name, str(self._rows(*period)))

    def test_a_mission_outside_the_period_is_not_counted(self):
        period = (self.day + datetime.timedelta(days=7), self.day + datetime.timedelta(days=13))
        before = self._rows(*period)
        self._published_mission()
        self.assertEqual(self._rows(*period), before)
