from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    diagnosis_invite_id = fields.Many2one(
        "parcours.diagnosis.invite", string="Members' diagnosis", index="btree_not_null", ondelete="set null"
    )

    def _mark_done(self):
        """A completed diagnosis answer: its results are read into the invitation."""
        result = super()._mark_done()
        # The establishment answers through its survey link (public, by token): the survey app
        # marks its answer done as superuser, and the invitation is this answer's.
        self.diagnosis_invite_id.sudo()._update_answers()
        return result
