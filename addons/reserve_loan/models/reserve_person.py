from odoo import fields, models


class ReservePerson(models.Model):
    """The staff loans of a lent employee, with a smart button on the profile."""

    _inherit = "reserve.person"

    loan_contract_ids = fields.One2many("reserve.loan.contract", "employee_id", string="Staff loans")
    loan_contract_count = fields.Integer(compute="_compute_loan_contract_count", string="Number of staff loans")

    def _compute_loan_contract_count(self):
        Contract = self.env["reserve.loan.contract"]
        counts = {}
        if Contract.has_access("read"):
            counts = dict(Contract._read_group([("employee_id", "in", self._origin.ids)], ["employee_id"], ["__count"]))
        for person in self:
            person.loan_contract_count = counts.get(person._origin, 0)

    def action_view_loan_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_loan.reserve_loan_contract_action")
        action.update(domain=[("employee_id", "=", self.id)], context={"default_employee_id": self.id})
        return action
