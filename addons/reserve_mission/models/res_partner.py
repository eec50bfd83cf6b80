from odoo import api, fields, models
from odoo.exceptions import AccessError

from .reserve_mission import COORDINATOR_GROUP

# Who posts missions and who moderates them: the coordinators' to say, under a convention.
MISSION_PARTNER_FIELDS = frozenset({"is_mission_partner", "mission_moderator_ids"})


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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ensure_mission_fields_allowed(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._ensure_mission_fields_allowed(vals)
        return super().write(vals)

    def _ensure_mission_fields_allowed(self, vals):
        """A structure never names its own moderators nor makes itself a partner structure."""
        if self.env.su or not MISSION_PARTNER_FIELDS.intersection(vals):
            return
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(
                self.env._(
                    "Only the association's coordinators can name partner structures and the "
                    "moderators a structure delegates to."
                )
            )

    def action_view_missions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_mission.reserve_mission_action")
        action["domain"] = [("structure_id", "=", self.id)]
        action["context"] = {"default_structure_id": self.id}
        return action
