from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def signup(self, values, token=None):
        """Following the link e-mailed at signup confirms the reservist's e-mail address."""
        partner = token and self.env["res.partner"].sudo()._get_partner_from_token(token)
        result = super().signup(values, token=token)
        if partner:
            persons = self.env["reserve.person"].sudo().search([("partner_id", "=", partner.id)])
            persons._portal_confirm_email()
        return result
