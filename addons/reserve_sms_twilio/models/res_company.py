from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # sms_twilio's choice is “Send via Odoo” (IAP) or Twilio. The reserve never uses IAP: its
    # first value (kept, sms_twilio tests “twilio” only) is the reserve's local provider, which
    # records the SMS and sends nothing (reserve_medicosociale's res.company._get_sms_api_class).
    sms_provider = fields.Selection(
        selection=[
            ("iap", "Record only, send nothing (local)"),
            ("twilio", "Send via Twilio"),
        ],
        default="iap",
    )
