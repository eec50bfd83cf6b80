from odoo import fields, models


class FormationCostShare(models.Model):
    """The part of a session's cost that one member establishment pays."""

    _name = "formation.cost.share"
    _description = "Member's share of a training session's cost"
    _order = "session_id, member_id"

    session_id = fields.Many2one("event.event", required=True, ondelete="cascade", index=True)
    training_id = fields.Many2one(related="session_id.event_type_id", store=True, string="Training")
    session_date = fields.Datetime(related="session_id.date_begin", store=True, string="Session start")
    member_id = fields.Many2one(
        "res.partner",
        string="Member establishment",
        required=True,
        index=True,
        domain=[("member_state", "=", "member")],
    )
    seat_count = fields.Integer(string="Seats used", readonly=True)
    weight = fields.Float(string="Share key", default=1.0, help="The member's part of the key: by seats, its seats.")
    currency_id = fields.Many2one(related="session_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id", readonly=True)

    _session_member_unique = models.UniqueIndex(
        "(session_id, member_id)", "A member has one share of a session's cost."
    )
    _weight_positive = models.Constraint("CHECK(weight >= 0)", "A share key cannot be negative.")
