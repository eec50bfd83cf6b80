from odoo import fields, models


class SurveyUserInput(models.Model):
    """A satisfaction answer tied to the training registration it is about."""

    _inherit = "survey.user_input"

    registration_id = fields.Many2one("event.registration", string="Training registration", index="btree_not_null")
    session_id = fields.Many2one(related="registration_id.event_id", store=True, string="Training session")
