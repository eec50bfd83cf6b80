from odoo import fields, models

from .reserve_need_escalation import DELAY_PARAMS, RADIUS_STEP_PARAM, WAVE_SIZE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_escalation_delay_today = fields.Integer(
        string="Delay for needs of today (minutes)",
        config_parameter=DELAY_PARAMS["today"][0],
        default=DELAY_PARAMS["today"][1],
        help="Without enough answers after this delay, the next people are asked.",
    )
    reserve_escalation_delay_week = fields.Integer(
        string="Delay for needs of the week (minutes)",
        config_parameter=DELAY_PARAMS["week"][0],
        default=DELAY_PARAMS["week"][1],
    )
    reserve_escalation_delay_planned = fields.Integer(
        string="Delay for planned needs (minutes)",
        config_parameter=DELAY_PARAMS["planned"][0],
        default=DELAY_PARAMS["planned"][1],
    )
    reserve_escalation_wave_size = fields.Integer(
        string="People per wave",
        config_parameter=WAVE_SIZE_PARAM[0],
        default=WAVE_SIZE_PARAM[1],
    )
    reserve_escalation_radius_step = fields.Integer(
        string="Radius step (km)",
        config_parameter=RADIUS_STEP_PARAM[0],
        default=RADIUS_STEP_PARAM[1],
        help="When nobody is left to ask, the search radius grows by this much (up to 100 km).",
    )
