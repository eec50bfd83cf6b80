from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .mail_link_preview import LINK_PREVIEWS_PARAM
from .reserve_need import (
    ALERT_DELAY_PARAM,
    DELAY_PARAMS,
    ESTABLISHMENT_PROPOSALS_PARAM,
    RADIUS_STEP_PARAM,
    WAVE_SIZE_PARAM,
    WEIGHT_PARAMS,
)
from .reserve_person import (
    DEFAULT_PAUSE_DAYS,
    DEFAULT_REMINDER_DAYS,
    PAUSE_DAYS_PARAM,
    REMINDER_DAYS_PARAM,
)


class ResConfigSettings(models.TransientModel):
    """The reserve's settings: freshness of the availability, establishments sending
    proposals, weights of the matching, escalation of the needs nobody answered."""

    _inherit = "res.config.settings"

    # Availability
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

    # SMS and alert cell
    module_sms_twilio = fields.Boolean(
        string="Send SMS through Twilio",
        help="Installs Odoo's Twilio SMS module. Then choose “Send via Twilio” and enter the Twilio account "
        "in General Settings, Send SMS. Until then SMS are recorded, not sent: nothing leaves the server.",
    )
    reserve_alert_delay = fields.Integer(
        string="Alert the cell after (minutes)",
        config_parameter=ALERT_DELAY_PARAM[0],
        default=ALERT_DELAY_PARAM[1],
        help="An urgent need still short of people this long after it was opened goes to the alert cell, "
        "which is told by e-mail and SMS, once per need.",
    )

    # Report to the authorities
    reserve_report_recipients = fields.Char(
        string="Recipients of the weekly report",
        config_parameter="reserve_medicosociale.report_recipients",
        help="E-mail addresses, separated by commas (ARS, Département, DRJSCS…): every Monday they receive the "
        "XLSX report of the past week.",
    )

    # Establishments
    reserve_establishment_send_proposals = fields.Boolean(
        string="Establishments send proposals themselves",
        config_parameter=ESTABLISHMENT_PROPOSALS_PARAM,
        help="The managers of a member establishment see the people ranked for their own needs (name, "
        "distance and reasons only) and ask them by e-mail, as a coordinator does. They never see the rest "
        "of the reserve.",
    )

    # Privacy: the server never fetches outside pages unless told to
    reserve_link_previews = fields.Boolean(
        string="Link previews",
        config_parameter=LINK_PREVIEWS_PARAM,
        help="When a link to an outside site is pasted in a message, Discuss or the editor, the server "
        "fetches that page to show its title and image. Off by default: the server then never contacts "
        "the sites that messages link to.",
    )

    # Matching
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

    # Escalation
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

    @api.constrains("reserve_availability_reminder_days", "reserve_availability_pause_days")
    def _check_reserve_availability_days(self):
        for settings in self:
            if settings.reserve_availability_reminder_days < 1 or settings.reserve_availability_pause_days < 1:
                raise ValidationError(
                    self.env._("The availability reminder and pause delays are whole numbers of days, at least 1.")
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
