from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ReserveLoanHours(models.Model):
    """Hours done under a staff loan, with the real professional expenses of that day.

    Filled from the assignments once they are done, or by hand for a loan on free dates;
    the monthly statement to the borrower is made from these lines.
    """

    _name = "reserve.loan.hours"
    _description = "Hours done under a staff loan"
    _inherit = ["reserve.write.guard"]
    _order = "date desc, id desc"
    # A member manager records the days of a loan of their members; a line never moves to
    # another loan, and the hours of an assignment come from the assignment.
    _manager_write_fields = frozenset({"date", "hours", "expenses", "note"})
    _manager_create_fields = _manager_write_fields | {"contract_id"}

    contract_id = fields.Many2one("reserve.loan.contract", required=True, ondelete="cascade", index=True)
    lender_id = fields.Many2one(related="contract_id.lender_id", store=True, index=True)
    borrower_id = fields.Many2one(related="contract_id.borrower_id", store=True, index=True)
    employee_id = fields.Many2one(related="contract_id.employee_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date = fields.Date(required=True, index=True)
    hours = fields.Float(required=True)
    expenses = fields.Monetary(string="Professional expenses", help="Mileage, meals… at their real cost.")
    note = fields.Char()
    assignment_id = fields.Many2one("reserve.assignment", ondelete="set null", index=True, readonly=True)

    _assignment_unique = models.UniqueIndex(
        "(assignment_id) WHERE assignment_id IS NOT NULL", "These hours are already recorded on the loan."
    )

    @api.constrains("hours", "expenses", "date", "contract_id")
    def _check_values(self):
        for line in self:
            if not 0 < line.hours <= 24:
                raise ValidationError(self.env._("Hours done in a day are between 0 and 24."))
            if line.expenses < 0:
                raise ValidationError(self.env._("Expenses cannot be negative."))
            contract = line.contract_id
            if not contract.date_start <= line.date <= contract.date_end:
                raise ValidationError(
                    self.env._(
                        "%(date)s is outside the loan %(ref)s (%(start)s to %(end)s).",
                        date=line.date,
                        ref=contract.name,
                        start=contract.date_start,
                        end=contract.date_end,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._ensure_contract_signed()
        return lines

    def write(self, vals):
        self._ensure_contract_signed()
        return super().write(vals)

    def _ensure_contract_signed(self):
        if self.contract_id.filtered(lambda c: c.state not in ("signed", "running", "ended")):
            raise UserError(self.env._("Hours are recorded only on a loan signed by the employee and both employers."))
