from odoo import api, fields, models
from odoo.exceptions import UserError


class FormationSessionBook(models.TransientModel):
    """Book seats in a session from the back-office: a member's manager for its employees,
    or a training manager for anyone's. The booking itself is the session's (action_book)."""

    _name = "formation.session.book"
    _description = "Book seats in a training session"

    session_id = fields.Many2one("event.event", required=True, readonly=True)
    member_id = fields.Many2one(
        "res.partner",
        string="Member establishment",
        required=True,
        domain="[('member_state', '=', 'member'), ('id', 'in', allowed_member_ids)]",
    )
    allowed_member_ids = fields.Many2many("res.partner", compute="_compute_allowed_member_ids")
    person_ids = fields.Many2many(
        "reserve.person", string="Employees", domain="[('employer_id', '=', member_id), ('state', '!=', 'archived')]"
    )
    free_seats = fields.Integer(compute="_compute_free_seats", string="Seats the member can still take")

    @api.depends_context("uid")
    def _compute_allowed_member_ids(self):
        Partner = self.env["res.partner"].sudo()
        if self.env["event.event"]._is_training_manager():
            members = Partner.search([("member_state", "=", "member")])
        else:
            members = Partner.search([("member_state", "=", "member"), ("member_manager_ids", "in", [self.env.uid])])
        self.allowed_member_ids = members

    @api.depends("session_id", "member_id")
    def _compute_free_seats(self):
        for wizard in self:
            wizard.free_seats = (
                wizard.session_id.sudo()._free_seats_for(wizard.member_id)
                if wizard.session_id and wizard.member_id
                else 0
            )

    def action_book(self):
        self.ensure_one()
        if not self.person_ids:
            raise UserError(self.env._("Choose the people to register."))
        result = self.session_id.action_book(self.person_ids.ids, self.member_id.id)
        message = self.env._(
            "%(registered)s registered, %(waitlisted)s on the waitlist.",
            registered=len(result["registered"]),
            waitlisted=len(result["waitlisted"]),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success", "next": {"type": "ir.actions.act_window_close"}},
        }
