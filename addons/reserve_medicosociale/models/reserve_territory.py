from odoo import api, fields, models


class ReserveTerritory(models.Model):
    """A territory the association works on: a set of communes or whole départements
    (e.g. an intercommunal area such as "Pays du Bocage")."""

    _name = "reserve.territory"
    _description = "Territory"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    department_ids = fields.Many2many("reserve.department", string="Whole départements")
    commune_ids = fields.Many2many("reserve.commune", string="Communes")
    partner_ids = fields.One2many("res.partner", "territory_id", string="Members")
    active = fields.Boolean(default=True)
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        territories = super().create(vals_list)
        territories._recompute_partner_territories()
        return territories

    def write(self, vals):
        result = super().write(vals)
        if {"commune_ids", "department_ids", "active"}.intersection(vals):
            self._recompute_partner_territories()
        return result

    def _recompute_partner_territories(self):
        """Members located in a changed territory take it (or another that covers them)."""
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("commune_id", "in", self.commune_ids.ids),
                    ("department_id", "in", self.department_ids.ids),
                ]
            )
        )
        partners._compute_territory_id()
