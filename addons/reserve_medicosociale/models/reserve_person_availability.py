import datetime
import logging
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.link_details import format_local_range
from ..tools.signed_link import check_link_token, link_token, queue_link_mails

_logger = logging.getLogger(__name__)

# Weekly patterns are entered in the local time of the establishments.
RESERVE_TZ = "Europe/Paris"
REMINDER_DAYS_PARAM = "reserve_medicosociale.availability_reminder_days"
PAUSE_DAYS_PARAM = "reserve_medicosociale.availability_pause_days"
DEFAULT_REMINDER_DAYS = 30
DEFAULT_PAUSE_DAYS = 15
TOKEN_SCOPE = "reserve.person.availability_confirm"
CRON_BATCH_SIZE = 200
UTC = datetime.UTC


def _multirange_literal(ranges):
    """The text of an int4multirange, e.g. ``{[480,1080),[1920,2520)}``."""
    return "{" + ",".join(f"[{lower},{upper})" for lower, upper in ranges) + "}"


def _local_midnight(day):
    """The UTC time (naive) of 00:00 on ``day`` in Europe/Paris."""
    return _to_naive_utc(datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(RESERVE_TZ)))


def _to_naive_utc(value):
    """A naive UTC datetime from a naive UTC or an aware datetime."""
    if value.tzinfo:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


class WeekMinutes(fields.Char):
    """A PostgreSQL ``int4multirange``, read and written in its text form, e.g.
    ``{[480,1080),[1920,2520)}``: stored natively so that the availability query tests
    it without parsing text for every person."""

    @property
    def _column_type(self):
        return ("int4multirange", "int4multirange")


class ReservePerson(models.Model):
    _inherit = "reserve.person"

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

    # "Available now" people are few: the query finds them by this index.
    _available_now_until_idx = models.Index("(available_now_until) WHERE available_now_until IS NOT NULL")
    _max_hours_week_positive = models.Constraint(
        "CHECK(max_hours_week >= 0 AND max_hours_week <= 168)",
        "The maximum hours per week is between 0 (no limit) and 168.",
    )

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
            person.availability_week = _multirange_literal(merged)

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
            start, stop = _local_midnight(day), _local_midnight(day + datetime.timedelta(days=1))
            queries.append(self._available_during_query(start, stop))
        if not queries:
            return Domain.FALSE
        return Domain("id", "in", SQL(" UNION ").join(SQL("(%s)", query) for query in queries))

    # ------------------------------------------------------------------ state machine

    def _set_state(self, new_state, reason=None, **extra):
        # Any other transition ends a pause for staleness.
        if new_state != "paused":
            extra.setdefault("is_stale_paused", False)
        return super()._set_state(new_state, reason=reason, **extra)

    # ------------------------------------------------------------------ actions

    def action_available_today(self):
        """The “available now / today” switch: available until the end of the local day.

        Nothing clears it: the availability query compares it with the current time.
        """
        self._check_own_or_coordinator()
        local_today = fields.Datetime.now().replace(tzinfo=UTC).astimezone(ZoneInfo(RESERVE_TZ)).date()
        # Set here only, to the end of the day: a date typed by hand could say "available" for years.
        self.sudo().write({"available_now_until": _local_midnight(local_today + datetime.timedelta(days=1))})
        self._mark_availability_confirmed()
        return True

    def action_not_available_now(self):
        self._check_own_or_coordinator()
        self.sudo().write({"available_now_until": False})
        return True

    def action_confirm_availability(self):
        """The person (or a coordinator on their behalf) says the availability is up to date."""
        self._check_own_or_coordinator()
        self._mark_availability_confirmed()
        return True

    # ------------------------------------------------------------------ freshness

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

    def _check_availability_token(self, token):
        """'valid', 'invalid' (tampered, another person's) or 'expired'."""
        self.ensure_one()
        return check_link_token(token, self._availability_token)

    def _availability_link_page(self, token):
        """What the page of the “still available” link shows; nothing changes (GET and HEAD:
        mail scanners open links).

        :return: 'confirm' (what will be confirmed, and the button), 'invalid' or 'expired'
        """
        self.ensure_one()
        status = self._check_availability_token(token)
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
        status = self._check_availability_token(token)
        if status != "valid":
            return status
        if self.state not in ("active", "paused"):
            return "invalid"
        reactivated = self.state == "paused" and self.is_stale_paused
        self._mark_availability_confirmed()
        return "reactivated" if reactivated else "confirmed"

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

    def _send_availability_reminder(self, template):
        """Queue the reminder mail (the mail queue sends it) and note when it went out."""
        queue_link_mails(template, self.ids)
        self.write({"availability_reminder_date": fields.Datetime.now()})

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

    # ------------------------------------------------------------------ availability query

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
        week rows (:meth:`_availability_week_rows`).

        See :meth:`_available_query` to use the same query inside a larger one.
        """
        if person_ids is not None and not isinstance(person_ids, SQL) and not person_ids:
            return []
        return [row[0] for row in self.env.execute_query(self._available_query(shifts, person_ids=person_ids))]

    @api.model
    def _available_query(self, shifts, person_ids=None):
        """The SQL of :meth:`_find_available`: one column of person ids, in id order.

        Storage: each person's usual week is stored on the person as an
        ``int4multirange`` of minutes from Monday 00:00, local time
        (``availability_week``, the union of the pattern lines); dated slots keep UTC
        ``start``/``stop`` with a GiST index on ``tsrange(start, stop)``.

        Python turns each shift into the wall-clock minutes of the week it covers
        (``_availability_shift_pieces``: split at local midnights and at changes of
        time). Then:

        - most people are decided by one containment test per shift,
          ``week @> needed minutes``, in a single scan of ``reserve_person``;
        - the few people with an available slot around a shift, or “available now”, are
          decided exactly: their week is mapped back onto UTC for each piece of shift,
          merged with their slots and “now” period (``range_agg``), and must cover the shift;
        - unavailable slots (GiST) and the weekly cap exclude people beforehand.
        """
        shifts = self._availability_check_shifts(shifts)
        extra_ctes = SQL(
            """
            week (period, hours) AS (VALUES %s),
            busy AS MATERIALIZED (
                SELECT DISTINCT slot.person_id
                  FROM shift
                  JOIN reserve_availability_slot slot ON tsrange(slot.start, slot.stop) && shift.period
                 WHERE slot.kind = 'unavailable'
            ),
            """,
            self._availability_week_rows(shifts),
        )
        candidate_filter = SQL(
            """
               AND (person.max_hours_week = 0 OR NOT EXISTS (
                       SELECT 1 FROM week WHERE week.hours > person.max_hours_week))
               AND NOT EXISTS (SELECT 1 FROM busy WHERE busy.person_id = person.id)
            """
        )
        week_covers = SQL(" AND ").join(
            SQL("candidate.week @> %s::int4multirange", self._availability_week_literal(pieces))
            for pieces in (self._availability_shift_pieces(start, stop) for start, stop in shifts)
        )
        return SQL(
            """
            %(ctes)s
            SELECT candidate.id
              FROM candidate
             WHERE NOT EXISTS (SELECT 1 FROM flexible WHERE flexible.person_id = candidate.id)
               AND %(week_covers)s
             UNION ALL
            SELECT covered.person_id
              FROM (
                    SELECT cover.person_id
                      FROM cover
                      JOIN shift ON shift.idx = cover.idx
                  GROUP BY cover.person_id, shift.idx, shift.period
                    HAVING range_agg(cover.period) @> shift.period
                   ) covered
          GROUP BY covered.person_id
            HAVING count(*) = %(shift_count)s
          ORDER BY 1
            """,
            ctes=self._availability_ctes(shifts, person_ids, candidate_filter=candidate_filter, extra_ctes=extra_ctes),
            week_covers=week_covers,
            shift_count=len(shifts),
        )

    @api.model
    def _available_during_query(self, start, stop, person_ids=None):
        """SQL selecting the active people with SOME availability between ``start`` and
        ``stop`` (naive UTC) that no unavailable slot cancels: the back-office search
        “available on a date”. Same storage and rules as :meth:`_available_query`."""
        shifts = self._availability_check_shifts([(start, stop)])
        need = self._availability_week_literal(self._availability_shift_pieces(*shifts[0]))
        return SQL(
            """
            %(ctes)s
            SELECT candidate.id
              FROM candidate
             WHERE NOT EXISTS (SELECT 1 FROM flexible WHERE flexible.person_id = candidate.id)
               AND candidate.week && %(need)s::int4multirange
             UNION ALL
            SELECT cover.person_id
              FROM cover
              JOIN shift ON shift.idx = cover.idx
          GROUP BY cover.person_id, shift.period
            HAVING NOT isempty(
                       range_agg(cover.period * shift.period)
                       - COALESCE((
                           SELECT range_agg(tsrange(busy.start, busy.stop))
                             FROM reserve_availability_slot busy
                            WHERE busy.person_id = cover.person_id
                              AND busy.kind = 'unavailable'
                              AND tsrange(busy.start, busy.stop) && shift.period
                       ), '{}'::tsmultirange))
            """,
            ctes=self._availability_ctes(shifts, person_ids, flexible_kinds=("available", "unavailable")),
            need=need,
        )

    @api.model
    def _availability_check_shifts(self, shifts):
        """Naive UTC shifts, rounded outwards to whole minutes."""
        result = []
        for start, stop in shifts:
            start = _to_naive_utc(fields.Datetime.to_datetime(start))
            stop = _to_naive_utc(fields.Datetime.to_datetime(stop))
            if not (start and stop and stop > start):
                raise UserError(self.env._("A shift ends after it starts."))
            start = start.replace(second=0, microsecond=0)
            if stop.second or stop.microsecond:
                stop = stop.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
            result.append((start, stop))
        if not result:
            raise UserError(self.env._("Give at least one shift to look for available people."))
        return result

    @api.model
    def _availability_week_rows(self, shifts):
        """``VALUES`` rows ``(period tsrange, hours float)``: each local week (Monday 00:00
        to Monday 00:00, Europe/Paris, as naive UTC) in which some of ``shifts`` start, with
        the hours of those shifts. Read by the weekly cap of the availability query and of
        the matching."""
        tz = ZoneInfo(RESERVE_TZ)
        week_hours = {}
        for start, stop in shifts:
            local_day = start.replace(tzinfo=UTC).astimezone(tz).date()
            monday = local_day - datetime.timedelta(days=local_day.weekday())
            week_hours[monday] = week_hours.get(monday, 0.0) + (stop - start).total_seconds() / 3600
        return SQL(", ").join(
            SQL(
                "(tsrange(%s::timestamp, %s::timestamp), %s::float)",
                _local_midnight(monday),
                _local_midnight(monday + datetime.timedelta(days=7)),
                hours,
            )
            for monday, hours in sorted(week_hours.items())
        )

    @api.model
    def _availability_shift_pieces(self, start, stop):
        """Cut a period (naive UTC, whole minutes) where the local date or the UTC offset
        changes: ``[(utc_start, week_from, week_to)]``, where ``week_*`` are the wall-clock
        minutes from Monday 00:00 (Europe/Paris) that the piece covers."""
        tz = ZoneInfo(RESERVE_TZ)

        def offset(moment):
            return moment.replace(tzinfo=UTC).astimezone(tz).utcoffset()

        # Europe/Paris changes time on whole UTC hours.
        cuts = []
        moment = start.replace(minute=0) + datetime.timedelta(hours=1)
        while moment < stop:
            if offset(moment) != offset(moment - datetime.timedelta(minutes=1)):
                cuts.append(moment)
            moment += datetime.timedelta(hours=1)
        pieces = []
        bounds = [start, *cuts, stop]
        for piece_start, piece_stop in zip(bounds, bounds[1:], strict=False):
            shift = offset(piece_start)
            local, local_stop = piece_start + shift, piece_stop + shift
            while local < local_stop:
                midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
                end = min(local_stop, midnight)
                day = local.weekday() * 1440
                pieces.append(
                    (
                        local - shift,
                        day + local.hour * 60 + local.minute,
                        day + (1440 if end == midnight else end.hour * 60 + end.minute),
                    )
                )
                local = end
        return pieces

    @api.model
    def _availability_week_literal(self, pieces):
        return _multirange_literal((week_from, week_to) for _start, week_from, week_to in pieces)

    @api.model
    def _availability_ctes(
        self, shifts, person_ids, candidate_filter=None, extra_ctes=None, flexible_kinds=("available",)
    ):
        """CTEs shared by the availability queries:

        - ``shift`` (idx, period) and ``shift_piece`` (idx, start, week_from, week_to);
        - ``extra_ctes``;
        - ``candidate`` (id, week, available_now_until): the active people, among
          ``person_ids`` if given, that pass ``candidate_filter`` (a condition on ``person``);
        - ``flexible`` (person_id): people with a slot of ``flexible_kinds`` around a
          shift, or available now, whose availability is computed on UTC ranges, and
          ``flexible_candidate``, those of them who are candidates;
        - ``cover`` (person_id, idx, period): those ranges.
        """
        shift_rows = SQL(", ").join(
            SQL("(%s, tsrange(%s::timestamp, %s::timestamp))", idx, start, stop)
            for idx, (start, stop) in enumerate(shifts)
        )
        piece_rows = SQL(", ").join(
            SQL("(%s, %s::timestamp, %s, %s)", idx, piece_start, week_from, week_to)
            for idx, (start, stop) in enumerate(shifts)
            for piece_start, week_from, week_to in self._availability_shift_pieces(start, stop)
        )
        person_filter = SQL()
        if isinstance(person_ids, SQL):
            person_filter = SQL("AND person.id IN (%s)", person_ids)
        elif person_ids is not None:
            person_filter = SQL("AND person.id IN (SELECT unnest(%s::int[]))", sorted(set(person_ids)))
        return SQL(
            """
            WITH shift (idx, period) AS (VALUES %(shift_rows)s),
            shift_piece (idx, start, week_from, week_to) AS (VALUES %(piece_rows)s),
            %(extra_ctes)s
            candidate AS NOT MATERIALIZED (
                SELECT person.id, person.availability_week AS week, person.available_now_until
                  FROM reserve_person person
                 WHERE person.state = 'active'
                       %(person_filter)s
                       %(candidate_filter)s
            ),
            flexible (person_id) AS MATERIALIZED (
                SELECT slot.person_id
                  FROM shift
                  JOIN reserve_availability_slot slot ON tsrange(slot.start, slot.stop) && shift.period
                 WHERE slot.kind IN %(flexible_kinds)s
                 UNION
                SELECT person.id
                  FROM reserve_person person
                 WHERE person.available_now_until > %(now)s::timestamp
            ),
            flexible_candidate AS MATERIALIZED (
                SELECT candidate.*
                  FROM candidate
                 WHERE EXISTS (SELECT 1 FROM flexible WHERE flexible.person_id = candidate.id)
            ),
            cover (person_id, idx, period) AS (
                SELECT slot.person_id, shift.idx, tsrange(slot.start, slot.stop)
                  FROM shift
                  JOIN reserve_availability_slot slot ON tsrange(slot.start, slot.stop) && shift.period
                  JOIN flexible_candidate candidate ON candidate.id = slot.person_id
                 WHERE slot.kind = 'available'
             UNION ALL
                SELECT candidate.id, piece.idx, tsrange(
                           piece.start + make_interval(mins => lower(part) - piece.week_from),
                           piece.start + make_interval(mins => upper(part) - piece.week_from))
                  FROM flexible_candidate candidate
            CROSS JOIN shift_piece piece
            CROSS JOIN LATERAL unnest(
                           candidate.week * int4multirange(int4range(piece.week_from, piece.week_to))) part
             UNION ALL
                SELECT candidate.id, shift.idx, tsrange(%(now)s::timestamp, candidate.available_now_until)
                  FROM flexible_candidate candidate
                  JOIN shift ON candidate.available_now_until > %(now)s::timestamp
            )
            """,
            shift_rows=shift_rows,
            piece_rows=piece_rows,
            extra_ctes=extra_ctes or SQL(),
            person_filter=person_filter,
            candidate_filter=candidate_filter or SQL(),
            flexible_kinds=tuple(flexible_kinds),
            now=fields.Datetime.now(),
            to_flush=self._availability_fields_to_flush(),
        )

    @api.model
    def _availability_fields_to_flush(self):
        """The fields the availability queries read, flushed before they run."""
        Slot = self.env["reserve.availability.slot"]
        return [
            *(Slot._fields[name] for name in ("person_id", "kind", "start", "stop")),
            *(self._fields[name] for name in ("state", "max_hours_week", "available_now_until", "availability_week")),
        ]
