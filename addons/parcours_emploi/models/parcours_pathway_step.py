from odoo import api, fields, models


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
    def _origin_models(self):
        """The models a step may come from (those installed are offered): an addon that
        records steps from its own records adds its model with ``super()``."""
        return ["event.registration", "event.event", "hr.applicant", "survey.user_input", "parcours.pathway"]

    @api.model
    def _selection_origin_ref(self):
        # Labelled with the models' own (translated) names.
        wanted = self._origin_models()
        models_ = self.env["ir.model"].sudo().search([("model", "in", wanted)])
        names = {model.model: model.name for model in models_}
        return [(model, names[model]) for model in wanted if model in names]
