from odoo import fields, models

from .reserve_finess_category import SECTORS


class ReserveSector(models.Model):
    """A sector of the medico-social field, for people's preferences."""

    _name = "reserve.sector"
    _description = "Sector"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(SECTORS, required=True)
    sequence = fields.Integer(default=10)

    _code_unique = models.UniqueIndex("(code)", "This sector already exists.")
