from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..tools.rpps import is_valid_rpps
from .reserve_person import COORDINATOR_GROUP

LINE_STATES = [("to_verify", "To verify"), ("verified", "Verified"), ("expired", "Expired"), ("refused", "Refused")]
# Fields only a coordinator (or the expiry cron) changes.
VERIFICATION_FIELDS = {"state", "refuse_reason", "verified_by_id", "verified_date", "is_expiry_notified"}
# How many days before its end a person is told that a qualification or a check expires.
EXPIRY_NOTICE_DAYS = 30
CRON_BATCH_SIZE = 200


class ReservePersonJob(models.Model):
    """A job a person can do, with their experience in it."""

    _name = "reserve.person.job"
    _description = "Reservist's job"
    _inherit = ["reserve.write.guard"]
    _order = "years_experience desc, id"
    # The person adds their jobs to their own profile (the rules check the profile).
    _portal_create_fields = frozenset({"person_id", "job_id", "years_experience"})
    _portal_write_fields = frozenset({"job_id", "years_experience"})

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    job_id = fields.Many2one("reserve.job", required=True, ondelete="restrict", index=True)
    years_experience = fields.Integer(string="Years of experience")

    _person_job_unique = models.UniqueIndex("(person_id, job_id)", "This job is already on the profile.")
    _experience_positive = models.Constraint("CHECK(years_experience >= 0)", "Experience cannot be negative.")


class ReserveVerificationMixin(models.AbstractModel):
    """A line of a profile that a coordinator verifies and that may expire: a qualification
    or an eligibility check. The person adds it (to verify); a coordinator verifies or
    refuses it; the expiry cron marks it expired after its end date."""

    _name = "reserve.verification.mixin"
    _description = "Verified line of a reservist's profile"
    _inherit = ["reserve.write.guard"]

    # Fields the person may change; changing one on a verified line sends it back to verification.
    _verified_content_fields = ()
    # The line's type (a Many2one to a model with ``validity_months``) and the date its validity counts from.
    _line_type_field = None
    _line_start_field = None

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    date_end = fields.Date(
        string="Valid until",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        index=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Proof documents")

    state = fields.Selection(
        LINE_STATES,
        default="to_verify",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    refuse_reason = fields.Char(tracking=True, copy=False)
    verified_by_id = fields.Many2one("res.users", string="Verified by", readonly=True, copy=False)
    verified_date = fields.Datetime(string="Verified on", readonly=True, copy=False)
    is_expiry_notified = fields.Boolean(
        string="Expiry notice sent",
        compute="_compute_is_expiry_notified",
        store=True,
        readonly=True,
        copy=False,
        help="The person was told that it expires soon; a new end date resets it.",
    )
    is_expired = fields.Boolean(
        compute="_compute_is_expired",
        search="_search_is_expired",
        help="Past its end date, whether or not the expiry cron already ran.",
    )

    # The mixin itself has no line type: nothing to depend on there.
    @api.depends(
        lambda self: (
            (f"{self._line_type_field}.validity_months", self._line_start_field) if self._line_type_field else ()
        )
    )
    def _compute_date_end(self):
        for line in self:
            months = line[self._line_type_field].validity_months
            start = line[self._line_start_field]
            if months and start:
                line.date_end = start + relativedelta(months=months)

    @api.depends(lambda self: ("person_id", self._line_type_field) if self._line_type_field else ())
    def _compute_display_name(self):
        for line in self:
            label = line[self._line_type_field].display_name
            line.display_name = f"{label} – {line.person_id.name}" if line.person_id else label

    @api.depends("date_end")
    def _compute_is_expiry_notified(self):
        self.is_expiry_notified = False

    @api.depends("date_end", "state")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.is_expired = line.state == "expired" or bool(line.date_end and line.date_end < today)

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This search on expiry is not supported."))
        today = fields.Date.context_today(self)
        domain = Domain("state", "=", "expired") | Domain([("date_end", "!=", False), ("date_end", "<", today)])
        return domain if (operator == "=") == value else ~domain

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_verifier():
            for vals in vals_list:
                if vals.get("state", "to_verify") != "to_verify" or any(
                    vals.get(fname) for fname in VERIFICATION_FIELDS - {"state"}
                ):
                    raise AccessError(
                        self.env._("A new qualification or check waits for a coordinator's verification.")
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_verifier():
            guarded = VERIFICATION_FIELDS.intersection(vals)
            # The person may only send a refused line back to verification.
            if (
                guarded - {"state", "refuse_reason"}
                or vals.get("state", "to_verify") != "to_verify"
                or vals.get("refuse_reason")
            ):
                raise AccessError(
                    self.env._(
                        "Only the association's coordinators verify, refuse or expire qualifications and checks."
                    )
                )
            if set(self._verified_content_fields).intersection(vals):
                # New content needs a new verification.
                reverify = self.filtered(lambda line: line.state == "verified")
                if reverify:
                    super(ReserveVerificationMixin, reverify.sudo()).write(
                        {
                            "state": "to_verify",
                            "verified_by_id": False,
                            "verified_date": False,
                        }
                    )
        return super().write(vals)

    def _is_verifier(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def action_verify(self):
        self.env["reserve.person"]._check_coordinator()
        today = fields.Date.context_today(self)
        if self.filtered(lambda line: line.date_end and line.date_end < today):
            raise UserError(
                self.env._("This line has expired: it cannot be verified. Ask the person for a new document.")
            )
        return self.write(
            {
                "state": "verified",
                "refuse_reason": False,
                "verified_by_id": self.env.uid,
                "verified_date": fields.Datetime.now(),
            }
        )

    def action_refuse(self, reason):
        self.env["reserve.person"]._check_coordinator()
        if not reason:
            raise UserError(self.env._("Say why it is refused, so that the person can correct it."))
        return self.write(
            {"state": "refused", "refuse_reason": reason, "verified_by_id": False, "verified_date": False}
        )

    def action_open_refuse(self):
        """Ask the coordinator for the reason of the refusal."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reserve_medicosociale.reserve_person_state_reason_action"
        )
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
            "default_transition": "refuse",
        }
        return action

    def _line_label(self):
        """How the line is named to the person: the name of its qualification or check type."""
        self.ensure_one()
        return self[self._line_type_field].display_name

    def _expire(self):
        """Mark verified lines past their end date as expired, and tell each person's chatter."""
        self.sudo().write({"state": "expired"})
        for person, lines in self.grouped("person_id").items():
            person.message_post(
                body=self.env._(
                    "Expired on their end date: %(lines)s. The person is no longer eligible where they are required.",
                    lines=", ".join(lines.mapped(lambda line: line._line_label())),
                )
            )
            if person.coordinator_id:
                person.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=person.coordinator_id.id,
                    summary=self.env._("Ask for a renewed document"),
                )


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

    @api.depends("attachment_ids")
    def _compute_attachment_count(self):
        for line in self:
            line.attachment_count = len(line.attachment_ids)

    @api.constrains("date_obtained", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_obtained and line.date_end and line.date_end < line.date_obtained:
                raise ValidationError(self.env._("A qualification cannot end before it was obtained."))

    # ------------------------------------------------------------------ cron

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


class ReservePersonCheck(models.Model):
    """An eligibility check of a person (RPPS, attestation d'honorabilité, vaccination)."""

    _name = "reserve.person.check"
    _description = "Reservist's eligibility check"
    _inherit = ["reserve.verification.mixin", "mail.thread"]
    _order = "date_end, id"
    _verified_content_fields = ("check_type_id", "number", "date_done", "date_end", "attachment_ids")
    _line_type_field = "check_type_id"
    _line_start_field = "date_done"
    _portal_create_fields = frozenset({"person_id", "check_type_id", "number", "date_done"})
    _portal_write_fields = frozenset({"number", "date_done"})

    check_type_id = fields.Many2one("reserve.check.type", required=True, ondelete="restrict", index=True)
    number = fields.Char(help="The RPPS number, or the reference of the document.")
    date_done = fields.Date(string="Date")

    _person_check_unique = models.UniqueIndex("(person_id, check_type_id)", "This check is already on the profile.")

    @api.constrains("number", "check_type_id")
    def _check_number(self):
        for line in self:
            if line.check_type_id.number_format == "rpps" and not is_valid_rpps(line.number or ""):
                raise ValidationError(
                    self.env._(
                        "The RPPS number “%(number)s” is not valid: it has 11 digits and ends with a check key. "
                        "Copy it from the professional card (CPS) or annuaire.sante.fr.",
                        number=line.number or "",
                    )
                )
