from odoo import api, fields, models
from odoo.exceptions import UserError

TRANSITIONS = [
    ("send_back", "Send back to the person"),
    ("pause", "Pause"),
    ("archive", "Archive"),
    ("refuse", "Refuse"),
]
# Which models each transition applies to.
TRANSITION_MODELS = {
    "send_back": ("reserve.person",),
    "pause": ("reserve.person",),
    "archive": ("reserve.person",),
    "refuse": ("reserve.person.qualification", "reserve.person.check"),
}


class ReservePersonStateReason(models.TransientModel):
    """Asks for the reason of a change that the person must understand: a profile sent back,
    paused or archived, a qualification or a check refused."""

    _name = "reserve.person.state.reason"
    _description = "Reason for a change of a reservist's profile"

    transition = fields.Selection(TRANSITIONS, required=True, readonly=True)
    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    record_names = fields.Text(string="Concerns", compute="_compute_record_names")
    reason = fields.Char(required=True, help="Shown to the person: say what happened and what to do.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        values.setdefault("res_model", context.get("active_model"))
        active_ids = context.get("active_ids") or ([context["active_id"]] if context.get("active_id") else [])
        values.setdefault("res_ids", active_ids)
        return values

    @api.depends("res_model", "res_ids")
    def _compute_record_names(self):
        for wizard in self:
            wizard.record_names = ", ".join(wizard._get_records().mapped("display_name"))

    def _get_records(self):
        self.ensure_one()
        if self.res_model not in TRANSITION_MODELS.get(self.transition, ()):
            raise UserError(self.env._("This change does not apply to these records."))
        return self.env[self.res_model].browse(self.res_ids or []).exists()

    def action_confirm(self):
        self.ensure_one()
        records = self._get_records()
        if not records:
            raise UserError(self.env._("The records to change no longer exist."))
        if self.transition == "send_back":
            records.action_send_back(self.reason)
        elif self.transition == "pause":
            records.action_pause(reason=self.reason)
        elif self.transition == "archive":
            records.action_archive_profile(reason=self.reason)
        elif self.transition == "refuse":
            records.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
