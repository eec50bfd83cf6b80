import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..models.parcours_pathway import FOLLOW_UP_OUTCOMES


class ParcoursFunderReport(models.TransientModel):
    """The figures of the pathways for a period, for the funders (CNSA, Département): one
    XLSX sheet per topic, aggregates only (no name), computed in SQL and written by the
    core's report writer (reserve.report._xlsx)."""

    _name = "parcours.funder.report"
    _description = "Pathway figures for the funders"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(self.env._("The period must end after it starts: check the two dates."))

    def action_generate(self):
        """Compute the figures, write the XLSX file and offer it for download."""
        self.ensure_one()
        title = self.env._(
            "Pathways to a job from %(date_from)s to %(date_to)s",
            date_from=fields.Date.to_string(self.date_from),
            date_to=fields.Date.to_string(self.date_to),
        )
        content = self.env["reserve.report"]._xlsx(self._funder_sections(self.date_from, self.date_to), title)
        self.attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"parcours_financeurs_{self.date_from}_{self.date_to}.xlsx",
                "datas": base64.b64encode(content),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ figures

    def _execute(self, query):
        self.env.flush_all()
        return self.env.execute_query(query)

    @api.model
    def _selection_labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))

    @api.model
    def _funder_sections(self, date_from, date_to):
        """The sections of the funders' file (see reserve.report._reserve_report_sections
        for their shape): people per public, steps reached, outcomes, situation 3 and 6
        months after the hire, events held and their attendance."""
        return [
            self._section_publics(date_from, date_to),
            self._section_steps(date_from, date_to),
            self._section_outcomes(date_from, date_to),
            self._section_follow_ups(date_from, date_to),
            self._section_events(date_from, date_to),
        ]

    @api.model
    def _public_rows(self, date_from, date_to):
        """Per public: people followed in the period (a pathway opened by its end and still
        open, or with a step in the period), new pathways, steps recorded, hires."""
        rows = self._execute(
            SQL(
                """
                WITH span AS (
                    SELECT pathway_id, min(date) AS first_date,
                           count(*) FILTER (WHERE date BETWEEN %(date_from)s AND %(date_to)s) AS steps
                      FROM parcours_pathway_step
                  GROUP BY pathway_id
                )
                SELECT pathway.public,
                       count(*) FILTER (WHERE span.first_date <= %(date_to)s
                                          AND (pathway.is_open OR span.steps > 0)),
                       count(*) FILTER (WHERE span.first_date BETWEEN %(date_from)s AND %(date_to)s),
                       COALESCE(sum(span.steps), 0)::int,
                       count(*) FILTER (WHERE pathway.hired_date BETWEEN %(date_from)s AND %(date_to)s)
                  FROM parcours_pathway pathway
                  JOIN span ON span.pathway_id = pathway.id
                 WHERE pathway.active
              GROUP BY pathway.public
                """,
                date_from=date_from,
                date_to=date_to,
            )
        )
        by_public = {row[0]: row[1:] for row in rows}
        labels = self._selection_labels("parcours.pathway", "public")
        return [(label, *by_public.get(key, (0, 0, 0, 0))) for key, label in labels.items()]

    @api.model
    def _section_publics(self, date_from, date_to):
        return {
            "key": "parcours_publics",
            "title": self.env._("People per public"),
            "columns": [
                (self.env._("Public"), "text"),
                (self.env._("People followed"), "int"),
                (self.env._("New pathways"), "int"),
                (self.env._("Steps recorded"), "int"),
                (self.env._("Hires"), "int"),
            ],
            "rows": self._public_rows(date_from, date_to),
            "totals": True,
            "chart": {"category": 0, "values": [1]},
        }

    @api.model
    def _section_steps(self, date_from, date_to):
        """Per stage: the people who reached it in the period, and the people whose furthest
        step at the end of the period is this one."""
        rows = self._execute(
            SQL(
                """
                WITH furthest AS (
                    SELECT DISTINCT ON (step.pathway_id) step.pathway_id, step.stage_id
                      FROM parcours_pathway_step step
                      JOIN parcours_pathway_stage stage ON stage.id = step.stage_id
                      JOIN parcours_pathway pathway ON pathway.id = step.pathway_id AND pathway.active
                     WHERE step.date <= %(date_to)s
                  ORDER BY step.pathway_id, stage.sequence DESC, stage.id DESC
                )
                SELECT stage.id,
                       (SELECT count(DISTINCT step.pathway_id)
                          FROM parcours_pathway_step step
                          JOIN parcours_pathway pathway ON pathway.id = step.pathway_id AND pathway.active
                         WHERE step.stage_id = stage.id AND step.date BETWEEN %(date_from)s AND %(date_to)s),
                       (SELECT count(*) FROM furthest WHERE furthest.stage_id = stage.id)
                  FROM parcours_pathway_stage stage
              ORDER BY stage.sequence, stage.id
                """,
                date_from=date_from,
                date_to=date_to,
            )
        )
        stages = {stage.id: stage.name for stage in self.env["parcours.pathway.stage"].sudo().search([])}
        return {
            "key": "parcours_steps",
            "title": self.env._("Step reached"),
            "columns": [
                (self.env._("Step"), "text"),
                (self.env._("People who reached it in the period"), "int"),
                (self.env._("People whose furthest step it is"), "int"),
            ],
            "rows": [(stages.get(stage_id, ""), reached, furthest) for stage_id, reached, furthest in rows],
            "totals": False,
            "chart": {"category": 0, "values": [1]},
        }

    @api.model
    def _section_outcomes(self, date_from, date_to):
        rows = dict(
            self._execute(
                SQL(
                    """
                    SELECT outcome, count(*)
                      FROM parcours_pathway
                     WHERE active AND outcome != 'in_progress'
                       AND outcome_date BETWEEN %(date_from)s AND %(date_to)s
                  GROUP BY outcome
                    """,
                    date_from=date_from,
                    date_to=date_to,
                )
            )
        )
        labels = self._selection_labels("parcours.pathway", "outcome")
        labels.pop("in_progress", None)
        return {
            "key": "parcours_outcomes",
            "title": self.env._("Outcomes of the pathways"),
            "columns": [(self.env._("Outcome"), "text"), (self.env._("Pathways ended in the period"), "int")],
            "rows": [(label, rows.get(key, 0)) for key, label in labels.items()],
            "totals": True,
            "chart": {"category": 0, "values": [1]},
        }

    @api.model
    def _section_follow_ups(self, date_from, date_to):
        """The situation 3 and 6 months after the hires whose follow-up fell in the period."""
        rows = self._execute(
            SQL(
                """
                SELECT months, situation, count(*)
                  FROM (
                        SELECT 3 AS months, COALESCE(outcome_3m, 'not_recorded') AS situation
                          FROM parcours_pathway
                         WHERE active AND follow_3m_date BETWEEN %(date_from)s AND %(date_to)s
                     UNION ALL
                        SELECT 6, COALESCE(outcome_6m, 'not_recorded')
                          FROM parcours_pathway
                         WHERE active AND follow_6m_date BETWEEN %(date_from)s AND %(date_to)s
                       ) follow_up
              GROUP BY months, situation
                """,
                date_from=date_from,
                date_to=date_to,
            )
        )
        counts = {(months, situation): count for months, situation, count in rows}
        situations = [*FOLLOW_UP_OUTCOMES, ("not_recorded", "Not recorded yet")]
        labels = self._selection_labels("parcours.pathway", "outcome_3m")
        labels["not_recorded"] = self.env._("Not recorded yet")
        return {
            "key": "parcours_follow_ups",
            "title": self.env._("Outcomes at 3 and 6 months"),
            "columns": [
                (self.env._("Situation after the hire"), "text"),
                (self.env._("At 3 months"), "int"),
                (self.env._("At 6 months"), "int"),
            ],
            "rows": [(labels[key], counts.get((3, key), 0), counts.get((6, key), 0)) for key, _label in situations],
            "totals": True,
            "chart": {"category": 0, "values": [1, 2]},
        }

    @api.model
    def _section_events(self, date_from, date_to):
        """Events held in the period and their attendance: the events of the pathway kinds
        when the events of the pathways are installed, else the events that people followed
        on a pathway registered to, by event type."""
        start, stop = self.env["reserve.report"]._period_bounds(date_from, date_to)
        Event = self.env["event.event"]
        by_kind = "parcours_kind" in Event._fields and Event._fields["parcours_kind"].store
        if by_kind:
            category = SQL("event.parcours_kind")
            scope = SQL("event.parcours_kind IS NOT NULL")
        else:
            category = SQL(
                "COALESCE(event_type.name->>%(lang)s, event_type.name->>'en_US')", lang=self.env.lang or "en_US"
            )
            scope = SQL(
                """EXISTS (SELECT 1 FROM event_registration followed
                             JOIN parcours_pathway pathway ON pathway.partner_id = followed.partner_id
                            WHERE followed.event_id = event.id)"""
            )
        rows = self._execute(
            SQL(
                """
                SELECT %(category)s,
                       count(DISTINCT event.id),
                       count(registration.id) FILTER (WHERE registration.state IN ('open', 'done')),
                       count(registration.id) FILTER (WHERE registration.state = 'done'),
                       count(DISTINCT registration.partner_id) FILTER (
                           WHERE registration.state = 'done'
                             AND EXISTS (SELECT 1 FROM parcours_pathway pathway
                                          WHERE pathway.partner_id = registration.partner_id))
                  FROM event_event event
             LEFT JOIN event_type ON event_type.id = event.event_type_id
             LEFT JOIN event_registration registration ON registration.event_id = event.id
                 WHERE event.active AND event.date_begin >= %(start)s AND event.date_begin < %(stop)s
                   AND %(scope)s
              GROUP BY 1
              ORDER BY 1
                """,
                category=category,
                scope=scope,
                start=start,
                stop=stop,
            )
        )
        if by_kind:
            labels = self._selection_labels("event.event", "parcours_kind")
            found = {row[0]: row[1:] for row in rows}
            rows = [(label, *found.get(key, (0, 0, 0, 0))) for key, label in labels.items()]
        else:
            rows = [(name or self.env._("Without type"), *counts) for name, *counts in rows]
        return {
            "key": "parcours_events",
            "title": self.env._("Events and attendance"),
            "columns": [
                (self.env._("Kind of event") if by_kind else self.env._("Event type"), "text"),
                (self.env._("Events held"), "int"),
                (self.env._("Registrations"), "int"),
                (self.env._("Attendances"), "int"),
                (self.env._("People followed who attended"), "int"),
            ],
            "rows": rows,
            "totals": True,
            "chart": {"category": 0, "values": [2, 3]},
        }
