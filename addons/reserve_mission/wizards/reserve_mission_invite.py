from odoo import fields, models
from odoo.exceptions import UserError


class ReserveMissionInvite(models.TransientModel):
    """The volunteers of the reserve ranked for a mission, that the structure invites."""

    _name = "reserve.mission.invite"
    _description = "Invite volunteers to a mission"

    mission_id = fields.Many2one("reserve.mission", required=True, ondelete="cascade")
    line_ids = fields.One2many("reserve.mission.invite.line", "wizard_id", string="Volunteers")

    def _fill_lines(self):
        self.ensure_one()
        ranked = self.mission_id._rank_volunteers()
        # The structure sees the ranked people by first name, commune and distance only:
        # read with sudo, copied on the lines.
        people = self.env["reserve.person"].sudo().browse([row["person_id"] for row in ranked])
        by_id = {person.id: person for person in people}
        self.line_ids = [
            fields.Command.create(
                {
                    "person_id": row["person_id"],
                    "person_name": by_id[row["person_id"]].name,
                    "commune_name": by_id[row["person_id"]].commune_id.display_name,
                    "distance_km": row["distance_km"],
                    "rank": rank,
                }
            )
            for rank, row in enumerate(ranked, start=1)
        ]

    def action_invite(self):
        self.ensure_one()
        chosen = self.line_ids.filtered("is_selected")
        if not chosen:
            raise UserError(self.env._("Tick the volunteers to invite."))
        # Only people the ranking gives now: a line's id typed over RPC invites nobody else.
        ranked = {row["person_id"] for row in self.mission_id._rank_volunteers(limit=1000)}
        person_ids = [pid for pid in chosen.mapped("person_id") if pid in ranked]
        if not person_ids:
            raise UserError(self.env._("These volunteers are no longer available for the mission: search again."))
        self.mission_id._invite(self.env["reserve.person"].sudo().browse(person_ids))
        return {"type": "ir.actions.act_window_close"}
