from odoo import models
from odoo.tools import SQL


class ReserveReport(models.Model):
    _inherit = "reserve.report"

    def _reserve_report_sections(self, date_from, date_to):
        """Trainings delivered in the period (sessions closed, ending in it), by training:
        sessions, attendees, hours attended, certificates (trainings, never a person)."""
        sections = super()._reserve_report_sections(date_from, date_to)
        start, stop = self._period_bounds(date_from, date_to)
        rows = self._rows(
            SQL(
                """
                SELECT COALESCE(training.name->>%(lang)s, training.name->>'en_US'),
                       count(DISTINCT session.id),
                       count(registration.id) FILTER (WHERE registration.attended_hours > 0),
                       COALESCE(sum(registration.attended_hours), 0),
                       count(registration.id) FILTER (WHERE registration.certificate_state = 'issued')
                  FROM event_event session
                  JOIN event_type training ON training.id = session.event_type_id
             LEFT JOIN event_registration registration
                       ON registration.event_id = session.id AND registration.state != 'cancel'
                 WHERE session.is_training AND session.training_state = 'done'
                   AND session.date_end >= %(start)s AND session.date_end < %(stop)s
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
                "key": "trainings",
                "title": self.env._("Shared trainings delivered"),
                "columns": [
                    (self.env._("Training"), "text"),
                    (self.env._("Sessions"), "int"),
                    (self.env._("Attendees"), "int"),
                    (self.env._("Hours attended"), "float"),
                    (self.env._("Certificates"), "int"),
                ],
                "rows": rows,
                "totals": True,
                "chart": {"category": 0, "values": [3]},
            }
        )
        return sections
