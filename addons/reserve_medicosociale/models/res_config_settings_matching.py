from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .reserve_need_matching import WEIGHT_PARAMS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_weight_distance = fields.Integer(
        string="Weight of the distance",
        config_parameter=WEIGHT_PARAMS["distance"][0],
        default=WEIGHT_PARAMS["distance"][1],
        help="How much being close to the establishment raises a person's rank.",
    )
    reserve_weight_experience = fields.Integer(
        string="Weight of the experience",
        config_parameter=WEIGHT_PARAMS["experience"][0],
        default=WEIGHT_PARAMS["experience"][1],
        help="Years of experience in the job, and the wished qualifications held.",
    )
    reserve_weight_history = fields.Integer(
        string="Weight of the history here",
        config_parameter=WEIGHT_PARAMS["history"][0],
        default=WEIGHT_PARAMS["history"][1],
        help="Past assignments at the same establishment, and their ratings.",
    )
    reserve_weight_reliability = fields.Integer(
        string="Weight of the reliability",
        config_parameter=WEIGHT_PARAMS["reliability"][0],
        default=WEIGHT_PARAMS["reliability"][1],
        help="Share of proposals accepted, lowered by no-shows.",
    )
    reserve_weight_freshness = fields.Integer(
        string="Weight of the freshness",
        config_parameter=WEIGHT_PARAMS["freshness"][0],
        default=WEIGHT_PARAMS["freshness"][1],
        help="How recently the person confirmed their availability.",
    )

    @api.constrains(
        "reserve_weight_distance",
        "reserve_weight_experience",
        "reserve_weight_history",
        "reserve_weight_reliability",
        "reserve_weight_freshness",
    )
    def _check_reserve_weights(self):
        for settings in self:
            weights = [settings[f"reserve_weight_{component}"] for component in WEIGHT_PARAMS]
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._("The matching weights are whole numbers, zero or more, and one at least is above zero.")
                )
