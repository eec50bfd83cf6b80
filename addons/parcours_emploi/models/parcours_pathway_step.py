from odoo import api, fields, models

# Records a step may come from, when their addon is installed.
ORIGIN_MODELS = [
    ("event.registration", "Event registration"),
    ("event.event", "Event"),
    ("hr.applicant", "Application"),
    ("survey.user_input", "Survey answer"),
    ("parcours.pathway", "Pathway"),
]


class ParcoursPathwayStep(models.Model):
    """One step of a pathway's history: what happened, when, and what it came from."""

    _name = "parcours.pathway.step"
    _description = "Pathway step"
    _order = "date desc, id desc"

    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="pathway_id.partner_id", string="Person")
    stage_id = fields.Many2one("parcours.pathway.stage", required=True, ondelete="restrict", string="Step")
    stage_code = fields.Selection(related="stage_id.code", store=True, string="Step code")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    origin_ref = fields.Reference(selection="_selection_origin_ref", string="Source")
    origin = fields.Char(
        string="Source description", help="What the step came from (an event, an application, an interview…)."
    )
    note = fields.Text()
    user_id = fields.Many2one("res.users", string="Recorded by", default=lambda self: self.env.user, readonly=True)

    @api.model
    def _selection_origin_ref(self):
        return [(model, label) for model, label in ORIGIN_MODELS if model in self.env]
