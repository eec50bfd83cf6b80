import datetime
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MissionCommon


@tagged("post_install", "-at_install")
class TestMissionDashboard(MissionCommon):
    """The missions' dashboard (reserve.mission.report): missions, participations done and
    volunteer hours by activity and territory, read by an authority, who reads no volunteer."""

    def _report(self):
        period = (self.day - datetime.timedelta(days=1), self.day + datetime.timedelta(days=1))
        sections = self.env["reserve.report"].with_context(lang="en_US")._reserve_report_sections(*period)
        return {row[0]: row[1:] for row in next(s for s in sections if s["key"] == "missions")["rows"]}

    def test_missions_and_hours_by_territory_equal_the_report(self):
        activity = self.activity_visits.with_context(lang="en_US").name
        before = self._report().get(activity, (0, 0, 0, 0.0))
        mission = self._published_mission(seats=3)
        done = mission._apply(self.volunteer)
        mission._apply(self.other_volunteer)
        done.with_user(self.manager).action_validate()
        with patch.object(fields.Datetime, "now", return_value=mission.date_stop + datetime.timedelta(hours=1)):
            done.with_user(self.manager).action_mark_done()
        groups = (
            self.env["reserve.mission.report"]
            .with_user(self.authority)
            ._read_group(
                [("territory_id", "=", self.territory.id)],
                ["activity_id"],
                ["__count", "participation_count:sum", "volunteer_hours:sum"],
            )
        )
        self.assertEqual(groups, [(mission.activity_id, 1, 1, done.hours)])
        self.assertEqual(done.hours, 3.0)
        after = self._report()[activity]
        missions, participations, _volunteers, hours = (a - b for a, b in zip(after, before, strict=True))
        self.assertEqual((missions, participations, hours), (1, 1, 3.0))

    def test_an_authority_reads_the_figures_never_the_volunteers(self):
        self._published_mission()
        rows = (
            self.env["reserve.mission.report"]
            .with_user(self.authority)
            .search_read([("territory_id", "=", self.territory.id)])
        )
        self.assertTrue(rows)
        self.assertNotIn(self.volunteer.name, str(rows))
        with self.assertRaises(AccessError):
            self.env["reserve.mission.participation"].with_user(self.authority).search_read([], ["person_id"])
