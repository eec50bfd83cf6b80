from odoo import fields, models

from odoo.addons.reserve_medicosociale.tools.sql_view import replace_view

from .reserve_mission import MISSION_STATES, PUBLICS


class ReserveMissionReport(models.Model):
    """Volunteer missions in figures, for the dashboards of coordinators and authorities: one
    line per published or closed mission with its activity, public, structure and territory,
    the participations done and the volunteers' hours; no volunteer (a database view over
    ``reserve_mission`` and its participations)."""

    _name = "reserve.mission.report"
    _description = "Volunteer missions in figures"
    _auto = False
    _rec_name = "activity_id"
    _order = "date_start desc"
    # The view reads these: flushed before it is queried.
    _depends = {
        "reserve.mission": ["date_start", "activity_id", "public", "structure_id", "territory_id", "state"],
        "reserve.mission.participation": ["mission_id", "state", "hours"],
    }

    date_start = fields.Datetime(string="First date", readonly=True)
    activity_id = fields.Many2one("reserve.mission.activity", readonly=True)
    public = fields.Selection(PUBLICS, readonly=True)
    structure_id = fields.Many2one("res.partner", readonly=True)
    territory_id = fields.Many2one("reserve.territory", readonly=True)
    state = fields.Selection(MISSION_STATES, readonly=True)
    participation_count = fields.Integer(string="Participations done", readonly=True)
    volunteer_hours = fields.Float(string="Volunteer hours", readonly=True)

    def init(self):
        replace_view(
            self.env.cr,
            self._table,
            """
            SELECT mission.id, mission.date_start, mission.activity_id, mission.public,
                   mission.structure_id, mission.territory_id, mission.state,
                   count(participation.id)::int AS participation_count,
                   COALESCE(sum(participation.hours), 0) AS volunteer_hours
              FROM reserve_mission mission
         LEFT JOIN reserve_mission_participation participation
                   ON participation.mission_id = mission.id AND participation.state = 'done'
             WHERE mission.state IN ('published', 'closed')
          GROUP BY mission.id
            """,
        )
