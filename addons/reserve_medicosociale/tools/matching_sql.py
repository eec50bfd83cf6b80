"""SQL of the availability query, of the eligibility rule and of the matching.

Each function builds one named part (a CTE, a condition, a list of rows) as an
``odoo.tools.SQL``, so that the models compose them into one query whatever the size of
the reserve: ``reserve.person._find_available`` and the search “available on”,
``reserve.person._get_missing_checks_by_person`` and ``_filter_eligible``, and
``reserve.need._match``. The rule of each part lives here only.

Storage read here: each person's usual week is stored on the person as an
``int4multirange`` of minutes from Monday 00:00, local time (``availability_week``, the
union of the pattern lines); dated slots keep UTC ``start``/``stop`` with a GiST index on
``tsrange(start, stop)``; qualification and check lines are indexed on
``(person_id, type, state, date_end)``; communes on ``(latitude, longitude)``.
"""

import datetime
import math

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import SQL

from .local_time import local_midnight, to_local, to_naive_utc

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2
# Beyond these, more is not better: the score's components are capped, then normalised to 0..1.
EXPERIENCE_CAP_YEARS = 10
HISTORY_CAP_ASSIGNMENTS = 5
FRESHNESS_HORIZON_DAYS = 60
# Assignment states that take the person's time, and those that count as past work.
BUSY_ASSIGNMENT_STATES = ("planned", "confirmed")
HOURS_ASSIGNMENT_STATES = ("planned", "confirmed", "done")


# ------------------------------------------------------------------ shifts and local weeks


def multirange_literal(ranges):
    """The text of an int4multirange, e.g. ``{[480,1080),[1920,2520)}``."""
    return "{" + ",".join(f"[{lower},{upper})" for lower, upper in ranges) + "}"


def check_shifts(env, shifts):
    """Naive UTC shifts, rounded outwards to whole minutes.

    :raise UserError: when a shift does not end after it starts, or there is none
    """
    result = []
    for start, stop in shifts:
        start = to_naive_utc(fields.Datetime.to_datetime(start))
        stop = to_naive_utc(fields.Datetime.to_datetime(stop))
        if not (start and stop and stop > start):
            raise UserError(env._("A shift ends after it starts."))
        start = start.replace(second=0, microsecond=0)
        if stop.second or stop.microsecond:
            stop = stop.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
        result.append((start, stop))
    if not result:
        raise UserError(env._("Give at least one shift to look for available people."))
    return result


def shift_pieces(start, stop):
    """Cut a period (naive UTC, whole minutes) where the local date or the UTC offset
    changes: ``[(utc_start, week_from, week_to)]``, where ``week_*`` are the wall-clock
    minutes from Monday 00:00 (local time) that the piece covers."""

    def offset(moment):
        return to_local(moment).utcoffset()

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


def week_literal(pieces):
    """The week minutes covered by ``pieces`` (see :func:`shift_pieces`), as an int4multirange text."""
    return multirange_literal((week_from, week_to) for _start, week_from, week_to in pieces)


def shift_rows(shifts):
    """``VALUES`` rows ``(idx int, period tsrange)``, one per shift."""
    return SQL(", ").join(
        SQL("(%s, tsrange(%s::timestamp, %s::timestamp))", idx, start, stop) for idx, (start, stop) in enumerate(shifts)
    )


def week_rows(shifts):
    """``VALUES`` rows ``(period tsrange, hours float)``: each local week (Monday 00:00 to
    Monday 00:00, as naive UTC) in which some of ``shifts`` start, with the hours of those
    shifts. Read by the weekly cap of the availability query and of the matching."""
    week_hours = {}
    for start, stop in shifts:
        local_day = to_local(start).date()
        monday = local_day - datetime.timedelta(days=local_day.weekday())
        week_hours[monday] = week_hours.get(monday, 0.0) + (stop - start).total_seconds() / 3600
    return SQL(", ").join(
        SQL(
            "(tsrange(%s::timestamp, %s::timestamp), %s::float)",
            local_midnight(monday),
            local_midnight(monday + datetime.timedelta(days=7)),
            hours,
        )
        for monday, hours in sorted(week_hours.items())
    )


# ------------------------------------------------------------------ availability


def availability_fields_to_flush(env):
    """The fields the availability queries read, flushed before they run."""
    Person = env["reserve.person"]
    Slot = env["reserve.availability.slot"]
    return [
        *(Slot._fields[name] for name in ("person_id", "kind", "start", "stop")),
        *(Person._fields[name] for name in ("state", "max_hours_week", "available_now_until", "availability_week")),
    ]


def person_filter(person_ids, column=None):
    """A condition restricting ``column`` (an ``SQL``, default ``person.id``) to
    ``person_ids``: a list of ids, an ``SQL`` query selecting ids, or ``None`` (no restriction)."""
    column = column or SQL("person.id")
    if isinstance(person_ids, SQL):
        return SQL("AND %s IN (%s)", column, person_ids)
    if person_ids is not None:
        return SQL("AND %s IN (SELECT unnest(%s::int[]))", column, sorted(set(person_ids)))
    return SQL()


def shift_piece_rows(shifts):
    """``VALUES`` rows ``(idx, start, week_from, week_to)``: the pieces of each shift."""
    return SQL(", ").join(
        SQL("(%s, %s::timestamp, %s, %s)", idx, piece_start, week_from, week_to)
        for idx, (start, stop) in enumerate(shifts)
        for piece_start, week_from, week_to in shift_pieces(start, stop)
    )


def candidate_cte(person_ids, candidate_filter=None):
    """``candidate (id, week, available_now_until)``: the active people, among
    ``person_ids`` if given, that pass ``candidate_filter`` (a condition on ``person``)."""
    return SQL(
        """
        candidate AS NOT MATERIALIZED (
            SELECT person.id, person.availability_week AS week, person.available_now_until
              FROM reserve_person person
             WHERE person.state = 'active'
                   %(person_filter)s
                   %(candidate_filter)s
        )""",
        person_filter=person_filter(person_ids),
        candidate_filter=candidate_filter or SQL(),
    )


def flexible_ctes(flexible_kinds, now, person_ids=None):
    """``flexible (person_id)``: people (among ``person_ids`` if given, see
    :func:`person_filter`) with a slot of ``flexible_kinds`` around a shift, or available
    now, whose availability is computed on UTC ranges; ``flexible_candidate``, those of
    them who are candidates.

    Restricted to ``person_ids``, the slots are looked up per person (their ``person_id``
    index) rather than over the whole reserve's slots around the shifts (the GiST index):
    the matching's candidates of one territory are few, the reserve's slots many."""
    return SQL(
        """
        flexible (person_id) AS MATERIALIZED (
            SELECT slot.person_id
              FROM shift
              JOIN reserve_availability_slot slot ON tsrange(slot.start, slot.stop) && shift.period
             WHERE slot.kind IN %(flexible_kinds)s
                   %(slot_filter)s
             UNION
            SELECT person.id
              FROM reserve_person person
             WHERE person.available_now_until > %(now)s::timestamp
                   %(person_filter)s
        ),
        flexible_candidate AS MATERIALIZED (
            SELECT candidate.*
              FROM candidate
             WHERE EXISTS (SELECT 1 FROM flexible WHERE flexible.person_id = candidate.id)
        )""",
        flexible_kinds=tuple(flexible_kinds),
        now=now,
        slot_filter=person_filter(person_ids, SQL("slot.person_id")),
        person_filter=person_filter(person_ids),
    )


def cover_cte(now):
    """``cover (person_id, idx, period)``: the UTC ranges that cover each shift for the
    flexible candidates: their available slots, their week mapped back onto UTC for each
    piece of shift, and their “available now” period."""
    return SQL(
        """
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
        )""",
        now=now,
    )


def availability_ctes(env, shifts, person_ids, candidate_filter=None, extra_ctes=None, flexible_kinds=("available",)):
    """The ``WITH`` clause shared by the availability queries: ``shift`` (idx, period),
    ``shift_piece`` (idx, start, week_from, week_to), ``extra_ctes``, then
    :func:`candidate_cte`, :func:`flexible_ctes` and :func:`cover_cte`."""
    now = fields.Datetime.now()
    return SQL(
        """
        WITH shift (idx, period) AS (VALUES %(shift_rows)s),
        shift_piece (idx, start, week_from, week_to) AS (VALUES %(piece_rows)s),
        %(extra_ctes)s
        %(candidate)s,
        %(flexible)s,
        %(cover)s
        """,
        shift_rows=shift_rows(shifts),
        piece_rows=shift_piece_rows(shifts),
        extra_ctes=extra_ctes or SQL(),
        candidate=candidate_cte(person_ids, candidate_filter),
        flexible=flexible_ctes(flexible_kinds, now, person_ids),
        cover=cover_cte(now),
        to_flush=availability_fields_to_flush(env),
    )


def available_query(env, shifts, person_ids=None):
    """The ids of the active people available over EVERY shift, in id order (see
    ``reserve.person._find_available`` for the rule).

    Python turns each shift into the wall-clock minutes of the week it covers
    (:func:`shift_pieces`: split at local midnights and at changes of time). Then:

    - most people are decided by one containment test per shift,
      ``week @> needed minutes``, in a single scan of ``reserve_person``;
    - the few people with an available slot around a shift, or “available now”, are
      decided exactly: their week is mapped back onto UTC for each piece of shift,
      merged with their slots and “now” period (``range_agg``), and must cover the shift;
    - unavailable slots (GiST) and the weekly cap exclude people beforehand.
    """
    shifts = check_shifts(env, shifts)
    extra_ctes = SQL(
        """
        week (period, hours) AS (VALUES %s),
        busy AS MATERIALIZED (
            SELECT DISTINCT slot.person_id
              FROM shift
              JOIN reserve_availability_slot slot ON tsrange(slot.start, slot.stop) && shift.period
             WHERE slot.kind = 'unavailable'
                   %s
        ),
        """,
        week_rows(shifts),
        person_filter(person_ids, SQL("slot.person_id")),
    )
    candidate_filter = SQL(
        """
           AND (person.max_hours_week = 0 OR NOT EXISTS (
                   SELECT 1 FROM week WHERE week.hours > person.max_hours_week))
           AND NOT EXISTS (SELECT 1 FROM busy WHERE busy.person_id = person.id)
        """
    )
    week_covers = SQL(" AND ").join(
        SQL("candidate.week @> %s::int4multirange", week_literal(shift_pieces(start, stop))) for start, stop in shifts
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
        ctes=availability_ctes(env, shifts, person_ids, candidate_filter=candidate_filter, extra_ctes=extra_ctes),
        week_covers=week_covers,
        shift_count=len(shifts),
    )


def available_during_query(env, start, stop, person_ids=None):
    """The ids of the active people with SOME availability between ``start`` and ``stop``
    (naive UTC) that no unavailable slot cancels: the back-office search “available on a
    date”. Same storage and rules as :func:`available_query`."""
    shifts = check_shifts(env, [(start, stop)])
    need = week_literal(shift_pieces(*shifts[0]))
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
        ctes=availability_ctes(env, shifts, person_ids, flexible_kinds=("available", "unavailable")),
        need=need,
    )


# ------------------------------------------------------------------ eligibility


def eligibility_fields_to_flush(env):
    """The fields the eligibility rule reads, flushed before it runs."""
    Qualification = env["reserve.person.qualification"]
    Check = env["reserve.person.check"]
    return [
        *(Qualification._fields[name] for name in ("person_id", "qualification_id", "state", "date_end")),
        *(Check._fields[name] for name in ("person_id", "check_type_id", "state", "date_end")),
        env["reserve.check.type"]._fields["active"],
        env["reserve.check.type"]._fields["finess_category_ids"],
        env["reserve.job"]._fields["check_type_ids"],
    ]


def valid_line_condition(day):
    """A qualification or check ``line`` verified and still valid on ``day``."""
    return SQL("line.state = 'verified' AND (line.date_end IS NULL OR line.date_end >= %s)", day)


def required_checks_query(env, job, category):
    """The ids of the active check types that ``job`` or the FINESS ``category`` of the
    establishment requires."""
    job_rel = env["reserve.job"]._fields["check_type_ids"]
    category_rel = env["reserve.check.type"]._fields["finess_category_ids"]
    return SQL(
        """
        SELECT check_type.id FROM reserve_check_type check_type
         WHERE check_type.active AND (
               EXISTS (SELECT 1 FROM %(job_rel)s rel
                        WHERE rel.%(job_check)s = check_type.id AND rel.%(job_col)s = %(job)s)
            OR EXISTS (SELECT 1 FROM %(category_rel)s rel
                        WHERE rel.%(category_check)s = check_type.id AND rel.%(category_col)s = %(category)s))
        """,
        job_rel=SQL.identifier(job_rel.relation),
        job_col=SQL.identifier(job_rel.column1),
        job_check=SQL.identifier(job_rel.column2),
        job=job.id,
        category_rel=SQL.identifier(category_rel.relation),
        category_check=SQL.identifier(category_rel.column1),
        category_col=SQL.identifier(category_rel.column2),
        category=category.id or 0,
    )


def eligibility_condition(env, job, category, day, required_qualification_ids=()):
    """The person (``person``) may work as ``job`` in an establishment of the FINESS
    ``category`` on ``day``: every check the job or the category requires is verified and
    valid (:func:`required_checks_query`), and so are every one of
    ``required_qualification_ids`` and, when the job lists qualifying diplomas, one of them."""
    return SQL(
        """
            NOT EXISTS (
                   SELECT 1 FROM unnest(%(required)s::int[]) required(id)
                    WHERE NOT EXISTS (
                          SELECT 1 FROM reserve_person_qualification line
                           WHERE line.person_id = person.id AND line.qualification_id = required.id
                             AND %(valid_line)s))
           AND (cardinality(%(job_qualifications)s::int[]) = 0 OR EXISTS (
                   SELECT 1 FROM reserve_person_qualification line
                    WHERE line.person_id = person.id AND line.qualification_id = ANY(%(job_qualifications)s::int[])
                      AND %(valid_line)s))
           AND NOT EXISTS (
                   SELECT 1 FROM (%(checks)s) required
                    WHERE NOT EXISTS (
                          SELECT 1 FROM reserve_person_check line
                           WHERE line.person_id = person.id AND line.check_type_id = required.id
                             AND %(valid_line)s))
        """,
        required=sorted(required_qualification_ids),
        job_qualifications=sorted(job.qualification_ids.ids),
        valid_line=valid_line_condition(day),
        checks=required_checks_query(env, job, category),
        to_flush=eligibility_fields_to_flush(env),
    )


def eligible_people_query(env, person_ids, job, category, day):
    """The ids of ``person_ids`` who meet :func:`eligibility_condition`, in id order."""
    return SQL(
        """
        SELECT person.id FROM reserve_person person
         WHERE person.id = ANY(%(ids)s::int[]) AND %(eligible)s
      ORDER BY person.id
        """,
        ids=sorted(set(person_ids)),
        eligible=eligibility_condition(env, job, category, day),
    )


def missing_checks_query(env, person_ids, job, category, day):
    """Rows ``(person_id, check_type_id)``: the checks of :func:`required_checks_query` that
    each of ``person_ids`` lacks, or has unverified, refused or expired on ``day``."""
    return SQL(
        """
        SELECT person.id, required.id
          FROM unnest(%(ids)s::int[]) person(id)
    CROSS JOIN (%(checks)s) required
         WHERE NOT EXISTS (
               SELECT 1 FROM reserve_person_check line
                WHERE line.person_id = person.id AND line.check_type_id = required.id
                  AND %(valid_line)s)
      ORDER BY person.id, required.id
        """,
        ids=sorted(set(person_ids)),
        checks=required_checks_query(env, job, category),
        valid_line=valid_line_condition(day),
        to_flush=eligibility_fields_to_flush(env),
    )


# ------------------------------------------------------------------ matching


def commune_cte(latitude, longitude, radius):
    """``m_commune (id, distance_km)``: the communes within ``radius`` km of the point, the
    distance computed once per commune; the bounding box comes first so that the
    (latitude, longitude) index can serve."""
    lat_delta = radius / KM_PER_DEGREE
    lon_delta = radius / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    distance = SQL(
        """2 * %(earth)s * asin(sqrt(
               power(sin(radians(commune.latitude - %(lat)s) / 2), 2)
               + cos(radians(%(lat)s)) * cos(radians(commune.latitude))
                 * power(sin(radians(commune.longitude - %(lon)s) / 2), 2)))""",
        earth=EARTH_RADIUS_KM,
        lat=latitude,
        lon=longitude,
    )
    return SQL(
        """
        SELECT commune.id, %(distance)s AS distance_km
          FROM reserve_commune commune
         WHERE commune.latitude BETWEEN %(lat_min)s AND %(lat_max)s
           AND commune.longitude BETWEEN %(lon_min)s AND %(lon_max)s
           AND %(distance)s <= %(radius)s
        """,
        distance=distance,
        lat_min=latitude - lat_delta,
        lat_max=latitude + lat_delta,
        lon_min=longitude - lon_delta,
        lon_max=longitude + lon_delta,
        radius=radius,
    )


def free_condition(env, need):
    """The person (``person``) is free for ``need``: not assigned elsewhere during its
    shifts (``m_shift``), and within their weekly cap once the hours already assigned in the
    same local weeks (``m_week``) are added.

    Time taken elsewhere is read on the shifts of the assigned needs, not on the
    assignment's first start and last end, which would cover the days between."""
    assignment = SQL.identifier(env["reserve.assignment"]._table)
    return SQL(
        """
        NOT EXISTS (
            SELECT 1 FROM %(assignment)s a
              JOIN reserve_need_shift busy_shift ON busy_shift.need_id = a.need_id
              JOIN m_shift ON tsrange(busy_shift.start, busy_shift.stop) && m_shift.period
             WHERE a.person_id = person.id AND a.state IN %(busy)s)
        AND (person.max_hours_week = 0 OR NOT EXISTS (
            SELECT 1 FROM m_week
             WHERE m_week.hours + COALESCE((
                       SELECT sum(busy_shift.duration_hours)
                         FROM %(assignment)s a
                         JOIN reserve_need_shift busy_shift ON busy_shift.need_id = a.need_id
                        WHERE a.person_id = person.id AND a.state IN %(hours_states)s
                          AND a.need_id != %(need)s
                          AND busy_shift.start <@ m_week.period), 0)
                   > person.max_hours_week))
        """,
        assignment=assignment,
        busy=BUSY_ASSIGNMENT_STATES,
        hours_states=HOURS_ASSIGNMENT_STATES,
        need=need.id,
    )


def not_asked_condition(env, need):
    """The person (``person``) was not asked for ``need`` before."""
    return SQL(
        "NOT EXISTS (SELECT 1 FROM %(proposal)s asked WHERE asked.need_id = %(need)s AND asked.person_id = person.id)",
        proposal=SQL.identifier(env["reserve.proposal"]._table),
        need=need.id,
    )


def not_busy_condition(env, need):
    """``AND`` :func:`free_condition` ``AND`` :func:`not_asked_condition`."""
    return SQL("AND %s AND %s", free_condition(env, need), not_asked_condition(env, need))


def _loan_contract_type_id(env):
    # Cached id, no query (env.ref would check that the record exists).
    return env["ir.model.data"]._xmlid_to_res_id("reserve_medicosociale.contract_type_loan", raise_if_not_found=False)


def accepted_contract_types_query(env, need):
    """The ids of the contract types the person (``person``) accepts for ``need``: a loan
    to their own employer is no loan."""
    contract_rel = env["reserve.person"]._fields["contract_type_ids"]
    return SQL(
        """
        SELECT rel.%(contract_type)s FROM %(contract_rel)s rel
         WHERE rel.%(contract_person)s = person.id
           AND NOT (rel.%(contract_type)s = %(loan)s
                    AND person.employer_id IS NOT DISTINCT FROM %(establishment)s)
        """,
        contract_rel=SQL.identifier(contract_rel.relation),
        contract_person=SQL.identifier(contract_rel.column1),
        contract_type=SQL.identifier(contract_rel.column2),
        loan=_loan_contract_type_id(env) or 0,
        establishment=need.establishment_id.id,
    )


def contract_condition(env, need):
    """The person (``person``) accepts one of the need's contract types."""
    return SQL(
        "EXISTS (SELECT 1 FROM (%(accepted)s) accepted(id) WHERE accepted.id IN %(contract_types)s)",
        accepted=accepted_contract_types_query(env, need),
        contract_types=tuple(need.contract_type_ids.ids) or (0,),
    )


def not_blocked_condition(env, need):
    """The establishment of ``need`` did not block the person (``person``)."""
    blocked_rel = env["res.partner"]._fields["blocked_person_ids"]
    return SQL(
        """NOT EXISTS (
                   SELECT 1 FROM %(blocked_rel)s blocked
                    WHERE blocked.%(blocked_partner)s = %(establishment)s
                      AND blocked.%(blocked_person)s = person.id)""",
        establishment=need.establishment_id.id,
        blocked_rel=SQL.identifier(blocked_rel.relation),
        blocked_partner=SQL.identifier(blocked_rel.column1),
        blocked_person=SQL.identifier(blocked_rel.column2),
    )


def need_eligibility_condition(env, need, day):
    """:func:`eligibility_condition` for the job, establishment and required qualifications of ``need``."""
    return eligibility_condition(
        env, need.job_id, need.establishment_id.finess_category_id, day, need.qualification_ids.ids
    )


def reach_cte(need):
    """``m_reach (id, employer_id, max_hours_week, availability_confirmed_date,
    years_experience, distance_km)``: the active people of the communes in reach
    (``m_commune``) within their own radius, who hold the need's job.

    Cheap index look-ups only (the active people per commune, their job line): materialized
    before :func:`candidate_match_cte`, so that its per-person subqueries (contract,
    eligibility, time taken elsewhere) run on these people only, not on everybody in reach."""
    return SQL(
        """
        SELECT person.id, person.employer_id, person.max_hours_week, person.availability_confirmed_date,
               job_line.years_experience, commune.distance_km
          FROM m_commune commune
          JOIN reserve_person person ON person.commune_id = commune.id AND person.state = 'active'
          JOIN reserve_person_job job_line ON job_line.person_id = person.id AND job_line.job_id = %(job)s
         WHERE commune.distance_km <= person.radius_km
        """,
        job=need.job_id.id,
    )


def candidate_match_cte(env, need, day):
    """``m_candidate (id, availability_confirmed_date, years_experience, distance_km)``: the
    people of ``m_reach`` (:func:`reach_cte`: active, holding the need's job, within both
    radii) who accept one of its contract types (not a loan to their own employer), are not
    blocked by the establishment, are eligible on ``day`` (:func:`eligibility_condition`)
    and are free (:func:`not_busy_condition`)."""
    return SQL(
        """
        SELECT person.id, person.availability_confirmed_date, person.years_experience, person.distance_km
          FROM m_reach person
         WHERE %(contract)s
           AND %(not_blocked)s
           AND %(eligible)s
           %(not_busy)s
        """,
        contract=contract_condition(env, need),
        not_blocked=not_blocked_condition(env, need),
        eligible=need_eligibility_condition(env, need, day),
        not_busy=not_busy_condition(env, need),
    )


def history_cte(env, establishment):
    """``m_history``: per available person, their past assignments here (count, average
    rating), their no-shows and their past assignments anywhere."""
    return SQL(
        """
        SELECT a.person_id,
               count(*) FILTER (
                   WHERE a.state = 'done' AND a.establishment_id = %(establishment)s) AS here_count,
               avg(NULLIF(a.rating, '')::numeric) FILTER (
                   WHERE a.state = 'done' AND a.establishment_id = %(establishment)s) AS here_rating,
               count(*) FILTER (WHERE a.state = 'no_show') AS no_show_count,
               count(*) FILTER (WHERE a.state IN ('done', 'no_show')) AS past_count
          FROM %(assignment)s a
         WHERE a.person_id IN (SELECT id FROM m_available)
      GROUP BY a.person_id
        """,
        assignment=SQL.identifier(env["reserve.assignment"]._table),
        establishment=establishment.id,
    )


def answers_cte(env):
    """``m_answers``: per available person, the proposals they accepted, answered and were asked."""
    return SQL(
        """
        SELECT pr.person_id,
               count(*) FILTER (WHERE pr.state = 'accepted') AS accepted_count,
               count(*) FILTER (WHERE pr.state IN ('accepted', 'declined', 'too_late')) AS answered_count,
               count(*) FILTER (WHERE pr.state IN ('accepted', 'declined', 'expired', 'too_late'))
                   AS asked_count
          FROM %(proposal)s pr
         WHERE pr.person_id IN (SELECT id FROM m_available)
      GROUP BY pr.person_id
        """,
        proposal=SQL.identifier(env["reserve.proposal"]._table),
    )


def qualification_cte(shown_ids, wished_ids, day):
    """``m_qualification``: per available person, which of ``shown_ids`` they hold verified
    and valid on ``day``, and how many of ``wished_ids``."""
    return SQL(
        """
        SELECT line.person_id,
               array_agg(DISTINCT line.qualification_id) AS qualification_ids,
               count(DISTINCT line.qualification_id) FILTER (
                   WHERE line.qualification_id = ANY(%(wished)s::int[])) AS wished_count
          FROM reserve_person_qualification line
         WHERE line.person_id IN (SELECT id FROM m_available)
           AND line.qualification_id = ANY(%(shown)s::int[])
           AND %(valid_line)s
      GROUP BY line.person_id
        """,
        wished=sorted(wished_ids),
        shown=sorted(shown_ids),
        valid_line=valid_line_condition(day),
    )


def score_expression(weights, radius, wished_total, now):
    """The score of a candidate ``c`` (0 to 100): the weighted sum of normalised components
    (distance, experience and wished qualifications, history here, reliability, freshness)."""
    return SQL(
        """(%(w_distance)s * GREATEST(1 - c.distance_km / GREATEST(%(radius)s, 1), 0)
          + %(w_experience)s * (0.7 * LEAST(COALESCE(c.years_experience, 0), %(exp_cap)s)::float / %(exp_cap)s
                                + 0.3 * COALESCE(q.wished_count, 0)::float / GREATEST(%(wished_total)s, 1))
          + %(w_history)s * LEAST(COALESCE(h.here_count, 0), %(hist_cap)s)::float / %(hist_cap)s
                          * COALESCE(h.here_rating::float / 5, 0.8)
          + %(w_reliability)s * (CASE WHEN COALESCE(pr.asked_count, 0) = 0 THEN 0.5
                                      ELSE pr.accepted_count::float / pr.asked_count END)
                              * (CASE WHEN COALESCE(h.past_count, 0) = 0 THEN 1
                                      ELSE 1 - h.no_show_count::float / h.past_count END)
          + %(w_freshness)s * GREATEST(1 - COALESCE(GREATEST(
                EXTRACT(EPOCH FROM (%(now)s::timestamp - c.availability_confirmed_date)) / 86400, 0),
                %(horizon)s) / %(horizon)s, 0)
         ) * 100 / %(total)s""",
        w_distance=weights["distance"],
        w_experience=weights["experience"],
        w_history=weights["history"],
        w_reliability=weights["reliability"],
        w_freshness=weights["freshness"],
        radius=radius,
        exp_cap=EXPERIENCE_CAP_YEARS,
        wished_total=wished_total,
        hist_cap=HISTORY_CAP_ASSIGNMENTS,
        now=now,
        horizon=FRESHNESS_HORIZON_DAYS,
        total=sum(weights.values()),
    )


def match_query(env, need, latitude, longitude, shifts, weights, limit, now):
    """The ranked people for ``need``, best first, in one query: the candidates
    (:func:`candidate_match_cte` among :func:`reach_cte` within :func:`commune_cte`), those of them available over
    every shift (:func:`available_query`), and the columns of their score and reasons.

    :param shifts: the need's shifts, ``(start, stop)`` naive UTC
    :param weights: ``{component: weight}``, see ``reserve.need._matching_weights``
    :return: rows ``person_id, distance_km, years_experience, availability_confirmed_date,
        qualification_ids, here_count, here_rating, no_show_count, accepted_count,
        answered_count, asked_count, score``
    """
    last_day = to_local(max(stop for _start, stop in shifts) - datetime.timedelta(seconds=1)).date()
    radius = float(need.radius_km)
    required_ids = need.qualification_ids.ids
    wished_ids = need.wished_qualification_ids.ids
    return SQL(
        """
        WITH m_shift (idx, period) AS (VALUES %(shift_rows)s),
        m_week (period, hours) AS (VALUES %(week_rows)s),
        m_commune AS MATERIALIZED (%(communes)s),
        m_reach AS MATERIALIZED (%(reach)s),
        m_candidate AS MATERIALIZED (%(candidates)s),
        m_available AS MATERIALIZED (
            SELECT c.* FROM m_candidate c WHERE c.id IN (%(available)s)
        ),
        m_history AS (%(history)s),
        m_answers AS (%(answers)s),
        m_qualification AS (%(qualifications)s)
        SELECT c.id AS person_id, c.distance_km, c.years_experience, c.availability_confirmed_date,
               COALESCE(q.qualification_ids, '{}') AS qualification_ids,
               COALESCE(h.here_count, 0) AS here_count, h.here_rating,
               COALESCE(h.no_show_count, 0) AS no_show_count,
               COALESCE(pr.accepted_count, 0) AS accepted_count,
               COALESCE(pr.answered_count, 0) AS answered_count,
               COALESCE(pr.asked_count, 0) AS asked_count,
               %(score)s AS score
          FROM m_available c
     LEFT JOIN m_history h ON h.person_id = c.id
     LEFT JOIN m_answers pr ON pr.person_id = c.id
     LEFT JOIN m_qualification q ON q.person_id = c.id
      ORDER BY score DESC, c.distance_km, c.id
         LIMIT %(limit)s
        """,
        shift_rows=shift_rows(shifts),
        week_rows=week_rows(shifts),
        communes=commune_cte(latitude, longitude, radius),
        reach=reach_cte(need),
        candidates=candidate_match_cte(env, need, last_day),
        available=available_query(env, shifts, person_ids=SQL("SELECT id FROM m_candidate")),
        history=history_cte(env, need.establishment_id),
        answers=answers_cte(env),
        qualifications=qualification_cte(set(required_ids) | set(wished_ids), wished_ids, last_day),
        score=score_expression(weights, radius, len(wished_ids), now),
        limit=limit,
    )


# ------------------------------------------------------------------ funnel


def funnel_query(env, need, latitude, longitude, shifts, lever_radii):
    """Why the ranking of ``need`` is short, in one query: how many active people of the
    reserve living within the widest radius measured (the need's or a lever's) hold its job,
    how many remain after each hard filter of :func:`match_query`
    (in the order: valid qualification, available over every shift, within both radii,
    contract type accepted, not blocked, free, not asked yet), and what each lever would
    add, counted on the same conditions with one of them changed:

    - ``radius_<km>``: people who pass every other filter and live within ``km`` of the
      establishment and their own radius, beyond the need's radius (one per ``lever_radii``);
    - ``qualification``: people who pass every other filter but whose qualification or
      check is missing, unverified or expired (to verify or renew);
    - ``contract_types``: ``{contract type id: count}`` of people who pass every other
      filter and accept that type, which the need does not;
    - ``shifts``: one count per shift, of people who pass every other filter and are
      available over that shift though not over all of them (when there are several).

    The last row of the funnel equals the length of the ranking (same conditions). People
    beyond the widest radius are counted nowhere: no lever brings them, and at national scale
    counting every holder of the job in France would check each of them (seconds) for nothing.

    :return: one row of counts, see :meth:`reserve.need._funnel`
    """
    last_day = to_local(max(stop for _start, stop in shifts) - datetime.timedelta(seconds=1)).date()
    radius = float(need.radius_km)
    max_radius = max([radius, *lever_radii])
    several = len(shifts) > 1
    shift_ctes = SQL()
    if several:
        shift_ctes = SQL().join(
            SQL(
                ", %(name)s (id) AS MATERIALIZED (%(available)s)",
                name=SQL.identifier(f"f_shift_{idx}"),
                available=available_query(env, [shift], person_ids=SQL("SELECT id FROM f_person")),
            )
            for idx, shift in enumerate(shifts)
        )
    # Every filter but the one a lever changes.
    others = {
        "qualified": SQL("p.is_qualified"),
        "available": SQL("p.is_available"),
        "reach": SQL("p.is_in_reach"),
        "contract": SQL("p.accepts_contract"),
        "rest": SQL("p.is_not_blocked AND p.is_free AND p.is_not_asked"),
    }

    def all_but(*names):
        return SQL(" AND ").join(condition for key, condition in others.items() if key not in names)

    radius_counts = [
        SQL(
            "count(*) FILTER (WHERE %(others)s AND NOT p.is_in_reach AND p.distance_km <= %(km)s"
            " AND p.distance_km <= p.radius_km)",
            others=all_but("reach"),
            km=float(km),
        )
        for km in lever_radii
    ]
    shift_counts = [
        SQL(
            "count(*) FILTER (WHERE %(others)s AND NOT p.is_available AND p.id IN (SELECT id FROM %(cte)s))",
            others=all_but("available"),
            cte=SQL.identifier(f"f_shift_{idx}"),
        )
        for idx in range(len(shifts) if several else 0)
    ]
    return SQL(
        """
        WITH m_shift (idx, period) AS (VALUES %(shift_rows)s),
        m_week (period, hours) AS (VALUES %(week_rows)s),
        f_commune AS MATERIALIZED (%(communes)s),
        f_person AS MATERIALIZED (
            SELECT person.id, person.radius_km, commune.distance_km,
                   %(eligible)s AS is_qualified,
                   COALESCE(commune.distance_km <= %(radius)s AND commune.distance_km <= person.radius_km, FALSE)
                       AS is_in_reach,
                   %(contract)s AS accepts_contract,
                   ARRAY(%(accepted)s) AS contract_type_ids,
                   %(not_blocked)s AS is_not_blocked,
                   %(free)s AS is_free,
                   %(not_asked)s AS is_not_asked
              FROM reserve_person person
              JOIN reserve_person_job job_line ON job_line.person_id = person.id AND job_line.job_id = %(job)s
              JOIN f_commune commune ON commune.id = person.commune_id
             WHERE person.state = 'active'
        ),
        f_available (id) AS MATERIALIZED (%(available)s)
        %(shift_ctes)s,
        f_flag AS MATERIALIZED (
            SELECT f_person.*, f_person.id IN (SELECT id FROM f_available) AS is_available FROM f_person
        )
        SELECT count(*) AS job_count,
               count(*) FILTER (WHERE q) AS qualified_count,
               count(*) FILTER (WHERE q AND a) AS available_count,
               count(*) FILTER (WHERE q AND a AND r) AS reach_count,
               count(*) FILTER (WHERE q AND a AND r AND c) AS contract_count,
               count(*) FILTER (WHERE q AND a AND r AND c AND b) AS not_blocked_count,
               count(*) FILTER (WHERE q AND a AND r AND c AND b AND f) AS free_count,
               count(*) FILTER (WHERE q AND a AND r AND c AND b AND f AND n) AS not_asked_count,
               count(*) FILTER (WHERE NOT q AND a AND r AND c AND b AND f AND n) AS lever_qualification,
               ARRAY[%(radius_counts)s]::int[] AS lever_radius,
               ARRAY[%(shift_counts)s]::int[] AS lever_shifts,
               (SELECT COALESCE(jsonb_object_agg(type_id, people), '{}'::jsonb)
                  FROM (SELECT type_id, count(*) AS people
                          FROM f_flag p, unnest(p.contract_type_ids) type_id
                         WHERE %(contract_others)s AND NOT p.accepts_contract
                           AND type_id NOT IN %(contract_types)s
                      GROUP BY type_id) per_type) AS lever_contract_types
          FROM (SELECT p.*, p.is_qualified AS q, p.is_available AS a, p.is_in_reach AS r, p.accepts_contract AS c,
                       p.is_not_blocked AS b, p.is_free AS f, p.is_not_asked AS n
                  FROM f_flag p) p
        """,
        shift_rows=shift_rows(shifts),
        week_rows=week_rows(shifts),
        communes=commune_cte(latitude, longitude, max_radius),
        eligible=need_eligibility_condition(env, need, last_day),
        radius=radius,
        contract=contract_condition(env, need),
        accepted=accepted_contract_types_query(env, need),
        not_blocked=not_blocked_condition(env, need),
        free=free_condition(env, need),
        not_asked=not_asked_condition(env, need),
        job=need.job_id.id,
        available=available_query(env, shifts, person_ids=SQL("SELECT id FROM f_person")),
        shift_ctes=shift_ctes,
        radius_counts=SQL(", ").join(radius_counts) if radius_counts else SQL(),
        shift_counts=SQL(", ").join(shift_counts) if shift_counts else SQL(),
        contract_others=all_but("contract"),
        contract_types=tuple(need.contract_type_ids.ids) or (0,),
    )
