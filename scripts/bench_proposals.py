#!/usr/bin/env python3
"""Benchmark sending one need to 1,000 reservists: proposals, signed tokens, queued e-mails.

    python scripts/bench_proposals.py --db reserve_bench -- --db_host … --addons-path …

Uses an open need and active reservists of the database, generating what is missing (a
member, a need, up to 1,000 reservists), then times ``reserve.need._send_proposals``: the
proposals, their one-click links and one queued e-mail each. Everything is rolled back:
the database is left unchanged. Ends with the line ``proposals n=1000 seconds=S``.
"""

import datetime
import sys
import time

import benchlib


def ensure_world(env, count):
    """An open need and ``count`` active reservists (generated when the database has too few)."""
    Person = env["reserve.person"].with_context(tracking_disable=True, mail_create_nolog=True)
    persons = Person.search([("state", "=", "active")], limit=count)
    missing = count - len(persons)
    if missing:
        partners = env["res.partner"].create(
            [{"name": f"Réserviste Bench {i}", "email": f"bench.{i}@example.com"} for i in range(missing)]
        )
        persons |= Person.create(
            [{"partner_id": partner.id, "category": "jobseeker", "state": "active"} for partner in partners]
        )
        benchlib.say(f"generated {missing} reservists")
    member = env["res.partner"].search([("member_state", "=", "member")], limit=1)
    if not member:
        member = env["res.partner"].create({"name": "EHPAD Bench", "is_company": True, "member_state": "member"})
    start = datetime.datetime.now().replace(microsecond=0) + datetime.timedelta(days=3)
    need = (
        env["reserve.need"]
        .with_context(tracking_disable=True)
        .create(
            {
                "establishment_id": member.id,
                "job_id": env.ref("reserve_medicosociale.job_aide_soignant").id,
                "headcount": 3,
                "contract_type_ids": [(6, 0, env.ref("reserve_medicosociale.contract_type_loan").ids)],
                "shift_ids": [(0, 0, {"start": start, "stop": start + datetime.timedelta(hours=8)})],
            }
        )
    )
    need.action_open()
    env.flush_all()
    return need, persons


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--count", type=int, default=1000, help="proposals to send (default 1000)")
    args = benchlib.parse_args(parser)

    with benchlib.rolled_back_env(args.db) as env:
        need, persons = ensure_world(env, args.count)
        mails_before = env["mail.mail"].search_count([])
        started = time.monotonic()
        proposals = need._send_proposals(persons)
        env.flush_all()
        seconds = time.monotonic() - started
        queued = env["mail.mail"].search_count([]) - mails_before
        urls = proposals[:1]._answer_url("accept")
        benchlib.say(f"{len(proposals)} proposals, {queued} queued e-mails; first link {urls}")
        if len(proposals) != args.count or queued != args.count:
            return benchlib.fail("not every proposal or e-mail was created.")
    benchlib.result("proposals", n=args.count, seconds=f"{seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
