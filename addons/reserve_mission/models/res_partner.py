from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_mission_partner = fields.Boolean(
        string="Partner structure for missions",
        help="A structure that is not a member (e.g. a civil-protection association) but posts "
        "volunteer missions under a convention with the association.",
    )
    mission_moderator_ids = fields.Many2many(
        "res.users",
        "res_partner_mission_moderator_rel",
        "partner_id",
        "user_id",
        string="Delegated mission moderators",
        domain=lambda self: [("group_ids", "in", self.env.ref("reserve_mission.reserve_mission_group_moderator").ids)],
        help="By convention, these moderators validate the volunteer missions of this structure.",
    )
    mission_count = fields.Integer(compute="_compute_mission_count", string="Missions")

    @api.depends_context("uid")
    def _compute_mission_count(self):
        Mission = self.env["reserve.mission"]
        counts = {}
        if Mission.has_access("read"):
            counts = dict(Mission._read_group([("structure_id", "in", self.ids)], ["structure_id"], ["__count"]))
        for partner in self:
            partner.mission_count = counts.get(partner._origin, 0)

    def action_view_missions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_mission.reserve_mission_action")
        action["domain"] = [("structure_id", "=", self.id)]
        action["context"] = {"default_structure_id": self.id}
        return action
