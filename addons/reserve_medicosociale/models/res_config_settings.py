from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .reserve_person_availability import (
    DEFAULT_PAUSE_DAYS,
    DEFAULT_REMINDER_DAYS,
    PAUSE_DAYS_PARAM,
    REMINDER_DAYS_PARAM,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_availability_reminder_days = fields.Integer(
        string="Availability reminder after (days)",
        config_parameter=REMINDER_DAYS_PARAM,
        default=DEFAULT_REMINDER_DAYS,
        help="A person whose availability was not confirmed for this many days is asked by e-mail "
        "to confirm it, and shows in the “Stale availability” filter.",
    )
    reserve_availability_pause_days = fields.Integer(
        string="Pause after the reminder (days)",
        config_parameter=PAUSE_DAYS_PARAM,
        default=DEFAULT_PAUSE_DAYS,
        help="An active profile still not confirmed this many days after the reminder is paused; "
        "it becomes active again as soon as the person confirms.",
    )

    @api.constrains("reserve_availability_reminder_days", "reserve_availability_pause_days")
    def _check_reserve_availability_days(self):
        for settings in self:
            if settings.reserve_availability_reminder_days < 1 or settings.reserve_availability_pause_days < 1:
                raise ValidationError(
                    self.env._("The availability reminder and pause delays are whole numbers of days, at least 1.")
                )
