import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every
from odoo.tools.misc import format_datetime, str2bool

from ..tools import demo_schedule, matching_sql
from ..tools import phone as phone_tools
from ..tools.local_time import RESERVE_TZ, local_to_naive_utc
from .reserve_person import COORDINATOR_GROUP

NEED_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("partly_filled", "Partly filled"),
    ("filled", "Filled"),
    ("expired", "Out of date"),
    ("cancelled", "Cancelled"),
]
URGENCIES = [("today", "Today"), ("week", "This week"), ("planned", "Planned")]
# Needs whose proposals go by SMS too, to the people who chose it.
URGENT_URGENCIES = ("today",)
MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"
ALERT_CELL_GROUP = "reserve_medicosociale.reserve_medicosociale_group_alert_cell"

# Settings (ir.config_parameter, see res_config_settings.py), with their defaults.
# Weights of the matching score.
WEIGHT_PARAMS = {
    "distance": ("reserve_medicosociale.matching_weight_distance", 30),
    "experience": ("reserve_medicosociale.matching_weight_experience", 20),
    "history": ("reserve_medicosociale.matching_weight_history", 20),
    "reliability": ("reserve_medicosociale.matching_weight_reliability", 20),
    "freshness": ("reserve_medicosociale.matching_weight_freshness", 10),
}
# Escalation of the needs nobody answered.
DELAY_PARAMS = {
    "today": ("reserve_medicosociale.escalation_delay_today", 30),
    "week": ("reserve_medicosociale.escalation_delay_week", 240),
    "planned": ("reserve_medicosociale.escalation_delay_planned", 1440),
}
WAVE_SIZE_PARAM = ("reserve_medicosociale.escalation_wave_size", 5)
# Urgent needs still short of people this many minutes after they opened go to the alert cell.
ALERT_DELAY_PARAM = ("reserve_medicosociale.alert_cell_delay", 120)
RADIUS_STEP_PARAM = ("reserve_medicosociale.escalation_radius_step", 10)
# “Establishments send proposals themselves”.
ESTABLISHMENT_PROPOSALS_PARAM = "reserve_medicosociale.establishment_send_proposals"

# The radius is never widened beyond this.
RADIUS_CAP_KM = 100
# How many ranked people the portal page of a need shows, and the largest wave it sends.
PORTAL_RANKING_LIMIT = 20
MAX_WAVE_SIZE = 50
# How many shifts a need posted on the portal has at most.
MAX_PORTAL_SHIFTS = 7


def _int_param(env, key, default):
    try:
        return max(int(env["ir.config_parameter"].sudo().get_param(key) or default), 0)
    except ValueError:
        return default


class ReserveNeed(models.Model):
    """A reinforcement need (besoin de renfort) posted by a member establishment.

    Coordinators, or the establishment's manager when the settings allow it, rank the people
    who can answer it (``_match``, one query built in ``tools/matching_sql.py``) and send them
    proposals in waves; the assignments fill it; the escalation cron sends the next wave,
    widens the radius and alerts a coordinator when nobody answers. A manager sees the ranked
    people by name, distance and reasons only, and afterwards the people proposed to them:
    never the reserve as a whole.
    """

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
    proposal_ids = fields.One2many("reserve.proposal", "need_id", string="Proposals")
    assignment_ids = fields.One2many("reserve.assignment", "need_id", string="Assignments")
    filled_count = fields.Integer(
        compute="_compute_filled_count", store=True, string="People coming", help="Assignments not cancelled."
    )
    proposal_count = fields.Integer(compute="_compute_proposal_count", string="Proposals sent")
    # Where and how fast, for the pivot and graph views and the report.
    territory_id = fields.Many2one(related="establishment_id.territory_id", store=True, string="Territory")
    department_id = fields.Many2one(related="establishment_id.department_id", store=True, string="Département")
    first_accepted_date = fields.Datetime(
        compute="_compute_fill_hours", store=True, string="First accepted on", help="The first proposal accepted."
    )
    fill_hours = fields.Float(
        compute="_compute_fill_hours",
        store=True,
        aggregator="avg",
        string="Hours to fill",
        help="From the opening of the need to the first proposal accepted.",
    )
    # The alert cell: when the need opened, when it crossed the cell's threshold (once), and
    # how often the escalation widened its radius.
    open_date = fields.Datetime(string="Opened on", readonly=True, copy=False)
    alert_date = fields.Datetime(string="Sent to the alert cell on", readonly=True, copy=False, index=True)
    escalation_count = fields.Integer(string="Radius widenings", readonly=True, copy=False)
    wave_count = fields.Integer(compute="_compute_alert_figures", string="Waves")
    asked_count = fields.Integer(compute="_compute_alert_figures", string="People asked")
    accepted_count = fields.Integer(compute="_compute_alert_figures", string="Accepted")
    declined_count = fields.Integer(compute="_compute_alert_figures", string="Declined")
    unanswered_count = fields.Integer(compute="_compute_alert_figures", string="No answer")
    alert_html = fields.Html(compute="_compute_alert_html", sanitize=False, string="Alert cell")
    # Why nobody: the end of the funnel (people the ranking would list), measured for the open
    # needs by a cron and by the weekly report, for the dashboards and the report's sheet.
    eligible_count = fields.Integer(
        string="Eligible people",
        readonly=True,
        copy=False,
        help="People the ranking lists for the need (the last step of its funnel), when last measured.",
    )
    eligible_date = fields.Datetime(string="Eligible people counted on", readonly=True, copy=False)
    has_no_eligible = fields.Boolean(
        compute="_compute_has_no_eligible",
        store=True,
        string="No eligible person",
        help="When last measured, nobody of the reserve passed every filter of the need's funnel.",
    )
    can_send_proposals = fields.Boolean(
        compute="_compute_can_send_proposals",
        help="Whether the current user may look for people and send proposals for this need.",
    )

    # ------------------------------------------------------------------ compute methods

    @api.depends("open_date", "proposal_ids.state", "proposal_ids.answer_date")
    def _compute_fill_hours(self):
        for need in self:
            accepted = need.proposal_ids.filtered(lambda p: p.state == "accepted" and p.answer_date)
            first = min(accepted.mapped("answer_date"), default=False)
            posted = need.open_date or need.create_date
            # A need recorded after the fact (accepted before it was created here) took no time.
            hours = max((first - posted).total_seconds() / 3600, 0.0) if first and posted else 0.0
            # Assigned only when they change: a decline, a withdrawal or an expiry of one of
            # its proposals then leaves the need's row alone. Written anyway, the row would
            # conflict with a concurrent acceptance, which locks it (reserve.proposal._accept).
            if need.first_accepted_date != first:
                need.first_accepted_date = first
            if need.fill_hours != hours:
                need.fill_hours = hours

    @api.depends("eligible_count", "eligible_date")
    def _compute_has_no_eligible(self):
        for need in self:
            need.has_no_eligible = bool(need.eligible_date) and not need.eligible_count

    def _compute_alert_figures(self):
        """What was tried: the proposals' waves and answers, counted in one query (counts only:
        the authorities who read the needs read no proposal)."""
        counts = {}
        if self.ids:
            groups = (
                self.env["reserve.proposal"]
                .sudo()
                ._read_group([("need_id", "in", self.ids)], ["need_id", "state"], ["__count", "wave:max"])
            )
            for need, state, count, wave in groups:
                need_counts = counts.setdefault(need.id, {"wave": 0, "states": {}})
                need_counts["wave"] = max(need_counts["wave"], wave or 0)
                need_counts["states"][state] = count
        for need in self:
            figures = counts.get(need.id, {"wave": 0, "states": {}})
            states = figures["states"]
            need.wave_count = figures["wave"]
            need.asked_count = sum(states.values())
            need.accepted_count = states.get("accepted", 0)
            need.declined_count = states.get("declined", 0) + states.get("too_late", 0)
            need.unanswered_count = states.get("sent", 0) + states.get("expired", 0)

    def _compute_alert_html(self):
        for need in self:
            need.alert_html = need._alert_cell_html() if need.id else False

    @api.depends("shift_ids.start", "shift_ids.stop")
    def _compute_dates(self):
        for need in self:
            need.date_start = min(need.shift_ids.mapped("start"), default=False)
            need.date_stop = max(need.shift_ids.mapped("stop"), default=False)

    @api.depends("assignment_ids.state")
    def _compute_filled_count(self):
        counts = dict(
            self.env["reserve.assignment"]._read_group(
                [("need_id", "in", self.ids), ("state", "!=", "cancelled")], ["need_id"], ["__count"]
            )
        )
        for need in self:
            need.filled_count = counts.get(need._origin, 0)

    def _compute_proposal_count(self):
        counts = dict(self.env["reserve.proposal"]._read_group([("need_id", "in", self.ids)], ["need_id"], ["__count"]))
        for need in self:
            need.proposal_count = counts.get(need._origin, 0)

    @api.depends_context("uid")
    def _compute_can_send_proposals(self):
        if self._is_proposal_coordinator():
            self.can_send_proposals = True
            return
        if not (self.env.user.has_group(MEMBER_MANAGER_GROUP) and self._establishment_proposals_allowed()):
            self.can_send_proposals = False
            return
        allowed = self._origin._filtered_access("write")
        for need in self:
            need.can_send_proposals = bool(need._origin) and need._origin in allowed

    def _compute_access_url(self):
        for need in self:
            need.access_url = f"/my/needs/{need.id}"

    # ------------------------------------------------------------------ constraints

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

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self._write_guard_role()
        for vals in vals_list:
            if vals.get("name", "/") == "/" or guarded:
                vals["name"] = self.env["ir.sequence"].next_by_code("reserve.need") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions

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
        self._write_state("open")
        # The need's own date, set by the opening (the state was checked above).
        self.sudo().write({"open_date": now})
        return True

    def action_cancel(self):
        if self.filtered(lambda n: n.state in ("filled", "expired", "cancelled")):
            raise UserError(self.env._("A filled, expired or cancelled need cannot be cancelled."))
        return self._write_state("cancelled")

    def action_reset_to_draft(self):
        if self.filtered(lambda n: n.state != "cancelled"):
            raise UserError(self.env._("Only a cancelled need can go back to draft."))
        return self._write_state("draft")

    def action_find_people(self):
        """Open the ranked list of the people who can answer this need: coordinators, or the
        establishment's manager when the settings allow it (see :meth:`_ensure_can_send_proposals`)."""
        self.ensure_one()
        self._ensure_can_send_proposals()
        wizard = self.env["reserve.need.match"].create({"need_id": self.id})
        wizard._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("People for %(need)s", need=self.display_name),
            "res_model": "reserve.need.match",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send_wave(self, person_ids):
        """Send the need to these people (ids of reserve.person): a button or an RPC call.
        Coordinators, or the establishment's manager when the settings allow it
        (see :meth:`_send_wave`)."""
        self.ensure_one()
        self._send_wave(self.env["reserve.person"].browse(person_ids))
        return True

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_proposal_action")
        action.update(domain=[("need_id", "=", self.id)], context={"default_need_id": self.id})
        return action

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_assignment_action")
        action.update(domain=[("need_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------ state

    def _write_state(self, state):
        """The buttons' state change: the user needs write access to the needs, then it is
        written (the state itself is not a field they may write)."""
        self.check_access("write")
        return self.sudo().write({"state": state})

    def _update_filled_state(self):
        """open → partly_filled → filled as people come; a cancelled assignment reopens a seat."""
        for need in self:
            if need.state not in ("open", "partly_filled", "filled"):
                continue
            if need.filled_count >= need.headcount:
                state = "filled"
            elif need.filled_count:
                state = "partly_filled"
            else:
                state = "open"
            if need.state != state:
                # Follows the assignments, whoever's action filled or freed the seat.
                need.sudo().state = state
            if state == "filled":
                need.proposal_ids._withdraw()

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

    # ------------------------------------------------------------------ matching

    @api.model
    def _matching_weights(self):
        """{component: weight >= 0} from the settings."""
        params = self.env["ir.config_parameter"].sudo()
        weights = {}
        for component, (key, default) in WEIGHT_PARAMS.items():
            try:
                weights[component] = max(float(params.get_param(key, default) or 0), 0.0)
            except ValueError:
                weights[component] = float(default)
        if not sum(weights.values()):
            weights = {component: float(default) for component, (_key, default) in WEIGHT_PARAMS.items()}
        return weights

    def _match(self, limit=50):
        """Rank the people who can answer this need, best first.

        One SQL query, whatever the size of the reserve: the hard filters (active, job held,
        contract type, not lent to their own employer, not blocked by the establishment,
        required and qualifying qualifications verified and valid, eligibility checks,
        within both radii, available over every shift, not assigned elsewhere meanwhile,
        weekly hours cap) select the candidates; the score is a weighted sum of normalised
        components (distance, experience, history here, reliability, freshness) with the
        weights of the settings. Reasons are built from the returned columns.

        :return: list of dicts ``{person_id, score, distance_km, reasons}``
        """
        self.ensure_one()
        query, context = self._match_query(limit)
        self.env.flush_all()
        rows = self.env.execute_query_dict(query)
        return [self._match_result(row, context) for row in rows]

    def _match_query(self, limit):
        """The query of :meth:`_match` (``matching_sql.match_query``) and what its rows need
        to become reasons: ``(SQL, context)``.

        :raise UserError: when the need has no shift, or its establishment no location
        """
        need = self
        if not need.shift_ids:
            raise UserError(self.env._("Add at least one shift to the need before looking for people."))
        latitude, longitude = need._match_location()
        shifts = [(shift.start, shift.stop) for shift in need.shift_ids]
        now = fields.Datetime.now()
        query = matching_sql.match_query(
            self.env, need, latitude, longitude, shifts, self._matching_weights(), limit, now
        )
        shown_ids = sorted(set(need.qualification_ids.ids) | set(need.wished_qualification_ids.ids))
        qualifications = self.env["reserve.qualification"].browse(shown_ids)
        context = {
            "qualification_names": {q.id: q.code or q.name for q in qualifications},
            "now": now,
        }
        return query, context

    def _match_result(self, row, context):
        """A ranked person with the reasons of their rank, from the columns of the query."""
        reasons = [self.env._("%(km)s km away", km=round(row["distance_km"]))]
        for qualification_id in sorted(row["qualification_ids"] or ()):
            name = context["qualification_names"].get(qualification_id)
            if name:
                reasons.append(self.env._("%(qualification)s verified", qualification=name))
        if row["years_experience"]:
            reasons.append(self.env._("%(years)s years of experience in the job", years=row["years_experience"]))
        if row["here_count"]:
            reasons.append(self.env._("came here %(count)s times before", count=row["here_count"]))
            if row["here_rating"]:
                reasons.append(self.env._("rated %(rating)s/5 here", rating=round(float(row["here_rating"]), 1)))
        if row["asked_count"]:
            reasons.append(
                self.env._(
                    "answered %(rate)s %% of proposals",
                    rate=round(100 * row["answered_count"] / row["asked_count"]),
                )
            )
        if row["no_show_count"]:
            reasons.append(self.env._("did not come %(count)s times", count=row["no_show_count"]))
        confirmed = row["availability_confirmed_date"]
        if confirmed:
            days = max((context["now"] - confirmed).days, 0)
            reasons.append(
                self.env._("availability confirmed today")
                if not days
                else self.env._("availability confirmed %(days)s days ago", days=days)
            )
        return {
            "person_id": row["person_id"],
            "score": round(float(row["score"]), 1),
            "distance_km": round(float(row["distance_km"]), 1),
            "reasons": reasons,
        }

    # ------------------------------------------------------------------ funnel: why nobody, which lever

    def _match_location(self):
        """The establishment's (latitude, longitude), from its commune when it has none.

        :raise UserError: when it has neither
        """
        establishment = self.establishment_id
        latitude, longitude = establishment.latitude, establishment.longitude
        if not (latitude or longitude) and establishment.commune_id:
            latitude, longitude = establishment.commune_id.latitude, establishment.commune_id.longitude
        if not (latitude or longitude):
            raise UserError(
                self.env._(
                    "%(establishment)s has no location: choose its commune so that distances can be computed.",
                    establishment=establishment.display_name,
                )
            )
        return latitude, longitude

    def _funnel_lever_radii(self):
        """The wider radii the funnel measures: one and two escalation steps further, capped."""
        step = _int_param(self.env, *RADIUS_STEP_PARAM) or RADIUS_STEP_PARAM[1]
        radii = {min(self.radius_km + step * k, RADIUS_CAP_KM) for k in (1, 2)}
        return sorted(km for km in radii if km > self.radius_km)

    def _funnel(self):
        """Why the ranking of this need is short, and what would lengthen it: one query
        (``matching_sql.funnel_query``), whatever the size of the reserve.

        The caller checked that the current user may read the need; only counts come out.

        :return: ``{found, wanted, is_short, steps: [{key, label, count}],
            levers: [{key, label, count}]}``; ``steps`` go from the people holding the job
            to those the ranking lists (``found``); ``levers`` only those that add people
        """
        self.ensure_one()
        self.check_access("read")
        need = self.sudo()
        if not need.shift_ids:
            raise UserError(self.env._("Add at least one shift to the need before looking for people."))
        latitude, longitude = need._match_location()
        shifts = matching_sql.check_shifts(self.env, [(shift.start, shift.stop) for shift in need.shift_ids])
        radii = need._funnel_lever_radii()
        self.env.flush_all()
        row = self.env.execute_query_dict(
            matching_sql.funnel_query(self.env, need, latitude, longitude, shifts, radii)
        )[0]
        steps = [
            (
                "job",
                self.env._(
                    "people of the reserve within %(km)s km hold the job %(job)s",
                    km=max([need.radius_km, *radii]),
                    job=need.job_id.name,
                ),
                row["job_count"],
            ),
            (
                "qualified",
                self.env._("have their qualifications and checks verified and valid"),
                row["qualified_count"],
            ),
            ("available", self.env._("are available over every shift"), row["available_count"]),
            ("reach", self.env._("live within %(km)s km and their own radius", km=need.radius_km), row["reach_count"]),
            (
                "contract",
                self.env._(
                    "accept one of the contract types (%(types)s)",
                    types=", ".join(need.contract_type_ids.mapped("name")),
                ),
                row["contract_count"],
            ),
            ("not_blocked", self.env._("are not set aside by the establishment"), row["not_blocked_count"]),
            ("free", self.env._("are not working elsewhere then and within their weekly hours"), row["free_count"]),
            ("not_asked", self.env._("have not been asked for this need yet"), row["not_asked_count"]),
        ]
        levers = []
        for km, count in zip(radii, row["lever_radius"] or [], strict=False):
            levers.append((f"radius_{km}", self.env._("Widen the radius to %(km)s km", km=km), count))
        contract_counts = {int(key): value for key, value in (row["lever_contract_types"] or {}).items()}
        for contract_type in self.env["reserve.contract.type"].browse(sorted(contract_counts)):
            levers.append(
                (
                    f"contract_{contract_type.id}",
                    self.env._("Accept %(contract_type)s", contract_type=contract_type.name),
                    contract_counts[contract_type.id],
                )
            )
        for (start, _stop), count in zip(shifts, row["lever_shifts"] or [], strict=False):
            day = format_datetime(self.env, start, tz=RESERVE_TZ, dt_format="EEE d MMM HH:mm")
            levers.append(
                (f"shift_{start.isoformat()}", self.env._("Split the need by shift (%(shift)s)", shift=day), count)
            )
        levers.append(
            (
                "qualification",
                self.env._("Have qualifications and checks verified or renewed"),
                row["lever_qualification"],
            )
        )
        found = row["not_asked_count"]
        wanted = max(need.headcount - need.filled_count, 0)
        return {
            "found": found,
            "wanted": wanted,
            "is_short": found < wanted or not found,
            "steps": [{"key": key, "label": label, "count": count} for key, label, count in steps],
            "levers": [
                {
                    "key": key,
                    "label": label,
                    "count": count,
                    "text": self.env._("%(lever)s: +1 person", lever=label)
                    if count == 1
                    else self.env._("%(lever)s: +%(count)s people", lever=label, count=count),
                }
                for key, label, count in levers
                if count
            ],
        }

    def _measure_eligibility(self, batch_size=50):
        """Count, for each open need of ``self``, the people its funnel ends with (the
        ranking's length, ``not_asked_count`` of ``matching_sql.funnel_query``: the same
        conditions as the funnel and the ranking), and store it with the time of the count.

        The funnels of ``batch_size`` needs go to the database as one query (``UNION ALL``).
        A need whose establishment has no location can reach nobody: 0.

        :return: ``{need id: count}``
        """
        needs = self.sudo().filtered(lambda need: need.state in ("open", "partly_filled") and need.shift_ids)
        counts = {}
        queries = []
        for need in needs:
            try:
                latitude, longitude = need._match_location()
                shifts = matching_sql.check_shifts(self.env, [(shift.start, shift.stop) for shift in need.shift_ids])
            except UserError:
                counts[need.id] = 0
                continue
            funnel = matching_sql.funnel_query(self.env, need, latitude, longitude, shifts, need._funnel_lever_radii())
            queries.append(SQL("SELECT %s, funnel.not_asked_count FROM (%s) funnel", need.id, funnel))
        self.env.flush_all()
        for batch in split_every(batch_size, queries):
            counts.update(self.env.execute_query(SQL(" UNION ALL ").join(batch)))
        now = fields.Datetime.now()
        by_count = {}
        for need_id, count in counts.items():
            by_count.setdefault(count, []).append(need_id)
        for count, need_ids in by_count.items():
            self.sudo().browse(need_ids).write({"eligible_count": count, "eligible_date": now})
        return counts

    def _funnel_html(self, funnel=None):
        """The funnel as HTML (template ``need_funnel``), for the back-office, the portal and the alert cell."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "reserve_medicosociale.need_funnel", {"need": self, "funnel": funnel or self._funnel()}
        )

    # ------------------------------------------------------------------ who may send proposals

    @api.model
    def _establishment_proposals_allowed(self):
        """The setting: may the managers of the member establishments send proposals themselves?"""
        value = self.env["ir.config_parameter"].sudo().get_param(ESTABLISHMENT_PROPOSALS_PARAM)
        return str2bool(value or "False", default=False)

    @api.model
    def _is_proposal_coordinator(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _ensure_can_send_proposals(self):
        """Raise unless the current user may rank people and send proposals for these needs:
        coordinators always; a member manager for the needs of the establishments they manage,
        when the setting allows it.

        :raise AccessError: with a message saying why
        """
        if self._is_proposal_coordinator():
            return
        if not self.env.user.has_group(MEMBER_MANAGER_GROUP):
            raise AccessError(self.env._("Only the association's coordinators can look for people for a need."))
        if not self._establishment_proposals_allowed():
            raise AccessError(
                self.env._("Your coordinator has not allowed establishments to send proposals themselves; ask them to.")
            )
        # The record rules decide which needs are theirs.
        self.check_access("write")

    def _ensure_people_can_be_asked(self, persons):
        """A member manager only asks people the matching ranks for this need (or already
        asked, who are skipped): the ids they send are not trusted.

        :raise UserError: when someone can no longer be asked
        """
        self.ensure_one()
        # Checked by the caller (_ensure_can_send_proposals): the ranking reads the whole reserve.
        need = self.sudo()
        already = set(need.proposal_ids.person_id.ids)
        ranked = {match["person_id"] for match in need._match(limit=None)}
        if any(person.id not in ranked and person.id not in already for person in persons):
            raise UserError(
                self.env._(
                    "Some of these people can no longer be asked for this need (no longer available or "
                    "qualified): look for people again."
                )
            )

    # ------------------------------------------------------------------ proposals and waves

    def _send_wave(self, persons):
        """Send the need to these people in the current user's name, after checking they may.

        :return: the proposals created (people already asked are skipped)
        """
        self.ensure_one()
        self._ensure_can_send_proposals()
        if not self._is_proposal_coordinator():
            if self.state not in ("open", "partly_filled"):
                raise UserError(self.env._("Proposals can only be sent for an open need."))
            self._ensure_people_can_be_asked(persons)
        return self._send_proposals(persons)

    def _send_proposals(self, persons):
        """Create one proposal per person not asked yet, and queue one e-mail each."""
        self.ensure_one()
        if self.state not in ("open", "partly_filled"):
            raise UserError(self.env._("Proposals can only be sent for an open need."))
        already = set(self.proposal_ids.person_id.ids)
        persons = persons.filtered(lambda p: p.id not in already)
        wave = max(self.proposal_ids.mapped("wave"), default=0) + 1
        expiry = self.env["reserve.proposal"]._default_expiry(self)
        proposals = (
            self.env["reserve.proposal"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {"need_id": self.id, "person_id": person.id, "wave": wave, "expiry_date": expiry}
                    for person in persons
                ]
            )
        )
        # Urgent needs go by every channel the person chose; the others by e-mail.
        urgent = self.urgency in URGENT_URGENCIES
        by_email = proposals.filtered(
            lambda p: not urgent or p.person_id.notify_by_email or not p.person_id._sms_number()
        )
        by_email._send_mails("reserve_medicosociale.mail_template_proposal")
        if urgent:
            proposals._send_sms()
        return proposals

    def _ranking_for_manager(self, limit=PORTAL_RANKING_LIMIT):
        """The people ranked for this need, as a member manager may see them.

        :return: list of dicts ``{person_id, short_name, name, score, distance_km, reasons}``
        """
        self.ensure_one()
        self._ensure_can_send_proposals()
        # Checked above: the ranking and the names are read for this need only.
        ranking = self.sudo()._match(limit=limit)
        persons = self.env["reserve.person"].sudo().browse([match["person_id"] for match in ranking])
        names = {person.id: person.name or "" for person in persons}
        return [
            {
                **match,
                "name": names.get(match["person_id"], ""),
                "short_name": self._short_person_name(names.get(match["person_id"], "")),
            }
            for match in ranking
        ]

    @api.model
    def _short_person_name(self, name):
        """``Léa Martin`` → ``Léa M.``: enough for an establishment to recognise a proposal."""
        parts = (name or "").split()
        if len(parts) < 2:
            return name or ""
        return f"{parts[0]} {parts[-1][0].upper()}."

    def _portal_send_proposals(self, person_ids=None, top_n=None):
        """Ask the ticked people (``person_ids``), or the first ``top_n`` of the ranking, from
        the portal page of the need.

        :return: the proposals created
        :raise AccessError: when the current user may not send proposals for this need
        :raise UserError: with a message saying what to correct
        """
        self.ensure_one()
        self._ensure_can_send_proposals()
        if self.state not in ("open", "partly_filled"):
            raise UserError(self.env._("Proposals can only be sent for an open need."))
        Person = self.env["reserve.person"]
        if person_ids is not None:
            if not person_ids:
                raise UserError(self.env._("Tick the people to ask, or send the wave to the top of the list."))
            persons = Person.browse(person_ids)
        else:
            if not isinstance(top_n, int) or top_n < 1:
                raise UserError(self.env._("The wave size must be one person at least."))
            if top_n > MAX_WAVE_SIZE:
                raise UserError(self.env._("Ask %s people at most at once.", MAX_WAVE_SIZE))
            persons = Person.browse([match["person_id"] for match in self.sudo()._match(limit=top_n)])
        if not persons:
            raise UserError(self.env._("Nobody available and qualified is left to ask for this need."))
        proposals = self._send_wave(persons)
        if not proposals:
            raise UserError(self.env._("These people were already asked for this need."))
        return proposals

    # ------------------------------------------------------------------ escalation

    @api.model
    def _escalation_delay(self, urgency):
        key, default = DELAY_PARAMS.get(urgency, DELAY_PARAMS["week"])
        return datetime.timedelta(minutes=_int_param(self.env, key, default))

    def _last_wave_date(self):
        self.ensure_one()
        return max(self.proposal_ids.mapped("sent_date"), default=self.create_date)

    def _escalation_due(self, now=None):
        """Open needs still short of people whose last wave is older than their urgency's delay."""
        now = now or fields.Datetime.now()
        return self.filtered(
            lambda n: (
                n.state in ("open", "partly_filled")
                and n.filled_count < n.headcount
                and n._last_wave_date() <= now - self._escalation_delay(n.urgency)
            )
        )

    def _send_next_wave(self):
        """Send the need to the best people not asked yet; nobody left: widen the radius.

        :return: the proposals sent
        """
        wave_size = _int_param(self.env, *WAVE_SIZE_PARAM) or WAVE_SIZE_PARAM[1]
        step = _int_param(self.env, *RADIUS_STEP_PARAM)
        proposals = self.env["reserve.proposal"]
        for need in self.sudo():
            if need.state not in ("open", "partly_filled") or need.filled_count >= need.headcount:
                continue
            # _match already leaves out the people asked before.
            matches = need._match(limit=wave_size)
            if matches:
                persons = self.env["reserve.person"].browse([m["person_id"] for m in matches])
                proposals |= need._send_proposals(persons)
            elif step and need.radius_km < RADIUS_CAP_KM:
                old = need.radius_km
                need.radius_km = min(old + step, RADIUS_CAP_KM)
                need.escalation_count += 1
                need.message_post(
                    body=self.env._(
                        "Nobody left to ask within %(old)s km: the search radius is widened to %(new)s km.",
                        old=old,
                        new=need.radius_km,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return proposals

    def _escalation_coordinators(self):
        """Who follows an urgent need: the active users of the coordinator group."""
        return self.env.ref(COORDINATOR_GROUP).sudo().user_ids.filtered(lambda u: u.active and not u.share)

    def _schedule_urgent_activity(self):
        """One to-do per urgent need still open, for the first coordinator; never twice."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        coordinator = self._escalation_coordinators()[:1]
        if not coordinator:
            return
        for need in self.sudo().filtered(lambda n: n.urgency == "today" and n.state in ("open", "partly_filled")):
            if need.activity_ids.filtered(lambda a: a.activity_type_id == todo):
                continue
            need.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Urgent need still open"),
                note=self.env._("No one has filled this urgent need yet: call people or the establishment."),
                user_id=coordinator.id,
            )

    def _escalate(self):
        """Escalate those of these needs that are due."""
        due = self._escalation_due()
        due._send_next_wave()
        due._schedule_urgent_activity()
        return due

    # ------------------------------------------------------------------ alert cell

    @api.model
    def _alert_delay(self):
        return datetime.timedelta(minutes=_int_param(self.env, *ALERT_DELAY_PARAM))

    @api.model
    def _alert_cell_due(self, now=None):
        """Urgent needs still short of people past the cell's threshold, never sent to it yet."""
        now = now or fields.Datetime.now()
        needs = self.search(
            [
                ("urgency", "in", URGENT_URGENCIES),
                ("state", "in", ("open", "partly_filled")),
                ("alert_date", "=", False),
            ]
        )
        limit = now - self._alert_delay()
        return needs.filtered(lambda n: n.filled_count < n.headcount and (n.open_date or n.create_date) <= limit)

    @api.model
    def _alert_cell_users(self):
        """The cell: the users of the alert cell group, or the coordinators when it has none."""
        cell = self.env.ref(ALERT_CELL_GROUP).sudo().user_ids.filtered(lambda u: u.active and not u.share)
        return cell or self._escalation_coordinators()

    def _alert_cell(self):
        """Send these needs to the alert cell: once per need, by e-mail and by SMS to the
        cell's members who have a mobile number.

        :return: the needs sent (those already sent are skipped)
        """
        needs = self.filtered(lambda n: not n.alert_date)
        if not needs:
            return needs
        users = self._alert_cell_users()
        needs.sudo().write({"alert_date": fields.Datetime.now()})
        template = self.env.ref("reserve_medicosociale.mail_template_need_alert_cell")
        numbers = {user.partner_id.id: phone_tools.e164(user.partner_id.phone) for user in users}
        sms_values = []
        for need in needs.sudo():
            # By e-mail whatever the users' notification preference (the cell may work from its mailbox).
            template.send_mail(
                need.id, force_send=False, email_values={"recipient_ids": [fields.Command.set(users.partner_id.ids)]}
            )
            need.message_post(
                body=self.env._(
                    "Still short of people after %(minutes)s minutes: sent to the alert cell (%(count)s people).",
                    minutes=int(self._alert_delay().total_seconds() // 60),
                    count=len(users),
                ),
                subtype_xmlid="mail.mt_note",
            )
            body = need._alert_cell_sms_body()
            sms_values += [
                {"number": number, "body": body, "partner_id": partner_id}
                for partner_id, number in numbers.items()
                if number
            ]
        if sms_values:
            self.env["sms.sms"].sudo().create(sms_values).send(unlink_sent=False, raise_exception=False)
        return needs

    def _alert_cell_sms_body(self):
        self.ensure_one()
        return self.env._(
            "Alert cell: urgent need %(need)s, %(job)s at %(establishment)s, %(filled)s/%(headcount)s people. %(url)s",
            need=self.name,
            job=self.job_id.name,
            establishment=self.establishment_id.name,
            filled=self.filled_count,
            headcount=self.headcount,
            url=f"{self.get_base_url()}/odoo/reserve.need/{self.id}",
        )

    def _alert_cell_people(self, limit=10):
        """The people to call for this need: the best ranked not asked yet, with their phone
        numbers, for the cell and the coordinators only; an empty list for anyone else."""
        self.ensure_one()
        user = self.env.user
        if not (self.env.su or user.has_group(ALERT_CELL_GROUP) or user.has_group(COORDINATOR_GROUP)):
            return []
        if self.state not in ("open", "partly_filled") or not self.shift_ids:
            return []
        try:
            # Checked above: the cell calls people; the ranking reads the reserve.
            ranking = self.sudo()._match(limit=limit)
        except UserError:
            return []
        persons = self.env["reserve.person"].sudo().browse([m["person_id"] for m in ranking])
        by_id = {person.id: person for person in persons}
        return [
            {
                "name": by_id[m["person_id"]].name,
                "phone": by_id[m["person_id"]].phone or "",
                "reasons": " · ".join(m["reasons"]),
            }
            for m in ranking
        ]

    def _alert_cell_html(self):
        """What was tried, the levers left and the people to call (``alert_cell_need`` template)."""
        self.ensure_one()
        funnel = False
        if self.state in ("open", "partly_filled") and self.shift_ids:
            try:
                funnel = self._funnel()
            except UserError:
                funnel = False
        return self.env["ir.qweb"]._render(
            "reserve_medicosociale.alert_cell_need",
            {"need": self, "funnel": funnel, "people": self._alert_cell_people()},
        )

    @api.model
    def _cron_alert_cell(self):
        due = self._alert_cell_due()
        due._alert_cell()
        return due

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_schedule(self, need_xmlids=None):
        """Date the demo's needs (those of ``need_xmlids``, all by default) and the on-call
        people's availability from now (``tools/demo_schedule.py``): called by the demo data,
        so that every open demo need ranks people whatever the hour of installation."""
        now = fields.Datetime.now()
        plan = demo_schedule.demo_shifts(now)
        for xmlid, shifts in plan.items():
            if need_xmlids is not None and xmlid not in need_xmlids:
                continue
            need = self.env.ref(f"reserve_medicosociale.{xmlid}", raise_if_not_found=False)
            if not need:
                continue
            need.sudo().shift_ids = [fields.Command.clear()] + [
                fields.Command.create({"start": start, "stop": stop}) for start, stop in shifts
            ]
        people = self.env["reserve.person"]
        for xmlid in demo_schedule.ON_CALL_PEOPLE:
            people |= self.env.ref(f"reserve_medicosociale.{xmlid}", raise_if_not_found=False) or people
        if people:
            Slot = self.env["reserve.availability.slot"].sudo()
            Slot.search([("person_id", "in", people.ids), ("note", "=", demo_schedule.ON_CALL_NOTE)]).unlink()
            start, stop = demo_schedule.on_call_period(now)
            Slot.create(
                [
                    {
                        "person_id": person.id,
                        "kind": "available",
                        "start": start,
                        "stop": stop,
                        "note": demo_schedule.ON_CALL_NOTE,
                    }
                    for person in people
                ]
            )
        return True

    # ------------------------------------------------------------------ portal

    @api.model
    def _portal_establishments(self):
        """The member establishments the current user manages (record rules apply)."""
        return self.env["res.partner"].search(
            [("member_state", "=", "member"), ("member_manager_ids", "in", [self.env.uid])], order="name"
        )

    @api.model
    def _portal_shift_utc(self, day, start, stop):
        """Turn a local date and two local times (Europe/Paris) into naive UTC datetimes.

        An end at or before the start means the shift ends the next day (a night shift).

        :param day: a ``datetime.date``
        :param start: a ``datetime.time``
        :param stop: a ``datetime.time``
        :return: (start, stop) as naive UTC datetimes
        """
        stop_day = day + datetime.timedelta(days=1) if stop <= start else day
        return local_to_naive_utc(day, start), local_to_naive_utc(stop_day, stop)

    @api.model
    def _portal_create(self, values):
        """Validate a need posted on the portal, create it as the current user and open it.

        :param values: a dict with ``establishment_id``, ``job_id``, ``headcount``,
            ``urgency``, ``shifts`` (a list of ``{"date", "start", "stop"}`` strings:
            ``YYYY-MM-DD`` and ``HH:MM`` in Europe/Paris time), ``contract_type_ids``,
            ``qualification_ids``, ``wished_qualification_ids`` and ``notes``
        :return: the open need
        :raise UserError: with a message saying what to correct; nothing is created
        """
        establishment = self._portal_establishments().filtered(lambda p: p.id == values.get("establishment_id"))
        if not establishment:
            raise UserError(self.env._("Choose one of the establishments you manage."))
        job = self.env["reserve.job"].browse(values.get("job_id") or []).exists()
        if not job:
            raise UserError(self.env._("Choose the job you need."))
        headcount = values.get("headcount")
        if not isinstance(headcount, int) or headcount < 1:
            raise UserError(self.env._("Enter how many people you need: one at least."))
        if values.get("urgency") not in dict(self._fields["urgency"].selection):
            raise UserError(self.env._("Choose how urgent the need is."))
        shifts = [s for s in values.get("shifts") or [] if any(s.values())]
        if not shifts:
            raise UserError(self.env._("Add at least one shift: its date, start and end times."))
        if len(shifts) > MAX_PORTAL_SHIFTS:
            raise UserError(self.env._("Post %s shifts at most; post another need for the others.", MAX_PORTAL_SHIFTS))
        now = fields.Datetime.now()
        shift_commands = []
        for index, shift in enumerate(shifts, start=1):
            try:
                day = datetime.date.fromisoformat(shift.get("date") or "")
                start = datetime.time.fromisoformat(shift.get("start") or "")
                stop = datetime.time.fromisoformat(shift.get("stop") or "")
            except ValueError:
                raise UserError(self.env._("Shift %s: enter its date, start and end times.", index)) from None
            if start == stop:
                raise UserError(self.env._("Shift %s ends when it starts: correct its end time.", index))
            utc_start, utc_stop = self._portal_shift_utc(day, start, stop)
            if utc_start <= now:
                raise UserError(self.env._("Shift %s starts in the past: correct its date or start time.", index))
            shift_commands.append(fields.Command.create({"start": utc_start, "stop": utc_stop}))
        contract_types = self.env["reserve.contract.type"].browse(values.get("contract_type_ids") or []).exists()
        if not contract_types:
            raise UserError(self.env._("Choose at least one contract type you accept."))
        # Only the job's qualifying diplomas can be asked for.
        qualifications = self.env["reserve.qualification"].browse(values.get("qualification_ids") or [])
        wished = self.env["reserve.qualification"].browse(values.get("wished_qualification_ids") or [])
        need = self.create(
            {
                "establishment_id": establishment.id,
                "job_id": job.id,
                "headcount": headcount,
                "urgency": values["urgency"],
                "shift_ids": shift_commands,
                "contract_type_ids": [fields.Command.set(contract_types.ids)],
                "qualification_ids": [fields.Command.set((qualifications & job.qualification_ids).ids)],
                "wished_qualification_ids": [fields.Command.set((wished & job.qualification_ids).ids)],
                "notes": (values.get("notes") or "").strip() or False,
            }
        )
        need.action_open()
        return need

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_expire_needs(self):
        needs = self._expire_started_needs()
        self.env["ir.cron"]._commit_progress(len(needs))

    @api.model
    def _cron_measure_eligibility(self):
        """Every hour: how many eligible people each open need has, for the dashboards."""
        needs = self.search([("state", "in", ("open", "partly_filled"))])
        needs._measure_eligibility()
        self.env["ir.cron"]._commit_progress(len(needs))

    @api.model
    def _cron_escalate(self):
        due = self.search([("state", "in", ("open", "partly_filled"))])._escalation_due()
        self.env["ir.cron"]._commit_progress(remaining=len(due))
        for need in due:
            need._escalate()
            # One need per transaction: a failing need does not undo the waves already sent.
            if not self.env["ir.cron"]._commit_progress(1):
                break
