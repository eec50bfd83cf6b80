from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.event_type import APPLICATION_KINDS


class ParcoursApplicationCreate(models.TransientModel):
    """From an immersion, a job dating or a virtual day to a job: an application of the
    person on an open offer (CVthèque) of an establishment they met, on their pathway."""

    _name = "parcours.application.create"
    _description = "Create an application from a pathway event"

    registration_id = fields.Many2one("event.registration", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="registration_id.partner_id", string="Person")
    event_id = fields.Many2one(related="registration_id.event_id", string="Event")
    allowed_establishment_ids = fields.Many2many("res.partner", compute="_compute_allowed_establishment_ids")
    establishment_id = fields.Many2one(
        "res.partner",
        compute="_compute_establishment_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_establishment_ids)]",
    )
    job_id = fields.Many2one(
        "hr.job",
        string="Job offer",
        required=True,
        domain="[('establishment_id', '=', establishment_id), ('offer_state', '=', 'open')]",
    )
    note = fields.Text(string="Note for the recruiters")

    @api.depends("registration_id")
    def _compute_allowed_establishment_ids(self):
        for wizard in self:
            wizard.allowed_establishment_ids = wizard.registration_id._parcours_met_establishments()

    @api.depends("registration_id")
    def _compute_establishment_id(self):
        for wizard in self:
            met = wizard.registration_id._parcours_met_establishments()
            default = self.env["res.partner"].browse(self.env.context.get("default_establishment_id"))
            if default and default in met:
                wizard.establishment_id = default
            elif len(met) == 1 or wizard.registration_id.sudo().parcours_establishment_id in met:
                wizard.establishment_id = wizard.registration_id.sudo().parcours_establishment_id or met
            else:
                wizard.establishment_id = False

    def action_create(self):
        self.ensure_one()
        registration = self.registration_id.sudo()
        establishment = self.establishment_id.sudo()
        job = self.job_id.sudo()
        if not establishment:
            raise UserError(self.env._("Choose the establishment the person met."))
        staff = self.env["event.event"]._is_parcours_staff()
        if not staff and self.env.user not in establishment.member_manager_ids:
            raise AccessError(
                self.env._("You can only make applications on the offers of an establishment you manage.")
            )
        if registration.parcours_kind not in APPLICATION_KINDS or registration.state not in ("open", "done"):
            raise UserError(
                self.env._(
                    "Only a registration for an immersion, a job dating or a virtual day leads to an application."
                )
            )
        if establishment not in registration._parcours_met_establishments():
            raise UserError(
                self.env._(
                    "%(person)s did not meet %(establishment)s at this event.",
                    person=registration.partner_id.name,
                    establishment=establishment.name,
                )
            )
        if job.establishment_id != establishment or job.offer_state != "open":
            raise UserError(
                self.env._("Choose a published offer of %(establishment)s.", establishment=establishment.name)
            )
        applicant = registration._parcours_apply(job, self.note)
        if self.env["hr.applicant"].browse(applicant.id).has_access("read"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "hr.applicant",
                "res_id": applicant.id,
                "view_mode": "form",
            }
        return {"type": "ir.actions.act_window_close"}
