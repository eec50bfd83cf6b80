from odoo import fields, models


class ReserveMissionInviteLine(models.TransientModel):
    _name = "reserve.mission.invite.line"
    _description = "A ranked volunteer for a mission"
    _order = "rank"

    wizard_id = fields.Many2one("reserve.mission.invite", required=True, ondelete="cascade")
    # The id only: the structure may not read the reserve's profiles.
    person_id = fields.Integer(required=True)
    person_name = fields.Char(string="Volunteer", readonly=True)
    commune_name = fields.Char(string="Commune", readonly=True)
    distance_km = fields.Float(string="Distance (km)", digits=(6, 1), readonly=True)
    rank = fields.Integer(readonly=True)
    is_selected = fields.Boolean(string="Invite")
