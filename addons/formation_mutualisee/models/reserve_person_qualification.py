from odoo import fields, models


class ReservePersonQualification(models.Model):
    """A qualification may be verified by a training of the shared trainings."""

    _inherit = "reserve.person.qualification"

    training_registration_id = fields.Many2one(
        "event.registration",
        string="Verified by the training",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The training session whose completion verified this qualification.",
    )
