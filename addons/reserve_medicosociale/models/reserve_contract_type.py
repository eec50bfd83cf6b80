from odoo import fields, models


class ReserveContractType(models.Model):
    """A way to work for an establishment: staff loan, fixed-term, temporary, volunteering."""

    _name = "reserve.contract.type"
    _description = "Contract type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_paid = fields.Boolean(default=True, help="Volunteering is not paid and never replaces paid staff.")

    _code_unique = models.UniqueIndex("(code)", "This contract type already exists.")
