from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

PERSON_CATEGORIES = [
    ("lent_employee", "Employee of a member, willing to help another structure"),
    ("part_time", "Part-time employee"),
    ("student", "Student"),
    ("retiree", "Retiree"),
    ("jobseeker", "Jobseeker"),
    ("career_change", "Career changer"),
    ("civic_service", "Young person in civic service"),
    ("volunteer", "Volunteer"),
    ("public_agent", "Public agent"),
]
PERSON_STATES = [
    ("draft", "Draft"),
    ("to_validate", "To validate"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("archived", "Archived"),
]
# Which states each transition starts from.
PERSON_TRANSITIONS = {
    "to_validate": ("draft", "archived"),
    "active": ("to_validate", "paused"),
    "paused": ("active",),
    "archived": ("draft", "to_validate", "active", "paused"),
    "draft": ("to_validate",),
}
COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
# Fields that only change through the workflow methods (or by a coordinator): a person who
# may write their own profile must not validate it or give their employer's agreement.
WORKFLOW_FIELDS = {
    "state",
    "is_self_paused",
    "validated_by_id",
    "validated_date",
    "employer_agreement",
    "employer_agreement_user_id",
    "employer_agreement_date",
}


class ReservePerson(models.Model):
    """A person of the reserve: one profile per person, whatever their category.

    The CV library (cvtheque) extends this same record with CVs and documents.
    """

    _name = "reserve.person"
    _description = "Reservist"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "reserve.write.guard"]
    _order = "name, id"
    _rec_names_search = ["name", "email"]
    # What the person changes on their own profile (portal form or API). The contact, the
    # user, the employer (it opens the profile to that employer's managers), the e-mail,
    # consent, confirmation dates and states go through their methods; name and phone
    # through the portal's profile method, on the contact.
    _portal_write_fields = frozenset(
        {
            "category",
            "school_name",
            "study_year",
            "internship_constraints",
            "administration",
            "commune_id",
            "radius_km",
            "has_vehicle",
            "has_driving_licence",
            "preferred_sector_ids",
            "preferred_category_ids",
            "shift_day",
            "shift_night",
            "shift_weekend",
            "contract_type_ids",
            "min_notice_hours",
            "job_line_ids",
            "max_hours_week",
        }
    )
    # A member manager answers for the employer through the agreement buttons only.
    _manager_write_fields = frozenset()

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="restrict",
        index=True,
        copy=False,
    )
    name = fields.Char(
        related="partner_id.name",
        store=True,
        readonly=False,
        required=True,
        tracking=True,
        precompute=True,
    )
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    user_id = fields.Many2one("res.users", string="Portal user", index=True, copy=False, ondelete="set null")
    category = fields.Selection(PERSON_CATEGORIES, required=True, tracking=True)
    state = fields.Selection(
        PERSON_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    state_reason = fields.Char(
        string="Reason", tracking=True, copy=False, help="Why the profile was paused, archived or sent back."
    )
    is_self_paused = fields.Boolean(
        string="Paused by the person",
        readonly=True,
        copy=False,
        help="The person paused their own profile, so they may resume it. A pause decided by a "
        "coordinator or caused by the employer's refusal is lifted by a coordinator only.",
    )
    validated_by_id = fields.Many2one("res.users", string="Validated by", readonly=True, copy=False)
    validated_date = fields.Datetime(string="Validated on", readonly=True, copy=False)
    coordinator_id = fields.Many2one(
        "res.users",
        string="Follow-up coordinator",
        index=True,
        tracking=True,
        domain=lambda self: [("group_ids", "in", self.env.ref(COORDINATOR_GROUP).id)],
        help="The coordinator who follows this person: validation and expiry activities go to them.",
    )

    # What each category needs
    employer_id = fields.Many2one(
        "res.partner",
        index=True,
        domain=[("member_state", "=", "member")],
        help="The member establishment that employs a lent employee.",
    )
    employer_agreement = fields.Selection(
        [("pending", "Pending"), ("agreed", "Agreed"), ("refused", "Refused")],
        string="Employer's agreement",
        tracking=True,
        copy=False,
    )
    employer_agreement_user_id = fields.Many2one("res.users", string="Agreed by", readonly=True, copy=False)
    employer_agreement_date = fields.Datetime(string="Agreed on", readonly=True, copy=False)
    school_name = fields.Char(string="School", help="e.g. IFSI de Saint-Lô, IFAS, IRTS.")
    study_year = fields.Integer(string="Year of study")
    internship_constraints = fields.Text(help="Internship periods and exams during which the student is not available.")
    host_structure_id = fields.Many2one("res.partner", string="Host structure", help="Civic service host structure.")
    administration = fields.Char(help="The public agent's administration.")

    # Where and how
    commune_id = fields.Many2one("reserve.commune", index=True)
    radius_km = fields.Integer(string="Accepted radius (km)", default=20)
    has_vehicle = fields.Boolean(string="Has a vehicle")
    has_driving_licence = fields.Boolean(string="Has a driving licence")
    preferred_sector_ids = fields.Many2many("reserve.sector", string="Preferred sectors")
    preferred_category_ids = fields.Many2many("reserve.finess.category", string="Preferred establishment categories")
    shift_day = fields.Boolean(string="Day shifts", default=True)
    shift_night = fields.Boolean(string="Night shifts")
    shift_weekend = fields.Boolean(string="Weekend shifts")
    contract_type_ids = fields.Many2many("reserve.contract.type", string="Accepted contract types")
    min_notice_hours = fields.Integer(string="Minimum notice (hours)", default=0)

    # Skills
    job_line_ids = fields.One2many("reserve.person.job", "person_id", string="Jobs")
    job_ids = fields.Many2many("reserve.job", compute="_compute_job_ids", search="_search_job_ids", string="Jobs held")
    qualification_line_ids = fields.One2many("reserve.person.qualification", "person_id", string="Qualifications")
    check_line_ids = fields.One2many("reserve.person.check", "person_id", string="Eligibility checks")

    # Consent (RGPD)
    consent_date = fields.Datetime(string="Consent given on", readonly=True, copy=False)
    consent_text = fields.Text(
        string="Consent text", readonly=True, copy=False, help="The exact text the person agreed to."
    )

    _partner_unique = models.UniqueIndex("(partner_id)", "This contact already has a reservist profile.")
    _radius_positive = models.Constraint("CHECK(radius_km >= 0)", "The accepted radius cannot be negative.")

    @api.depends("job_line_ids.job_id")
    def _compute_job_ids(self):
        for person in self:
            person.job_ids = person.job_line_ids.job_id

    def _search_job_ids(self, operator, value):
        return [("job_line_ids.job_id", operator, value)]

    def _compute_access_url(self):
        for person in self:
            person.access_url = "/my/reserve"

    @api.constrains("category", "employer_id")
    def _check_lent_employee_employer(self):
        for person in self:
            if person.category == "lent_employee" and not person.employer_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s is an employee lent by a member: "
                        "choose the member establishment that employs them.",
                        person=person.display_name,
                    )
                )

    @api.constrains("study_year")
    def _check_study_year(self):
        for person in self:
            if person.study_year and not 1 <= person.study_year <= 8:
                raise ValidationError(self.env._("The year of study must be between 1 and 8."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_workflow_allowed():
            for vals in vals_list:
                if (
                    vals.get("state", "draft") != "draft"
                    or any(vals.get(fname) for fname in WORKFLOW_FIELDS - {"state", "employer_agreement"})
                    or vals.get("employer_agreement") not in (None, False, "pending")
                ):
                    raise AccessError(
                        self.env._("A new profile starts as a draft: only a coordinator can create it validated.")
                    )
        for vals in vals_list:
            if (
                vals.get("category") == "lent_employee"
                and vals.get("employer_id")
                and not vals.get("employer_agreement")
            ):
                vals["employer_agreement"] = "pending"
        return super().create(vals_list)

    def write(self, vals):
        if WORKFLOW_FIELDS.intersection(vals) and not self._is_workflow_allowed():
            raise AccessError(
                self.env._(
                    "The state of a profile and the employer's agreement change through their buttons "
                    "(submit, validate, pause, agree…), not by editing the profile."
                )
            )
        if vals.get("category") == "lent_employee" or vals.get("employer_id"):
            # A new employer, or a person who becomes a lent employee: that employer agrees anew.
            result = super().write(vals)
            changed = self.filtered(
                lambda p: (
                    p.category == "lent_employee"
                    and p.employer_id
                    and ("employer_id" in vals or not p.employer_agreement)
                )
            )
            if changed and "employer_agreement" not in vals:
                changed.sudo().write(
                    {
                        "employer_agreement": "pending",
                        "employer_agreement_user_id": False,
                        "employer_agreement_date": False,
                    }
                )
            return result
        return super().write(vals)

    def _is_workflow_allowed(self):
        """Whether the workflow fields may be written directly: by a coordinator, or in sudo
        (the workflow methods check access, then write in sudo; a context key would be
        forgeable over RPC)."""
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _write_workflow(self, values):
        """Write workflow fields once the caller's right to change these profiles is checked."""
        self.check_access("write")
        return self.sudo().write(values)

    # ------------------------------------------------------------------ state machine

    def _set_state(self, new_state, reason=None, allowed_from=None, **extra):
        """Move the profiles to ``new_state``, from one of ``allowed_from`` (by default, every
        state PERSON_TRANSITIONS allows), and record the reason when one is given."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        allowed_from = allowed_from or PERSON_TRANSITIONS[new_state]
        for person in self:
            if person.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "The profile of %(person)s cannot go from “%(old)s” to “%(new)s”.",
                        person=person.display_name,
                        old=labels[person.state],
                        new=labels[new_state],
                    )
                )
        # Any transition ends a pause; only action_pause says who paused.
        values = {"state": new_state, "is_self_paused": False, **extra}
        if reason is not None:
            values["state_reason"] = reason
        self._write_workflow(values)
        return True

    def _check_complete(self):
        """What a profile needs before it goes to validation."""
        for person in self:
            missing = []
            if not person.consent_date:
                missing.append(self.env._("the consent to the processing of personal data"))
            if not person.commune_id:
                missing.append(self.env._("a commune"))
            if not person.job_line_ids:
                missing.append(self.env._("at least one job"))
            if not person.email and not person.phone:
                missing.append(self.env._("an e-mail address or a phone number"))
            if missing:
                raise UserError(
                    self.env._(
                        "The profile of %(person)s is not complete: add %(missing)s.",
                        person=person.display_name,
                        missing=", ".join(missing),
                    )
                )

    def _check_category_requirements(self):
        """What each category needs before a coordinator validates the profile."""
        for person in self:
            missing = []
            if person.category == "lent_employee" and person.employer_agreement != "agreed":
                raise UserError(
                    self.env._(
                        "%(person)s is lent by %(employer)s: a manager of that establishment must agree "
                        "before the profile is validated.",
                        person=person.display_name,
                        employer=person.employer_id.display_name,
                    )
                )
            if person.category == "student":
                if not person.school_name:
                    missing.append(self.env._("the school"))
                if not person.study_year:
                    missing.append(self.env._("the year of study"))
            elif person.category == "civic_service" and not person.host_structure_id:
                missing.append(self.env._("the civic service host structure"))
            elif person.category == "public_agent" and not person.administration:
                missing.append(self.env._("the administration"))
            if missing:
                raise UserError(
                    self.env._(
                        "Before validating the profile of %(person)s, add %(missing)s.",
                        person=person.display_name,
                        missing=", ".join(missing),
                    )
                )

    def action_submit(self):
        """The person (or a coordinator) sends a complete profile for validation."""
        self._check_complete()
        self._set_state("to_validate", reason=False)
        for person in self.filtered("coordinator_id"):
            # The person submits from the portal, where they cannot create activities.
            person.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=person.coordinator_id.id,
                summary=self.env._("Validate the profile"),
            )
        return True

    def action_validate(self):
        self._check_coordinator()
        self._check_complete()
        self._check_category_requirements()
        self._set_state(
            "active",
            reason=False,
            allowed_from=("to_validate",),
            validated_by_id=self.env.uid,
            validated_date=fields.Datetime.now(),
        )
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Profile validated"))
        return True

    def action_send_back(self, reason):
        """A coordinator sends an incomplete profile back to the person, saying why."""
        self._check_coordinator()
        if not reason:
            raise UserError(self.env._("Say why the profile is sent back, so that the person can complete it."))
        self._set_state("draft", reason=reason)
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_pause(self, reason=None):
        """Pause the profiles: by the person themselves (who may then resume), or by a coordinator."""
        self._check_own_or_coordinator()
        by_self = not self._is_workflow_allowed()
        return self._set_state(
            "paused", reason=reason or self.env._("Paused by the person"), is_self_paused=by_self
        )

    def action_resume(self):
        """A paused profile becomes active again; it never skips validation.

        A person resumes only a pause of their own (or one caused by their availability not
        being confirmed, which confirming it also lifts); the others are a coordinator's.
        """
        self._check_own_or_coordinator()
        if not self._is_workflow_allowed():
            locked = self.filtered(lambda p: p.state == "paused" and not (p.is_self_paused or p.is_stale_paused))
            if locked:
                raise UserError(
                    self.env._(
                        "Your profile was paused by the association (%(reason)s). "
                        "Contact your coordinator to make it active again.",
                        reason=locked[0].state_reason or self.env._("no reason given"),
                    )
                )
        return self._set_state("active", reason=False, allowed_from=("paused",))

    def _check_own_or_coordinator(self):
        """Raise unless the current user is each profile's person, or a coordinator (or sudo)."""
        if self._is_workflow_allowed():
            return
        if any(person.user_id != self.env.user for person in self):
            raise AccessError(
                self.env._("Only the person themselves, or a coordinator, can do this on a reservist's profile.")
            )

    def action_archive_profile(self, reason=None):
        return self._set_state("archived", reason=reason or self.env._("Archived"))

    def action_reopen(self):
        """An archived profile comes back through validation."""
        self._check_complete()
        return self._set_state("to_validate", reason=False, allowed_from=("archived",))

    def _check_coordinator(self):
        if not self._is_workflow_allowed():
            raise UserError(self.env._("Only the association's coordinators can validate or send back a profile."))

    def _check_employer_manager(self):
        """Only a manager of the employing member (or a coordinator) answers for the employer."""
        if self._is_workflow_allowed():
            return
        for person in self:
            # The managers of a member are part of the public member register.
            if self.env.user not in person.employer_id.sudo().member_manager_ids:
                raise AccessError(
                    self.env._(
                        "Only a manager of %(employer)s can answer for the employer of %(person)s.",
                        employer=person.employer_id.display_name or self.env._("the employer"),
                        person=person.display_name,
                    )
                )

    def _set_employer_agreement(self, answer):
        """Record the employer's answer (agreed or refused), given by the current user."""
        self._check_employer_manager()
        return self._write_workflow(
            {
                "employer_agreement": answer,
                "employer_agreement_user_id": self.env.uid,
                "employer_agreement_date": fields.Datetime.now(),
            }
        )

    def action_employer_agree(self):
        """The manager of the employing member agrees to lend this employee."""
        for person in self:
            if person.category != "lent_employee":
                raise UserError(self.env._("Only a lent employee needs their employer's agreement."))
        return self._set_employer_agreement("agreed")

    def action_employer_refuse(self):
        """The employer does not lend this employee (any more): an active profile is paused."""
        self._set_employer_agreement("refused")
        self.filtered(lambda p: p.state == "active")._set_state(
            "paused",
            reason=self.env._("The employer does not agree to lend this employee"),
        )
        return True
