from odoo import api, fields, models

SECTORS = [
    ("elderly", "Elderly people"),
    ("disability", "Disability"),
    ("child_protection", "Child protection"),
    ("inclusion", "Social inclusion"),
    ("home_care", "Home care"),
    ("health", "Health"),
]


class ReserveFinessCategory(models.Model):
    """An official FINESS category of establishment (EHPAD 500, IME 183, …)."""

    _name = "reserve.finess.category"
    _description = "FINESS category"
    _order = "sector, name"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, help="Official FINESS category code, e.g. 500 for an EHPAD.")
    name = fields.Char(required=True)
    sector = fields.Selection(SECTORS, required=True)
    aggregate_code = fields.Char(help="Official aggregate category (catégorie d'agrégat).")
    aggregate_name = fields.Char()
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A FINESS category with this code already exists.")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for category in self:
            category.display_name = f"{category.name} ({category.code})"
