from odoo import fields, models

from .reserve_need_establishment import ESTABLISHMENT_PROPOSALS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reserve_establishment_send_proposals = fields.Boolean(
        string="Establishments send proposals themselves",
        config_parameter=ESTABLISHMENT_PROPOSALS_PARAM,
        help="The managers of a member establishment see the people ranked for their own needs (name, "
        "distance and reasons only) and ask them by e-mail, as a coordinator does. They never see the rest "
        "of the reserve.",
    )
