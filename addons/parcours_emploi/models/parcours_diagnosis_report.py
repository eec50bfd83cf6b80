from odoo import fields, models

from odoo.addons.reserve_medicosociale.models.reserve_finess_category import SECTORS
from odoo.addons.reserve_medicosociale.tools.sql_view import replace_view


class ParcoursDiagnosisReport(models.Model):
    """The members' diagnosis in figures, for coordinators and authorities: one line per
    establishment invited, with its sector and territory and what it answered, but not who it
    is (a database view over ``parcours_diagnosis_invite``). The response rate is the average
    of ``response_rate`` (100 for an answer, 0 otherwise)."""

    _name = "parcours.diagnosis.report"
    _description = "Members' diagnosis in figures"
    _auto = False
    _rec_name = "diagnosis_id"
    _depends = {
        "parcours.diagnosis.invite": [
            "diagnosis_id",
            "member_sector",
            "territory_id",
            "is_answered",
            "needs_recruitment",
            "needs_reinforcement",
            "vacancy_count",
            "has_open_days",
        ],
    }

    diagnosis_id = fields.Many2one("parcours.diagnosis", readonly=True)
    member_sector = fields.Selection(SECTORS, string="Sector", readonly=True)
    territory_id = fields.Many2one("reserve.territory", readonly=True)
    invited_count = fields.Integer(string="Invited", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    response_rate = fields.Float(string="Response rate (%)", aggregator="avg", readonly=True)
    recruitment_count = fields.Integer(string="Need to recruit", readonly=True)
    reinforcement_count = fields.Integer(string="Need reinforcement", readonly=True)
    no_open_day_count = fields.Integer(string="Hold no open day", readonly=True)
    vacancy_count = fields.Integer(string="Vacancies", readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT invite.id, invite.diagnosis_id, invite.member_sector, invite.territory_id,
                   1 AS invited_count,
                   invite.is_answered::int AS answered_count,
                   CASE WHEN invite.is_answered THEN 100.0 ELSE 0.0 END AS response_rate,
                   (invite.is_answered AND invite.needs_recruitment)::int AS recruitment_count,
                   (invite.is_answered AND invite.needs_reinforcement)::int AS reinforcement_count,
                   (invite.is_answered AND NOT invite.has_open_days)::int AS no_open_day_count,
                   CASE WHEN invite.is_answered THEN invite.vacancy_count ELSE 0 END AS vacancy_count
              FROM parcours_diagnosis_invite invite
            """,
        )
