#!/usr/bin/env python3
"""Benchmark the report to the authorities over a year of generated activity.

    python scripts/bench_report.py --db reserve_bench -- --db_host … --addons-path …

Generates 3,000 reservists, 120 member establishments, 5,000 needs posted over a year with
50,000 proposals (some accepted, with answer times) and the assignments of the filled needs
(SQL inserts: generation time is not measured); then makes the report of the whole year
with ``reserve.report``: the figures of ``_reserve_report_sections`` (every installed
addon's sections) and the XLSX file, timed together (median of ``--runs`` runs). Everything
is rolled back: the database is left unchanged. Ends with the line
``weekly_report needs=5000 seconds=S``.
"""

import datetime
import random
import statistics
import sys
import time

import benchlib

YEAR_START = datetime.date(2030, 1, 7)  # a Monday
YEAR_END = YEAR_START + datetime.timedelta(days=364)


def columns(rows):
    return [list(column) for column in zip(*rows, strict=True)]


def generate(env, rng, people_count, needs_count, proposals_per_need):
    cr = env.cr
    communes = env["reserve.commune"].search([]).ids
    jobs = env["reserve.job"].search([]).ids
    fixed_term = env.ref("reserve_medicosociale.contract_type_fixed_term").id
    sectors = [key for key, _label in env["res.partner"]._fields["member_sector"].selection]
    establishments = (
        env["res.partner"]
        .create(
            [
                {
                    "name": f"Établissement bench {index}",
                    "is_company": True,
                    "member_state": "member",
                    "commune_id": rng.choice(communes),
                    "member_sector": rng.choice(sectors),
                }
                for index in range(120)
            ]
        )
        .ids
    )
    now = datetime.datetime(2031, 1, 10)
    rows = [
        (
            f"Réserviste bench {index}",
            rng.choice(communes),
            rng.choice(("jobseeker", "student", "retiree", "part_time", "volunteer")),
            "active" if rng.random() < 0.85 else "paused",
            now - datetime.timedelta(days=rng.randint(0, 120)),
            rng.choice(("IFSI de Saint-Lô", "IFAS de Cherbourg", "IRTS Nantes", "")),
        )
        for index in range(people_count)
    ]
    cr.execute(
        """
        WITH data AS (
            SELECT * FROM unnest(%s::varchar[], %s::int[], %s::varchar[], %s::varchar[], %s::timestamp[], %s::varchar[])
                 AS d(name, commune_id, category, state, confirmed, school)
        ), partner AS (
            INSERT INTO res_partner (name, complete_name, active, type, create_date, write_date)
            SELECT name, name, true, 'contact', now(), now() FROM data RETURNING id, name
        )
        INSERT INTO reserve_person (partner_id, name, category, state, commune_id, radius_km, availability_week,
                                    max_hours_week, availability_confirmed_date, school_name, create_date, write_date)
        SELECT partner.id, data.name, data.category, data.state, data.commune_id, 30, '{}'::int4multirange, 0,
               data.confirmed, NULLIF(data.school, ''), now() - interval '400 days', now()
          FROM data JOIN partner ON partner.name = data.name
        RETURNING id
        """,
        columns(rows),
    )
    people = [row[0] for row in cr.fetchall()]
    cr.execute(
        "INSERT INTO reserve_person_job (person_id, job_id, years_experience)"
        " SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])",
        columns([(person, rng.choice(jobs), rng.randint(0, 20)) for person in people]),
    )
    need_rows = []
    for index in range(needs_count):
        opened = datetime.datetime.combine(YEAR_START, datetime.time(6)) + datetime.timedelta(
            minutes=rng.randint(0, 364 * 24 * 60)
        )
        headcount = rng.choice((1, 1, 1, 2, 3))
        state = rng.choice(("filled", "filled", "partly_filled", "expired", "cancelled", "open"))
        need_rows.append(
            (
                f"BENCH/{index:05d}",
                rng.choice(establishments),
                rng.choice(jobs),
                headcount,
                rng.choice(("today", "week", "planned")),
                state,
                opened,
                opened + datetime.timedelta(days=rng.randint(1, 20)),
            )
        )
    cr.execute(
        """
        INSERT INTO reserve_need (name, establishment_id, job_id, headcount, urgency, state, open_date, date_start,
                                  date_stop, radius_km, filled_count, create_date, write_date)
        SELECT d.name, d.establishment_id, d.job_id, d.headcount, d.urgency, d.state, d.opened, d.start,
               d.start + interval '8 hours', 30, 0, d.opened, d.opened
          FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], %s::varchar[], %s::varchar[], %s::timestamp[],
                      %s::timestamp[]) AS d(name, establishment_id, job_id, headcount, urgency, state, opened, start)
        RETURNING id, headcount, state, open_date
        """,
        columns(need_rows),
    )
    needs = cr.fetchall()
    rel = env["reserve.need"]._fields["contract_type_ids"]
    cr.execute(
        f'INSERT INTO "{rel.relation}" ("{rel.column1}", "{rel.column2}") SELECT unnest(%s::int[]), %s',
        [[need_id for need_id, *_rest in needs], fixed_term],
    )
    proposal_rows, assignment_rows, filled = [], [], []
    for need_id, headcount, state, opened in needs:
        asked = rng.sample(people, proposals_per_need)
        coming = headcount if state == "filled" else (1 if state == "partly_filled" else 0)
        for rank, person in enumerate(asked):
            if rank < coming:
                answer_state, answered = "accepted", opened + datetime.timedelta(minutes=rng.randint(10, 3000))
            else:
                answer_state = rng.choice(("declined", "expired", "too_late", "withdrawn"))
                answered = opened + datetime.timedelta(minutes=rng.randint(10, 3000))
            proposal_rows.append((need_id, person, answer_state, opened, answered, 1 + rank // 5))
            if rank < coming:
                assignment_rows.append((need_id, person))
        filled.append((need_id, coming))
    cr.execute(
        """
        INSERT INTO reserve_proposal (need_id, person_id, state, sent_date, answer_date, wave, create_date, write_date)
        SELECT d.*, now(), now() FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::timestamp[], %s::timestamp[],
                                             %s::int[]) AS d
        """,
        columns(proposal_rows),
    )
    cr.execute(
        """
        INSERT INTO reserve_assignment (need_id, person_id, establishment_id, state, create_date, write_date)
        SELECT d.need_id, d.person_id, need.establishment_id, 'done', now(), now()
          FROM unnest(%s::int[], %s::int[]) AS d(need_id, person_id) JOIN reserve_need need ON need.id = d.need_id
        """,
        columns(assignment_rows),
    )
    cr.execute(
        """UPDATE reserve_need need SET filled_count = d.coming
             FROM unnest(%s::int[], %s::int[]) AS d(id, coming) WHERE need.id = d.id""",
        columns(filled),
    )
    env.invalidate_all()
    return len(needs), len(proposal_rows)


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--people", type=int, default=3000, help="reservists (default 3000)")
    parser.add_argument("--needs", type=int, default=5000, help="needs over the year (default 5000)")
    parser.add_argument("--proposals", type=int, default=10, help="proposals per need (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the report (default 3)")
    args = benchlib.parse_args(parser)
    rng = random.Random(2026)

    with benchlib.rolled_back_env(args.db, {"tracking_disable": True, "mail_notrack": True, "lang": "fr_FR"}) as env:
        started = time.monotonic()
        needs, proposals = generate(env, rng, args.people, args.needs, args.proposals)
        env.cr.execute("ANALYZE")
        benchlib.say(
            f"generated {args.people} people, {needs} needs, {proposals} proposals"
            f" in {time.monotonic() - started:.1f} s"
        )
        Report = env["reserve.report"]
        timings = []
        for _run in range(args.runs):
            env.invalidate_all()
            before = env.cr.sql_log_count
            started = time.perf_counter()
            sections = Report._reserve_report_sections(YEAR_START, YEAR_END)
            content = Report._xlsx(sections, "Bench")
            timings.append(time.perf_counter() - started)
            queries = env.cr.sql_log_count - before
        posted = sum(row[1] for row in next(s for s in sections if s["key"] == "needs_week")["rows"])
        benchlib.say(
            f"report of the year: {len(sections)} sheets, {posted} needs posted, {len(content)} bytes, "
            f"{queries} queries, median {statistics.median(timings):.2f} s"
        )
    benchlib.result("weekly_report", needs=needs, seconds=f"{statistics.median(timings):.2f}")
    return 0 if posted == needs else 1


if __name__ == "__main__":
    sys.exit(main())
