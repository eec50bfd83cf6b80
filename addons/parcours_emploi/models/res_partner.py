from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The pathways of a person (their contact may be a reservist's, private otherwise: the
    # record rules of security/parcours_security.xml open it to referents and to the adviser).
    parcours_pathway_ids = fields.One2many("parcours.pathway", "partner_id", string="Pathways to a job")
