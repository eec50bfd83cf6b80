from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

NEED_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("partly_filled", "Partly filled"),
    ("filled", "Filled"),
    ("expired", "Out of date"),
    ("cancelled", "Cancelled"),
]
URGENCIES = [("today", "Today"), ("week", "This week"), ("planned", "Planned")]


class ReserveNeed(models.Model):
    """A reinforcement need (besoin de renfort) posted by a member establishment."""

    _name = "reserve.need"
    _description = "Reinforcement need"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "reserve.write.guard"]
    _order = "date_start, id desc"
    # A member manager posts and edits the needs of the establishments they manage: the
    # establishment is chosen once (the rules check it), the reference and the state are
    # the need's own.
    _manager_write_fields = frozenset(
        {
            "job_id",
            "qualification_ids",
            "wished_qualification_ids",
            "headcount",
            "shift_ids",
            "urgency",
            "contract_type_ids",
            "radius_km",
            "notes",
        }
    )
    _manager_create_fields = _manager_write_fields | {"establishment_id"}
    _write_guard_assigned_fields = frozenset({"name"})

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index=True)
    establishment_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("member_state", "=", "member")],
    )
    job_id = fields.Many2one("reserve.job", required=True, index=True, tracking=True)
    qualification_ids = fields.Many2many(
        "reserve.qualification",
        "reserve_need_qualification_rel",
        "need_id",
        "qualification_id",
        string="Required qualifications",
        help="The person must hold every one of them, verified.",
    )
    wished_qualification_ids = fields.Many2many(
        "reserve.qualification",
        "reserve_need_wished_qualification_rel",
        "need_id",
        "qualification_id",
        string="Wished qualifications",
        help="Not required; they raise the person's score.",
    )
    headcount = fields.Integer(default=1, required=True, tracking=True, help="How many people are needed.")
    shift_ids = fields.One2many("reserve.need.shift", "need_id", string="Shifts", copy=True)
    date_start = fields.Datetime(compute="_compute_dates", store=True, index=True, string="First shift starts")
    date_stop = fields.Datetime(compute="_compute_dates", store=True, string="Last shift ends")
    urgency = fields.Selection(URGENCIES, required=True, default="week", tracking=True)
    contract_type_ids = fields.Many2many("reserve.contract.type", string="Accepted contract types", required=True)
    radius_km = fields.Integer(string="Search radius (km)", default=30)
    notes = fields.Text()
    state = fields.Selection(NEED_STATES, default="draft", required=True, tracking=True, index=True, copy=False)

    @api.depends("shift_ids.start", "shift_ids.stop")
    def _compute_dates(self):
        for need in self:
            need.date_start = min(need.shift_ids.mapped("start"), default=False)
            need.date_stop = max(need.shift_ids.mapped("stop"), default=False)

    def _compute_access_url(self):
        for need in self:
            need.access_url = f"/my/needs/{need.id}"

    @api.constrains("headcount", "radius_km")
    def _check_numbers(self):
        for need in self:
            if need.headcount < 1:
                raise ValidationError(self.env._("A need asks for one person at least."))
            if need.radius_km < 0:
                raise ValidationError(self.env._("The search radius cannot be negative."))

    @api.constrains("contract_type_ids")
    def _check_volunteering_alone(self):
        """Volunteers never replace paid staff: a need for paid work cannot be filled by volunteering."""
        for need in self:
            paid = need.contract_type_ids.filtered("is_paid")
            if paid and len(paid) != len(need.contract_type_ids) and need.job_id.is_care:
                raise ValidationError(
                    self.env._(
                        "A care job cannot be offered as volunteering: volunteers never replace paid staff. "
                        "Remove volunteering from the accepted contract types."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self._write_guard_role()
        for vals in vals_list:
            if vals.get("name", "/") == "/" or guarded:
                vals["name"] = self.env["ir.sequence"].next_by_code("reserve.need") or "/"
        return super().create(vals_list)

    def action_open(self):
        """Publish the need: the matching and the proposals can start."""
        now = fields.Datetime.now()
        for need in self:
            if need.state != "draft":
                raise UserError(self.env._("Only a draft need can be opened."))
            if not need.shift_ids:
                raise UserError(self.env._("Add at least one shift (date, start and end) before opening the need."))
            if need.date_start <= now:
                raise UserError(
                    self.env._("The first shift of %(need)s has already started: correct its dates.", need=need.name)
                )
        return self._write_state("open")

    def action_cancel(self):
        if self.filtered(lambda n: n.state in ("filled", "expired", "cancelled")):
            raise UserError(self.env._("A filled, expired or cancelled need cannot be cancelled."))
        return self._write_state("cancelled")

    def action_reset_to_draft(self):
        if self.filtered(lambda n: n.state != "cancelled"):
            raise UserError(self.env._("Only a cancelled need can go back to draft."))
        return self._write_state("draft")

    def _write_state(self, state):
        """The buttons' state change: the user needs write access to the needs, then it is
        written (the state itself is not a field they may write)."""
        self.check_access("write")
        return self.sudo().write({"state": state})

    @api.model
    def _cron_expire_needs(self):
        needs = self._expire_started_needs()
        self.env["ir.cron"]._commit_progress(len(needs))

    @api.model
    def _expire_started_needs(self):
        """Needs still open when their first shift starts expire; the establishment is told."""
        needs = self.search([("state", "in", ("open", "partly_filled")), ("date_start", "<=", fields.Datetime.now())])
        needs.state = "expired"
        template = self.env.ref("reserve_medicosociale.mail_template_need_expired")
        for need in needs:
            need.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=need.establishment_id.ids
            )
        return needs
