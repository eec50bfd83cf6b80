from odoo import api, fields, models


class ReserveDepartment(models.Model):
    """A French département (INSEE code), shipped as data."""

    _name = "reserve.department"
    _description = "Département"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, help="INSEE code: 01…95, 2A, 2B, 971…976.")
    name = fields.Char(required=True, translate=False)
    region_name = fields.Char(string="Region")
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A département with this code already exists.")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for department in self:
            department.display_name = f"{department.code} - {department.name}"
