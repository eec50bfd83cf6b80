from odoo import api, fields, models


class ReserveCommune(models.Model):
    """A French commune with its coordinates, so that distances need no geocoder."""

    _name = "reserve.commune"
    _description = "Commune"
    _order = "name, insee_code"
    _rec_names_search = ["name", "insee_code", "postal_codes"]

    insee_code = fields.Char(string="INSEE code", required=True, index=True, size=5)
    name = fields.Char(required=True, index="trigram")
    postal_codes = fields.Char(help="Postal codes of the commune, separated by spaces.")
    department_id = fields.Many2one("reserve.department", string="Département", required=True, index=True)
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    active = fields.Boolean(default=True)

    _insee_code_unique = models.UniqueIndex("(insee_code)", "A commune with this INSEE code already exists.")

    @api.depends("name", "postal_codes")
    def _compute_display_name(self):
        for commune in self:
            first_code = (commune.postal_codes or "").split(" ")[0]
            commune.display_name = f"{commune.name} ({first_code})" if first_code else commune.name
