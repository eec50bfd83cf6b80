from odoo import models

from ..tools.sms_local import SmsApiLocal


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_sms_api_class(self):
        """Never Odoo's IAP: the local provider, unless the company chose Twilio (``sms_twilio``)."""
        self.ensure_one()
        if "sms_provider" in self._fields and self.sms_provider == "twilio":
            return super()._get_sms_api_class()
        return SmsApiLocal
