from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    blocked_person_ids = fields.Many2many(
        "reserve.person",
        "res_partner_blocked_person_rel",
        "partner_id",
        "person_id",
        string="Blocked reservists",
        copy=False,
        help="People this establishment does not want to be proposed again; the matching leaves them out.",
    )
