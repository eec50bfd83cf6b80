from odoo import fields, models


class ResPartner(models.Model):
    """Smart button of the member form: the staff loans it lends or borrows under."""

    _inherit = "res.partner"

    reserve_loan_count = fields.Integer(compute="_compute_reserve_loan_count", string="Staff loans")

    def _compute_reserve_loan_count(self):
        Contract = self.env["reserve.loan.contract"]
        counts = dict.fromkeys(self._origin.ids, 0)
        if Contract.has_access("read"):
            for side in ("lender_id", "borrower_id"):
                for partner, count in Contract._read_group([(side, "in", self._origin.ids)], [side], ["__count"]):
                    counts[partner.id] += count
        for partner in self:
            partner.reserve_loan_count = counts.get(partner._origin.id, 0)

    def action_view_reserve_loans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_loan.reserve_loan_contract_action")
        action.update(
            domain=["|", ("lender_id", "=", self.id), ("borrower_id", "=", self.id)],
            context={"default_lender_id": self.id},
        )
        return action
