from odoo import fields, models


class ReserveLoanStatementLine(models.Model):
    """A day worked under a loan, as stated: copied from its hours and valued at cost."""

    _name = "reserve.loan.statement.line"
    _description = "Staff-loan statement line"
    _order = "date, employee_id, id"

    statement_id = fields.Many2one("reserve.loan.statement", required=True, ondelete="cascade", index=True)
    hours_line_id = fields.Many2one("reserve.loan.hours", string="Hours recorded", ondelete="set null", readonly=True)
    contract_id = fields.Many2one("reserve.loan.contract", string="Loan", required=True, readonly=True)
    employee_id = fields.Many2one("reserve.person", required=True, readonly=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    hours = fields.Float(readonly=True)
    hourly_cost = fields.Monetary(string="Gross hourly salary", readonly=True)
    charges_rate = fields.Float(string="Charges (%)", readonly=True)
    billed_hourly_rate = fields.Monetary(string="Re-invoiced hourly rate", readonly=True)
    salary = fields.Monetary(readonly=True)
    charges = fields.Monetary(readonly=True)
    expenses = fields.Monetary(readonly=True)
    amount = fields.Monetary(string="To re-invoice", readonly=True)
    note = fields.Char(readonly=True)
