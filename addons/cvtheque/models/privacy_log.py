from odoo import fields, models


class PrivacyLog(models.Model):
    """privacy_lookup's log of anonymisations, which the CV retention writes to as well: one
    line per anonymised CV, with the person's name and e-mail masked as privacy_lookup masks
    them, what was done, and the CV it was done to."""

    _inherit = "privacy.log"

    cv_id = fields.Many2one("cvtheque.cv", string="CV", readonly=True, index="btree_not_null", ondelete="set null")

    def _anonymize_email(self, label):
        # privacy_lookup's wizard always has an address; a CV's person may have none (it
        # would return an error object as the masked address).
        if not label or "@" not in label:
            return ""
        return super()._anonymize_email(label)
