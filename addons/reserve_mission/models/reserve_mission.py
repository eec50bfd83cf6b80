import datetime
import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.reserve_medicosociale.tools import matching_sql
from odoo.addons.reserve_medicosociale.tools.local_time import local_to_naive_utc, to_local
from odoo.addons.reserve_medicosociale.tools.row_lock import serialize_on

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
MODERATOR_GROUP = "reserve_mission.reserve_mission_group_moderator"

MISSION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("published", "Published"),
    ("to_correct", "To correct"),
    ("refused", "Refused"),
    ("closed", "Closed"),
]
# The states in which the structure may change what the mission is.
EDITABLE_STATES = ("draft", "to_correct", "refused")
DATE_MODES = [("single", "One date"), ("multiple", "Several dates"), ("weekly", "A weekly slot")]
PUBLICS = [
    ("elderly", "Elderly people"),
    ("disabled", "People with disabilities"),
    ("children", "Children and young people"),
    ("precarious", "People in difficulty"),
    ("all", "All publics"),
]
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
# The moderation checklist, in the order the moderators read it.
RULE_CODES = ("care_acts", "night", "replacement", "weekly_hours", "no_tutor")
# Settings (ir.config_parameter, see res_config_settings.py), with their defaults.
MAX_WEEKLY_HOURS_PARAM = ("reserve_mission.max_weekly_hours", 6)
EXPIRY_REMINDER_DAYS_PARAM = ("reserve_mission.expiry_reminder_days", 7)
# Night work as the Code du travail defines it by default (L3122-2): 21:00 to 06:00.
NIGHT_END_MINUTES = 6 * 60
NIGHT_START_MINUTES = 21 * 60
# A weekly slot gives at most a year of dates, and starts within two years.
MAX_WEEKLY_DATES = 53
WEEKLY_START_MAX_DAYS = 2 * 366
# How many upcoming dates the availability of the volunteers is checked on.
AVAILABILITY_DATES = 4
RANKING_RADIUS_CAP_KM = 100
PARTICIPATION_TAKING_SEATS = ("pending", "validated", "done")

# What in a mission's text looks like a paid job (accents and case removed first).
CARE_PATTERNS = (
    r"\bsoins?\b",
    r"\btoilettes?\b",
    r"\bmedicaments?\b",
    r"\binjections?\b",
    r"\bpansements?\b",
    r"\bhabillage\b",
    r"\bnursing\b",
    r"\bchanges? (des|de la|du) (residents?|personnes?|patients?|beneficiaires?)\b",
    r"\baide (a la prise|au) (des |du )?(repas|medicaments?)\b",
)
NIGHT_PATTERNS = (r"\bnuits?\b", r"\bnocturnes?\b", r"\bveilleurs?\b", r"\bveille de nuit\b")
REPLACEMENT_PATTERNS = (
    r"\bremplac",
    r"\bsalarie(e)?s? absent",
    r"\bpostes? vacants?\b",
    r"\barrets? maladie\b",
    r"\bmanque de personnel\b",
    r"\bsous[- ]effectif",
    r"\bcdd\b",
    r"\binterim",
)


def _plain(text):
    """Lower case without accents, for the patterns above."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def _matches(patterns, text):
    return any(re.search(pattern, text) for pattern in patterns)


def int_param(env, key, default):
    try:
        return max(int(env["ir.config_parameter"].sudo().get_param(key) or default), 0)
    except ValueError:
        return default


class ReserveMission(models.Model):
    """A volunteer mission of general interest, posted by a member establishment or a
    partner structure, moderated before it is published.

    A mission never replaces a paid job: the moderation checklist (``_get_rule_violations``)
    refuses care acts, night hours, the replacement of an employee, regular hours beyond
    the weekly limit and a mission with no tutor on site, with the reason sent back to the
    structure. Moderators are the referents of the mission's territory and, by delegation,
    of its structure (``reserve_mission_group_moderator`` and the record rules).
    """

    _name = "reserve.mission"
    _description = "Volunteer mission"
    _inherit = ["mail.thread", "mail.activity.mixin", "reserve.write.guard"]
    _order = "date_start, id desc"

    # A structure's manager writes what the mission is; the structure is chosen once (the
    # rules check it); states and moderation are the buttons'.
    _manager_write_fields = frozenset(
        {
            "name",
            "description",
            "activity_id",
            "public",
            "date_mode",
            "date_ids",
            "weekly_day",
            "weekly_hour_from",
            "weekly_hour_to",
            "weekly_date_start",
            "weekly_date_end",
            "seats",
            "place",
            "commune_id",
            "prerequisites",
            "min_age",
            "tutor_name",
            "tutor_phone",
            "tutor_email",
            "involves_care",
            "replaces_staff",
        }
    )
    _manager_create_fields = _manager_write_fields | {"structure_id"}
    # What a structure may still change once the mission is published.
    _published_write_fields = frozenset({"seats"})

    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Text(help="What the volunteers do, with whom, what they bring to the people.")
    activity_id = fields.Many2one("reserve.mission.activity", required=True, index=True, tracking=True)
    public = fields.Selection(PUBLICS, default="elderly", required=True)
    structure_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True), '|', ('member_state', '=', 'member'), ('is_mission_partner', '=', True)]",
        help="The member establishment or partner structure that welcomes the volunteers.",
    )
    territory_id = fields.Many2one(
        "reserve.territory", compute="_compute_territory_id", store=True, index=True, readonly=True
    )
    date_mode = fields.Selection(DATE_MODES, string="When", default="single", required=True)
    date_ids = fields.One2many("reserve.mission.date", "mission_id", string="Dates", copy=True)
    weekly_day = fields.Selection(WEEKDAYS, string="Day of the week")
    weekly_hour_from = fields.Float(string="From")
    weekly_hour_to = fields.Float(string="To")
    weekly_date_start = fields.Date(string="Every week from")
    weekly_date_end = fields.Date(string="Until")
    date_start = fields.Datetime(compute="_compute_dates", store=True, index=True, string="First date")
    date_stop = fields.Datetime(compute="_compute_dates", store=True, string="Last date ends")
    weekly_hours = fields.Float(
        compute="_compute_dates", store=True, help="The most hours the mission asks for in one week."
    )
    total_hours = fields.Float(compute="_compute_dates", store=True, string="Hours in all")
    seats = fields.Integer(string="Places", default=1, required=True, tracking=True)
    seats_taken = fields.Integer(compute="_compute_seats", store=True, string="Places taken")
    seats_left = fields.Integer(compute="_compute_seats", store=True, string="Places left")
    waitlist_count = fields.Integer(compute="_compute_seats", store=True, string="On the waiting list")
    place = fields.Char(help="Where the volunteers are welcomed (address, building, room).")
    commune_id = fields.Many2one("reserve.commune", required=True, index=True)
    prerequisites = fields.Text(help="e.g. a criminal-record extract, a health pass, being at ease with tablets.")
    min_age = fields.Integer(string="Minimum age", default=18)
    tutor_name = fields.Char(string="Tutor on site", help="The person of the structure who welcomes the volunteers.")
    # The tutor's contact is for the validated volunteers (their page and mail, read as
    # superuser), not for anyone reading a published mission over RPC.
    tutor_phone = fields.Char(string="Tutor's phone", groups="base.group_user")
    tutor_email = fields.Char(string="Tutor's e-mail", groups="base.group_user")
    involves_care = fields.Boolean(
        string="Includes care acts", help="Toilet, help with meals or medication, dressing: never volunteers' work."
    )
    replaces_staff = fields.Boolean(
        string="Replaces an employee", help="The mission stands for an absent employee or a vacant post."
    )
    state = fields.Selection(
        MISSION_STATES, default="draft", required=True, tracking=True, index=True, copy=False, group_expand=True
    )
    moderation_codes = fields.Char(
        readonly=True, copy=False, help="The rules of the checklist that the mission breaks, separated by commas."
    )
    moderation_comment = fields.Text(string="Moderator's comment", readonly=True, copy=False)
    moderation_reasons = fields.Text(compute="_compute_moderation_reasons", string="Why")
    moderated_by_id = fields.Many2one("res.users", string="Moderated by", readonly=True, copy=False)
    moderation_date = fields.Datetime(string="Moderated on", readonly=True, copy=False)
    published_date = fields.Datetime(string="Published on", readonly=True, copy=False)
    participation_ids = fields.One2many("reserve.mission.participation", "mission_id", string="Participations")
    invited_person_ids = fields.Many2many(
        "reserve.person",
        "reserve_mission_invited_person_rel",
        "mission_id",
        "person_id",
        string="Invited volunteers",
        readonly=True,
        copy=False,
    )
    invited_names = fields.Char(
        compute="_compute_invited_names",
        compute_sudo=True,
        groups="reserve_medicosociale.reserve_medicosociale_group_member_manager",
        string="Volunteers invited",
        help="Whom the structure invited, by name: their profile stays private until they apply.",
    )
    participation_count = fields.Integer(compute="_compute_seats", store=True, string="Applications")
    expiry_reminder_sent = fields.Boolean(readonly=True, copy=False)

    _seats_positive = models.Constraint("CHECK (seats > 0)", "A mission offers one place at least.")
    _min_age_range = models.Constraint("CHECK (min_age >= 0 AND min_age <= 99)", "The minimum age is between 0 and 99.")

    # ------------------------------------------------------------------ computes

    @api.depends("commune_id")
    def _compute_territory_id(self):
        # Territories are few (a handful per association): read them once for the batch.
        territories = self.env["reserve.territory"].sudo().search([], limit=1000)
        for mission in self:
            commune = mission.commune_id
            mission.territory_id = (
                next((t for t in territories if commune in t.commune_ids), False)
                or next((t for t in territories if commune.department_id in t.department_ids), False)
                if commune
                else False
            )

    @api.depends("date_ids.start", "date_ids.stop")
    def _compute_dates(self):
        for mission in self:
            dates = mission.date_ids
            mission.date_start = min(dates.mapped("start")) if dates else False
            mission.date_stop = max(dates.mapped("stop")) if dates else False
            mission.total_hours = sum(dates.mapped("duration_hours"))
            weeks = {}
            for line in dates:
                local_day = to_local(line.start).date()
                monday = local_day - datetime.timedelta(days=local_day.weekday())
                weeks[monday] = weeks.get(monday, 0.0) + line.duration_hours
            mission.weekly_hours = max(weeks.values()) if weeks else 0.0

    @api.depends("seats", "participation_ids.state")
    def _compute_seats(self):
        for mission in self:
            states = mission.participation_ids.mapped("state")
            taken = sum(1 for state in states if state in PARTICIPATION_TAKING_SEATS)
            mission.seats_taken = taken
            mission.seats_left = max(mission.seats - taken, 0)
            mission.waitlist_count = states.count("waitlist")
            mission.participation_count = sum(1 for state in states if state != "cancelled")

    @api.depends("invited_person_ids.name")
    def _compute_invited_names(self):
        for mission in self:
            mission.invited_names = ", ".join(mission.invited_person_ids.mapped("name")) or False

    @api.depends("moderation_codes", "moderation_comment", "weekly_hours")
    def _compute_moderation_reasons(self):
        for mission in self:
            lines = [mission._rule_reason(code) for code in mission._moderation_code_list()]
            if mission.moderation_comment:
                lines.append(mission.moderation_comment)
            mission.moderation_reasons = "\n".join(lines) or False

    # ------------------------------------------------------------------ constraints

    @api.constrains(
        "date_mode", "weekly_day", "weekly_hour_from", "weekly_hour_to", "weekly_date_start", "weekly_date_end"
    )
    def _check_weekly_slot(self):
        for mission in self.filtered(lambda m: m.date_mode == "weekly"):
            if not (0 <= mission.weekly_hour_from < mission.weekly_hour_to <= 24):
                raise ValidationError(
                    self.env._("The weekly slot of “%s” ends after it starts, within the day.", mission.name)
                )
            if (
                mission.weekly_date_start
                and mission.weekly_date_end
                and mission.weekly_date_end < mission.weekly_date_start
            ):
                raise ValidationError(self.env._("The weekly slot of “%s” ends after it begins.", mission.name))
            if mission.weekly_date_start and mission.weekly_date_start > fields.Date.today() + datetime.timedelta(
                days=WEEKLY_START_MAX_DAYS
            ):
                raise ValidationError(
                    self.env._("The weekly slot of “%s” starts within the next two years.", mission.name)
                )

    @api.constrains("seats")
    def _check_seats_taken(self):
        # Fewer places than the people holding one would validate more volunteers than it offers.
        for mission in self:
            if mission.seats < mission.seats_taken:
                raise ValidationError(
                    self.env._(
                        "“%(mission)s” has %(taken)s places taken: it cannot offer fewer. Decline an "
                        "application first.",
                        mission=mission.name,
                        taken=mission.seats_taken,
                    )
                )

    @api.constrains("structure_id")
    def _check_structure(self):
        for mission in self:
            structure = mission.structure_id.sudo()
            if structure.member_state != "member" and not structure.is_mission_partner:
                raise ValidationError(
                    self.env._(
                        "%s is neither a member establishment nor a partner structure: only they post missions.",
                        structure.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        missions = super().create(vals_list)
        missions._sync_weekly_dates()
        return missions

    def write(self, vals):
        role = self._write_guard_role()
        if role == "manager":
            locked = self.filtered(lambda m: m.state not in EDITABLE_STATES)
            published_only = set(vals) <= self._published_write_fields
            if locked and not (published_only and set(locked.mapped("state")) == {"published"}):
                raise UserError(
                    self.env._(
                        "“%s” was submitted or published: it cannot be changed any more. Ask the moderator "
                        "to send it back for correction, or close it and post a new one.",
                        locked[0].name,
                    )
                )
        result = super().write(vals)
        if {
            "date_mode",
            "weekly_day",
            "weekly_hour_from",
            "weekly_hour_to",
            "weekly_date_start",
            "weekly_date_end",
        } & set(vals):
            self._sync_weekly_dates()
        if "seats" in vals:
            self._promote_waitlist()
        return result

    def _sync_weekly_dates(self):
        """The dates of a weekly slot: one per week on its day, from its first to its last day."""
        for mission in self.filtered(lambda m: m.date_mode == "weekly"):
            if not (mission.weekly_day and mission.weekly_date_start and mission.weekly_hour_to):
                continue
            first = mission.weekly_date_start
            first += datetime.timedelta(days=(int(mission.weekly_day) - first.weekday()) % 7)
            last = mission.weekly_date_end or first + datetime.timedelta(weeks=12)
            days = []
            day = first
            while day <= last and len(days) < MAX_WEEKLY_DATES:
                days.append(day)
                day += datetime.timedelta(weeks=1)

            def at(day, hour):
                minutes = round(hour * 60)
                if minutes >= 1440:
                    return local_to_naive_utc(day + datetime.timedelta(days=1), datetime.time())
                return local_to_naive_utc(day, datetime.time(minutes // 60, minutes % 60))

            # The dates follow the slot: the structure's write was checked, the lines are the slot's.
            mission.sudo().date_ids = [fields.Command.clear()] + [
                fields.Command.create(
                    {"start": at(day, mission.weekly_hour_from), "stop": at(day, mission.weekly_hour_to)}
                )
                for day in days
            ]

    # ------------------------------------------------------------------ moderation rules

    def _moderation_code_list(self):
        self.ensure_one()
        return [code for code in (self.moderation_codes or "").split(",") if code in RULE_CODES]

    def _max_weekly_hours(self):
        return int_param(self.env, *MAX_WEEKLY_HOURS_PARAM)

    def _has_night_hours(self):
        """Some date of the mission touches the night (21:00 to 06:00, local time)."""
        self.ensure_one()
        for line in self.date_ids:
            start, stop = to_local(line.start), to_local(line.stop)
            if (stop - start) >= datetime.timedelta(hours=15):
                return True
            start_minutes = start.hour * 60 + start.minute
            stop_minutes = stop.hour * 60 + stop.minute
            if stop.date() > start.date() and stop_minutes > 0:
                return True
            if start_minutes < NIGHT_END_MINUTES or start_minutes >= NIGHT_START_MINUTES:
                return True
            if stop_minutes > NIGHT_START_MINUTES or (0 < stop_minutes <= NIGHT_END_MINUTES):
                return True
        return False

    def _get_rule_violations(self):
        """The codes of the checklist's rules that the mission breaks (RULE_CODES order):
        what it says (its text, its declarations) and what it asks (its dates, its tutor)."""
        self.ensure_one()
        text = _plain(" ".join(filter(None, (self.name, self.description, self.prerequisites))))
        violations = []
        if self.involves_care or _matches(CARE_PATTERNS, text):
            violations.append("care_acts")
        if self._has_night_hours() or _matches(NIGHT_PATTERNS, text):
            violations.append("night")
        if self.replaces_staff or _matches(REPLACEMENT_PATTERNS, text):
            violations.append("replacement")
        if self.date_mode != "single" and self.weekly_hours > self._max_weekly_hours():
            violations.append("weekly_hours")
        if not (self.tutor_name or "").strip():
            violations.append("no_tutor")
        return violations

    def _rule_reason(self, code):
        """The sentence that tells the structure why the rule ``code`` refuses the mission."""
        self.ensure_one()
        if code == "care_acts":
            return self.env._(
                "The mission includes care acts (toilet, help with meals or medication, dressing): they are "
                "the work of trained, paid staff and cannot be a volunteer mission."
            )
        if code == "night":
            return self.env._(
                "The mission takes place at night (between 21:00 and 06:00): night work belongs to the "
                "staff of the structure, not to volunteers."
            )
        if code == "replacement":
            return self.env._(
                "The mission replaces an absent employee or fills a vacant post: a mission of general "
                "interest never replaces a paid job."
            )
        if code == "weekly_hours":
            return self.env._(
                "The mission asks for %(hours)s hours a week, more than the %(max)s hours allowed: regular "
                "hours at that level are a job, not volunteering.",
                hours=f"{self.weekly_hours:g}",
                max=self._max_weekly_hours(),
            )
        if code == "no_tutor":
            return self.env._(
                "The mission names no tutor on site: volunteers are always welcomed and accompanied by a "
                "person of the structure."
            )
        return code

    def _rule_labels(self):
        """The checklist as the moderators tick it: {code: short label}."""
        return {
            "care_acts": self.env._("Care acts"),
            "night": self.env._("Night hours"),
            "replacement": self.env._("Replaces an employee"),
            "weekly_hours": self.env._("Too many hours a week"),
            "no_tutor": self.env._("No tutor on site"),
        }

    def _get_missing_for_submission(self):
        """What the structure must still fill before submitting, as sentences."""
        self.ensure_one()
        missing = []
        if not (self.description or "").strip():
            missing.append(self.env._("Describe what the volunteers will do."))
        if not self.date_ids:
            missing.append(self.env._("Give the mission's date, dates or weekly slot."))
        elif self.date_stop <= fields.Datetime.now():
            missing.append(self.env._("The mission's dates are over: give dates to come."))
        elif self.date_start < fields.Datetime.now():
            # A date gone by would show on the public page and count in the hours done.
            missing.append(
                self.env._(
                    "Some dates of the mission are over: give dates to come only (a weekly slot "
                    "starting today or later)."
                )
            )
        if self.date_mode == "single" and len(self.date_ids) > 1:
            missing.append(self.env._("A mission on one date has one date only: choose “Several dates”."))
        return missing

    # ------------------------------------------------------------------ who acts

    def _is_coordinator(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _check_structure_user(self):
        """Raise unless the current user speaks for the structure of every mission of self."""
        if self._is_coordinator():
            return
        self.check_access("write")
        if any(self.env.user not in m.structure_id.sudo().member_manager_ids for m in self):
            raise AccessError(self.env._("Only the structure's managers can do this for its missions."))

    @api.model
    def _moderator_domain(self, user=None):
        user = user or self.env.user
        return [
            "|",
            ("territory_id.mission_moderator_ids", "in", [user.id]),
            ("structure_id.mission_moderator_ids", "in", [user.id]),
        ]

    def _check_moderator(self):
        """Raise unless the current user moderates every mission of self: a coordinator, a
        referent of its territory or a moderator the structure delegated to."""
        if self._is_coordinator():
            return
        user = self.env.user
        if not user.has_group(MODERATOR_GROUP):
            raise AccessError(self.env._("Only the moderators of the missions can do this."))
        in_scope = self.sudo().filtered_domain(self._moderator_domain(user))
        if in_scope != self.sudo():
            raise AccessError(
                self.env._("You do not moderate the missions of this territory or structure: ask its referent.")
            )
        # Nobody moderates the missions they post: a referent who also manages a structure.
        if any(user in mission.structure_id.member_manager_ids for mission in in_scope):
            raise AccessError(self.env._("You manage the structure of this mission: another moderator decides on it."))

    def _can_moderate(self):
        try:
            self._check_moderator()
        except AccessError:
            return False
        return True

    # ------------------------------------------------------------------ buttons

    def action_submit(self):
        """The structure sends its mission to moderation; the checklist refuses at once what
        looks like a paid job, with its reasons."""
        self._check_structure_user()
        for mission in self:
            if mission.state not in EDITABLE_STATES:
                raise UserError(self.env._("“%s” was already submitted.", mission.name))
            missing = mission._get_missing_for_submission()
            if missing:
                raise UserError(
                    self.env._(
                        "“%(mission)s” cannot be submitted yet:\n%(missing)s",
                        mission=mission.name,
                        missing="\n".join(missing),
                    )
                )
            violations = mission._get_rule_violations()
            if violations:
                mission._set_refused(violations, comment=False, moderator=False)
                continue
            mission.sudo().write(
                {
                    "state": "submitted",
                    "moderation_codes": False,
                    "moderation_comment": False,
                    "moderated_by_id": False,
                    "moderation_date": False,
                }
            )
            mission._notify_moderators()
        return True

    def action_publish(self):
        self._check_moderator()
        for mission in self:
            if mission.state != "submitted":
                raise UserError(self.env._("Only a submitted mission can be published."))
            violations = mission._get_rule_violations()
            if violations:
                raise UserError(
                    self.env._(
                        "“%(mission)s” breaks the checklist: refuse it with its reasons.\n%(reasons)s",
                        mission=mission.name,
                        reasons="\n".join(mission._rule_reason(code) for code in violations),
                    )
                )
        now = fields.Datetime.now()
        self.sudo().write(
            {
                "state": "published",
                "moderated_by_id": self.env.user.id,
                "moderation_date": now,
                "published_date": now,
                "moderation_codes": False,
                "moderation_comment": False,
            }
        )
        self._send_structure_mail("reserve_mission.mail_template_mission_published")
        return True

    def action_open_decision(self):
        """The moderator's checklist: refuse with reasons, or send back for correction."""
        self.ensure_one()
        self._check_moderator()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reserve.mission.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mission_id": self.id,
                **{f"default_rule_{code}": True for code in self._get_rule_violations()},
            },
        }

    def action_reset_draft(self):
        """The structure corrects a mission sent back or refused."""
        self._check_structure_user()
        if any(mission.state not in ("to_correct", "refused") for mission in self):
            raise UserError(self.env._("Only a mission sent back or refused goes back to draft."))
        self.sudo().state = "draft"
        return True

    def action_close(self):
        for mission in self:
            if not mission._can_moderate():
                mission._check_structure_user()
        if any(mission.state != "published" for mission in self):
            raise UserError(self.env._("Only a published mission can be closed."))
        self._close()
        return True

    def action_view_participations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_mission.reserve_mission_participation_action")
        action["domain"] = [("mission_id", "=", self.id)]
        action["context"] = {"default_mission_id": self.id}
        return action

    def action_invite(self):
        """The ranked volunteers of the reserve, to invite."""
        self.ensure_one()
        self._check_structure_user()
        if self.state != "published":
            raise UserError(self.env._("Invite volunteers once the mission is published."))
        wizard = self.env["reserve.mission.invite"].create({"mission_id": self.id})
        wizard._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reserve.mission.invite",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ moderation (checked callers)

    def _moderate(self, decision, codes, comment):
        """The moderator's decision: 'refuse' (codes of the checklist, a comment) or
        'correct' (a comment that says what to change)."""
        self._check_moderator()
        codes = [code for code in RULE_CODES if code in (codes or [])]
        comment = (comment or "").strip()
        for mission in self:
            if mission.state not in ("submitted", "published"):
                raise UserError(self.env._("Only a submitted or published mission can be moderated."))
        if decision == "refuse":
            if not codes and not comment:
                raise UserError(self.env._("Tick the rules the mission breaks or say why it is refused."))
            self._set_refused(codes, comment, self.env.user)
        elif decision == "correct":
            if not comment:
                raise UserError(self.env._("Say what the structure must correct."))
            self.sudo().write(
                {
                    "state": "to_correct",
                    "moderation_codes": ",".join(codes) or False,
                    "moderation_comment": comment,
                    "moderated_by_id": self.env.user.id,
                    "moderation_date": fields.Datetime.now(),
                }
            )
            self._send_structure_mail("reserve_mission.mail_template_mission_to_correct")
        else:
            raise UserError(self.env._("Choose to refuse the mission or to send it back for correction."))
        return True

    def _set_refused(self, codes, comment, moderator):
        self.sudo().write(
            {
                "state": "refused",
                "moderation_codes": ",".join(codes) or False,
                "moderation_comment": comment or False,
                "moderated_by_id": moderator.id if moderator else False,
                "moderation_date": fields.Datetime.now(),
            }
        )
        # A published mission that is refused takes nobody any more.
        self._close_participations()
        self._send_structure_mail("reserve_mission.mail_template_mission_refused")

    def _close(self):
        self.sudo().state = "closed"
        self._close_participations()

    def _close_participations(self):
        waiting = self.sudo().participation_ids.filtered(lambda p: p.state in ("waitlist", "pending"))
        if waiting:
            waiting._cancel(self.env._("The mission is closed."))

    # ------------------------------------------------------------------ participations

    def _apply(self, person, invited=False):
        """``person`` applies: a place if one is left (pending, the structure validates),
        else the waiting list. First come, first served, never more than the places: the
        mission row is updated first (``serialize_on``), so that the concurrent transactions
        fail to serialize and are retried on a fresh snapshot, where they see the places taken.

        Called by the portal for the signed-in person's own profile (checked there).
        :return: the participation (the existing one when the person already applied)
        """
        self.ensure_one()
        mission = self.sudo()
        serialize_on(mission)
        if mission.state != "published" or (mission.date_stop and mission.date_stop <= fields.Datetime.now()):
            raise UserError(self.env._("This mission no longer takes volunteers."))
        if person.state == "archived" or person.erased_date:
            raise UserError(self.env._("Your profile is archived: reactivate it to apply."))
        Participation = self.env["reserve.mission.participation"].sudo()
        existing = Participation.search(
            [("mission_id", "=", mission.id), ("person_id", "=", person.id), ("state", "!=", "cancelled")], limit=1
        )
        if existing:
            return existing
        # The structure's "no" stands: a declined volunteer does not take a place again.
        if Participation.search_count(
            [("mission_id", "=", mission.id), ("person_id", "=", person.id), ("declined_date", "!=", False)], limit=1
        ):
            raise UserError(self.env._("The structure declined your application to this mission."))
        state = "pending" if mission.seats_taken < mission.seats else "waitlist"
        participation = Participation.create(
            {"mission_id": mission.id, "person_id": person.id, "state": state, "is_invited": bool(invited)}
        )
        participation._notify_applied()
        return participation

    def _promote_waitlist(self):
        """Places freed: the first people of the waiting list take them, in order of application."""
        for mission in self.sudo().filtered(lambda m: m.state == "published"):
            free = mission.seats - mission.seats_taken
            if free <= 0:
                continue
            waiting = mission.participation_ids.filtered(lambda p: p.state == "waitlist").sorted(
                lambda p: (p.create_date, p.id)
            )[:free]
            if waiting:
                waiting.write({"state": "pending"})
                waiting._send_mails("reserve_mission.mail_template_participation_promoted")

    def _upcoming_shifts(self, limit=AVAILABILITY_DATES):
        """The next dates of the mission, (start, stop) naive UTC."""
        self.ensure_one()
        now = fields.Datetime.now()
        return [(line.start, line.stop) for line in self.date_ids.sorted("start") if line.stop > now][:limit]

    # ------------------------------------------------------------------ ranked volunteers

    def _rank_volunteers(self, limit=20):
        """The volunteers of the reserve for this mission, nearest first: active people of the
        volunteer category or who accept volunteering, whose own radius reaches the mission's
        commune, available on its next dates (the reserve's availability query), neither
        already applied nor invited. Built on the reserve's matching SQL (tools/matching_sql.py).

        :return: list of dicts ``person_id, distance_km``
        """
        self.ensure_one()
        commune = self.commune_id
        shifts = self._upcoming_shifts()
        if not (commune and shifts):
            return []
        shifts = matching_sql.check_shifts(self.env, shifts)
        volunteering = self.env["ir.model.data"]._xmlid_to_res_id(
            "reserve_medicosociale.contract_type_volunteering", raise_if_not_found=False
        )
        contract_rel = self.env["reserve.person"]._fields["contract_type_ids"]
        invited_rel = self._fields["invited_person_ids"]
        self.env.flush_all()
        query = SQL(
            """
            WITH m_commune AS MATERIALIZED (%(communes)s),
            m_candidate AS MATERIALIZED (
                SELECT person.id, commune.distance_km, person.availability_confirmed_date
                  FROM m_commune commune
                  JOIN reserve_person person ON person.commune_id = commune.id AND person.state = 'active'
                 WHERE commune.distance_km <= person.radius_km
                   AND (person.category = 'volunteer' OR EXISTS (
                           SELECT 1 FROM %(contract_rel)s rel
                            WHERE rel.%(contract_person)s = person.id AND rel.%(contract_type)s = %(volunteering)s))
                   AND NOT EXISTS (
                           SELECT 1 FROM reserve_mission_participation p
                            WHERE p.mission_id = %(mission)s AND p.person_id = person.id AND p.state != 'cancelled')
                   AND NOT EXISTS (
                           SELECT 1 FROM %(invited_rel)s inv
                            WHERE inv.%(invited_mission)s = %(mission)s AND inv.%(invited_person)s = person.id)
            )
            SELECT c.id, c.distance_km
              FROM m_candidate c
             WHERE c.id IN (%(available)s)
          ORDER BY c.distance_km, c.availability_confirmed_date DESC NULLS LAST, c.id
             LIMIT %(limit)s
            """,
            communes=matching_sql.commune_cte(commune.latitude, commune.longitude, RANKING_RADIUS_CAP_KM),
            contract_rel=SQL.identifier(contract_rel.relation),
            contract_person=SQL.identifier(contract_rel.column1),
            contract_type=SQL.identifier(contract_rel.column2),
            volunteering=volunteering or 0,
            mission=self.id,
            invited_rel=SQL.identifier(invited_rel.relation),
            invited_mission=SQL.identifier(invited_rel.column1),
            invited_person=SQL.identifier(invited_rel.column2),
            available=matching_sql.available_query(self.env, shifts, person_ids=SQL("SELECT id FROM m_candidate")),
            limit=limit,
        )
        self.env.cr.execute(query)
        return [{"person_id": row[0], "distance_km": row[1]} for row in self.env.cr.fetchall()]

    def _invite(self, persons):
        """The structure invites ``persons`` (from the ranked list): an e-mail each with the
        mission's page, where they apply in one tap."""
        self.ensure_one()
        self._check_structure_user()
        persons = persons.sudo() - self.sudo().invited_person_ids
        if not persons:
            return False
        self.sudo().invited_person_ids = [fields.Command.link(person.id) for person in persons]
        template = self.env.ref("reserve_mission.mail_template_mission_invitation").sudo()
        for person in persons:
            template.with_context(mission_person_id=person.id).send_mail(
                self.id,
                force_send=False,
                email_values={
                    "recipient_ids": [fields.Command.set(person.partner_id.ids)],
                    "message_type": "user_notification",
                },
            )
        self.message_post(
            body=self.env._("Invited: %s", ", ".join(persons.mapped("name"))),
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------ portal and public pages

    @api.model
    def _public_domain(self):
        """The missions anyone may read on the public pages: published, not over."""
        return [("state", "=", "published"), ("date_stop", ">", fields.Datetime.now())]

    @api.model
    def _search_public(self, commune=None, radius=None, day=None, activity=None):
        """The domain of the public list's filters: within ``radius`` km of ``commune``, with a
        date on ``day`` (local), of ``activity``."""
        domain = list(self._public_domain())
        if commune:
            radius = min(max(int(radius or 20), 1), RANKING_RADIUS_CAP_KM)
            self.env.cr.execute(
                SQL("SELECT id FROM (%s) c", matching_sql.commune_cte(commune.latitude, commune.longitude, radius))
            )
            domain.append(("commune_id", "in", [row[0] for row in self.env.cr.fetchall()]))
        if day:
            start = local_to_naive_utc(day, datetime.time())
            stop = local_to_naive_utc(day + datetime.timedelta(days=1), datetime.time())
            domain += [("date_ids.start", "<", stop), ("date_ids.stop", ">", start)]
        if activity:
            domain.append(("activity_id", "=", activity.id))
        return domain

    def _order_for_person(self, person):
        """The missions of self with those matching ``person`` first: within their radius of
        their commune, then available on the next dates, then the others, each in date order.

        :return: (the missions in that order, {mission id: 'near' or 'available'})
        """
        if not (person and person.commune_id):
            return self, {}
        commune = person.commune_id
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s) c",
                matching_sql.commune_cte(commune.latitude, commune.longitude, max(person.radius_km, 1)),
            )
        )
        near_communes = {row[0] for row in self.env.cr.fetchall()}
        near = self.filtered(lambda m: m.commune_id.id in near_communes)
        marks = {}
        self.env.flush_all()
        # A page of missions (a dozen at most): one availability query each.
        for mission in near:
            shifts = mission._upcoming_shifts()
            available = False
            if shifts and person.state == "active":
                self.env.cr.execute(matching_sql.available_query(self.env, shifts, person_ids=[person.id]))
                available = bool(self.env.cr.fetchall())
            marks[mission.id] = "available" if available else "near"
        available = near.filtered(lambda m: marks[m.id] == "available")
        return available + (near - available) + (self - near), marks

    # ------------------------------------------------------------------ mails

    def _send_structure_mail(self, template_xmlid):
        """A mail to the structure's managers (and the structure's address)."""
        template = self.env.ref(template_xmlid).sudo()
        for mission in self:
            template.send_mail(mission.id, force_send=False)

    def _mail_structure_partners(self):
        self.ensure_one()
        structure = self.structure_id.sudo()
        return structure.member_manager_ids.partner_id or structure

    def _mail_moderator_partners(self):
        self.ensure_one()
        mission = self.sudo()
        users = mission.territory_id.mission_moderator_ids | mission.structure_id.mission_moderator_ids
        if not users:
            users = self.env.ref(COORDINATOR_GROUP).sudo().user_ids.filtered(lambda u: u.email and u.active)
        return users.partner_id

    def _notify_moderators(self):
        self._send_structure_mail("reserve_mission.mail_template_mission_submitted")

    def _public_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/reserve/missions/{self.id}"

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_close_past_missions(self):
        """Missions whose last date is over are closed."""
        self.search([("state", "=", "published"), ("date_stop", "<", fields.Datetime.now())])._close()

    @api.model
    def _cron_remind_expiring_missions(self):
        """Published missions ending within N days with places left: the structure is told
        once, to invite volunteers or close the mission."""
        days = int_param(self.env, *EXPIRY_REMINDER_DAYS_PARAM)
        if not days:
            return
        now = fields.Datetime.now()
        missions = self.search(
            [
                ("state", "=", "published"),
                ("expiry_reminder_sent", "=", False),
                ("seats_left", ">", 0),
                ("date_stop", ">", now),
                ("date_stop", "<=", now + datetime.timedelta(days=days)),
            ]
        )
        missions._send_structure_mail("reserve_mission.mail_template_mission_expiring")
        missions.write({"expiry_reminder_sent": True})
