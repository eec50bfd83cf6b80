from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

# How many days before its end a person is told that a qualification or a check expires.
EXPIRY_NOTICE_DAYS = 30
CRON_BATCH_SIZE = 200


class ReservePersonQualification(models.Model):
    """A qualification a person holds, with its proof and its verification."""

    _name = "reserve.person.qualification"
    _description = "Reservist's qualification"
    _inherit = ["reserve.verification.mixin", "mail.thread"]
    _order = "state, date_end, id"
    _verified_content_fields = ("qualification_id", "date_obtained", "date_end", "attachment_ids")
    _line_type_field = "qualification_id"
    _line_start_field = "date_obtained"
    # The person declares a qualification on their own profile; its proofs are attached,
    # its end date computed and its verification sent back through the portal's methods.
    _portal_create_fields = frozenset({"person_id", "qualification_id", "date_obtained"})
    _portal_write_fields = frozenset({"date_obtained"})

    qualification_id = fields.Many2one("reserve.qualification", required=True, ondelete="restrict", index=True)
    kind = fields.Selection(related="qualification_id.kind")
    date_obtained = fields.Date(string="Obtained on")
    date_end = fields.Date(help="From the qualification's validity when it has one.")
    attachment_count = fields.Integer(compute="_compute_attachment_count", string="Documents")

    # "Verified and valid on the shift dates", for each candidate and required qualification
    # of the matching (tools/matching_sql.py).
    _matching_idx = models.Index("(person_id, qualification_id, state, date_end)")

    @api.depends("attachment_ids")
    def _compute_attachment_count(self):
        for line in self:
            line.attachment_count = len(line.attachment_ids)

    @api.constrains("date_obtained", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_obtained and line.date_end and line.date_end < line.date_obtained:
                raise ValidationError(self.env._("A qualification cannot end before it was obtained."))

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_qualification_expiry(self, today=None, batch_size=CRON_BATCH_SIZE):
        """Daily: verified qualifications and checks past their end date expire; people whose
        qualifications or checks end within EXPIRY_NOTICE_DAYS days get one e-mail."""
        today = today or fields.Date.context_today(self)
        IrCron = self.env["ir.cron"]
        line_models = (self.env["reserve.person.qualification"], self.env["reserve.person.check"])
        expired_domain = Domain([("state", "=", "verified"), ("date_end", "!=", False), ("date_end", "<", today)])
        notice_domain = Domain(
            [
                ("state", "=", "verified"),
                ("is_expiry_notified", "=", False),
                ("date_end", ">=", today),
                ("date_end", "<=", today + timedelta(days=EXPIRY_NOTICE_DAYS)),
                ("person_id.state", "in", ("to_validate", "active", "paused")),
            ]
        )
        IrCron._commit_progress(
            remaining=sum(Line.search_count(expired_domain) + Line.search_count(notice_domain) for Line in line_models)
        )
        for Line in line_models:
            while lines := Line.search(expired_domain, limit=batch_size, order="id"):
                lines._expire()
                if not IrCron._commit_progress(len(lines)):
                    return
        template = self.env.ref("reserve_medicosociale.mail_template_qualification_expiring")
        while True:
            lines_by_model = [
                Line.search(notice_domain, limit=batch_size, order="person_id, id") for Line in line_models
            ]
            if not any(lines_by_model):
                break
            persons = self.env["reserve.person"].union(*(lines.person_id for lines in lines_by_model))
            for person in persons:
                person_lines = [lines.filtered(lambda line, p=person: line.person_id == p) for lines in lines_by_model]
                expiring = [
                    {"name": line._line_label(), "date_end": line.date_end}
                    for lines in person_lines
                    for line in lines.sorted("date_end")
                ]
                template.with_context(expiring_lines=expiring).send_mail(person.id)
            for lines in lines_by_model:
                lines.sudo().write({"is_expiry_notified": True})
            if not IrCron._commit_progress(sum(len(lines) for lines in lines_by_model)):
                return
