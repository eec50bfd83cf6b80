from odoo import api, fields, models

STAGE_CODES = [
    ("first_contact", "First contact"),
    ("info_session", "Information session"),
    ("immersion", "Immersion"),
    ("training", "Training"),
    ("job_offer", "Job offer"),
    ("hired", "Hired"),
    ("follow_3m", "Follow-up at 3 months"),
    ("follow_6m", "Follow-up at 6 months"),
]


class ParcoursPathwayStage(models.Model):
    """A step of the way to a job. The code ties a stage to what the suite records
    (an attendance at an information session, a hire…); the sequence orders them, and a
    pathway only moves forward along it."""

    _name = "parcours.pathway.stage"
    _description = "Pathway stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(STAGE_CODES, required=True)
    fold = fields.Boolean(string="Folded in kanban")
    reminder_days = fields.Integer(
        string="Reminder after (days)",
        default=14,
        help="Days after a pathway enters this stage when its referent gets an activity to "
        "check on the person. 0: no reminder.",
    )
    description = fields.Text(translate=True)

    _code_unique = models.Constraint("UNIQUE(code)", "There is already a stage with this code.")
    _reminder_days_positive = models.Constraint(
        "CHECK(reminder_days >= 0)", "The reminder delay of a stage cannot be negative."
    )

    @api.model
    def _get_by_code(self, code):
        """The stage of ``code`` (superuser: stages are configuration every caller may use)."""
        stage = self.sudo().search([("code", "=", code)], limit=1)
        if not stage:
            raise ValueError(f"No pathway stage with code {code!r}")
        return stage.with_env(self.env)
