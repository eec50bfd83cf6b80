from odoo import api, models

from ..tools.sms_local import SmsApiLocal
from .res_partner import drop_partner_autocomplete_widget


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        # partner_autocomplete's widget looks companies up on Odoo's servers: not in the reserve.
        arch, view = super()._get_view(view_id, view_type, **options)
        drop_partner_autocomplete_widget(arch)
        return arch, view

    def _get_sms_api_class(self):
        """Never Odoo's IAP: the local provider, unless the company chose Twilio (``sms_twilio``)."""
        self.ensure_one()
        if "sms_provider" in self._fields and self.sms_provider == "twilio":
            return super()._get_sms_api_class()
        return SmsApiLocal
