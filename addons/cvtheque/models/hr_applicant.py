import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from odoo.addons.reserve_medicosociale.models.reserve_write_guard import COORDINATOR_GROUP, MEMBER_MANAGER_GROUP


class HrApplicant(models.Model):
    """An application to a member's offer, worked in Odoo's pipeline by the establishment."""

    _inherit = "hr.applicant"

    cv_id = fields.Many2one("cvtheque.cv", string="CV", index="btree_not_null", ondelete="set null", readonly=True)
    establishment_id = fields.Many2one(
        "res.partner", related="job_id.establishment_id", store=True, index="btree_not_null", string="Establishment"
    )
    # The title only (as in the search results): the CV's content is read on the CV, logged.
    cv_name = fields.Char(related="cv_id.name", string="CV title")

    @api.constrains("talent_pool_ids", "job_id", "cv_id")
    def _check_cvtheque_pool(self):
        for applicant in self:
            if not applicant.talent_pool_ids.filtered("is_cvtheque_pool"):
                continue
            if applicant.job_id or not applicant.cv_id or not applicant.cv_id.sudo()._is_shared_with_members():
                raise ValidationError(
                    self.env._(
                        "The pool “%(pool)s” fills itself with the CVs their persons share with the member "
                        "establishments: a person joins it by sharing their CV, not by hand.",
                        pool=applicant.talent_pool_ids.filtered("is_cvtheque_pool")[:1].name,
                    )
                )

    def _is_member_manager_only(self):
        user = self.env.user
        return (
            not self.env.su
            and user.has_group(MEMBER_MANAGER_GROUP)
            and not user.has_group(COORDINATOR_GROUP)
            and not user.has_group("hr_recruitment.group_hr_recruitment_user")
        )

    def _check_partner_readable(self, vals):
        """A member manager links an application only to a contact they already read: the
        contact of an application to their offers becomes readable to them
        (security/cvtheque_security.xml), which must not open anyone's contact."""
        if vals.get("partner_id") and self._is_member_manager_only():
            self.env["res.partner"].browse(vals["partner_id"]).check_access("read")

    def _check_cv_link(self, vals):
        """The link to a CV is made by the application and the pool's own code: written by
        anyone else, it would show a CV's talent or title to whoever reads the application."""
        if "cv_id" in vals and not self.env.su and not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._("The CV of an application is set when the candidate applies."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_partner_readable(vals)
            self._check_cv_link(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_partner_readable(vals)
        self._check_cv_link(vals)
        result = super().write(vals)
        if self._is_member_manager_only() and self:
            # The rules were checked on the applications as they were: they must still hold
            # (no moving an application into another establishment's pipeline).
            self.check_access("write")
        return result

    @api.model
    def _cvtheque_apply(self, job, cv, message=""):
        """Apply ``cv``'s person to the published offer ``job`` (superuser: the caller checked
        that the CV is the visitor's own). The CV's documents go with the application.

        :return: the new hr.applicant
        """
        job = job.sudo()
        cv = cv.sudo()
        if job.offer_state != "open":
            raise UserError(self.env._("This offer is no longer open to applications."))
        if self.sudo().search_count([("job_id", "=", job.id), ("partner_id", "=", cv.partner_id.id)]):
            raise UserError(self.env._("You have already applied to this offer: follow it from your space."))
        applicant = self.sudo().create(
            {
                "partner_id": cv.partner_id.id,
                "partner_name": cv.partner_id.name,
                "email_from": cv.partner_id.email,
                "partner_phone": cv.partner_id.phone,
                "job_id": job.id,
                "cv_id": cv.id,
                "availability": cv.available_date,
                "applicant_notes": plaintext2html(message) if message else False,
            }
        )
        attachments = [
            {
                "name": document.name,
                "datas": base64.b64encode(document._get_attachment().raw or b""),
                "res_model": "hr.applicant",
                "res_id": applicant.id,
                "mimetype": document.mimetype,
            }
            for document in cv.document_ids
        ]
        if attachments:
            self.env["ir.attachment"].sudo().create(attachments)
        applicant.message_post(
            body=self.env._("Application sent from the job offers page with the CV “%(cv)s”.", cv=cv.name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return applicant

    def action_open_cv(self):
        """Open the CV of this talent or application (its reading by a member is logged)."""
        self.ensure_one()
        self.cv_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "cvtheque.cv",
            "res_id": self.cv_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _portal_status(self):
        """The word the candidate reads for this application on their space."""
        self.ensure_one()
        if self.application_status == "refused":
            return self.env._("Not retained")
        if self.application_status == "hired":
            return self.env._("Hired")
        return self.stage_id.name or self.env._("Received")
