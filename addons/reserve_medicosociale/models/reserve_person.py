import datetime
import io
import json
import logging
import re
import uuid
import zipfile
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, email_normalize, html2plaintext, single_email_re
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.auth_signup.models.res_partner import SignupError

from ..tools import matching_sql
from ..tools import phone as phone_tools
from ..tools.link_details import format_local_range
from ..tools.local_time import UTC, local_midnight, to_local
from ..tools.signed_link import check_link_token, link_token, queue_link_mails

_logger = logging.getLogger(__name__)

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
    "is_set_by_person",
    "validated_by_id",
    "validated_date",
    "employer_agreement",
    "employer_agreement_user_id",
    "employer_agreement_date",
}

# Freshness of the availability: the settings (res_config_settings.py) and their defaults.
REMINDER_DAYS_PARAM = "reserve_medicosociale.availability_reminder_days"
PAUSE_DAYS_PARAM = "reserve_medicosociale.availability_pause_days"
DEFAULT_REMINDER_DAYS = 30
DEFAULT_PAUSE_DAYS = 15
TOKEN_SCOPE = "reserve.person.availability_confirm"
CRON_BATCH_SIZE = 200

# Proof documents a person may upload: what a phone's camera or a scanner produces.
DOCUMENT_MIMETYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
DOCUMENT_MAX_SIZE = 10 * 1024 * 1024
PHONE_RE = re.compile(r"^\+?[0-9 ().\-]+$")

# The person's practical preferences, plain numbers and booleans shown as they are stored
# (profile form, export of personal data).
PORTAL_PREFERENCE_FIELDS = (
    "radius_km",
    "has_vehicle",
    "has_driving_licence",
    "shift_day",
    "shift_night",
    "shift_weekend",
    "min_notice_hours",
)
# The fields of reserve.person a person may change from the portal; everything else
# (state, validation, agreements, consent) changes through its own method.
PORTAL_PROFILE_FIELDS = {
    "name",
    "phone",
    "category",
    "employer_id",
    "school_name",
    "study_year",
    "internship_constraints",
    "administration",
    "commune_id",
    *PORTAL_PREFERENCE_FIELDS,
    "preferred_sector_ids",
    "contract_type_ids",
    "jobs",
}
PARTNER_PROFILE_FIELDS = ("name", "phone")

# Contact fields blanked on erasure (those of res.partner that can identify a person).
PARTNER_ERASED_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "function",
    "vat",
    "ref",
    "company_registry",
    "company_name",
    "barcode",
    "parent_id",
    "image_1920",
)
# Free text and identifying fields of the profile blanked on erasure.
PERSON_ERASED_FIELDS = (
    "state_reason",
    "school_name",
    "study_year",
    "internship_constraints",
    "administration",
    "commune_id",
    "employer_id",
    "employer_agreement",
    "employer_agreement_user_id",
    "employer_agreement_date",
    "host_structure_id",
    "consent_text",
    "consent_date",
    "email_confirmed_date",
)
# Tracked fields whose old values in the chatter would give the identity back.
PERSON_TRACKED_PERSONAL_FIELDS = ("name", "state_reason", "email", "phone")


class WeekMinutes(fields.Char):
    """A PostgreSQL ``int4multirange``, read and written in its text form, e.g.
    ``{[480,1080),[1920,2520)}``: stored natively so that the availability query tests
    it without parsing text for every person."""

    @property
    def _column_type(self):
        return ("int4multirange", "int4multirange")


class ReservePerson(models.Model):
    """A person of the reserve: one profile per person, whatever their category.

    The person registers and keeps their profile, documents, availability and own data
    from the portal; coordinators validate it; the matching reads it (availability and
    eligibility in ``tools/matching_sql.py``). The CV library (cvtheque) extends this same
    record with CVs and documents.
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
    # The channels of the proposals, chosen by the person on the portal: urgent needs go by
    # every channel chosen, the others by e-mail.
    notify_by_email = fields.Boolean(string="Proposals by e-mail", default=True, tracking=True)
    notify_by_sms = fields.Boolean(
        string="Urgent proposals by SMS",
        tracking=True,
        help="The person agreed to receive urgent proposals by SMS on their mobile; replying STOP stops them.",
    )
    sms_consent_date = fields.Datetime(string="SMS agreed on", readonly=True, copy=False)
    sms_stop_date = fields.Datetime(string="SMS stopped on", readonly=True, copy=False)
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
    is_set_by_person = fields.Boolean(
        string="Paused or archived by the person",
        readonly=True,
        copy=False,
        help="The person paused or archived their own profile, so they may resume or reopen it. A "
        "pause or an archive decided by a coordinator, or caused by the employer's refusal, is "
        "lifted by a coordinator only.",
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

    # Availability
    pattern_ids = fields.One2many("reserve.availability.pattern", "person_id", string="Weekly availability")
    slot_ids = fields.One2many("reserve.availability.slot", "person_id", string="Dated availability")
    availability_week = WeekMinutes(
        string="Usual week (technical)",
        compute="_compute_availability_week",
        store=True,
        help="The weekly pattern as a PostgreSQL int4multirange of minutes from Monday 00:00, "
        "Paris time, read by the availability query.",
    )
    max_hours_week = fields.Integer(
        string="Maximum hours per week",
        default=0,
        help="The most hours a week this person can work through the reserve; 0 means no limit.",
    )
    available_now_until = fields.Datetime(
        string="Available now until",
        copy=False,
        help="Set by the “Available today” switch; it lapses by itself at this time.",
    )
    is_available_now = fields.Boolean(
        string="Available now",
        compute="_compute_is_available_now",
        search="_search_is_available_now",
    )
    availability_confirmed_date = fields.Datetime(
        string="Availability confirmed on",
        default=fields.Datetime.now,
        copy=False,
        readonly=True,
        help="When the person last said that their availability is up to date.",
    )
    availability_reminder_date = fields.Datetime(
        string="Availability reminder sent on",
        copy=False,
        readonly=True,
        help="When the reminder to confirm the availability went out; cleared when the person confirms.",
    )
    is_stale = fields.Boolean(
        string="Stale availability",
        compute="_compute_is_stale",
        search="_search_is_stale",
        help="The availability has not been confirmed for longer than the reminder delay set in the settings.",
    )
    is_stale_paused = fields.Boolean(
        string="Paused for stale availability",
        copy=False,
        readonly=True,
        help="The profile was paused because its availability was not confirmed after the reminder; "
        "confirming it makes the profile active again.",
    )
    available_on = fields.Date(
        string="Available on",
        compute="_compute_available_on",
        search="_search_available_on",
        help="Search only: the active people with some availability on this day (local time), "
        "not cancelled by an unavailability.",
    )

    # Proposals and assignments
    proposal_ids = fields.One2many("reserve.proposal", "person_id", string="Proposals")
    assignment_ids = fields.One2many("reserve.assignment", "person_id", string="Assignments")
    proposal_count = fields.Integer(compute="_compute_proposal_assignment_counts")
    assignment_count = fields.Integer(compute="_compute_proposal_assignment_counts")

    # Consent (RGPD)
    consent_date = fields.Datetime(string="Consent given on", readonly=True, copy=False)
    consent_text = fields.Text(
        string="Consent text", readonly=True, copy=False, help="The exact text the person agreed to."
    )
    email_confirmed_date = fields.Datetime(
        string="E-mail confirmed on",
        readonly=True,
        copy=False,
        help="When the person activated their account from the link e-mailed at signup.",
    )
    erasure_requested_date = fields.Datetime(
        string="Erasure requested on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The person asked for their personal data to be erased; a coordinator confirms it.",
    )
    erased_date = fields.Datetime(string="Personal data erased on", readonly=True, copy=False)

    _partner_unique = models.UniqueIndex("(partner_id)", "This contact already has a reservist profile.")
    _radius_positive = models.Constraint("CHECK(radius_km >= 0)", "The accepted radius cannot be negative.")
    _max_hours_week_positive = models.Constraint(
        "CHECK(max_hours_week >= 0 AND max_hours_week <= 168)",
        "The maximum hours per week is between 0 (no limit) and 168.",
    )
    # "Available now" people are few: the query finds them by this index.
    _available_now_until_idx = models.Index("(available_now_until) WHERE available_now_until IS NOT NULL")
    # The matching starts from the communes around the establishment, then their active people.
    _matching_commune_idx = models.Index("(commune_id) WHERE state = 'active'")

    # ------------------------------------------------------------------ compute and search methods

    @api.depends("job_line_ids.job_id")
    def _compute_job_ids(self):
        for person in self:
            person.job_ids = person.job_line_ids.job_id

    def _search_job_ids(self, operator, value):
        return [("job_line_ids.job_id", operator, value)]

    @api.depends("pattern_ids.weekday", "pattern_ids.hour_from", "pattern_ids.hour_to")
    def _compute_availability_week(self):
        for person in self:
            minutes = sorted(
                (day + round(line.hour_from * 60), day + round(line.hour_to * 60))
                for line in person.pattern_ids
                for day in [int(line.weekday) * 1440]
            )
            merged = []
            for week_from, week_to in minutes:
                if merged and week_from <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], week_to)
                elif week_to > week_from:
                    merged.append([week_from, week_to])
            person.availability_week = matching_sql.multirange_literal(merged)

    def _compute_is_available_now(self):
        now = fields.Datetime.now()
        for person in self:
            person.is_available_now = bool(person.available_now_until and person.available_now_until > now)

    def _search_is_available_now(self, operator, value):
        if operator != "in":
            return NotImplemented
        available = Domain("available_now_until", ">", fields.Datetime.now())
        return Domain.OR([available] * (True in value) + [~available] * (False in value))

    def _compute_is_stale(self):
        threshold = self._availability_stale_threshold()
        for person in self:
            confirmed = person.availability_confirmed_date
            person.is_stale = not confirmed or confirmed < threshold

    def _search_is_stale(self, operator, value):
        if operator != "in":
            return NotImplemented
        threshold = self._availability_stale_threshold()
        stale = Domain("availability_confirmed_date", "=", False) | Domain(
            "availability_confirmed_date", "<", threshold
        )
        domains = []
        if True in value:
            domains.append(stale)
        if False in value:
            domains.append(~stale)
        return Domain.OR(domains)

    def _compute_available_on(self):
        self.available_on = False

    def _search_available_on(self, operator, value):
        if operator != "in":
            return NotImplemented
        queries = []
        for day in value:
            day = fields.Date.to_date(day)
            if not day:
                continue
            start, stop = local_midnight(day), local_midnight(day + datetime.timedelta(days=1))
            queries.append(matching_sql.available_during_query(self.env, start, stop))
        if not queries:
            return Domain.FALSE
        return Domain("id", "in", SQL(" UNION ").join(SQL("(%s)", query) for query in queries))

    def _compute_proposal_assignment_counts(self):
        for field, model in (("proposal_count", "reserve.proposal"), ("assignment_count", "reserve.assignment")):
            counts = dict(self.env[model]._read_group([("person_id", "in", self.ids)], ["person_id"], ["__count"]))
            for person in self:
                person[field] = counts.get(person._origin, 0)

    def _compute_access_url(self):
        for person in self:
            person.access_url = "/my/reserve"

    # ------------------------------------------------------------------ constraints

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

    # ------------------------------------------------------------------ CRUD

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

    # ------------------------------------------------------------------ actions: workflow

    def action_submit(self):
        """The person (or a coordinator) sends a complete profile for validation."""
        self._ensure_own_or_coordinator()
        self._ensure_complete()
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
        self._ensure_coordinator()
        self._ensure_complete()
        self._ensure_validation_requirements()
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
        self._ensure_coordinator()
        if not reason:
            raise UserError(self.env._("Say why the profile is sent back, so that the person can complete it."))
        self._set_state("draft", reason=reason)
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_pause(self, reason=None):
        """Pause the profiles: by the person themselves (who may then resume), or by a coordinator."""
        self._ensure_own_or_coordinator()
        self._ensure_not_held_by_association()
        by_self = not self._is_workflow_allowed()
        return self._set_state("paused", reason=reason or self.env._("Paused by the person"), is_set_by_person=by_self)

    def action_resume(self):
        """A paused profile becomes active again; it never skips validation.

        A person resumes only a pause of their own (or one caused by their availability not
        being confirmed, which confirming it also lifts); the others are a coordinator's.
        """
        self._ensure_own_or_coordinator()
        self._ensure_not_held_by_association()
        return self._set_state("active", reason=False, allowed_from=("paused",))

    def action_archive_profile(self, reason=None):
        """Archive the profiles: the person leaves the reserve (and may come back), or a
        coordinator archives them."""
        self._ensure_own_or_coordinator()
        self._ensure_not_held_by_association()
        by_self = not self._is_workflow_allowed()
        return self._set_state("archived", reason=reason or self.env._("Archived"), is_set_by_person=by_self)

    def action_reopen(self):
        """An archived profile comes back through validation."""
        self._ensure_own_or_coordinator()
        self._ensure_not_held_by_association()
        self._ensure_complete()
        return self._set_state("to_validate", reason=False, allowed_from=("archived",))

    def _ensure_not_held_by_association(self):
        """A person changes nothing of a pause or an archive they did not set themselves (a
        pause for stale availability is theirs: confirming it lifts it)."""
        if self._is_workflow_allowed():
            return
        held = self.filtered(
            lambda p: p.state in ("paused", "archived") and not (p.is_set_by_person or p.is_stale_paused)
        )
        if held:
            raise UserError(
                self.env._(
                    "Your profile was paused or archived by the association (%(reason)s). "
                    "Contact your coordinator to make it active again.",
                    reason=held[0].state_reason or self.env._("no reason given"),
                )
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

    # ------------------------------------------------------------------ actions: availability

    def action_available_today(self):
        """The “available now / today” switch: available until the end of the local day.

        Nothing clears it: the availability query compares it with the current time.
        """
        self._ensure_own_or_coordinator()
        local_today = to_local(fields.Datetime.now()).date()
        # Set here only, to the end of the day: a date typed by hand could say "available" for years.
        self.sudo().write({"available_now_until": local_midnight(local_today + datetime.timedelta(days=1))})
        self._mark_availability_confirmed()
        return True

    def action_not_available_now(self):
        self._ensure_own_or_coordinator()
        self.sudo().write({"available_now_until": False})
        return True

    def action_confirm_availability(self):
        """The person (or a coordinator on their behalf) says the availability is up to date."""
        self._ensure_own_or_coordinator()
        self._mark_availability_confirmed()
        return True

    # ------------------------------------------------------------------ actions: proposals and assignments

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_proposal_action")
        action.update(domain=[("person_id", "=", self.id)], context={})
        return action

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_assignment_action")
        action.update(domain=[("person_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------ actions: portal

    def action_portal_submit(self):
        """The person sends their completed profile for validation."""
        self._portal_ensure_owner()
        return self.action_submit()

    def action_portal_pause(self, reason=None):
        self._portal_ensure_owner()
        return self.action_pause(reason=reason)

    def action_portal_resume(self):
        self._portal_ensure_owner()
        return self.action_resume()

    def action_request_erasure(self):
        """The person asks for their personal data to be erased; a coordinator confirms."""
        self._portal_ensure_owner()
        for person in self.filtered(lambda p: not p.erasure_requested_date and not p.erased_date):
            # An audit date: written here only, for the person checked above.
            person.sudo().erasure_requested_date = fields.Datetime.now()
            if person.state == "active":
                # No more proposals while the request waits for a coordinator.
                person.action_pause(reason=self.env._("Erasure of personal data requested"))
            # Portal users cannot schedule activities; the request is theirs, checked above.
            person.sudo().activity_schedule(
                "reserve_medicosociale.mail_activity_type_erasure",
                user_id=person._erasure_coordinator().id,
                note=self.env._(
                    "The person asked for their personal data to be erased. Check that no "
                    "assignment in progress needs them, then use “Erase personal data”."
                ),
            )
            person.sudo().message_post(body=self.env._("The person asked for their personal data to be erased."))
        return True

    def action_cancel_erasure_request(self):
        self._portal_ensure_owner()
        for person in self.filtered(lambda p: p.erasure_requested_date and not p.erased_date):
            person.sudo().erasure_requested_date = False
            # The activity was scheduled with sudo, it goes the same way.
            person.sudo().activity_unlink(["reserve_medicosociale.mail_activity_type_erasure"])
            person.sudo().message_post(body=self.env._("The person withdrew their request for erasure."))
        return True

    def action_erase(self):
        """Coordinator: anonymise the person; the profile and its history stay, without identity."""
        if not self.env.su and not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._("Only the association's coordinators can erase a person's data."))
        for person in self.sudo():
            if not person.erased_date:
                person._erase_personal_data()
        return True

    # ------------------------------------------------------------------ workflow

    def _is_workflow_allowed(self):
        """Whether the workflow fields may be written directly: by a coordinator, or in sudo
        (the workflow methods check access, then write in sudo; a context key would be
        forgeable over RPC)."""
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _write_workflow(self, values):
        """Write workflow fields once the caller's right to change these profiles is checked."""
        self.check_access("write")
        return self.sudo().write(values)

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
        # Any transition ends a pause; only action_pause says who paused, and only the
        # stale-availability cron pauses for staleness.
        values = {"state": new_state, "is_set_by_person": False, **extra}
        if new_state != "paused":
            values.setdefault("is_stale_paused", False)
        if reason is not None:
            values["state_reason"] = reason
        self._write_workflow(values)
        return True

    def _get_missing_for_submission(self):
        """What the profile lacks before it goes to validation: a list of labels, empty when
        it is complete."""
        self.ensure_one()
        missing = []
        if not self.consent_date:
            missing.append(self.env._("the consent to the processing of personal data"))
        if not self.commune_id:
            missing.append(self.env._("a commune"))
        if not self.job_line_ids:
            missing.append(self.env._("at least one job"))
        if not self.email and not self.phone:
            missing.append(self.env._("an e-mail address or a phone number"))
        return missing

    def _get_missing_for_validation(self):
        """What the person's category needs before a coordinator validates the profile (the
        employer's agreement of a lent employee aside): a list of labels."""
        self.ensure_one()
        missing = []
        if self.category == "student":
            if not self.school_name:
                missing.append(self.env._("the school"))
            if not self.study_year:
                missing.append(self.env._("the year of study"))
        elif self.category == "civic_service" and not self.host_structure_id:
            missing.append(self.env._("the civic service host structure"))
        elif self.category == "public_agent" and not self.administration:
            missing.append(self.env._("the administration"))
        return missing

    def _get_missing_for_submission_message(self):
        """The sentence that says what the profile lacks before it goes to validation, or False."""
        self.ensure_one()
        missing = self._get_missing_for_submission()
        if not missing:
            return False
        return self.env._(
            "The profile of %(person)s is not complete: add %(missing)s.",
            person=self.display_name,
            missing=", ".join(missing),
        )

    def _get_missing_for_validation_message(self):
        """The sentence that says what the category still needs before validation, or False."""
        self.ensure_one()
        missing = self._get_missing_for_validation()
        if not missing:
            return False
        return self.env._(
            "Before validating the profile of %(person)s, add %(missing)s.",
            person=self.display_name,
            missing=", ".join(missing),
        )

    def _ensure_complete(self):
        """Raise UserError, saying what is missing, unless every profile can go to validation."""
        for person in self:
            if message := person._get_missing_for_submission_message():
                raise UserError(message)

    def _ensure_validation_requirements(self):
        """Raise UserError unless each profile's category requirements are met: the employer's
        agreement for a lent employee, the details of students, civic service and public agents."""
        for person in self:
            if person.category == "lent_employee" and person.employer_agreement != "agreed":
                raise UserError(
                    self.env._(
                        "%(person)s is lent by %(employer)s: a manager of that establishment must agree "
                        "before the profile is validated.",
                        person=person.display_name,
                        employer=person.employer_id.display_name,
                    )
                )
            if message := person._get_missing_for_validation_message():
                raise UserError(message)

    def _ensure_coordinator(self):
        """Raise unless the current user is a coordinator (or sudo)."""
        if not self._is_workflow_allowed():
            raise UserError(self.env._("Only the association's coordinators can validate or send back a profile."))

    def _ensure_own_or_coordinator(self):
        """Raise unless the current user is each profile's person, or a coordinator (or sudo)."""
        if self._is_workflow_allowed():
            return
        if any(person.user_id != self.env.user for person in self):
            raise AccessError(
                self.env._("Only the person themselves, or a coordinator, can do this on a reservist's profile.")
            )

    def _ensure_employer_manager(self):
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
        self._ensure_employer_manager()
        return self._write_workflow(
            {
                "employer_agreement": answer,
                "employer_agreement_user_id": self.env.uid,
                "employer_agreement_date": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------ availability

    @api.model
    def _find_available(self, shifts, person_ids=None):
        """Ids of the active people available over EVERY shift, in one SQL query.

        :param shifts: iterable of ``(start, stop)`` naive UTC datetimes (aware ones are
            converted), the shifts of one need; rounded outwards to whole minutes
        :param person_ids: restrict to these people (e.g. those with the right job and
            within reach): a list of ids, or an ``SQL`` query selecting ids, which keeps
            the whole matching in one query; ``None`` for the whole reserve
        :return: list of ``reserve.person`` ids, in id order

        A person is available over a shift when

        - every instant of the shift is covered by their usual week (read on the wall
          clock in Europe/Paris at that instant: a shift across midnight needs both days,
          a night across a change of summer time is as long as it really is), by one of
          their ``available`` dated slots, or by their “available now” period (from now
          to ``available_now_until``), alone or together;
        - no ``unavailable`` slot overlaps any of the shifts;
        - with a weekly cap (``max_hours_week`` > 0), the hours of the given shifts in each
          local week (Monday to Sunday, by the start of each shift) do not exceed it.

        The cap only counts the shifts asked for; the matching (``reserve.need._match``)
        adds the hours already assigned to the person in the same weeks, on the same
        week rows (``matching_sql.week_rows``).

        See ``matching_sql.available_query`` to use the same query inside a larger one.
        """
        if person_ids is not None and not isinstance(person_ids, SQL) and not person_ids:
            return []
        query = matching_sql.available_query(self.env, shifts, person_ids=person_ids)
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _availability_delays(self):
        """(reminder delay, pause delay) in days, from the settings."""
        params = self.env["ir.config_parameter"].sudo()
        delays = []
        for key, default in ((REMINDER_DAYS_PARAM, DEFAULT_REMINDER_DAYS), (PAUSE_DAYS_PARAM, DEFAULT_PAUSE_DAYS)):
            try:
                days = int(params.get_param(key) or default)
            except ValueError:
                _logger.warning("Setting %s is not a number of days; using %s.", key, default)
                days = default
            delays.append(max(days, 1))
        return tuple(delays)

    @api.model
    def _availability_stale_threshold(self):
        reminder_days, _pause_days = self._availability_delays()
        return fields.Datetime.now() - datetime.timedelta(days=reminder_days)

    def _mark_availability_confirmed(self):
        """Record a confirmation; a profile paused for staleness becomes active again."""
        stale_paused = self.filtered(lambda person: person.state == "paused" and person.is_stale_paused)
        # A confirmation date is the record's own: written here only, by the callers that
        # checked who confirms (the person, a coordinator, or the signed link).
        self.sudo().write({"availability_confirmed_date": fields.Datetime.now(), "availability_reminder_date": False})
        if stale_paused:
            # The cron paused these profiles, not a coordinator: the person may undo it
            # even where they may not change the state of their profile otherwise.
            stale_paused.sudo()._set_state("active", reason=False)

    def _availability_touched_by_self(self):
        """A person who changes their own availability confirms it at the same time."""
        own = self.filtered(lambda person: person.user_id == self.env.user)
        if own:
            own._mark_availability_confirmed()

    def _availability_token(self, expiry=None):
        """A signed token for the one-click link: ``<expiry timestamp>-<HMAC>``.

        It is valid for the reminder delay plus the pause delay, so that it still works
        for a while after the profile was paused for staleness.
        """
        self.ensure_one()
        if expiry is None:
            reminder_days, pause_days = self._availability_delays()
            expiry = fields.Datetime.now() + datetime.timedelta(days=reminder_days + pause_days)
            expiry = int(expiry.replace(tzinfo=UTC).timestamp())
        return link_token(self.env, TOKEN_SCOPE, (self.id,), expiry)

    def _availability_confirm_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/reserve/encore-disponible/{self.id}/{self._availability_token()}"

    def _get_availability_token_status(self, token):
        """'valid', 'invalid' (tampered, another person's) or 'expired'."""
        self.ensure_one()
        return check_link_token(token, self._availability_token)

    def _availability_link_page(self, token):
        """What the page of the “still available” link shows; nothing changes (GET and HEAD:
        mail scanners open links).

        :return: 'confirm' (what will be confirmed, and the button), 'invalid' or 'expired'
        """
        self.ensure_one()
        status = self._get_availability_token_status(token)
        if status != "valid":
            return status
        return "confirm" if self.sudo().state in ("active", "paused") else "invalid"

    def _availability_summary(self):
        """What the person confirms: their usual week, their dated periods to come (Paris time),
        their weekly limit, and what becomes of a paused profile."""
        self.ensure_one()
        # The signed token was checked by the caller: it is the person's credential.
        person = self.sudo()
        now = fields.Datetime.now()
        kinds = dict(self.env["reserve.availability.slot"]._fields["kind"]._description_selection(self.env))
        slots = person.slot_ids.filtered(lambda slot: slot.stop > now).sorted("start")
        return {
            "name": person.name,
            "week": person.pattern_ids.mapped("display_name"),
            # (kind, its label, when): available beyond the usual week, or unavailable.
            "periods": [
                (slot.kind, kinds.get(slot.kind, ""), format_local_range(self.env, slot.start, slot.stop))
                for slot in slots
            ],
            "max_hours_week": person.max_hours_week,
            "reactivates": person.state == "paused" and person.is_stale_paused,
            "stays_paused": person.state == "paused" and not person.is_stale_paused,
        }

    def _confirm_availability_from_link(self, token):
        """The “still available” link, when the person presses the page's button (no login).

        :return: 'confirmed', 'reactivated' (was paused for staleness), 'invalid' or 'expired'
        """
        self.ensure_one()
        status = self._get_availability_token_status(token)
        if status != "valid":
            return status
        if self.state not in ("active", "paused"):
            return "invalid"
        reactivated = self.state == "paused" and self.is_stale_paused
        self._mark_availability_confirmed()
        return "reactivated" if reactivated else "confirmed"

    def _send_availability_reminder(self, template):
        """Queue the reminder mail (the mail queue sends it) and note when it went out."""
        queue_link_mails(template, self.ids)
        self.write({"availability_reminder_date": fields.Datetime.now()})

    # ------------------------------------------------------------------ eligibility

    # One rule, in SQL (``matching_sql.eligibility_condition``): the matching filters its
    # candidates with it, these methods answer with it for given people. Each runs one query
    # whatever the number of people, and reads the lines whoever asks: eligibility is a rule
    # of the reserve, not a matter of who may read every person's checks.

    def _get_missing_checks_by_person(self, job, establishment=None, date=None):
        """{person id: reserve.check.type recordset} of the checks ``job`` or the FINESS category
        of ``establishment`` requires that each person lacks, or has unverified, refused or
        expired on ``date`` (today by default)."""
        date = date or fields.Date.context_today(self)
        missing = defaultdict(list)
        if self:
            category = establishment.finess_category_id if establishment else self.env["reserve.finess.category"]
            query = matching_sql.missing_checks_query(self.env, self.ids, job, category, date)
            for person_id, check_type_id in self.env.execute_query(query):
                missing[person_id].append(check_type_id)
        CheckType = self.env["reserve.check.type"]
        return {person.id: CheckType.browse(missing[person.id]) for person in self}

    def _get_missing_checks(self, job, establishment=None, date=None):
        """The check types required by ``job`` or by the FINESS category of ``establishment``
        that this person lacks, or has unverified, refused or expired on ``date``."""
        self.ensure_one()
        return self._get_missing_checks_by_person(job, establishment, date)[self.id]

    def _filter_eligible(self, job, establishment=None, date=None):
        """The people of self eligible for ``job`` in ``establishment`` on ``date`` (today by
        default): no missing check, and a qualifying diploma when the job lists some."""
        if not self:
            return self
        date = date or fields.Date.context_today(self)
        category = establishment.finess_category_id if establishment else self.env["reserve.finess.category"]
        query = matching_sql.eligible_people_query(self.env, self.ids, job, category, date)
        eligible_ids = {person_id for (person_id,) in self.env.execute_query(query)}
        return self.filtered(lambda person: person.id in eligible_ids)

    def _is_eligible(self, job, establishment=None, date=None):
        """Whether this person may work as ``job`` in ``establishment`` on ``date``."""
        self.ensure_one()
        return bool(self._filter_eligible(job, establishment, date))

    # ------------------------------------------------------------------ signup

    @api.model
    def _get_consent_html(self):
        """The consent text shown at signup, in the language of the environment."""
        return self.env["ir.qweb"]._render(
            "reserve_medicosociale.reserve_consent_text",
            {"company": self.env.company},
        )

    @api.model
    def _get_consent_text(self):
        """The plain text version of the consent text, as stored on the person."""
        text = html2plaintext(self._get_consent_html())
        # One line per paragraph, whatever the indentation of the template.
        return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip())

    @api.model
    def _signup_get_errors(self, values):
        """Check the values of the public signup form.

        :return: a dict {field name: message that says what to do}, empty when all is right
        """
        errors = {}
        categories = dict(self._fields["category"]._description_selection(self.env))
        if values.get("category") not in categories:
            errors["category"] = self.env._("Choose the situation that describes you.")
        if not (values.get("first_name") or "").strip():
            errors["first_name"] = self.env._("Enter your first name.")
        if not (values.get("last_name") or "").strip():
            errors["last_name"] = self.env._("Enter your last name.")
        # Whether the address is already known is not a form error: the answer would tell
        # anyone who is in the reserve (see _signup_request).
        email = (values.get("email") or "").strip()
        if not single_email_re.match(email):
            errors["email"] = self.env._("Enter a valid e-mail address, e.g. camille.martin@example.fr.")
        phone_error = self._get_phone_error(values.get("phone"))
        if phone_error:
            errors["phone"] = phone_error
        commune = self.env["reserve.commune"].sudo().browse(values.get("commune_id") or []).exists()
        if not commune or not commune.active:
            errors["commune_id"] = self.env._(
                "Choose your commune: type its postal code or its name, then pick it in the list."
            )
        job_ids = values.get("job_ids") or []
        jobs = self.env["reserve.job"].sudo().browse(job_ids).exists().filtered("active")
        if not jobs or len(jobs) != len(set(job_ids)):
            errors["job_ids"] = self.env._("Choose at least one job that you can do.")
        if values.get("category") == "lent_employee" and not self._is_member_establishment(values.get("employer_id")):
            errors["employer_id"] = self.env._("Choose the member establishment that employs you.")
        if not values.get("consent"):
            errors["consent"] = self.env._(
                "Tick the box to agree to the processing of your personal data: we cannot register you without it."
            )
        return errors

    @api.model
    def _signup_email_taken(self, email):
        return bool(self._signup_known_partner(email))

    @api.model
    def _signup_known_partner(self, email):
        """The contact that already holds this e-mail address: a user's (the address is
        their login or their e-mail) first, else a profile's.

        Addresses are compared normalised (``email_normalize``) and exactly: no pattern, so
        ``%`` or ``_`` in what was typed match nothing else.
        """
        normalized = email_normalize(email or "")
        if not normalized:
            return self.env["res.partner"]
        # Public signup: users and profiles are read with sudo, and only the neutral answer
        # of _signup_request goes back.
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        user = Users.search(
            Domain("login", "in", list({email.strip(), normalized})) | Domain("email_normalized", "=", normalized),
            order="active desc, id",
            limit=1,
        )
        if user:
            return user.partner_id
        person = self.sudo().search([("partner_id.email_normalized", "=", normalized)], order="id", limit=1)
        return person.partner_id

    @api.model
    def _signup_request(self, values, client_address=None):
        """Handle one submission of the public signup form, with the same answer whether
        the address is known or not.

        A new address gets a profile, an account and the activation link; a known one gets
        an e-mail that says how to sign in (``mail_template_signup_known_address``); a
        filled honeypot field (a robot) gets nothing at all. The attempts are counted per
        client address and per e-mail address (``reserve.signup.attempt``).

        :param dict values: as for ``_signup_create``, plus ``honeypot``: the text of the
            field that people neither see nor hear
        :param str client_address: the IP address the form was sent from
        :return: {field name: message} for the values to correct, {"limit": message} when
            a limit is reached; empty when the submission was accepted
        """
        if values.get("honeypot"):
            _logger.info("Signup ignored: the hidden field was filled (from %s).", client_address)
            return {}
        email = email_normalize(values.get("email") or "")
        # Public signup: attempts are read and written with sudo; nobody else has access.
        Attempt = self.env["reserve.signup.attempt"].sudo()
        limit_message = Attempt._get_limit_message(client_address, email)
        if limit_message:
            return {"limit": limit_message}
        errors = self._signup_get_errors(values)
        if errors:
            return errors
        Attempt._record(client_address, email)
        known_partner = self._signup_known_partner(values["email"])
        if known_partner:
            self._send_signup_known_email(known_partner, email)
            return {}
        try:
            self._signup_create(values)
        except UserError as error:
            if not isinstance(error.__cause__, SignupError):
                raise
            # The values were checked: the user could not be created because a request for
            # the same address went through at the same moment. That one answers the person.
            _logger.warning("Signup from %s: no account created (%s).", client_address, error.__cause__)
        return {}

    @api.model
    def _get_phone_error(self, phone):
        """The message that says what is wrong with a phone number, or False when it is right."""
        phone = (phone or "").strip()
        if not phone:
            return False
        digits = re.sub(r"\D", "", phone)
        if not PHONE_RE.match(phone) or not 6 <= len(digits) <= 15:
            return self.env._("Enter a phone number with its digits only, e.g. 06 12 34 56 78.")
        return False

    @api.model
    def _is_member_establishment(self, partner_id):
        if not partner_id:
            return False
        # The list of member establishments is public (it is shown on the signup form).
        partner = self.env["res.partner"].sudo().browse(partner_id).exists()
        return bool(partner) and partner.member_state == "member"

    @api.model
    def _signup_member_establishments(self):
        """The member establishments a lent employee may name as their employer."""
        # Names of member establishments are public information of the network.
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [("member_state", "=", "member"), ("is_company", "=", True)],
                order="name",
            )
        )

    @api.model
    def _signup_create(self, values):
        """Register a person from the public signup form.

        Creates the contact, the profile (draft, with the consent text and date) and a portal
        user, then e-mails the link with which the person sets their password; following that
        link confirms the e-mail address (see ``res.users.signup``).

        :param dict values: category, first_name, last_name, email, phone, commune_id,
            job_ids, employer_id, consent (bool), lang
        :return: the new reserve.person
        :raise UserError: when a value is missing or wrong, with every message
        """
        errors = self._signup_get_errors(values)
        if errors:
            raise UserError("\n".join(errors.values()))
        # Callers other than the public form (_signup_request answers this case neutrally)
        # are told plainly.
        if self._signup_email_taken(values["email"]):
            raise UserError(
                self.env._(
                    "An account already exists with this e-mail address: sign in, "
                    "or use “Reset password” on the sign-in page if you forgot your password."
                )
            )
        # Public signup: every value was checked above, and the public user cannot create
        # contacts, profiles or users by itself.
        self = self.sudo()
        email = values["email"].strip()
        commune = self.env["reserve.commune"].browse(values["commune_id"])
        lang = values.get("lang") or self.env.lang
        if lang not in dict(self.env["res.lang"].get_installed()):
            lang = False
        # Nothing is left behind when the user cannot be created.
        with self.env.cr.savepoint():
            partner = self.env["res.partner"].create(
                {
                    "name": " ".join([values["first_name"].strip(), values["last_name"].strip()]),
                    "email": email,
                    "phone": (values.get("phone") or "").strip() or False,
                    "lang": lang,
                    "zip": (commune.postal_codes or "").split(" ")[0] or False,
                    "city": commune.name,
                    "country_id": self.env.ref("base.fr").id,
                }
            )
            person = self.with_context(mail_create_nosubscribe=True).create(
                {
                    "partner_id": partner.id,
                    "category": values["category"],
                    "employer_id": values.get("employer_id") if values["category"] == "lent_employee" else False,
                    "commune_id": commune.id,
                    "job_line_ids": [Command.create({"job_id": job_id}) for job_id in set(values["job_ids"])],
                    "consent_date": fields.Datetime.now(),
                    "consent_text": self.with_context(lang=lang or self.env.lang)._get_consent_text(),
                }
            )
            try:
                user_values = {"login": email, "partner_id": partner.id}
                if lang:
                    user_values["lang"] = lang
                user = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user(user_values)
            except SignupError as error:
                raise UserError(
                    self.env._(
                        "An account already exists with this e-mail address: sign in, "
                        "or use “Reset password” on the sign-in page if you forgot your password."
                    )
                ) from error
            person.user_id = user
        person._send_signup_email()
        return person

    def _send_signup_email(self):
        """E-mail each person the link that activates their account and confirms the address."""
        template = self.env.ref("auth_signup.portal_set_password_email")
        for person in self.sudo():
            person.partner_id.signup_prepare(signup_type="signup")
            # Queued, not sent at once: a mail server that is down must not lose the signup.
            template.with_context(
                create_user=True,
                welcome_message=self.env._(
                    "Activating your account confirms your e-mail address; your profile then goes "
                    "to the coordinators of the reserve for validation."
                ),
            ).send_mail(
                person.user_id.id,
                force_send=False,
                email_values={
                    "email_to": person.user_id.email,
                    "email_cc": False,
                    "auto_delete": True,
                    "message_type": "user_notification",
                    "recipient_ids": [],
                    "partner_ids": [],
                    "scheduled_date": False,
                },
            )

    @api.model
    def _send_signup_known_email(self, partner, email):
        """E-mail an address that signed up again how to sign in, instead of a second account.

        :param partner: the contact that holds the address (see ``_signup_known_partner``)
        :param str email: the normalised address typed in the form
        """
        template = self.env.ref("reserve_medicosociale.mail_template_signup_known_address")
        # Public signup: the template renders the contact found with sudo. Queued like the
        # activation link, and to the address typed only, not to the contact's followers.
        template.sudo().send_mail(
            partner.id,
            force_send=False,
            email_values={
                "email_to": email,
                "email_cc": False,
                "auto_delete": True,
                "message_type": "user_notification",
                "recipient_ids": [],
                "partner_ids": [],
                "scheduled_date": False,
            },
        )

    def _portal_confirm_email(self):
        """The person followed the e-mailed link: the address is theirs.

        A complete draft profile that was never sent back goes to validation.
        """
        for person in self.filtered(lambda p: not p.email_confirmed_date):
            person.email_confirmed_date = fields.Datetime.now()
            if person.state == "draft" and not person.state_reason and not person._get_missing_for_submission():
                person.action_submit()

    # ------------------------------------------------------------------ channels: e-mail and SMS

    def _portal_set_channels(self, by_email, by_sms):
        """The person chooses how proposals reach them, from the portal.

        :raise UserError: when no channel is left, or SMS without a mobile number
        """
        self.ensure_one()
        self._portal_ensure_owner()
        if not (by_email or by_sms):
            raise UserError(self.env._("Choose at least one way to receive proposals: e-mail, SMS or both."))
        if by_sms and not self.phone:
            raise UserError(self.env._("Enter your mobile phone number in your profile to receive SMS."))
        self._set_channels(bool(by_email), bool(by_sms))

    def _set_channels(self, by_email, by_sms):
        """Write the channels, with the date SMS were agreed or stopped."""
        now = fields.Datetime.now()
        for person in self:
            values = {"notify_by_email": by_email, "notify_by_sms": by_sms}
            if by_sms and not person.notify_by_sms:
                values.update(sms_consent_date=now, sms_stop_date=False)
            elif not by_sms and person.notify_by_sms:
                values["sms_stop_date"] = now
            # The person's own choice (checked by the caller); the dates are the audit's.
            person.sudo().write(values)

    def _sms_number(self):
        """The mobile number to send SMS to, in international format, or False."""
        self.ensure_one()
        if not (self.notify_by_sms and self.phone):
            return False
        return phone_tools.e164(self.phone)

    @api.model
    def _sms_stop_from_number(self, number):
        """A “STOP” reply from ``number``: no more SMS to the people with that mobile.

        :return: the people whose SMS stopped
        """
        national = phone_tools.national_digits(number)
        if len(national) < 6:
            return self.browse()
        people = self.sudo().search([("notify_by_sms", "=", True), ("phone", "!=", False)])
        people = people.filtered(lambda person: phone_tools.national_digits(person.phone) == national)
        for person in people:
            person._set_channels(True, False)
            person.message_post(
                body=self.env._("The person replied STOP: no more SMS, proposals go by e-mail."),
                subtype_xmlid="mail.mt_note",
            )
        return people

    # ------------------------------------------------------------------ portal: profile

    def _portal_preferences(self):
        """The values of PORTAL_PREFERENCE_FIELDS, by field name."""
        self.ensure_one()
        return {fname: self[fname] for fname in PORTAL_PREFERENCE_FIELDS}

    def _portal_ensure_owner(self):
        """Raise unless the current user is the person of every record of self."""
        self.check_access("write")
        if not self.env.su and any(person.user_id != self.env.user for person in self):
            raise AccessError(self.env._("You can only change your own profile."))

    def _portal_update_profile(self, values):
        """Write what the person changed on their profile from the portal.

        :param dict values: fields of PORTAL_PROFILE_FIELDS; ``jobs`` is a dict
            {job id: years of experience}
        :raise AccessError: on a field the person may not change
        :raise UserError: on a wrong value; nothing is written then
        """
        self.ensure_one()
        self._portal_ensure_owner()
        refused = set(values) - PORTAL_PROFILE_FIELDS
        if refused:
            raise AccessError(
                self.env._("These fields cannot be changed from the portal: %s", ", ".join(sorted(refused)))
            )
        values = self._portal_prepare_profile_values(dict(values))
        jobs = values.pop("jobs", None)
        if jobs is not None:
            values["job_line_ids"] = self._portal_job_commands(jobs)
        partner_values = {
            name: (values.pop(name) or "").strip() or False for name in PARTNER_PROFILE_FIELDS if name in values
        }
        employer_values = {
            fname: values.pop(fname) for fname in ("employer_id", "employer_agreement") if fname in values
        }
        # All or nothing: a wrong value must not leave half of the form saved.
        with self.env.cr.savepoint():
            if partner_values:
                # The person may change their own name and phone, checked above; portal users
                # have no write access on contacts.
                self.partner_id.sudo().write(partner_values)
            if values:
                self.write(values)
            if employer_values:
                # Not a field the person writes (it opens the profile to that employer's
                # managers): checked above as a member establishment, whose managers must
                # then agree anew.
                self.sudo().write(employer_values)
        return True

    def _portal_prepare_profile_values(self, values):
        """Check the values of the profile form; return them with what they imply."""
        if "name" in values and not (values["name"] or "").strip():
            raise UserError(self.env._("Enter your first and last name."))
        if "phone" in values and (error := self._get_phone_error(values["phone"])):
            raise UserError(error)
        category = values.get("category", self.category)
        employer_id = values.get("employer_id", self.employer_id.id)
        if category == "lent_employee":
            if not self._is_member_establishment(employer_id):
                raise UserError(self.env._("Choose the member establishment that employs you."))
            if employer_id != self.employer_id.id or self.category != "lent_employee":
                # A new employer has to agree again.
                values["employer_agreement"] = "pending"
        elif "employer_id" in values:
            values["employer_id"] = False
        if values.get("commune_id") and not self.env["reserve.commune"].browse(values["commune_id"]).exists():
            raise UserError(
                self.env._("Choose your commune: type its postal code or its name, then pick it in the list.")
            )
        if any((values.get(fname) or 0) < 0 for fname in ("radius_km", "min_notice_hours")):
            raise UserError(self.env._("Enter a positive number of kilometres or hours."))
        return values

    def _portal_job_commands(self, jobs):
        """The commands that make the job lines match {job id: years of experience}."""
        if not jobs:
            raise UserError(self.env._("Choose at least one job that you can do."))
        found = self.env["reserve.job"].browse(list(jobs)).exists().filtered("active")
        if len(found) != len(jobs):
            raise UserError(self.env._("One of the jobs you chose no longer exists: reload the page and choose again."))
        if any(years < 0 for years in jobs.values()):
            raise UserError(self.env._("Years of experience cannot be negative."))
        commands = []
        for line in self.job_line_ids:
            if line.job_id.id not in jobs:
                commands.append(Command.delete(line.id))
            elif line.years_experience != jobs[line.job_id.id]:
                commands.append(Command.update(line.id, {"years_experience": jobs[line.job_id.id]}))
        commands += [
            Command.create({"job_id": job_id, "years_experience": years})
            for job_id, years in jobs.items()
            if job_id not in self.job_line_ids.job_id.ids
        ]
        return commands

    # ------------------------------------------------------------------ portal: documents

    @api.model
    def _get_document_mimetype(self, filename, data):
        """The mimetype of an accepted proof document, found in its content (the browser's is
        not trusted).

        :raise UserError: for a document that is empty, too big or not a PDF, JPEG or PNG
        """
        if not data:
            raise UserError(self.env._("The file “%(name)s” is empty: choose the file again.", name=filename or ""))
        if len(data) > DOCUMENT_MAX_SIZE:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is too big (%(size).1f MB): send a file of %(max)s MB at most, "
                    "for instance a photo in a lower resolution.",
                    name=filename,
                    size=len(data) / 1024 / 1024,
                    max=DOCUMENT_MAX_SIZE // 1024 // 1024,
                )
            )
        mimetype = guess_mimetype(data, default="application/octet-stream")
        if mimetype not in DOCUMENT_MIMETYPES:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is not a PDF, JPEG or PNG file: scan or photograph your document "
                    "and send it in one of these formats.",
                    name=filename,
                )
            )
        return mimetype

    def _portal_get_qualification_line(self, line_id):
        """The qualification line of this person with that id, or an empty recordset."""
        self.ensure_one()
        # Searched, not browsed: the record rules hide other people's lines.
        return self.env["reserve.person.qualification"].search([("id", "=", line_id), ("person_id", "=", self.id)])

    def _portal_add_qualification(self, qualification_id, date_obtained=False, documents=()):
        """Add a qualification to the profile, with its proof documents.

        :param documents: list of (filename, bytes)
        :return: the new reserve.person.qualification
        """
        self.ensure_one()
        self._portal_ensure_owner()
        qualification = self.env["reserve.qualification"].browse(qualification_id).exists()
        if not qualification or not qualification.active:
            raise UserError(self.env._("Choose the diploma or certificate in the list."))
        if date_obtained and date_obtained > fields.Date.context_today(self):
            raise UserError(self.env._("The date you obtained it cannot be in the future."))
        for filename, data in documents:
            self._get_document_mimetype(filename, data)
        with self.env.cr.savepoint():
            line = self.env["reserve.person.qualification"].create(
                {
                    "person_id": self.id,
                    "qualification_id": qualification.id,
                    "date_obtained": date_obtained,
                }
            )
            for filename, data in documents:
                self._portal_attach_document(line, filename, data)
        return line

    def _portal_attach_document(self, line, filename, data):
        """Attach a proof document to one of the person's qualification lines."""
        self.ensure_one()
        self._portal_ensure_owner()
        line.check_access("write")
        if line.person_id != self:
            raise AccessError(self.env._("This qualification is not on your profile."))
        if line.state == "verified":
            raise UserError(
                self.env._(
                    "This qualification has been verified: its documents can no longer change. "
                    "Add it again if you have a new document."
                )
            )
        mimetype = self._get_document_mimetype(filename, data)
        # Portal users have no access to attachments at all: the line was checked above
        # as theirs and writable, the file as a PDF/JPEG/PNG of a fair size.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or self.env._("Document"),
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )
        values = {"attachment_ids": [Command.link(attachment.id)]}
        if line.state == "refused":
            # A new proof sends a refused qualification back to the coordinators.
            values.update(state="to_verify", refuse_reason=False)
        # Linking an attachment needs read access on attachments, which portal users lack.
        line.sudo().write(values)
        return attachment

    def _portal_documents(self):
        """The proof documents of the person's qualification lines, {line: attachments}.

        The attachments are returned with sudo (portal users cannot read attachments):
        only after checking that the profile is the current user's.
        """
        self.ensure_one()
        self._portal_ensure_owner()
        return {line: line.sudo().attachment_ids for line in self.qualification_line_ids}

    def _portal_get_document(self, attachment_id):
        """The proof document of this person with that id (sudo), or an empty recordset."""
        self.ensure_one()
        for attachments in self._portal_documents().values():
            if attachment_id in attachments.ids:
                return attachments.browse(attachment_id)
        return self.env["ir.attachment"]

    def _portal_remove_document(self, attachment):
        self.ensure_one()
        self._portal_ensure_owner()
        lines = [line for line, attachments in self._portal_documents().items() if attachment in attachments]
        if len(lines) != 1 or len(attachment) != 1:
            raise AccessError(self.env._("This document is not on your profile."))
        if lines[0].state == "verified":
            raise UserError(self.env._("This qualification has been verified: its documents can no longer be removed."))
        # The document was found among the person's own, above.
        attachment.sudo().unlink()
        return True

    def _portal_remove_qualification(self, line):
        self.ensure_one()
        self._portal_ensure_owner()
        if line.person_id != self:
            raise AccessError(self.env._("This qualification is not on your profile."))
        if line.state == "verified":
            raise UserError(
                self.env._("This qualification has been verified: ask the coordinators if it should be removed.")
            )
        # The line was checked as the person's own, above.
        line.sudo().attachment_ids.unlink()
        line.unlink()
        return True

    # ------------------------------------------------------------------ portal: availability

    def _portal_set_weekly_pattern(self, ranges, max_hours_week=None, blocks=()):
        """Replace the person's usual week by these ranges and the blocks of the grid.

        :param ranges: iterable of (weekday 0-6, hour_from, hour_to), local time
        :param max_hours_week: the weekly cap (0: none), unchanged when None
        :param blocks: the keys of the grid's blocks, e.g. ``"6_night"``
            (``reserve.availability.pattern._week_ranges``)
        """
        self.ensure_one()
        self._portal_ensure_owner()
        lines = []
        for weekday, hour_from, hour_to in self.env["reserve.availability.pattern"]._week_ranges(blocks, ranges):
            if not (0 <= int(weekday) <= 6 and 0 <= hour_from < hour_to <= 24):
                raise UserError(
                    self.env._(
                        "A range of hours ends after it starts, between 00:00 and 24:00. "
                        "For a night, tick “Night”: it runs until 07:00 the next morning."
                    )
                )
            lines.append(
                {"person_id": self.id, "weekday": str(int(weekday)), "hour_from": hour_from, "hour_to": hour_to}
            )
        if max_hours_week is not None and not 0 <= max_hours_week <= 168:
            raise UserError(self.env._("The maximum hours per week is between 0 (no limit) and 168."))
        current = {(p.weekday, p.hour_from, p.hour_to) for p in self.pattern_ids}
        wanted = {(line["weekday"], line["hour_from"], line["hour_to"]) for line in lines}
        with self.env.cr.savepoint():
            self.pattern_ids.filtered(lambda p: (p.weekday, p.hour_from, p.hour_to) not in wanted).unlink()
            self.env["reserve.availability.pattern"].create(
                [line for line in lines if (line["weekday"], line["hour_from"], line["hour_to"]) not in current]
            )
            if max_hours_week is not None and max_hours_week != self.max_hours_week:
                self.max_hours_week = max_hours_week
            # Saving the week, even unchanged, says that it is up to date.
            self.action_confirm_availability()
        return True

    def _portal_add_slot(self, kind, start, stop, note=False):
        """Add a dated period of availability or unavailability (naive UTC datetimes)."""
        self.ensure_one()
        self._portal_ensure_owner()
        if kind not in dict(self.env["reserve.availability.slot"]._fields["kind"]._description_selection(self.env)):
            raise UserError(self.env._("Say whether you are available or unavailable during this period."))
        if not (start and stop and stop > start):
            raise UserError(self.env._("The period ends after it starts: check its last day and its hours."))
        if stop < fields.Datetime.now():
            raise UserError(self.env._("This period is already over: choose dates to come."))
        return self.env["reserve.availability.slot"].create(
            {
                "person_id": self.id,
                "kind": kind,
                "start": start,
                "stop": stop,
                "note": (note or "").strip()[:200] or False,
            }
        )

    def _portal_get_slot(self, slot_id):
        """The dated period of this person with that id, or an empty recordset."""
        self.ensure_one()
        # Searched, not browsed: the record rules hide other people's periods.
        return self.env["reserve.availability.slot"].search([("id", "=", slot_id), ("person_id", "=", self.id)])

    def _portal_remove_slot(self, slot):
        self.ensure_one()
        self._portal_ensure_owner()
        if slot.person_id != self:
            raise AccessError(self.env._("This period is not on your profile."))
        slot.unlink()
        self._mark_availability_confirmed()
        return True

    # ------------------------------------------------------------------ export of personal data

    def _export_personal_data(self):
        """Everything the reserve holds on this person, as a JSON-ready dict.

        Other addons extend it (CVs, assignments) by adding keys.
        """
        self.ensure_one()
        self.check_access("read")
        # Access to the person was checked: read the linked records whatever their rules.
        person = self.sudo()
        selection = lambda fname, value: dict(  # noqa: E731
            person._fields[fname]._description_selection(self.env)
        ).get(value, value or None)
        date = lambda value: value and fields.Datetime.to_string(value) or None  # noqa: E731
        day = lambda value: value and fields.Date.to_string(value) or None  # noqa: E731
        data = {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "profile": {
                "name": person.name,
                "email": person.email or None,
                "phone": person.phone or None,
                "category": selection("category", person.category),
                "state": selection("state", person.state),
                "state_reason": person.state_reason or None,
                "commune": person.commune_id.display_name or None,
                **person._portal_preferences(),
                "preferred_sectors": person.preferred_sector_ids.mapped("display_name"),
                "preferred_establishment_categories": person.preferred_category_ids.mapped("display_name"),
                "contract_types": person.contract_type_ids.mapped("display_name"),
                "employer": person.employer_id.display_name or None,
                "employer_agreement": selection("employer_agreement", person.employer_agreement),
                "school": person.school_name or None,
                "study_year": person.study_year or None,
                "internship_constraints": person.internship_constraints or None,
                "administration": person.administration or None,
                "created_on": date(person.create_date),
                "email_confirmed_on": date(person.email_confirmed_date),
                "validated_on": date(person.validated_date),
                "erasure_requested_on": date(person.erasure_requested_date),
            },
            "consent": {
                "date": date(person.consent_date),
                "text": person.consent_text or None,
            },
            "account": {
                "login": person.user_id.login or None,
                "created_on": date(person.user_id.create_date),
                "last_login": date(person.user_id.login_date),
            },
            "jobs": [
                {
                    "job": line.job_id.name,
                    "rome_code": line.job_id.rome_code or None,
                    "years_experience": line.years_experience,
                }
                for line in person.job_line_ids
            ],
            "qualifications": [
                {
                    "qualification": line.qualification_id.display_name,
                    "date_obtained": day(line.date_obtained),
                    "valid_until": day(line.date_end),
                    "state": dict(line._fields["state"]._description_selection(self.env)).get(line.state),
                    "refuse_reason": line.refuse_reason or None,
                    "documents": [
                        {
                            "name": att.name,
                            "mimetype": att.mimetype,
                            "size": att.file_size,
                            "file": self._export_document_path(att),
                        }
                        for att in line.attachment_ids
                    ],
                }
                for line in person.qualification_line_ids
            ],
            "eligibility_checks": [
                {
                    "check": line.check_type_id.display_name,
                    "number": line.number or None,
                    "date": day(line.date_done),
                    "valid_until": day(line.date_end),
                    "state": dict(line._fields["state"]._description_selection(self.env)).get(line.state),
                }
                for line in person.check_line_ids
            ],
            "messages": [
                {
                    "date": date(message.date),
                    "author": message.author_id.display_name or None,
                    "subject": message.subject or None,
                    "body": html2plaintext(message.body or "") or None,
                }
                for message in person._export_messages()
            ],
        }
        data["weekly_availability"] = [
            {
                "weekday": pattern.weekday,
                "hour_from": pattern.hour_from,
                "hour_to": pattern.hour_to,
            }
            for pattern in person.pattern_ids
        ]
        data["dated_availability"] = [
            {
                "start": date(slot.start),
                "stop": date(slot.stop),
                "kind": slot.kind,
            }
            for slot in person.slot_ids
        ]
        return data

    def _export_messages(self):
        """The messages on the profile the person can see (not internal notes), and theirs."""
        self.ensure_one()
        Message = self.env["mail.message"].sudo()
        return Message.search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "in", ("comment", "email", "email_outgoing")),
                # What the portal shows of a chatter: no internal note of the coordinators.
                ("is_internal", "=", False),
                ("subtype_id", "!=", False),
                ("subtype_id.internal", "=", False),
            ],
            order="date, id",
        ) | Message.search(
            [
                ("author_id", "=", self.partner_id.id),
                ("message_type", "=", "comment"),
            ],
            order="date, id",
        )

    def _export_document_path(self, attachment):
        name = re.sub(r"[^\w.\-]+", "_", attachment.name or "document")
        return f"documents/{attachment.id}_{name}"

    def _export_documents(self):
        """The files of the person for the ZIP export: (path in the archive, attachment)."""
        self.ensure_one()
        self.check_access("read")
        return [(self._export_document_path(att), att) for att in self.sudo().qualification_line_ids.attachment_ids]

    def _export_personal_zip(self):
        """A ZIP archive of data.json and the person's documents, as bytes."""
        self.ensure_one()
        data = self._export_personal_data()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
            for path, attachment in self._export_documents():
                archive.writestr(path, attachment.raw or b"")
        return buffer.getvalue()

    # ------------------------------------------------------------------ erasure

    def _erasure_coordinator(self):
        self.ensure_one()
        coordinators = (
            self.env.ref(COORDINATOR_GROUP)
            .sudo()
            .all_user_ids.filtered(lambda user: user.active and user._is_internal() and user.id != SUPERUSER_ID)
            .sorted("id")
        )
        for user in (self.coordinator_id, self.validated_by_id):
            if user and user in coordinators:
                return user
        return coordinators[:1] or self.env.ref("base.user_admin")

    def _erase_personal_data(self):
        """Blank every personal field of the person, their contact and their user.

        Extended by the addons that keep more personal data (CVs).
        """
        self.ensure_one()
        person = self.sudo()
        partner = person.partner_id
        user = person.user_id
        anonymous_name = self.env._("Erased reservist %(ref)s", ref=person.id)
        # Documents and availability go; the qualification and check lines hold numbers
        # and dates that can identify.
        attachments = person.qualification_line_ids.attachment_ids | person.check_line_ids.attachment_ids
        attachments |= self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", person._name),
                ("res_id", "=", person.id),
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        )
        messages = self.env["mail.message"].search([("model", "=", person._name), ("res_id", "=", person.id)])
        attachments |= messages.attachment_ids
        person.pattern_ids.unlink()
        person.slot_ids.unlink()
        attachments.unlink()
        person.qualification_line_ids.unlink()
        person.check_line_ids.unlink()
        # Chatter: the old values of the name and of free texts, and what the person wrote.
        tracked = self.env["ir.model.fields"]._get_ids(person._name)
        self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("field_id", "in", [tracked[f] for f in PERSON_TRACKED_PERSONAL_FIELDS if f in tracked]),
            ]
        ).unlink()
        messages.filtered(lambda m: m.author_id == partner).write({"body": ""})
        messages.write({"email_from": False, "reply_to": False, "record_name": anonymous_name})
        self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)]).unlink()
        self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)]).unlink()
        if partner.email:
            self.env["mail.mail"].search([("email_to", "ilike", partner.email)]).unlink()
        # Nothing is left to do on a person who is no longer there.
        person.activity_ids.unlink()
        # The user cannot sign in any more; its login names nobody.
        if user:
            user.with_context(active_test=False).write(
                {
                    "active": False,
                    "login": f"erased-{person.id}-{uuid.uuid4().hex[:8]}",
                    "password": uuid.uuid4().hex,
                    "signature": False,
                }
            )
        partner_values = {fname: False for fname in PARTNER_ERASED_FIELDS if fname in partner._fields}
        partner_values.update(name=anonymous_name, active=False, partner_latitude=0.0, partner_longitude=0.0)
        partner.write(partner_values)
        person_values = {fname: False for fname in PERSON_ERASED_FIELDS if fname in person._fields}
        person_values.update(erased_date=fields.Datetime.now())
        if person.state != "archived":
            person_values.update(state="archived")
        person.with_context(tracking_disable=True).write(person_values)
        person.write({"state_reason": self.env._("Personal data erased")})
        person.message_post(body=self.env._("The personal data of this person were erased at their request."))
        return True

    # ------------------------------------------------------------------ crons

    def _cron_availability_reminder(self):
        """Send the reminder once to active people whose availability went stale."""
        template = self.env.ref("reserve_medicosociale.mail_template_availability_reminder")
        domain = Domain(
            [
                ("state", "=", "active"),
                ("is_stale", "=", True),
                ("availability_reminder_date", "=", False),
                ("partner_id.email", "!=", False),
            ]
        )
        while people := self.search(domain, limit=CRON_BATCH_SIZE, order="availability_confirmed_date, id"):
            people._send_availability_reminder(template)
            remaining = self.search_count(domain) if len(people) == CRON_BATCH_SIZE else 0
            if not self.env["ir.cron"]._commit_progress(len(people), remaining=remaining):
                break

    def _cron_availability_stale_pause(self):
        """Pause active profiles still stale after the reminder and the pause delay."""
        _reminder_days, pause_days = self._availability_delays()
        limit = fields.Datetime.now() - datetime.timedelta(days=pause_days)
        domain = Domain(
            [
                ("state", "=", "active"),
                ("is_stale", "=", True),
                ("availability_reminder_date", "!=", False),
                ("availability_reminder_date", "<=", limit),
            ]
        )
        reason = self.env._("Availability not confirmed after the reminder")
        while people := self.search(domain, limit=CRON_BATCH_SIZE, order="id"):
            people._set_state("paused", reason=reason, is_stale_paused=True)
            remaining = self.search_count(domain) if len(people) == CRON_BATCH_SIZE else 0
            if not self.env["ir.cron"]._commit_progress(len(people), remaining=remaining):
                break
