from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FormationSeatQuota(models.Model):
    """Seats of a session held for one member establishment: the other members cannot take
    them while the member has not used them."""

    _name = "formation.seat.quota"
    _description = "Seats held for a member in a training session"
    _order = "session_id, member_id"

    session_id = fields.Many2one("event.event", required=True, ondelete="cascade", index=True)
    member_id = fields.Many2one(
        "res.partner", string="Member establishment", required=True, domain=[("member_state", "=", "member")]
    )
    seat_count = fields.Integer(string="Seats held", required=True, default=1)
    seats_used = fields.Integer(compute="_compute_seats_used")

    _session_member_unique = models.UniqueIndex("(session_id, member_id)", "A member has one quota per session.")
    _seat_count_positive = models.Constraint("CHECK(seat_count > 0)", "A quota holds one seat at least.")

    @api.depends("session_id.registration_ids.state", "session_id.registration_ids.establishment_id")
    def _compute_seats_used(self):
        for quota in self:
            quota.seats_used = quota.session_id._seats_taken_by_member().get(quota.member_id, 0)

    @api.constrains("seat_count", "session_id")
    def _check_total(self):
        for session in self.session_id:
            if session.seats_max and sum(session.quota_ids.mapped("seat_count")) > session.seats_max:
                raise ValidationError(self.env._("The quotas of a session cannot hold more seats than it has."))

    @api.model_create_multi
    def create(self, vals_list):
        quotas = super().create(vals_list)
        quotas.session_id.filtered(lambda s: s.training_state in ("open", "confirmed"))._promote_waitlist()
        return quotas

    def write(self, vals):
        result = super().write(vals)
        self.session_id.filtered(lambda s: s.training_state in ("open", "confirmed"))._promote_waitlist()
        return result

    def unlink(self):
        sessions = self.session_id
        result = super().unlink()
        sessions.filtered(lambda s: s.training_state in ("open", "confirmed"))._promote_waitlist()
        return result
