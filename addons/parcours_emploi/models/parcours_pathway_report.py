from odoo import fields, models

from odoo.addons.reserve_medicosociale.tools.sql_view import replace_view

from .parcours_pathway import FOLLOW_UP_OUTCOMES, OUTCOMES, PUBLICS
from .parcours_pathway_stage import STAGE_CODES


class ParcoursPathwayReport(models.Model):
    """Pathways to a job in figures, for the dashboards of coordinators and authorities: one
    line per pathway with its public, step reached, outcome and situations at 3 and 6 months;
    never the person, their referent or adviser (a database view over ``parcours_pathway``)."""

    _name = "parcours.pathway.report"
    _description = "Pathways to a job in figures"
    _auto = False
    _rec_name = "public"
    _order = "open_date desc"
    # The view reads these: flushed before it is queried.
    _depends = {
        "parcours.pathway": [
            "create_date",
            "public",
            "stage_code",
            "outcome",
            "hired_date",
            "outcome_3m",
            "outcome_6m",
            "active",
        ],
    }

    open_date = fields.Date(string="Opened on", readonly=True)
    public = fields.Selection(PUBLICS, readonly=True)
    stage_code = fields.Selection(STAGE_CODES, string="Step reached", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    hired_date = fields.Date(string="Hire date", readonly=True)
    hired = fields.Integer(string="Hires", readonly=True)
    outcome_3m = fields.Selection(FOLLOW_UP_OUTCOMES, string="Situation at 3 months", readonly=True)
    outcome_6m = fields.Selection(FOLLOW_UP_OUTCOMES, string="Situation at 6 months", readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT pathway.id, (pathway.create_date AT TIME ZONE 'UTC')::date AS open_date,
                   pathway.public, pathway.stage_code, pathway.outcome, pathway.hired_date,
                   (pathway.hired_date IS NOT NULL)::int AS hired,
                   pathway.outcome_3m, pathway.outcome_6m
              FROM parcours_pathway pathway
             WHERE pathway.active
            """,
        )
