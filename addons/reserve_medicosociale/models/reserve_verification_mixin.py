from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from .reserve_person import COORDINATOR_GROUP

LINE_STATES = [("to_verify", "To verify"), ("verified", "Verified"), ("expired", "Expired"), ("refused", "Refused")]
# Fields only a coordinator (or the expiry cron) changes.
VERIFICATION_FIELDS = {"state", "refuse_reason", "verified_by_id", "verified_date", "is_expiry_notified"}


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

    def action_verify(self):
        self.env["reserve.person"]._ensure_coordinator()
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
        self.env["reserve.person"]._ensure_coordinator()
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

    def _is_verifier(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

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
