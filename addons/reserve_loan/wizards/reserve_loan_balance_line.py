from odoo import api, fields, models


class ReserveLoanBalanceLine(models.TransientModel):
    _name = "reserve.loan.balance.line"
    _description = "Staff-loan lending balance of a member"
    _order = "balance desc, id"

    balance_id = fields.Many2one("reserve.loan.balance", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="balance_id.currency_id")
    member_id = fields.Many2one("res.partner", required=True, readonly=True)
    hours_lent = fields.Float(readonly=True)
    hours_borrowed = fields.Float(readonly=True)
    balance = fields.Float(
        string="Balance (hours)",
        compute="_compute_balance",
        store=True,
        help="Hours lent minus hours borrowed: above zero the member carries others, below zero it is carried.",
    )
    value_lent = fields.Monetary(
        readonly=True, help="What the hours lent are re-invoiced: at cost or less, with the expenses."
    )
    value_borrowed = fields.Monetary(
        readonly=True, help="What the hours borrowed are re-invoiced: at cost or less, with the expenses."
    )
    loan_count = fields.Integer(string="Loans", readonly=True)

    @api.depends("hours_lent", "hours_borrowed")
    def _compute_balance(self):
        for line in self:
            line.balance = line.hours_lent - line.hours_borrowed
