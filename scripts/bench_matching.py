#!/usr/bin/env python3
"""Benchmark the matching of a need against 1,000 then 50,000 generated reservists, then 500,000 over France.

    python scripts/bench_matching.py --db reserve_bench -- --db_host … --addons-path …

Generates reservists over the Manche (the communes of data/reserve.commune.csv) with jobs,
qualifications, contract types, weekly patterns, some unavailable periods, and a history of
assignments and proposals; then ranks one need of an EHPAD at Saint-Lô with
``reserve.need._match()`` (median of ``--runs`` runs, queries counted on the cursor) at
1,000 people and at 50,000, and the same ranking done the naive way (ORM loop over the
people, one person at a time), and prints
``matching people=50000 median_ms=M naive_ms=N speedup=X queries_1k=A queries_50k=B funnel_ms=F``
(``funnel_ms``: ``reserve.need._funnel()``, the counts after each hard filter and the levers).

Then the national run (``--national``, default 500,000; ``--national-only`` alone), in a
scratch copy of the database (``<db>_national``, dropped at the end): synthetic communes
are spread around the prefecture of every other metropolitan département (about 370 each,
as France has on average, within its bounding box), the reservists are generated in SQL
(``INSERT … SELECT generate_series``, seeded random draws, the same distributions) over
every commune, committed and vacuumed as a production database is; the same need is
ranked, its funnel timed, and the naive ranking checked on everybody within 60 km and
people drawn elsewhere. Ends with the line ``matching people=500000 median_ms=M queries=Q``.
The Manche runs are rolled back: the database is left unchanged.
"""

import datetime
import math
import random
import statistics
import sys
import time

import benchlib

SHIFT_START = datetime.datetime(2031, 3, 11, 6, 0)  # a Tuesday, 07:00 in Paris (UTC+1)
SHIFT_STOP = datetime.datetime(2031, 3, 11, 14, 0)
# Weekly patterns as int4multirange literals (minutes from Monday 00:00, Paris time).
DAY = 1440
PATTERNS = [
    "{" + ",".join(f"[{d * DAY + 7 * 60},{d * DAY + 19 * 60})" for d in range(5)) + "}",  # weekdays 7–19
    "{" + ",".join(f"[{d * DAY + 6 * 60},{d * DAY + 22 * 60})" for d in range(7)) + "}",  # every day 6–22
    "{" + ",".join(f"[{d * DAY + 13 * 60},{d * DAY + 21 * 60})" for d in range(5)) + "}",  # afternoons
    "{" + ",".join(f"[{d * DAY},{d * DAY + DAY})" for d in (5, 6)) + "}",  # weekends
    "{}",  # no usual week
]


def generate_people(env, count, rng, start_index):
    """Insert ``count`` reservists with SQL (generation time is not measured)."""
    cr = env.cr
    communes = env["reserve.commune"].search([("department_id.code", "=", "50")])
    commune_ids = communes.ids
    jobs = [env.ref(f"reserve_medicosociale.{xmlid}").id for xmlid in ("job_aide_soignant", "job_infirmier")]
    jobs += env["reserve.job"].search([("id", "not in", jobs)], limit=6).ids
    deas = env.ref("reserve_medicosociale.qualification_deas").id
    dei = env.ref("reserve_medicosociale.qualification_dei").id
    afgsu = env.ref("reserve_medicosociale.qualification_afgsu_2").id
    contract_types = env["reserve.contract.type"].search([]).ids
    contract_rel = env["reserve.person"]._fields["contract_type_ids"]
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    batch = 5000
    created = 0
    while created < count:
        size = min(batch, count - created)
        rows = []
        for offset in range(size):
            index = start_index + created + offset
            rows.append(
                (
                    f"Réserviste {index}",
                    rng.choice(commune_ids),
                    rng.choice((10, 20, 30, 50)),
                    rng.choice(PATTERNS),
                    rng.choice((0, 0, 0, 20, 35)),
                    now - datetime.timedelta(days=rng.randint(0, 90)),
                    rng.choice(("jobseeker", "student", "retiree", "part_time")),
                    "active" if rng.random() < 0.85 else rng.choice(("paused", "draft")),
                )
            )
        cr.execute(
            """
            WITH data AS (
                SELECT * FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::varchar[], %s::int[],
                                     %s::timestamp[], %s::varchar[], %s::varchar[])
                     AS d(name, commune_id, radius_km, week, max_hours, confirmed, category, state)
            ), partner AS (
                INSERT INTO res_partner (name, complete_name, active, type, create_date, write_date)
                SELECT name, name, true, 'contact', now(), now() FROM data
                RETURNING id, name
            )
            INSERT INTO reserve_person (partner_id, name, category, state, commune_id, radius_km,
                                        availability_week, max_hours_week, availability_confirmed_date,
                                        create_date, write_date)
            SELECT partner.id, data.name, data.category, data.state, data.commune_id, data.radius_km,
                   data.week::int4multirange, data.max_hours, data.confirmed, now(), now()
              FROM data JOIN partner ON partner.name = data.name
            RETURNING id
            """,
            [list(column) for column in zip(*rows, strict=True)],
        )
        person_ids = [row[0] for row in cr.fetchall()]
        job_rows, qualification_rows, contract_rows, slot_rows = [], [], [], []
        for person_id in person_ids:
            for job_id in {rng.choice(jobs[:2]) if rng.random() < 0.6 else rng.choice(jobs), rng.choice(jobs)}:
                job_rows.append((person_id, job_id, rng.randint(0, 25)))
            for qualification_id in (deas, dei, afgsu):
                if rng.random() < 0.5:
                    state = rng.choice(("verified", "verified", "verified", "to_verify", "expired"))
                    end = None if qualification_id != afgsu else datetime.date(2031, rng.randint(1, 12), 1)
                    qualification_rows.append((person_id, qualification_id, state, end))
            for contract_type_id in rng.sample(contract_types, rng.randint(1, len(contract_types))):
                contract_rows.append((person_id, contract_type_id))
            if rng.random() < 0.05:
                start = SHIFT_START - datetime.timedelta(days=rng.randint(0, 10))
                slot_rows.append((person_id, "unavailable", start, start + datetime.timedelta(days=rng.randint(1, 10))))
            elif rng.random() < 0.05:
                slot_rows.append((person_id, "available", SHIFT_START - datetime.timedelta(hours=2), SHIFT_STOP))
        cr.execute(
            """INSERT INTO reserve_person_job (person_id, job_id, years_experience)
               SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])""",
            [list(column) for column in zip(*job_rows, strict=True)],
        )
        cr.execute(
            """INSERT INTO reserve_person_qualification (person_id, qualification_id, state, date_end)
               SELECT * FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::date[])""",
            [list(column) for column in zip(*qualification_rows, strict=True)],
        )
        cr.execute(
            f"""INSERT INTO "{contract_rel.relation}" ("{contract_rel.column1}", "{contract_rel.column2}")
                SELECT * FROM unnest(%s::int[], %s::int[])""",
            [list(column) for column in zip(*contract_rows, strict=True)],
        )
        if slot_rows:
            cr.execute(
                """INSERT INTO reserve_availability_slot (person_id, kind, start, stop)
                   SELECT * FROM unnest(%s::int[], %s::varchar[], %s::timestamp[], %s::timestamp[])""",
                [list(column) for column in zip(*slot_rows, strict=True)],
            )
        created += size
    return created


# Metropolitan départements and the coordinates of their prefecture (rounded): the national
# run spreads synthetic communes around them, as many per département as France has on
# average (about 370), within metropolitan France's bounding box.
# fmt: off
PREFECTURES = {
    "01": (46.205, 5.225), "02": (49.564, 3.620), "03": (46.566, 3.333), "04": (44.092, 6.236),
    "05": (44.559, 6.079), "06": (43.703, 7.266), "07": (44.735, 4.599), "08": (49.773, 4.720),
    "09": (42.965, 1.607), "10": (48.297, 4.074), "11": (43.213, 2.349), "12": (44.351, 2.575),
    "13": (43.530, 5.450), "14": (49.183, -0.370), "15": (44.926, 2.440), "16": (45.649, 0.156),
    "17": (45.900, -0.800), "18": (47.081, 2.399), "19": (45.267, 1.770), "2A": (41.919, 8.900),
    "2B": (42.400, 9.200), "21": (47.322, 5.041), "22": (48.450, -2.900), "23": (46.171, 1.872),
    "24": (45.184, 0.721), "25": (47.238, 6.024), "26": (44.733, 5.050), "27": (49.024, 1.151),
    "28": (48.447, 1.489), "29": (48.250, -4.050), "30": (43.950, 4.250), "31": (43.450, 1.250),
    "32": (43.646, 0.586), "33": (44.838, -0.579), "34": (43.611, 3.600), "35": (48.117, -1.678),
    "36": (46.811, 1.691), "37": (47.394, 0.685), "38": (45.300, 5.600), "39": (46.675, 5.700),
    "40": (43.950, -0.800), "41": (47.586, 1.336), "42": (45.700, 4.200), "43": (45.100, 3.800),
    "44": (47.218, -1.554), "45": (47.903, 2.100), "46": (44.600, 1.600), "47": (44.350, 0.450),
    "48": (44.518, 3.500), "49": (47.400, -0.563), "50": (49.116, -1.300), "51": (48.957, 4.200),
    "52": (48.111, 5.139), "53": (48.073, -0.770), "54": (48.750, 6.184), "55": (48.900, 5.300),
    "56": (47.800, -2.900), "57": (49.050, 6.600), "58": (47.100, 3.500), "59": (50.400, 3.300),
    "60": (49.400, 2.400), "61": (48.600, 0.100), "62": (50.450, 2.300), "63": (45.700, 3.200),
    "64": (43.250, -0.700), "65": (43.100, 0.150), "66": (42.600, 2.600), "67": (48.650, 7.550),
    "68": (47.850, 7.250), "69": (45.850, 4.650), "70": (47.620, 6.155), "71": (46.650, 4.500),
    "72": (48.000, 0.199), "73": (45.500, 6.400), "74": (46.000, 6.400), "75": (48.857, 2.352),
    "76": (49.650, 1.050), "77": (48.600, 2.950), "78": (48.800, 1.850), "79": (46.500, -0.300),
    "80": (49.950, 2.300), "81": (43.800, 2.150), "82": (44.050, 1.300), "83": (43.400, 6.200),
    "84": (44.000, 5.150), "85": (46.670, -1.300), "86": (46.580, 0.500), "87": (45.850, 1.250),
    "88": (48.200, 6.400), "89": (47.800, 3.567), "90": (47.640, 6.900), "91": (48.500, 2.250),
    "92": (48.850, 2.230), "93": (48.910, 2.480), "94": (48.770, 2.470), "95": (49.080, 2.150),
}
# fmt: on
# Spread (standard deviation, degrees of latitude) of the communes around the prefecture:
# Paris and its inner ring are small.
SMALL_DEPARTMENTS = {"75": 0.03, "92": 0.04, "93": 0.04, "94": 0.04, "90": 0.12, "91": 0.15, "95": 0.15}
FRANCE_BOX = (41.35, 51.08, -5.10, 9.55)  # latitude min, max, longitude min, max
COMMUNES_PER_DEPARTMENT = 370


def generate_national_communes(env, rng):
    """Synthetic communes around each metropolitan prefecture (the shipped Manche and
    Loire-Atlantique keep their real ones): ``(communes created, communes in all)``."""
    departments = {d.code: d.id for d in env["reserve.department"].search([("code", "in", list(PREFECTURES))])}
    shipped = set(env["reserve.commune"].search([]).mapped("department_id.code"))
    lat_min, lat_max, lon_min, lon_max = FRANCE_BOX
    rows = []
    for code, (latitude, longitude) in PREFECTURES.items():
        if code in shipped or code not in departments:
            continue
        spread = SMALL_DEPARTMENTS.get(code, 0.28)
        for number in range(COMMUNES_PER_DEPARTMENT):
            lat = min(max(rng.gauss(latitude, spread), lat_min), lat_max)
            lon = min(max(rng.gauss(longitude, spread * 1.4), lon_min), lon_max)
            rows.append((f"{code}{600 + number:03d}", f"Commune {code}-{number}", departments[code], lat, lon))
    env.cr.execute(
        """INSERT INTO reserve_commune (insee_code, name, department_id, latitude, longitude, active,
                                        create_date, write_date)
           SELECT i, n, d, la, lo, true, now(), now()
             FROM unnest(%s::varchar[], %s::varchar[], %s::int[], %s::float[], %s::float[]) AS t(i, n, d, la, lo)
               ON CONFLICT (insee_code) DO NOTHING""",
        [list(column) for column in zip(*rows, strict=True)],
    )
    return env.cr.rowcount, env["reserve.commune"].search_count([])


def generate_people_sql(env, count, seed):
    """Insert ``count`` reservists spread over every commune of the database, in SQL only
    (``INSERT … SELECT generate_series``, random draws seeded): the same distribution of
    jobs, qualifications, contract types, weekly patterns, slots, states and freshness as
    :func:`generate_people`. Returns the number of people created."""
    from odoo.tools import SQL

    cr = env.cr
    ref = env.ref
    jobs = [ref(f"reserve_medicosociale.{xmlid}").id for xmlid in ("job_aide_soignant", "job_infirmier")]
    jobs += env["reserve.job"].search([("id", "not in", jobs)], limit=6).ids
    deas = ref("reserve_medicosociale.qualification_deas").id
    dei = ref("reserve_medicosociale.qualification_dei").id
    afgsu = ref("reserve_medicosociale.qualification_afgsu_2").id
    contract_types = env["reserve.contract.type"].search([]).ids
    contract_rel = env["reserve.person"]._fields["contract_type_ids"]
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    cr.execute("SELECT COALESCE(max(id), 0) FROM reserve_person")
    after = cr.fetchone()[0]
    cr.execute("SELECT setseed(%s)", [seed])
    cr.execute(
        """
        WITH pool AS MATERIALIZED (SELECT array_agg(id ORDER BY id) AS ids FROM reserve_commune
                                    WHERE latitude IS NOT NULL AND active),
        partner AS (
            INSERT INTO res_partner (name, complete_name, active, type, create_date, write_date)
            SELECT 'Réserviste national ' || n, 'Réserviste national ' || n, true, 'contact', now(), now()
              FROM generate_series(1, %(count)s) n
         RETURNING id, name
        )
        INSERT INTO reserve_person (partner_id, name, category, state, commune_id, radius_km,
                                    availability_week, max_hours_week, availability_confirmed_date,
                                    create_date, write_date)
        SELECT partner.id, partner.name,
               (ARRAY['jobseeker', 'student', 'retiree', 'part_time'])[1 + floor(random() * 4)::int],
               CASE WHEN random() < 0.85 THEN 'active' WHEN random() < 0.5 THEN 'paused' ELSE 'draft' END,
               pool.ids[1 + floor(random() * cardinality(pool.ids))::int],
               (ARRAY[10, 20, 30, 50])[1 + floor(random() * 4)::int],
               (%(patterns)s::int4multirange[])[1 + floor(random() * %(pattern_count)s)::int],
               (ARRAY[0, 0, 0, 20, 35])[1 + floor(random() * 5)::int],
               %(now)s::timestamp - make_interval(days => floor(random() * 91)::int),
               now(), now()
          FROM partner CROSS JOIN pool
        """,
        {"count": count, "patterns": PATTERNS, "pattern_count": len(PATTERNS), "now": now},
    )
    created = cr.rowcount
    # Two draws of a job (the first one among the two main jobs 60 % of the time), kept once.
    cr.execute(
        """
        INSERT INTO reserve_person_job (person_id, job_id, years_experience)
        SELECT person_id, job_id, floor(random() * 26)::int
          FROM (SELECT DISTINCT person.id AS person_id, pick.job_id
                  FROM reserve_person person
            CROSS JOIN LATERAL (VALUES
                       (CASE WHEN random() < 0.6 + 0 * person.id THEN (%(jobs)s::int[])[1 + floor(random() * 2)::int]
                             ELSE (%(jobs)s::int[])[1 + floor(random() * %(job_count)s)::int] END),
                       ((%(jobs)s::int[])[1 + floor(random() * %(job_count)s + 0 * person.id)::int])) pick(job_id)
                 WHERE person.id > %(after)s) drawn
        """,
        {"jobs": jobs, "job_count": len(jobs), "after": after},
    )
    cr.execute(
        """
        INSERT INTO reserve_person_qualification (person_id, qualification_id, state, date_end)
        SELECT person.id, qualification.id,
               (ARRAY['verified', 'verified', 'verified', 'to_verify', 'expired'])[1 + floor(random() * 5)::int],
               CASE WHEN qualification.id = %(afgsu)s THEN make_date(2031, 1 + floor(random() * 12)::int, 1) END
          FROM reserve_person person
    CROSS JOIN unnest(%(qualifications)s::int[]) qualification(id)
         WHERE person.id > %(after)s AND random() < 0.5
        """,
        {"afgsu": afgsu, "qualifications": [deas, dei, afgsu], "after": after},
    )
    cr.execute(
        SQL(
            """
            INSERT INTO %(rel)s (%(person_col)s, %(type_col)s)
            SELECT person.id, picked.id
              FROM reserve_person person
        CROSS JOIN LATERAL (SELECT 1 + floor(random() * %(type_count)s)::int + 0 * person.id AS size) draw
        CROSS JOIN LATERAL (SELECT id FROM unnest(%(types)s::int[]) id
                             ORDER BY random() + 0 * person.id LIMIT draw.size) picked
             WHERE person.id > %(after)s
            """,
            rel=SQL.identifier(contract_rel.relation),
            person_col=SQL.identifier(contract_rel.column1),
            type_col=SQL.identifier(contract_rel.column2),
            type_count=len(contract_types),
            types=contract_types,
            after=after,
        )
    )
    # 5 % unavailable for some days up to the shift, then 5 % of the others available around it.
    cr.execute(
        """
        INSERT INTO reserve_availability_slot (person_id, kind, start, stop)
        SELECT id, kind, start, start + span
          FROM (SELECT person.id, draw.r,
                       CASE WHEN draw.r < 0.05 THEN 'unavailable' ELSE 'available' END AS kind,
                       CASE WHEN draw.r < 0.05
                            THEN %(shift_start)s::timestamp - make_interval(days => floor(random() * 11)::int)
                            ELSE %(shift_start)s::timestamp - interval '2 hours' END AS start,
                       CASE WHEN draw.r < 0.05 THEN make_interval(days => 1 + floor(random() * 10)::int)
                            ELSE %(shift_stop)s::timestamp - %(shift_start)s::timestamp + interval '2 hours' END AS span
                  FROM reserve_person person
            CROSS JOIN LATERAL (SELECT random() + 0 * person.id AS r) draw
                 WHERE person.id > %(after)s) slot
         WHERE slot.r < 0.05 + 0.95 * 0.05
        """,
        {"shift_start": SHIFT_START, "shift_stop": SHIFT_STOP, "after": after},
    )
    return created


def generate_history(env, establishment, job, rng):
    """Past needs at the establishment and elsewhere, with assignments and proposals."""
    cr = env.cr
    if "reserve.assignment" not in env.registry or "reserve.proposal" not in env.registry:
        benchlib.say("no assignments or proposals installed: history components are 0")
        return
    others = env["res.partner"].search([("member_state", "=", "member"), ("id", "!=", establishment.id)], limit=5)
    fixed_term = env.ref("reserve_medicosociale.contract_type_fixed_term")
    starts = [datetime.datetime(2030, 1, 7, 6, 0) + datetime.timedelta(days=7 * index) for index in range(40)]
    needs = env["reserve.need"].create(
        [
            {
                "establishment_id": (establishment if index % 2 or not others else others[index % len(others)]).id,
                "job_id": job.id,
                "contract_type_ids": [(6, 0, fixed_term.ids)],
                "shift_ids": [(0, 0, {"start": start, "stop": start + datetime.timedelta(hours=8)})],
            }
            for index, start in enumerate(starts)
        ]
    )
    env.flush_all()
    cr.execute("SELECT id FROM reserve_person WHERE state = 'active' ORDER BY random() LIMIT 8000")
    people = [row[0] for row in cr.fetchall()]
    proposal_rows, assignment_rows = [], []
    for need in needs:
        for person_id in rng.sample(people, 400):
            state = rng.choice(("accepted", "declined", "declined", "expired", "too_late", "withdrawn"))
            proposal_rows.append((need.id, person_id, need.establishment_id.id, state))
            if state == "accepted":
                assignment_rows.append(
                    (
                        need.id,
                        person_id,
                        need.establishment_id.id,
                        rng.choice(("done", "done", "done", "no_show", "cancelled")),
                        rng.choice((None, "3", "4", "5")),
                        need.date_start,
                        need.date_stop,
                    )
                )
    cr.execute(
        """INSERT INTO reserve_proposal (need_id, person_id, establishment_id, state, wave)
           SELECT n, p, e, s, 1 FROM unnest(%s::int[], %s::int[], %s::int[], %s::varchar[]) AS t(n, p, e, s)""",
        [list(column) for column in zip(*proposal_rows, strict=True)],
    )
    cr.execute(
        """INSERT INTO reserve_assignment (need_id, person_id, establishment_id, state, rating, date_start, date_stop)
           SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::varchar[], %s::varchar[],
                                %s::timestamp[], %s::timestamp[])""",
        [list(column) for column in zip(*assignment_rows, strict=True)],
    )
    benchlib.say(f"history: {len(proposal_rows)} proposals, {len(assignment_rows)} assignments")


def measure(env, need, runs):
    """(median ms, queries of one run, result) of ``need._match()``."""
    cr = env.cr
    need._match()  # warm the caches (settings, need fields)
    timings = []
    result = None
    for _run in range(runs):
        env.invalidate_all()
        need = need.browse(need.id)
        need.shift_ids.mapped("start")  # read the need outside the measure, as the form has it
        need.job_id.qualification_ids  # noqa: B018
        need.qualification_ids  # noqa: B018
        need.wished_qualification_ids  # noqa: B018
        # The second query of a run reads the names of these qualifications for the reasons.
        need.establishment_id.latitude  # noqa: B018
        before = cr.sql_log_count
        started = time.perf_counter()
        result = need._match()
        timings.append((time.perf_counter() - started) * 1000)
        queries = cr.sql_log_count - before
    return statistics.median(timings), queries, result


def measure_funnel(env, need, runs):
    """(median ms, queries of one run, funnel) of ``need._funnel()``: why the ranking is short."""
    cr = env.cr
    need._funnel()  # warm the caches
    timings = []
    funnel = None
    for _run in range(runs):
        env.invalidate_all()
        need = need.browse(need.id)
        need.shift_ids.mapped("start")
        need.contract_type_ids.mapped("name")
        need.establishment_id.latitude  # noqa: B018
        before = cr.sql_log_count
        started = time.perf_counter()
        funnel = need._funnel()
        timings.append((time.perf_counter() - started) * 1000)
        queries = cr.sql_log_count - before
    return statistics.median(timings), queries, funnel


def haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def naive_rank(env, need, people):
    """The same ranking, one person at a time with the ORM: what the SQL replaces."""
    from odoo import fields

    establishment = need.establishment_id
    shifts = [(shift.start, shift.stop) for shift in need.shift_ids]
    last_day = max(stop for _start, stop in shifts).date()
    weights = need._matching_weights()
    total = sum(weights.values())
    loan = env.ref("reserve_medicosociale.contract_type_loan")
    Person = env["reserve.person"]
    Assignment = env["reserve.assignment"] if "reserve.assignment" in env.registry else None
    Proposal = env["reserve.proposal"] if "reserve.proposal" in env.registry else None
    now = fields.Datetime.now()
    ranked = []
    for person in people:
        if person.state != "active" or not person.commune_id:
            continue
        job_line = person.job_line_ids.filtered(lambda line: line.job_id == need.job_id)
        if not job_line:
            continue
        accepted = person.contract_type_ids & need.contract_type_ids
        if person.employer_id == establishment:
            accepted -= loan
        if not accepted or person in establishment.blocked_person_ids:
            continue
        distance = haversine(
            person.commune_id.latitude, person.commune_id.longitude, establishment.latitude, establishment.longitude
        )
        if distance > min(person.radius_km, need.radius_km):
            continue
        valid = env["reserve.person.qualification"].search(
            [
                ("person_id", "=", person.id),
                ("state", "=", "verified"),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", last_day),
            ]
        )
        if need.qualification_ids - valid.qualification_id:
            continue
        if need.job_id.qualification_ids and not need.job_id.qualification_ids & valid.qualification_id:
            continue
        if person._get_missing_checks(need.job_id, establishment, last_day):
            continue
        if not Person._find_available(shifts, person_ids=person.ids):
            continue
        here = no_show = past = 0
        rating = None
        if Assignment is not None:
            busy = Assignment.search_count(
                [
                    ("person_id", "=", person.id),
                    ("state", "in", ("planned", "confirmed")),
                    ("date_start", "<", need.date_stop),
                    ("date_stop", ">", need.date_start),
                ]
            )
            if busy:
                continue
            history = Assignment.search([("person_id", "=", person.id)])
            done_here = history.filtered(lambda a: a.state == "done" and a.establishment_id == establishment)
            here = len(done_here)
            ratings = [int(a.rating) for a in done_here if a.rating]
            rating = sum(ratings) / len(ratings) if ratings else None
            no_show = len(history.filtered(lambda a: a.state == "no_show"))
            past = len(history.filtered(lambda a: a.state in ("done", "no_show")))
        asked = accepted_count = 0
        if Proposal is not None:
            proposals = Proposal.search([("person_id", "=", person.id)])
            asked = len(proposals.filtered(lambda p: p.state in ("accepted", "declined", "expired", "too_late")))
            accepted_count = len(proposals.filtered(lambda p: p.state == "accepted"))
        wished = need.wished_qualification_ids
        score = (
            (
                weights["distance"] * max(1 - distance / max(need.radius_km, 1), 0)
                + weights["experience"]
                * (
                    0.7 * min(job_line[0].years_experience, 10) / 10
                    + 0.3 * len(wished & valid.qualification_id) / max(len(wished), 1)
                )
                + weights["history"] * min(here, 5) / 5 * ((rating / 5) if rating else 0.8)
                + weights["reliability"]
                * (accepted_count / asked if asked else 0.5)
                * (1 - no_show / past if past else 1)
                + weights["freshness"]
                * max(
                    1
                    - (
                        (now - person.availability_confirmed_date).total_seconds() / 86400
                        if person.availability_confirmed_date
                        else 60
                    )
                    / 60,
                    0,
                )
            )
            * 100
            / total
        )
        ranked.append((-score, distance, person.id))
    ranked.sort()
    return [person_id for _score, _distance, person_id in ranked[:50]], {person_id for *_rest, person_id in ranked}


def create_need(env):
    """The measured need: an EHPAD at Saint-Lô asks for a care assistant (DEAS, AFGSU 2 wished)."""
    ref = env.ref
    establishment = env["res.partner"].create(
        {
            "name": "EHPAD Bench Saint-Lô",
            "is_company": True,
            "commune_id": ref("reserve_medicosociale.commune_50502").id,
            "finess_category_id": ref("reserve_medicosociale.finess_category_500").id,
            "member_state": "member",
        }
    )
    loan = ref("reserve_medicosociale.contract_type_loan")
    fixed_term = ref("reserve_medicosociale.contract_type_fixed_term")
    need = env["reserve.need"].create(
        {
            "establishment_id": establishment.id,
            "job_id": ref("reserve_medicosociale.job_aide_soignant").id,
            "qualification_ids": [(6, 0, ref("reserve_medicosociale.qualification_deas").ids)],
            "wished_qualification_ids": [(6, 0, ref("reserve_medicosociale.qualification_afgsu_2").ids)],
            "contract_type_ids": [(6, 0, (loan | fixed_term).ids)],
            "radius_km": 30,
            "shift_ids": [(0, 0, {"start": SHIFT_START, "stop": SHIFT_STOP})],
        }
    )
    env.flush_all()
    return need


def naive_check(env, need, person_ids):
    """(ms, queries, agree, naive count, SQL count): the naive ranking over ``person_ids``
    against the SQL ranking restricted to them."""
    cr = env.cr
    env.invalidate_all()
    people = env["reserve.person"].browse(sorted(person_ids))
    before = cr.sql_log_count
    started = time.perf_counter()
    _naive_top, naive_set = naive_rank(env, need, people)
    naive_ms = (time.perf_counter() - started) * 1000
    naive_queries = cr.sql_log_count - before
    sql_set = {row["person_id"] for row in need._match(limit=None)} & set(person_ids)
    return naive_ms, naive_queries, naive_set == sql_set, len(naive_set), len(sql_set)


NATIONAL_TABLES = (
    "res_partner",
    "reserve_commune",
    "reserve_person",
    "reserve_person_job",
    "reserve_person_qualification",
    "reserve_contract_type_reserve_person_rel",
    "reserve_availability_slot",
    "reserve_proposal",
    "reserve_assignment",
    "reserve_need",
    "reserve_need_shift",
)


def run_national(args, rng):
    """The national run, in a scratch copy of the database (dropped at the end): synthetic
    communes over metropolitan France, ``args.national`` people spread over every commune
    and the same history, committed and vacuumed as a production database is, then the
    same need ranked; (median ms, queries, funnel ms, whether naive and SQL agree)."""
    context = {"tracking_disable": True, "mail_notrack": True}
    with benchlib.scratch_database(args.db, f"{args.db}_national") as national:
        started = time.monotonic()
        with benchlib.committed_env(national, context) as env:
            need = create_need(env)
            need_id = need.id
            created, communes = generate_national_communes(env, rng)
            benchlib.say(f"national: {created} synthetic communes, {communes} communes in all")
            count = generate_people_sql(env, args.national, 0.2026)
            benchlib.say(f"national: generated {count} people in SQL in {time.monotonic() - started:.1f} s")
            from odoo.tools.misc import mute_logger

            with mute_logger("odoo.models.unlink"):
                generate_history(env, need.establishment_id, need.job_id, rng)
            env.flush_all()
        started = time.monotonic()
        benchlib.vacuum_analyze(national, *NATIONAL_TABLES)
        benchlib.say(f"national: committed, VACUUM ANALYZE in {time.monotonic() - started:.1f} s")
        with benchlib.rolled_back_env(national, context) as env:
            return measure_national(env, env["reserve.need"].browse(need_id), args, rng)


def measure_national(env, need, args, rng):
    """The figures of the national run on its committed data (see :func:`run_national`)."""
    cr = env.cr
    cr.execute(
        """SELECT count(*), count(DISTINCT department_id) FROM reserve_person person
             JOIN reserve_commune commune ON commune.id = person.commune_id"""
    )
    total, departments = cr.fetchone()
    benchlib.say(f"national: {total} people over {departments} départements")
    median, queries, result = measure(env, need, args.runs)
    benchlib.say(f"{total} people (national): median {median:.1f} ms, {queries} queries, {len(result)} ranked")
    if result:
        best = result[0]
        benchlib.say(f"best: score {best['score']}, reasons: {', '.join(best['reasons'])}")
    funnel_ms, funnel_queries, funnel = measure_funnel(env, need, max(args.runs // 4, 3))
    benchlib.say(
        f"funnel at {total} people (national): median {funnel_ms:.1f} ms, {funnel_queries} queries; "
        + ", ".join(f"{step['key']} {step['count']}" for step in funnel["steps"])
    )
    if args.explain:
        from odoo.tools import SQL

        query, _context = need._match_query(50)
        cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
        print("\n".join(row[0] for row in cr.fetchall()), flush=True)
    # The naive check: everybody within 60 km of the establishment, and people drawn elsewhere.
    latitude, longitude = need._match_location()
    cr.execute(
        """SELECT person.id, commune.latitude BETWEEN %s AND %s AND commune.longitude BETWEEN %s AND %s
             FROM reserve_person person JOIN reserve_commune commune ON commune.id = person.commune_id""",
        [latitude - 0.55, latitude + 0.55, longitude - 0.85, longitude + 0.85],
    )
    near, far = [], []
    for person_id, is_near in cr.fetchall():
        (near if is_near else far).append(person_id)
    sample = near + rng.sample(far, min(args.national_naive_far, len(far)))
    naive_ms, naive_queries, agree, naive_count, sql_count = naive_check(env, need, sample)
    benchlib.say(
        f"national naive: {len(near)} people within 60 km and {len(sample) - len(near)} elsewhere in "
        f"{naive_ms:.0f} ms, {naive_queries} queries; same people as SQL: {'yes' if agree else 'NO'} "
        f"({naive_count} vs {sql_count})"
    )
    return median, queries, funnel_ms, agree


def run_manche(env, need, args, rng):
    """The runs at 1,000 and ``args.people`` people over the Manche, with the naive ranking:
    prints their result line; returns whether the naive and SQL rankings agree."""
    from odoo.tools import SQL
    from odoo.tools.misc import mute_logger

    cr = env.cr
    started = time.monotonic()
    generate_people(env, 1000, rng, 0)
    cr.execute("ANALYZE")
    benchlib.say(f"generated 1000 people in {time.monotonic() - started:.1f} s")
    median_1k, queries_1k, result_1k = measure(env, need, args.runs)
    benchlib.say(f"1000 people: median {median_1k:.1f} ms, {queries_1k} queries, {len(result_1k)} ranked")

    started = time.monotonic()
    generate_people(env, args.people - 1000, rng, 1000)
    with mute_logger("odoo.models.unlink"):
        generate_history(env, need.establishment_id, need.job_id, rng)
    cr.execute("ANALYZE")
    benchlib.say(f"generated {args.people} people in {time.monotonic() - started:.1f} s")
    median, queries, result = measure(env, need, args.runs)
    benchlib.say(f"{args.people} people: median {median:.1f} ms, {queries} queries, {len(result)} ranked")
    if result:
        best = result[0]
        benchlib.say(f"best: score {best['score']}, reasons: {', '.join(best['reasons'])}")

    funnel_ms, funnel_queries, funnel = measure_funnel(env, need, args.runs)
    benchlib.say(
        f"funnel at {args.people} people: median {funnel_ms:.1f} ms, {funnel_queries} queries; "
        + ", ".join(f"{step['key']} {step['count']}" for step in funnel["steps"])
    )

    if args.explain:
        query, _context = need._match_query(50)
        cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
        print("\n".join(row[0] for row in cr.fetchall()), flush=True)

    cr.execute("SELECT id FROM reserve_person ORDER BY id")
    all_ids = [row[0] for row in cr.fetchall()]
    sample = all_ids if not args.naive_sample else rng.sample(all_ids, min(args.naive_sample, len(all_ids)))
    naive_sample_ms, naive_queries, agree, naive_count, sql_count = naive_check(env, need, sample)
    naive_ms = naive_sample_ms * len(all_ids) / len(sample)
    extrapolated = len(sample) != len(all_ids)
    benchlib.say(
        f"naive: {len(sample)} people in {naive_sample_ms:.0f} ms, {naive_queries} queries"
        + (f", extrapolated to {len(all_ids)} people: {naive_ms:.0f} ms" if extrapolated else "")
    )
    benchlib.say(
        f"naive and SQL select the same people on the sample: {'yes' if agree else 'NO'} ({naive_count} vs {sql_count})"
    )
    benchlib.result(
        "matching",
        people=args.people,
        median_ms=f"{median:.1f}",
        naive_ms=f"{naive_ms:.0f}",
        speedup=f"{naive_ms / median:.0f}",
        queries_1k=queries_1k,
        queries_50k=queries,
        funnel_ms=f"{funnel_ms:.1f}",
    )
    return agree


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--people", type=int, default=50000, help="reservists at the large size (default 50000)")
    parser.add_argument("--runs", type=int, default=20, help="runs of the matching per size (default 20)")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        help="people the naive ranking loops over, extrapolated to --people (default 0: all of them)",
    )
    parser.add_argument(
        "--national",
        type=int,
        default=500000,
        help="reservists of the national run, over metropolitan France (default 500000; 0: no national run)",
    )
    parser.add_argument(
        "--national-naive-far",
        type=int,
        default=2000,
        help="people beyond 60 km that the naive check of the national run adds (default 2000)",
    )
    parser.add_argument("--national-only", action="store_true", help="only the national run")
    parser.add_argument("--explain", action="store_true", help="print the query plan at the large sizes")
    args = benchlib.parse_args(parser)

    rng = random.Random(2026)

    agree = True
    if not args.national_only:
        with benchlib.rolled_back_env(args.db, {"tracking_disable": True, "mail_notrack": True}) as env:
            agree = run_manche(env, create_need(env), args, rng)
    if args.national:
        national_ms, national_queries, _funnel_ms, national_agree = run_national(args, rng)
        agree = agree and national_agree
        benchlib.result("matching", people=args.national, median_ms=f"{national_ms:.1f}", queries=national_queries)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
