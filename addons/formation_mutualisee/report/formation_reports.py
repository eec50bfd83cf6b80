from odoo import api, models
from odoo.exceptions import AccessError


class _FormationReportMixin(models.AbstractModel):
    _name = "formation.report.mixin"
    _description = "Rendering values of a training document"
    _report_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._report_model].browse(docids)
        # Whoever may read the record gets the whole document (attendees' names included):
        # reading it is what allows printing it.
        docs.check_access("read")
        return {"doc_ids": docs.ids, "doc_model": self._report_model, "docs": docs.sudo(), "data": data}


class ReportSignInSheet(models.AbstractModel):
    _name = "report.formation_mutualisee.report_sign_in_sheet"
    _inherit = "formation.report.mixin"
    _description = "Training sign-in sheet"
    _report_model = "event.event"

    @api.model
    def _get_report_values(self, docids, data=None):
        # Every attendee of every member is on the sheet: for the session's trainers and the
        # training managers only, not for the members who may read the session.
        sessions = self.env["event.event"].browse(docids)
        if not sessions._is_training_manager() and any(self.env.user not in s.sudo().trainer_ids for s in sessions):
            raise AccessError(
                self.env._("Only the trainers of the session and the training managers print its sign-in sheet.")
            )
        return super()._get_report_values(docids, data=data)


class ReportCertificate(models.AbstractModel):
    _name = "report.formation_mutualisee.report_certificate"
    _inherit = "formation.report.mixin"
    _description = "Training certificate of completion"
    _report_model = "event.registration"


class ReportCostStatement(models.AbstractModel):
    _name = "report.formation_mutualisee.report_cost_statement"
    _inherit = "formation.report.mixin"
    _description = "Member's statement of training costs"
    _report_model = "formation.cost.statement"
