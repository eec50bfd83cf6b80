"""Fault: the server running a cron is killed (SIGKILL) in the middle of a batch. The batches
committed before the kill are kept, the interrupted one leaves no trace, and the next run
goes on with the rest: every person gets the availability reminder exactly once.

Run on a restored copy of the test database, where only that cron is active."""

import contextlib
import os
import signal
import subprocess
import time

import pytest
from conftest import free_port
from db_copy import copy_database, cursor, drop_database, odoo_cmd

COPY = "reserve_fault_cron"
PEOPLE = 600  # three batches of the cron (CRON_BATCH_SIZE = 200)
SETUP = """
commune = env.ref("reserve_medicosociale.commune_50129")
partners = env["res.partner"].create([
    {"name": f"Relance {i:04d}", "email": f"relance{i:04d}@exemple-reserve.fr"} for i in range(%(people)d)
])
people = env["reserve.person"].create([
    {"partner_id": partner.id, "category": "retiree", "commune_id": commune.id} for partner in partners
])
env.cr.execute(
    "UPDATE reserve_person SET state = 'active', availability_reminder_date = NULL,"
    " availability_confirmed_date = now() - interval '400 days' WHERE id = ANY(%%s)", [people.ids])
cron = env.ref("reserve_medicosociale.ir_cron_availability_reminder")
env.cr.execute("UPDATE ir_cron SET active = (id = %%s), nextcall = now() - interval '1 minute'", [cron.id])
env.cr.commit()
print("PEOPLE=" + ",".join(map(str, people.ids)))
"""


def reminded(people):
    with cursor(COPY) as cr:
        cr.execute(
            "SELECT count(*) FROM reserve_person WHERE id = ANY(%s) AND availability_reminder_date IS NOT NULL",
            [people],
        )
        return cr.fetchone()[0]


def start_cron_server(log):
    """A server on the copy with one cron thread and nothing else to do; woken at once."""
    process = subprocess.Popen(
        [
            *odoo_cmd(),
            "-d",
            COPY,
            "--max-cron-threads",
            "1",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(free_port()),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process


def wake_up(dbname):
    # Odoo's cron threads LISTEN on the 'postgres' database (a NOTIFY reaches the listeners
    # of its own database only); the payload names the database to process.
    with cursor("postgres") as cr:
        cr.execute("SELECT pg_notify('cron_trigger', %s)", [dbname])


def stop(process, sig):
    """Signal the server's whole process group; kill it if it does not stop."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until(condition, process, timeout, what):
    deadline = time.monotonic() + timeout
    woken = 0.0
    while not condition():
        assert process.poll() is None, f"the cron server stopped while waiting for {what}"
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        if time.monotonic() - woken > 1:
            wake_up(COPY)
            woken = time.monotonic()
        time.sleep(0.05)


@pytest.fixture
def copy_with_stale_people(server, tmp_path):
    if not os.environ.get("RESERVE_ODOO_CMD") or not os.environ.get("RESERVE_PG"):
        pytest.fail("Run these tests with `python3 scripts/dev.py test`.")
    copy_database(server["db"], COPY, tmp_path)
    shell = [*odoo_cmd()[:2], "shell", *odoo_cmd()[2:], "-d", COPY, "--no-http", "--log-level", "warn"]
    result = subprocess.run(
        shell, input=SETUP % {"people": PEOPLE}, capture_output=True, text=True, timeout=600, check=False
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("PEOPLE=")), None)
    assert line, result.stdout[-2000:] + result.stderr[-2000:]
    yield [int(i) for i in line.removeprefix("PEOPLE=").split(",")]
    drop_database(COPY)


def test_a_killed_cron_resumes_and_reminds_each_person_once(copy_with_stale_people, tmp_path, figure):
    people = copy_with_stale_people
    with open(tmp_path / "cron-1.log", "w") as log:
        process = start_cron_server(log)
        try:
            # Killed as soon as a first batch is committed: the next one is under way.
            wait_until(lambda: reminded(people) > 0, process, 300, "the first batch")
        finally:
            stop(process, signal.SIGKILL)
    after_kill = reminded(people)
    assert 0 < after_kill < PEOPLE, after_kill
    assert after_kill % 200 == 0, "whole batches only: the interrupted one left no trace"

    with open(tmp_path / "cron-2.log", "w") as log:
        process = start_cron_server(log)
        try:
            wait_until(lambda: reminded(people) == PEOPLE, process, 300, "the rest of the people")
        finally:
            stop(process, signal.SIGINT)
    with cursor(COPY) as cr:
        cr.execute(
            "SELECT m.res_id, count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id"
            " WHERE m.model = 'reserve.person' AND m.res_id = ANY(%s) GROUP BY m.res_id",
            [people],
        )
        mails = dict(cr.fetchall())
    assert set(mails) == set(people), "every person got the reminder"
    assert set(mails.values()) == {1}, "nobody got it twice"
    figure(
        f"fault cron_killed people={PEOPLE} reminded_before_kill={after_kill} reminded_at_the_end={reminded(people)}"
        f" mails={sum(mails.values())} reminded_twice={sum(1 for count in mails.values() if count > 1)}"
    )
