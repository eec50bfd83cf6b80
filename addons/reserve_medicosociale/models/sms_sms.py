from odoo import models

from ..tools.sms_local import SmsApiLocal


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _split_by_api(self):
        """Odoo's ``sms`` sends what no provider module claims through IAP: here, those SMS
        go to the company's provider, the local one unless it chose Twilio."""
        local = self.filtered(lambda sms: sms._get_sms_company()._get_sms_api_class() is SmsApiLocal)
        if local:
            yield SmsApiLocal(self.env), local
        if self - local:
            yield from super(SmsSms, self - local)._split_by_api()
