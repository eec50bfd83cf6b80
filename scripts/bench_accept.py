#!/usr/bin/env python3
"""Count the SQL queries of accepting a proposal, in the request and in the cron after it.

    python scripts/bench_accept.py --db reserve_bench -- --db_host … --addons-path …

Sends an open need (headcount 3) to three active reservists of the database, accepts a
first proposal to warm the caches, then accepts the others as the e-mail link's POST does
(``reserve.proposal._answer_from_link``, the headcount check under the need's lock), with
Odoo's query counter; then runs what the notification cron does for them (the calendar
invitation with its ICS file, the establishment's e-mail). Everything is rolled back.
Ends with ``accept queries=Q ms=T cron_queries=C`` (per proposal, the median).
"""

import statistics
import sys
import time

import benchlib
from bench_proposals import ensure_world


def counted(env, function):
    """(queries, milliseconds) of ``function()`` with everything it leaves flushed, and
    what the commit would run first (the tracking messages: ``cr.precommit``)."""
    env.flush_all()
    env.cr.precommit.run()
    before = env.cr.sql_log_count
    started = time.monotonic()
    function()
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()
    return env.cr.sql_log_count - before, (time.monotonic() - started) * 1000


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--count", type=int, default=3, help="proposals accepted (default 3)")
    args = benchlib.parse_args(parser)

    with benchlib.rolled_back_env(args.db) as env:
        need, persons = ensure_world(env, args.count)
        need.headcount = args.count + 1
        proposals = need._send_proposals(persons)
        env.flush_all()
        Assignment = env["reserve.assignment"]
        pending = hasattr(Assignment, "_send_pending_notifications")
        queries, millis, cron_queries = [], [], []
        for index, proposal in enumerate(proposals):
            token = proposal._answer_token("accept")
            env.invalidate_all()
            count, ms = counted(env, lambda p=proposal, t=token: p._answer_from_link("accept", t))
            if proposal.state != "accepted":
                return benchlib.fail(f"proposal {proposal.id} not accepted: {proposal.state}")
            cron_count = counted(env, Assignment._send_pending_notifications)[0] if pending else 0
            benchlib.say(f"accept #{index}: {count} queries, {ms:.0f} ms; cron: {cron_count} queries")
            if index:  # the first warms the caches
                queries.append(count)
                millis.append(ms)
                cron_queries.append(cron_count)
        if not queries:
            return benchlib.fail("at least two proposals are needed (--count 2).")
    benchlib.result(
        "accept",
        queries=int(statistics.median(queries)),
        ms=f"{statistics.median(millis):.0f}",
        cron_queries=int(statistics.median(cron_queries)),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
