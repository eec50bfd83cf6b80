#!/usr/bin/env python3
"""Benchmark the French full-text search of the CV library over 20,000 generated CVs.

    python scripts/bench_cv_search.py --db reserve_bench -- --db_host … --addons-path …

Generates CVs (SQL inserts: contact, CV with its title, jobs, diplomas and a body of a few
hundred words of French as extracted from a document, commune, contract types, visibility)
over the communes of the Manche and Loire-Atlantique, then runs, as a member
establishment's manager (record rules apply), ``cvtheque.cv.search_fulltext`` with words
and two filters (a job and a commune within 30 km), ranked with a highlighted extract:
median of ``--runs`` runs and the queries of one run. Everything is rolled back.
Ends with the line ``cv_search cvs=20000 median_ms=M queries=Q``.
"""

import random
import statistics
import sys
import time

import benchlib

QUERIES = ["infirmière de nuit", "aide soignante", "educateur specialise", "auxiliaire de vie permis"]
FILLER = [
    "Sérieuse et ponctuelle, je m'adapte aux équipes et aux horaires.",
    "Formation continue suivie chaque année : gestes et postures, bientraitance, hygiène.",
    "Je recherche un poste stable près de mon domicile, temps plein ou temps partiel.",
    "Bonne maîtrise des outils informatiques et du dossier de soins.",
    "Loisirs : randonnée, chorale, bénévolat dans une association locale.",
    "Références disponibles sur demande auprès de mes anciens employeurs.",
    "Disponible rapidement, mobile sur le département avec mon véhicule.",
]


def generate_cvs(env, count, rng):
    """Insert ``count`` CVs with SQL (generation time is not measured)."""
    from odoo.addons.cvtheque.tools.demo_data import TRADES, cv_content

    cr = env.cr
    communes = env["reserve.commune"].search([("department_id.code", "in", ("50", "44"))]).ids
    jobs = {xmlid: env.ref(f"reserve_medicosociale.{xmlid}") for xmlid in TRADES}
    contract_types = env["reserve.contract.type"].search([]).ids
    trades = list(TRADES)
    batch = 2000
    created = 0
    while created < count:
        size = min(batch, count - created)
        rows = []
        for offset in range(size):
            index = created + offset
            xmlid = trades[index % len(trades)]
            title, summary, experiences, _quals, paragraphs = cv_content(rng, xmlid)
            body = " ".join(
                [summary, *paragraphs, *(line["description"] for line in experiences), *rng.sample(FILLER, k=5)]
                * rng.randint(1, 3)
            )
            roll = rng.random()
            rows.append(
                (
                    f"Candidat {index}",
                    title,
                    "\n".join([title, jobs[xmlid].name]),
                    body,
                    rng.choice(communes),
                    "all" if roll < 0.7 else "association" if roll < 0.9 else "selected",
                    "published" if rng.random() < 0.95 else "withdrawn",
                    jobs[xmlid].id,
                    rng.choice(contract_types),
                )
            )
        columns = list(zip(*rows, strict=True))
        cr.execute(
            """
            WITH data AS (
                SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::text[], %s::text[], %s::int[],
                                     %s::varchar[], %s::varchar[], %s::int[], %s::int[])
                     WITH ORDINALITY AS d(name, title, head, body, commune_id, visibility, state, job_id,
                                          contract_type_id, n)
            ), partner AS (
                INSERT INTO res_partner (name, complete_name, active, type, create_date, write_date)
                SELECT name, name, true, 'contact', now(), now() FROM data ORDER BY n
                RETURNING id
            ), numbered AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM partner
            ), cv AS (
                INSERT INTO cvtheque_cv (name, partner_id, search_head, search_body, commune_id, radius_km,
                                         visibility, state, consent_date, consent_version, last_update_date,
                                         available_date, create_date, write_date)
                SELECT d.title, p.id, d.head, d.body, d.commune_id, 30, d.visibility, d.state, now(), '2026-12',
                       now(), current_date + (d.n %% 90)::int, now(), now()
                  FROM data d JOIN numbered p ON p.n = d.n
                RETURNING id, partner_id
            ), cv_data AS (
                SELECT cv.id, d.job_id, d.contract_type_id
                  FROM cv JOIN numbered p ON p.id = cv.partner_id JOIN data d ON d.n = p.n
            ), jobs AS (
                INSERT INTO cvtheque_cv_reserve_job_rel (cvtheque_cv_id, reserve_job_id)
                SELECT id, job_id FROM cv_data
            )
            INSERT INTO cvtheque_cv_reserve_contract_type_rel (cvtheque_cv_id, reserve_contract_type_id)
            SELECT id, contract_type_id FROM cv_data
            """,
            [list(column) for column in columns],
        )
        created += size
    return created


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--cvs", type=int, default=20000, help="CVs generated (default 20000)")
    parser.add_argument("--runs", type=int, default=20, help="runs of the search (default 20)")
    parser.add_argument("--explain", action="store_true", help="print the query plan of the search")
    args = benchlib.parse_args(parser)

    from odoo.tests.common import new_test_user
    from odoo.tools import SQL

    rng = random.Random(2026)
    with benchlib.rolled_back_env(args.db, {"tracking_disable": True, "mail_notrack": True}) as env:
        if "cvtheque.cv" not in env:
            return benchlib.fail("the cvtheque addon is not installed on this database")
        cr = env.cr
        started = time.monotonic()
        generate_cvs(env, args.cvs, rng)
        cr.execute("ANALYZE cvtheque_cv; ANALYZE cvtheque_cv_reserve_job_rel; ANALYZE res_partner")
        benchlib.say(f"generated {args.cvs} CVs in {time.monotonic() - started:.1f} s")

        manager = new_test_user(
            env, "bench_cv_manager", groups="reserve_medicosociale.reserve_medicosociale_group_member_manager"
        )
        env["res.partner"].create(
            {
                "name": "EHPAD du banc d'essai",
                "is_company": True,
                "member_state": "member",
                "member_manager_ids": [(4, manager.id)],
            }
        )
        Cv = env["cvtheque.cv"].with_user(manager)
        nurse = env.ref("reserve_medicosociale.job_infirmier").id
        saint_lo = env.ref("reserve_medicosociale.commune_50502").id
        filters = {"job_ids": [nurse], "commune_id": saint_lo, "radius_km": 30}
        Cv.search_fulltext(QUERIES[0], **filters)  # warm the caches (rules, registry)
        timings = []
        queries = 0
        results = []
        for _run in range(args.runs):
            env.invalidate_all()
            before = cr.sql_log_count
            started = time.perf_counter()
            results = Cv.search_fulltext(QUERIES[0], **filters)
            timings.append((time.perf_counter() - started) * 1000)
            queries = cr.sql_log_count - before
        median = statistics.median(timings)
        benchlib.say(f"“{QUERIES[0]}” + job + commune within 30 km: {len(results)} results, median {median:.1f} ms")
        if results:
            benchlib.say(f"first extract: {results[0]['headline'][:160]}")
        for text in QUERIES[1:]:
            started = time.perf_counter()
            found = Cv.search_fulltext(text, commune_id=saint_lo, radius_km=30)
            benchlib.say(f"“{text}” + commune: {len(found)} results in {(time.perf_counter() - started) * 1000:.1f} ms")
        if args.explain:
            query = Cv._search(Cv._search_filters_domain(**filters))
            cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select("id")))
            print("\n".join(row[0] for row in cr.fetchall()), flush=True)
        benchlib.result("cv_search", cvs=args.cvs, median_ms=f"{median:.1f}", queries=queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
