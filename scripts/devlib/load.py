"""`make load`: the locust scenario of scripts/load/ against Odoo's prefork mode on loopback.

A fresh copy of a demo database gets the scenario's people (scripts/load/setup_load.py),
a server starts with --workers 2 behind config/nginx.conf (as in production: nginx keeps the
clients' connections, a worker serves one request at a time), locust (in its own virtualenv
var/load-venv: it needs a newer gevent than Odoo's pin) runs the users headless, and the figures are printed per
page, then ``load users=62 p95_ms=P errors=E`` (P: the worst p95 of the portal pages).
"""

import concurrent.futures
import csv
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .nginx import local_proxy
from .smtp_sink import SmtpSink

REPO = Path(__file__).resolve().parents[2]
VAR = REPO / "var"
LOAD_DIR = REPO / "scripts" / "load"
LOAD_DB = "reserve_load"
LOCUST = "locust==2.47.0"
USERS = 62
WORKERS = 2
# Users started per second: the 62 sign-ins (each a password hash of Odoo's 600,000 rounds of
# PBKDF2, about half a second of CPU) spread over half a minute, as people arriving.
SPAWN_RATE = 2
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


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


def fresh_copy(db, odoo_command, addons, load_db):
    base_db = f"{load_db}_base"
    if not db.exists(base_db):
        say(f"Creating '{base_db}' with the addons and French demo data (first run only) …")
        subprocess.run(
            odoo_command(
                db,
                "-d",
                base_db,
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
            odoo_command(db, "-d", base_db, "-u", ",".join(addons), "--stop-after-init", "--max-cron-threads", "0"),
            check=True,
        )
    db.drop(load_db)
    conn = db.connect()
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{load_db}" TEMPLATE "{base_db}"')  # noqa: S608 - our own names
    conn.close()
    store = VAR / "filestore" / "filestore"
    shutil.rmtree(store / load_db, ignore_errors=True)
    if (store / base_db).exists():
        shutil.copytree(store / base_db, store / load_db)


def set_up_people(db, odoo_command, path, load_db):
    cmd = odoo_command(db, "-d", load_db, "--no-http", "--log-level", "warn")
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
        f"{float(total['Requests/s']):.1f} requests/s"
    )
    print(f"load users={USERS} p95_ms={p95} errors={errors}", flush=True)
    return 1 if errors else 0


class Browser:
    """A signed-in visitor of the warm-up: a cookie jar and the page's CSRF token."""

    def __init__(self, url):
        self.url = url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.handlers_cookiejar = jar

    def get(self, path):
        with self.opener.open(self.url + path, timeout=120) as response:
            return response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.url + path, body, timeout=120) as response:
            return response.geturl()

    def sign_in(self, login):
        """Sign in with the login form; return the session id (the cookie a phone keeps)."""
        page = self.get("/web/login")
        token = CSRF_RE.search(page)
        landed = self.post("/web/login", {"login": login, "password": login, "csrf_token": token and token[1]})
        if "/web/login" in landed:
            raise SystemExit(f"[load] ERROR: {login} could not sign in during the warm-up.")
        return next(cookie.value for cookie in self.opener.handlers_cookiejar if cookie.name == "session_id")


def catch_up_crons(db, load_db, timeout=900):
    """Wait until the cron worker has run every job that was due: the copied database's
    daily and hourly jobs are all late at once, which a server that has been running has not.
    The measure then sees the crons of steady use (the notifications, the mail queue…)."""
    started = time.monotonic()
    conn = db.connect(load_db)
    try:
        while True:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM ir_cron WHERE active AND nextcall <= now() AT TIME ZONE 'UTC'"
                    " OR id IN (SELECT cron_id FROM ir_cron_trigger WHERE call_at <= now() AT TIME ZONE 'UTC')"
                )
                (late,) = cr.fetchone()
            if not late:
                break
            if time.monotonic() - started > timeout:
                raise SystemExit(f"[load] ERROR: {late} cron jobs still late after {timeout} s.")
            time.sleep(2)
    finally:
        conn.close()
    say(f"The cron worker ran the jobs that were late in {time.monotonic() - started:.0f} s")


def drain_notifications(db, load_db, smtp, timeout=180):
    """Wait until the e-mails of the measure's answers are rendered and sent (nothing pending,
    nothing left in the queue): ``(e-mails delivered meanwhile, seconds)``."""
    started, before = time.monotonic(), len(smtp.messages)
    conn = db.connect(load_db)
    try:
        while time.monotonic() - started < timeout:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT (SELECT count(*) FROM reserve_assignment WHERE notify_pending)"
                    " + (SELECT count(*) FROM reserve_proposal WHERE withdraw_notify_pending)"
                    " + (SELECT count(*) FROM mail_mail WHERE state = 'outgoing'"
                    "    AND (scheduled_date IS NULL OR scheduled_date <= now() AT TIME ZONE 'UTC'))"
                )
                (left,) = cr.fetchone()
            if not left:
                break
            time.sleep(1)
        else:
            say(f"WARNING: {left} notifications or e-mails still waiting after {timeout} s")
    finally:
        conn.close()
    return len(smtp.messages) - before, time.monotonic() - started


def warm_up(url, load, db_name):
    """Before measuring: let each worker load the registry and compile the portal's templates
    (the first request of a prefork worker loads the whole registry: seconds), as a server that
    has been up for a while has them, with every page of the scenario from parallel visitors;
    and sign every user of the scenario in with the login form, as they did on their phone
    before (Odoo keeps a session for a week): ``{login: session id}``.

    Signing in costs about half a second of CPU (Odoo's 600,000 rounds of PBKDF2): 62 of them
    at once during the measure would be a login storm, not the scenario's steady use."""

    def reservist(index):
        browser = Browser(url)
        browser.sign_in(load["reservists"][index]["login"])
        for path in ("/my", "/my/reserve/availability", "/my/reserve", "/my/proposals"):
            browser.get(path)

    def manager(index):
        browser = Browser(url)
        browser.sign_in(load["managers"][index]["login"])
        page = browser.get("/my/needs")
        for need_id in sorted(set(re.findall(r'href="/my/needs/(\d+)"', page)))[:2]:
            browser.get(f"/my/needs/{need_id}")
        browser.get("/my/needs/new")
        browser.get("/my")

    def coordinator(index):
        me = load["coordinators"][index % len(load["coordinators"])]
        request = urllib.request.Request(
            f"{url}/json/2/reserve.need/action_find_people",
            json.dumps({"ids": [load["need_ids"][index % len(load["need_ids"])]]}).encode(),
            {"Authorization": f"bearer {me['key']}", "X-Odoo-Database": db_name, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - local URL
            response.read()

    def session(login):
        return login, Browser(url).sign_in(login)

    started = time.monotonic()
    parallel = 2 * WORKERS
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        jobs = [pool.submit(reservist, index) for index in range(parallel)]
        jobs += [pool.submit(manager, index) for index in range(parallel)]
        jobs += [pool.submit(coordinator, index) for index in range(parallel)]
        for job in jobs:
            job.result()
    say(f"Workers warmed up in {time.monotonic() - started:.1f} s (every page of the scenario, {parallel} in parallel)")
    started = time.monotonic()
    logins = [user["login"] for user in load["reservists"] + load["managers"]]
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        sessions = dict(pool.map(session, logins))
    elapsed = time.monotonic() - started
    each = elapsed * WORKERS / len(sessions)
    say(
        f"{len(sessions)} users signed in with the login form in {elapsed:.1f} s "
        f"({each:.2f} s each, {WORKERS} at a time)"
    )
    return sessions


def run(db, odoo_command, addons, wait_http, free_port, duration="90s", load_db=LOAD_DB):
    locust = locust_venv()
    fresh_copy(db, odoo_command, addons, load_db)
    work = Path(tempfile.mkdtemp(prefix="load-", dir=VAR))
    load_file = work / "load.json"
    say("Making the scenario's 50 reservists, 10 managers and 2 coordinators, and the proposals …")
    set_up_people(db, odoo_command, load_file, load_db)
    port, gevent_port, smtp_port = free_port(), free_port(), free_port()
    # The PDF documents (wkhtmltopdf) fetch their styles from this server, as in production.
    conn = db.connect(load_db)
    with conn.cursor() as cr:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES ('report.url', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [f"http://127.0.0.1:{port}"],
        )
    conn.close()
    log = (work / "server.log").open("w")
    # As in production (config/odoo.prod.conf): one database by name and no filter (a visitor
    # without a session, an e-mail link's, costs no listing of the databases), and a cron
    # worker on the same machine: the notification cron renders the invitations and the
    # establishments' and withdrawals' e-mails, and the mail queue sends them (to a local SMTP sink).
    server_command = odoo_command(
        db,
        "-d",
        load_db,
        "--workers",
        str(WORKERS),
        "--max-cron-threads",
        "1",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--gevent-port",
        str(gevent_port),
        "--smtp",
        "127.0.0.1",
        "--smtp-port",
        str(smtp_port),
        "--log-level",
        "warn",
        "--limit-time-real",
        "600",
    )
    with SmtpSink(smtp_port) as smtp:
        server = subprocess.Popen(
            server_command,
            stdout=log,
            stderr=subprocess.STDOUT,
            # A prefork worker gives up on a socket idle for 2 s (Odoo's guard against idle
            # clients); behind nginx on the loopback no client holds it, and on a busy machine a
            # request handed over late was reset (nginx's 502s). Odoo's own setting.
            env=dict(os.environ, ODOO_HTTP_SOCKET_TIMEOUT="10"),
        )
        try:
            wait_http(f"http://127.0.0.1:{port}/web/health", server)
            catch_up_crons(db, load_db)
            with local_proxy(f"127.0.0.1:{port}", f"127.0.0.1:{gevent_port}", free_port(), workdir=work) as url:
                load = json.loads(load_file.read_text())
                load["sessions"] = warm_up(url, load, load_db)
                load_file.write_text(json.dumps(load))
                delivered = len(smtp.messages)
                say(f"Server with {WORKERS} workers and a cron worker behind nginx on {url}")
                say(f"{USERS} users for {duration} …")
                env = dict(os.environ, RESERVE_LOAD_FILE=str(load_file), RESERVE_LOAD_DB=load_db)
                locust_args = ["-f", str(LOAD_DIR / "locustfile.py"), "--headless", "-u", str(USERS)]
                locust_args += ["-r", str(SPAWN_RATE)]
                locust_args += ["-t", duration, "--host", url, "--csv", str(work / "stats"), "--only-summary"]
                subprocess.run([str(locust), *locust_args, "--loglevel", "WARNING"], env=env, check=False)
                during = len(smtp.messages) - delivered
                after, seconds = drain_notifications(db, load_db, smtp)
                say(
                    f"E-mails delivered to the local SMTP sink: {during} during the measure, {after} in the"
                    f" {seconds:.0f} s after it (Odoo's cron worker runs at a lower priority than the requests)"
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a cron still busy: its work is rolled back
                server.kill()
                server.wait(timeout=30)
            log.close()
    say(f"Server log and locust files in {work}")
    return report(work / "stats_stats.csv")
