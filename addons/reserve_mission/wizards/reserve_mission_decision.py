from odoo import api, fields, models

from ..models.reserve_mission import RULE_CODES


class ReserveMissionDecision(models.TransientModel):
    """The moderator's checklist on a mission: the rules it breaks, a comment, and the
    decision (refuse, or send back for correction). The reasons go to the structure."""

    _name = "reserve.mission.decision"
    _description = "Moderation decision on a volunteer mission"

    mission_id = fields.Many2one("reserve.mission", required=True, ondelete="cascade")
    decision = fields.Selection(
        [("refuse", "Refuse"), ("correct", "Send back for correction")], required=True, default="refuse"
    )
    rule_care_acts = fields.Boolean(string="Care acts")
    rule_night = fields.Boolean(string="Night hours")
    rule_replacement = fields.Boolean(string="Replaces an employee")
    rule_weekly_hours = fields.Boolean(string="Too many hours a week")
    rule_no_tutor = fields.Boolean(string="No tutor on site")
    comment = fields.Text(help="Sent to the structure with the reasons ticked.")
    preview = fields.Text(compute="_compute_preview", string="The structure will read")

    @api.depends("rule_care_acts", "rule_night", "rule_replacement", "rule_weekly_hours", "rule_no_tutor", "comment")
    def _compute_preview(self):
        for wizard in self:
            mission = wizard.mission_id
            lines = [mission._rule_reason(code) for code in wizard._codes()] if mission else []
            if wizard.comment:
                lines.append(wizard.comment)
            wizard.preview = "\n".join(lines)

    def _codes(self):
        self.ensure_one()
        return [code for code in RULE_CODES if self[f"rule_{code}"]]

    def action_confirm(self):
        self.ensure_one()
        self.mission_id._moderate(self.decision, self._codes(), self.comment)
        return {"type": "ir.actions.act_window_close"}
