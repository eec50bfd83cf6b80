from odoo import fields, models


class ReserveTerritory(models.Model):
    _inherit = "reserve.territory"

    mission_moderator_ids = fields.Many2many(
        "res.users",
        "reserve_territory_mission_moderator_rel",
        "territory_id",
        "user_id",
        string="Mission moderators",
        domain=lambda self: [("group_ids", "in", self.env.ref("reserve_mission.reserve_mission_group_moderator").ids)],
        help="The referents who moderate the volunteer missions posted on this territory.",
    )
