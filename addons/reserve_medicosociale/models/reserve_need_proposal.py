from odoo import api, fields, models
from odoo.exceptions import UserError


class ReserveNeed(models.Model):
    """Proposals and assignments of a need (the part “Urgent needs answered fast”)."""

    _inherit = "reserve.need"

    proposal_ids = fields.One2many("reserve.proposal", "need_id", string="Proposals")
    assignment_ids = fields.One2many("reserve.assignment", "need_id", string="Assignments")
    filled_count = fields.Integer(
        compute="_compute_filled_count", store=True, string="People coming", help="Assignments not cancelled."
    )
    proposal_count = fields.Integer(compute="_compute_proposal_count", string="Proposals sent")

    @api.depends("assignment_ids.state")
    def _compute_filled_count(self):
        counts = dict(
            self.env["reserve.assignment"]._read_group(
                [("need_id", "in", self.ids), ("state", "!=", "cancelled")], ["need_id"], ["__count"]
            )
        )
        for need in self:
            need.filled_count = counts.get(need._origin, 0)

    def _compute_proposal_count(self):
        counts = dict(self.env["reserve.proposal"]._read_group([("need_id", "in", self.ids)], ["need_id"], ["__count"]))
        for need in self:
            need.proposal_count = counts.get(need._origin, 0)

    def action_send_wave(self, person_ids):
        """Send the need to these people (ids of reserve.person): a button or an RPC call.
        Coordinators, or the establishment's manager when the settings allow it
        (see reserve_need_establishment.py)."""
        self.ensure_one()
        self._send_wave(self.env["reserve.person"].browse(person_ids))
        return True

    def _send_proposals(self, persons):
        """Create one proposal per person not asked yet, and queue one e-mail each."""
        self.ensure_one()
        if self.state not in ("open", "partly_filled"):
            raise UserError(self.env._("Proposals can only be sent for an open need."))
        already = set(self.proposal_ids.person_id.ids)
        persons = persons.filtered(lambda p: p.id not in already)
        wave = max(self.proposal_ids.mapped("wave"), default=0) + 1
        expiry = self.env["reserve.proposal"]._default_expiry(self)
        proposals = (
            self.env["reserve.proposal"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {"need_id": self.id, "person_id": person.id, "wave": wave, "expiry_date": expiry}
                    for person in persons
                ]
            )
        )
        proposals._send_mails("reserve_medicosociale.mail_template_proposal")
        return proposals

    def _update_filled_state(self):
        """open → partly_filled → filled as people come; a cancelled assignment reopens a seat."""
        for need in self:
            if need.state not in ("open", "partly_filled", "filled"):
                continue
            if need.filled_count >= need.headcount:
                state = "filled"
            elif need.filled_count:
                state = "partly_filled"
            else:
                state = "open"
            if need.state != state:
                # Follows the assignments, whoever's action filled or freed the seat.
                need.sudo().state = state
            if state == "filled":
                need.proposal_ids._withdraw()

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_proposal_action")
        action.update(domain=[("need_id", "=", self.id)], context={"default_need_id": self.id})
        return action

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_assignment_action")
        action.update(domain=[("need_id", "=", self.id)], context={})
        return action
