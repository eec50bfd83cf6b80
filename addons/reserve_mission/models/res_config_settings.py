from odoo import fields, models

from .reserve_mission import EXPIRY_REMINDER_DAYS_PARAM, MAX_WEEKLY_HOURS_PARAM
from .reserve_mission_participation import HAPPENED_LINK_DAYS_PARAM, PENDING_REMINDER_DAYS_PARAM
from .reserve_person import NUDGE_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_mission_max_weekly_hours = fields.Integer(
        string="Most hours a week for a volunteer mission",
        config_parameter=MAX_WEEKLY_HOURS_PARAM[0],
        default=MAX_WEEKLY_HOURS_PARAM[1],
        help="A mission asking for more regular hours a week looks like a job: the checklist refuses it.",
    )
    reserve_mission_pending_reminder_days = fields.Integer(
        string="Remind structures of pending applications after (days)",
        config_parameter=PENDING_REMINDER_DAYS_PARAM[0],
        default=PENDING_REMINDER_DAYS_PARAM[1],
    )
    reserve_mission_expiry_reminder_days = fields.Integer(
        string="Warn of missions ending with places left (days before)",
        config_parameter=EXPIRY_REMINDER_DAYS_PARAM[0],
        default=EXPIRY_REMINDER_DAYS_PARAM[1],
    )
    reserve_mission_volunteer_nudge_days = fields.Integer(
        string="Suggest missions to volunteers without one after (days)",
        config_parameter=NUDGE_DAYS_PARAM[0],
        default=NUDGE_DAYS_PARAM[1],
    )
    reserve_mission_happened_link_days = fields.Integer(
        string="“It happened” link valid for (days)",
        config_parameter=HAPPENED_LINK_DAYS_PARAM[0],
        default=HAPPENED_LINK_DAYS_PARAM[1],
    )
    reserve_mission_attestation_signatory = fields.Char(
        string="Attestations signed by",
        config_parameter="reserve_mission.attestation_signatory",
        help="Name and function of the person who signs the volunteer attestations for the association.",
    )
