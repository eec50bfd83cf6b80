from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.rpps import is_valid_rpps


class ReservePersonJob(models.Model):
    """A job a person can do, with their experience in it."""

    _name = "reserve.person.job"
    _description = "Reservist's job"
    _order = "years_experience desc, id"

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    job_id = fields.Many2one("reserve.job", required=True, ondelete="restrict", index=True)
    years_experience = fields.Integer(string="Years of experience")

    _person_job_unique = models.UniqueIndex("(person_id, job_id)", "This job is already on the profile.")
    _experience_positive = models.Constraint("CHECK(years_experience >= 0)", "Experience cannot be negative.")


class ReservePersonQualification(models.Model):
    """A qualification a person holds, with its proof and its verification."""

    _name = "reserve.person.qualification"
    _description = "Reservist's qualification"
    _inherit = ["mail.thread"]
    _order = "state, date_end, id"

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    qualification_id = fields.Many2one("reserve.qualification", required=True, ondelete="restrict", index=True)
    date_obtained = fields.Date(string="Obtained on")
    date_end = fields.Date(
        string="Valid until", compute="_compute_date_end", store=True, readonly=False, index=True,
        help="From the qualification's validity when it has one.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Proof documents")
    state = fields.Selection(
        [("to_verify", "To verify"), ("verified", "Verified"), ("expired", "Expired"), ("refused", "Refused")],
        default="to_verify", required=True, index=True, tracking=True, copy=False,
    )
    refuse_reason = fields.Char(tracking=True, copy=False)
    verified_by_id = fields.Many2one("res.users", string="Verified by", readonly=True, copy=False)
    verified_date = fields.Datetime(string="Verified on", readonly=True, copy=False)

    @api.depends("qualification_id.validity_months", "date_obtained")
    def _compute_date_end(self):
        for line in self:
            months = line.qualification_id.validity_months
            if months and line.date_obtained:
                line.date_end = line.date_obtained + relativedelta(months=months)

    @api.constrains("date_obtained", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_obtained and line.date_end and line.date_end < line.date_obtained:
                raise ValidationError(self.env._("A qualification cannot end before it was obtained."))

    def action_verify(self):
        self.env["reserve.person"]._check_coordinator()
        if self.filtered(lambda line: line.date_end and line.date_end < fields.Date.context_today(line)):
            raise UserError(self.env._("This qualification has expired: it cannot be verified."))
        return self.write({
            "state": "verified", "refuse_reason": False,
            "verified_by_id": self.env.uid, "verified_date": fields.Datetime.now(),
        })

    def action_refuse(self, reason):
        self.env["reserve.person"]._check_coordinator()
        if not reason:
            raise UserError(self.env._("Say why the qualification is refused, so that the person can correct it."))
        return self.write({"state": "refused", "refuse_reason": reason})


class ReservePersonCheck(models.Model):
    """An eligibility check of a person (RPPS, attestation d'honorabilité, vaccination)."""

    _name = "reserve.person.check"
    _description = "Reservist's eligibility check"
    _order = "date_end, id"

    person_id = fields.Many2one("reserve.person", required=True, ondelete="cascade", index=True)
    check_type_id = fields.Many2one("reserve.check.type", required=True, ondelete="restrict", index=True)
    number = fields.Char(help="The RPPS number, or the reference of the document.")
    date_done = fields.Date(string="Date")
    date_end = fields.Date(
        string="Valid until", compute="_compute_date_end", store=True, readonly=False, index=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Proof documents")
    state = fields.Selection(
        [("to_verify", "To verify"), ("verified", "Verified"), ("expired", "Expired"), ("refused", "Refused")],
        default="to_verify", required=True, index=True, copy=False,
    )

    _person_check_unique = models.UniqueIndex("(person_id, check_type_id)", "This check is already on the profile.")

    @api.depends("check_type_id.validity_months", "date_done")
    def _compute_date_end(self):
        for line in self:
            months = line.check_type_id.validity_months
            if months and line.date_done:
                line.date_end = line.date_done + relativedelta(months=months)

    @api.constrains("number", "check_type_id")
    def _check_number(self):
        for line in self:
            if line.check_type_id.number_format == "rpps" and not is_valid_rpps(line.number or ""):
                raise ValidationError(self.env._(
                    "The RPPS number “%(number)s” is not valid: it has 11 digits and ends with a check key. "
                    "Copy it from the professional card (CPS) or annuaire.sante.fr.",
                    number=line.number or "",
                ))
