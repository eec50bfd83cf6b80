from odoo import models
from odoo.tools import SQL


class ReserveReport(models.Model):
    _inherit = "reserve.report"

    def _reserve_report_sections(self, date_from, date_to):
        """Volunteer missions of the period by activity: missions held, participations done,
        volunteers and their hours (structures and activities, never a person)."""
        sections = super()._reserve_report_sections(date_from, date_to)
        start, stop = self._period_bounds(date_from, date_to)
        rows = self._rows(
            SQL(
                """
                SELECT COALESCE(activity.name->>%(lang)s, activity.name->>'en_US'),
                       count(DISTINCT mission.id),
                       count(participation.id),
                       count(DISTINCT participation.person_id),
                       COALESCE(sum(participation.hours), 0)
                  FROM reserve_mission mission
                  JOIN reserve_mission_activity activity ON activity.id = mission.activity_id
             LEFT JOIN reserve_mission_participation participation
                       ON participation.mission_id = mission.id AND participation.state = 'done'
                 WHERE mission.state IN ('published', 'closed')
                   AND mission.date_start < %(stop)s AND mission.date_stop >= %(start)s
              GROUP BY 1
              ORDER BY 1
                """,
                lang=self.env.lang or "en_US",
                start=start,
                stop=stop,
            )
        )
        sections.append(
            {
                "key": "missions",
                "title": self.env._("Volunteer missions and hours"),
                "columns": [
                    (self.env._("Activity"), "text"),
                    (self.env._("Missions held in the period"), "int"),
                    (self.env._("Participations done"), "int"),
                    (self.env._("Volunteers"), "int"),
                    (self.env._("Volunteer hours"), "float"),
                ],
                "rows": rows,
                "totals": True,
                "chart": {"category": 0, "values": [4]},
            }
        )
        return sections
