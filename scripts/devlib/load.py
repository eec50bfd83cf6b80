"""`make load`: the locust scenario of scripts/load/ against Odoo's prefork mode on loopback.

A fresh copy of a demo database gets the scenario's people (scripts/load/setup_load.py),
a server starts with --workers 2 behind config/nginx.conf (as in production: nginx keeps the
clients' connections, a worker serves one request at a time), locust (in its own virtualenv
var/load-venv: it needs a newer gevent than Odoo's pin) runs the users headless, and the figures are printed per
page, then ``load users=62 p95_ms=P errors=E`` (P: the worst p95 of the portal pages).
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .nginx import local_proxy

REPO = Path(__file__).resolve().parents[2]
VAR = REPO / "var"
LOAD_DIR = REPO / "scripts" / "load"
BASE_DB, LOAD_DB = "reserve_load_base", "reserve_load"
LOCUST = "locust==2.47.0"
USERS = 62


def say(message):
    print(f"[load] {message}", flush=True)


def locust_venv():
    venv = VAR / "load-venv"
    if not (venv / "bin" / "locust").exists():
        say("Installing locust in var/load-venv (first run only) …")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", LOCUST], check=True
        )
    return venv / "bin" / "locust"


def fresh_copy(db, odoo_command, addons):
    if not db.exists(BASE_DB):
        say(f"Creating '{BASE_DB}' with the addons and French demo data (first run only) …")
        subprocess.run(
            odoo_command(
                db,
                "-d",
                BASE_DB,
                "-i",
                ",".join(addons),
                "--with-demo",
                "--load-language",
                "fr_FR",
                "--stop-after-init",
                "--max-cron-threads",
                "0",
            ),
            check=True,
        )
    else:
        subprocess.run(
            odoo_command(db, "-d", BASE_DB, "-u", ",".join(addons), "--stop-after-init", "--max-cron-threads", "0"),
            check=True,
        )
    db.drop(LOAD_DB)
    conn = db.connect()
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{LOAD_DB}" TEMPLATE "{BASE_DB}"')  # noqa: S608 - our own names
    conn.close()
    store = VAR / "filestore" / "filestore"
    if (store / BASE_DB).exists():
        shutil.copytree(store / BASE_DB, store / LOAD_DB)


def set_up_people(db, odoo_command, path):
    cmd = odoo_command(db, "-d", LOAD_DB, "--no-http", "--log-level", "warn")
    shell = [*cmd[:2], "shell", *cmd[2:]]
    result = subprocess.run(
        shell, input=(LOAD_DIR / "setup_load.py").read_text(), capture_output=True, text=True, check=False
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("LOAD=")), None)
    if not line:
        raise SystemExit(f"[load] ERROR: the scenario's people could not be made:\n{result.stderr[-3000:]}")
    path.write_text(line.removeprefix("LOAD="))


def report(stats_csv):
    rows = list(csv.DictReader(stats_csv.open()))
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    say(f"{'page':60} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for row in sorted(pages, key=lambda row: row["Name"]):
        say(
            f"{row['Type'] + ' ' + row['Name']:60} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7}"
        )
    portal = [row for row in pages if not row["Name"].startswith(("/json/2", "/web/login"))]
    p95 = max(int(float(row["95%"])) for row in portal)
    errors = sum(int(row["Failure Count"]) for row in rows if row["Name"] == "Aggregated")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    say(
        f"all requests: {total['Request Count']}, p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"{total['Requests/s']} requests/s"
    )
    print(f"load users={USERS} p95_ms={p95} errors={errors}", flush=True)
    return 1 if errors else 0


def run(db, odoo_command, addons, wait_http, free_port, duration="90s"):
    locust = locust_venv()
    fresh_copy(db, odoo_command, addons)
    work = Path(tempfile.mkdtemp(prefix="load-", dir=VAR))
    load_file = work / "load.json"
    say("Making the scenario's 50 reservists, 10 managers and 2 coordinators, and the proposals …")
    set_up_people(db, odoo_command, load_file)
    port, gevent_port = free_port(), free_port()
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        odoo_command(
            db,
            "-d",
            LOAD_DB,
            "--workers",
            "2",
            "--max-cron-threads",
            "0",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--gevent-port",
            str(gevent_port),
            "--log-level",
            "warn",
            "--limit-time-real",
            "600",
            "--db-filter",
            f"^{LOAD_DB}$",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/web/health", server)
        with local_proxy(f"127.0.0.1:{port}", f"127.0.0.1:{gevent_port}", free_port(), workdir=work) as url:
            say(f"Server with 2 workers behind nginx on {url}; {USERS} users for {duration} …")
            env = dict(os.environ, RESERVE_LOAD_FILE=str(load_file), RESERVE_LOAD_DB=LOAD_DB)
            locust_args = ["-f", str(LOAD_DIR / "locustfile.py"), "--headless", "-u", str(USERS), "-r", "5"]
            locust_args += ["-t", duration, "--host", url, "--csv", str(work / "stats"), "--only-summary"]
            subprocess.run([str(locust), *locust_args, "--loglevel", "WARNING"], env=env, check=False)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    say(f"Server log and locust files in {work}")
    return report(work / "stats_stats.csv")
