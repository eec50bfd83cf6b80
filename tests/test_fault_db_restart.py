"""Fault: PostgreSQL restarts while a coordinator's tool sends a wave of proposals one person
at a time, retrying a call that failed. The server recovers by itself; each person is asked
exactly once, with one e-mail: nothing is lost, nothing is sent twice."""

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ApiError, create_need
from db_copy import cursor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from devlib.pg import PGDATA, EmbeddedPostgres  # noqa: E402


def embedded_server():
    host, port, _user = os.environ["RESERVE_PG"].split(":")
    server = EmbeddedPostgres(port=int(port))
    if host != "127.0.0.1" or not PGDATA.exists() or not server.is_running():
        pytest.skip("the tests run on a configured PostgreSQL server, not the embedded one this test restarts")
    return server


def send_with_retries(coordinator, need, person, errors, timeout=180):
    # A deadline rather than a number of attempts: while PostgreSQL is down each call fails at
    # once, and its restart may take up to pg_ctl's own 60 s on a busy machine.
    deadline = time.monotonic() + timeout
    while True:
        try:
            return coordinator.call("reserve.need", "action_send_wave", [need], person_ids=[person])
        except (ApiError, OSError) as error:  # the request that met the restart, then refused connections
            errors.append(str(error)[:200])
            if time.monotonic() > deadline:
                raise AssertionError(f"the wave for person {person} never went through: {errors[-3:]}") from None
            time.sleep(0.5)


def test_a_database_restart_loses_and_doubles_no_proposal(as_user, server, figure):
    database = embedded_server()
    coordinator = as_user("coordinatrice")
    people = coordinator.call(
        "reserve.person", "search", [("state", "=", "active"), ("partner_id.email", "!=", False)], limit=12
    )
    member = coordinator.call("res.partner", "search", [("member_state", "=", "member")], limit=1)[0]
    need = create_need(coordinator, coordinator, member, headcount=len(people), hours_ahead=50)
    coordinator.call("reserve.need", "action_open", [need])

    errors, gave_up = [], []

    def wave():
        try:
            for person in people:
                send_with_retries(coordinator, need, person, errors)
        except AssertionError as error:  # said by the test, not lost with the thread
            gave_up.append(str(error))

    sender = threading.Thread(target=wave)
    sender.start()
    while sender.is_alive():
        with cursor(server["db"]) as cr:
            cr.execute("SELECT count(*) FROM reserve_proposal WHERE need_id = %s", [need])
            if cr.fetchone()[0] >= 3:
                break
        time.sleep(0.05)
    restarted = time.monotonic()
    database.restart()
    sender.join(timeout=300)
    assert not sender.is_alive(), "the wave did not finish after the restart"
    assert not gave_up, gave_up
    wave_done_s = time.monotonic() - restarted

    with cursor(server["db"]) as cr:
        cr.execute("SELECT person_id, count(*) FROM reserve_proposal WHERE need_id = %s GROUP BY person_id", [need])
        proposals = dict(cr.fetchall())
        cr.execute(
            "SELECT m.res_id, count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id"
            " JOIN reserve_proposal p ON p.id = m.res_id"
            " WHERE m.model = 'reserve.proposal' AND p.need_id = %s GROUP BY m.res_id",
            [need],
        )
        mails = dict(cr.fetchall())
    assert set(proposals) == set(people), "every person is asked"
    assert set(proposals.values()) == {1}, "nobody is asked twice"
    assert len(mails) == len(people) and set(mails.values()) == {1}, "one e-mail per proposal"
    figure(
        f"fault db_restart people={len(people)} proposals={sum(proposals.values())}"
        f" asked_twice={sum(1 for count in proposals.values() if count > 1)} mails={sum(mails.values())}"
        f" failed_calls_retried={len(errors)} wave_done_after_restart_s={wave_done_s:.1f}"
    )
    # The server answers as before.
    assert coordinator.call("reserve.need", "read", [need], fields=["state"])[0]["state"] in ("open", "partly_filled")
