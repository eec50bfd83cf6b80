from odoo import fields, models

from .reserve_loan_contract import CHARGES_RATE_PARAM, DEFAULT_CHARGES_RATE, REMINDER_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_loan_charges_rate = fields.Float(
        string="Default employer's charges (%)",
        config_parameter=CHARGES_RATE_PARAM,
        default=DEFAULT_CHARGES_RATE,
        help="Proposed on each new staff loan; the lender corrects it to its real rate.",
    )
    reserve_loan_reminder_days = fields.Integer(
        string="Remind missing signatures every (days)",
        config_parameter=REMINDER_DAYS_PARAM,
        default=2,
    )
