"""The commands of scripts/dev.py, run inside the virtual environment."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

warnings.filterwarnings("ignore", module="platformdirs")

from .addons import installable_addons  # noqa: E402
from .pg import Database  # noqa: E402
from .ports import free_port  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
VAR = REPO / "var"
# Every installable addon of addons/, in dependency order: -i installs them all.
ADDONS = installable_addons(REPO / "addons")
RUN_DB = "reserve"
TEST_DB = "reserve_test"
DEMO_LOGINS = [
    ("Administrateur", "admin", "admin"),
    ("Coordinatrice de l'association", "coordinatrice", "coordinatrice"),
    ("Directeur d'établissement (gestionnaire membre)", "directeur", "directeur"),
    ("Autorité (ARS / Département)", "autorite", "autorite"),
    ("Formatrice", "formatrice", "formatrice"),
    ("Réserviste (portail)", "reserviste", "reserviste"),
]
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")


def say(message):
    print(f"[reserve] {message}", flush=True)


def odoo_src():
    return Path(os.environ["ODOO_SRC"])


def addons_path():
    src = odoo_src()
    return ",".join(str(p) for p in (src / "odoo" / "addons", src / "addons", REPO / "addons"))


def odoo_command(db, *args):
    return [
        sys.executable,
        str(odoo_src() / "odoo-bin"),
        "-c",
        str(REPO / "config" / "odoo.conf"),
        "--addons-path",
        addons_path(),
        "--data-dir",
        str(VAR / "filestore"),
        *db.odoo_args(),
        *args,
    ]


def addons_digest():
    """A digest of the addons' files, to update the run database after the code changed."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "addons").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def wait_http(url, process, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"[reserve] ERROR: the Odoo server stopped (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"[reserve] ERROR: the Odoo server did not answer {url} within {timeout} s.")


# ---------------------------------------------------------------- commands


def cmd_run(args, rest):
    try:
        ensure_system_packages()
    except SystemExit as missing:
        say(f"Warning: {str(missing).removeprefix('[reserve] ERROR: ')} The product runs without it.")
    db = Database()
    try:
        stamp = VAR / f"{RUN_DB}.addons.sha256"
        digest = addons_digest()
        extra = []
        if not db.exists(RUN_DB):
            say(
                f"Creating the database '{RUN_DB}' with the addons {', '.join(ADDONS)} and French demo data "
                "(a few minutes) …"
            )
            extra = ["-i", ",".join(ADDONS), "--with-demo", "--load-language", "fr_FR"]
        elif not stamp.exists() or stamp.read_text() != digest:
            say("The addons changed since the last run: updating them …")
            extra = ["-u", ",".join(ADDONS)]
        if extra:
            subprocess.run(odoo_command(db, "-d", RUN_DB, *extra, "--stop-after-init"), check=True)
            stamp.write_text(digest)
        port = args.port or 8069
        say(f"Réserve médico-sociale: http://localhost:{port}/odoo (database '{RUN_DB}')")
        say("Demo logins (login / password):")
        for role, login, password in DEMO_LOGINS:
            say(f"  {role:<48} {login} / {password}")
        say(f"Reservists sign up at http://localhost:{port}/reserve/inscription — stop with Ctrl+C.")
        process = subprocess.Popen(
            # -d without --db-filter: Odoo serves that one database without listing them.
            odoo_command(db, "-d", RUN_DB, "--http-port", str(port), *rest)
        )
        try:
            return process.wait()
        except (KeyboardInterrupt, SystemExit):
            # Ctrl+C or SIGTERM: let Odoo shut down before its database stops.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            return 0
    finally:
        db.close()


SYSTEM_PACKAGES = {
    # Debian package: (executables that stand for it, what it is for)
    "chromium": (("chromium", "chromium-browser", "google-chrome"), "the portal tours need a Chromium browser"),
    "wkhtmltopdf": (("wkhtmltopdf",), "the PDF documents (loan conventions, statements) need wkhtmltopdf"),
    "nginx-light": (("nginx",), "the production profile's proxy configuration is tested through a real nginx"),
}


def ensure_system_packages():
    """Portal tours run in Debian's chromium, PDFs come from wkhtmltopdf: install them where this command may."""
    missing = [pkg for pkg, (exes, _why) in SYSTEM_PACKAGES.items() if not any(shutil.which(e) for e in exes)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing Debian's {', '.join(missing)} (apt-get) …")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=False, env=env)
    for pkg in missing:
        exes, why = SYSTEM_PACKAGES[pkg]
        if not any(shutil.which(e) for e in exes):
            raise SystemExit(
                f"[reserve] ERROR: {why}. Install Debian's package `{pkg}` (sudo apt-get install {pkg}) "
                "and run the tests again."
            )


def run_odoo_tests(db, dbname, log_path, tags):
    """Install the addons with demo data on a fresh database and run their tests."""
    db.drop(dbname)
    say(f"Odoo tests: fresh database '{dbname}', the addons {', '.join(ADDONS)} with demo data, tags {tags} …")
    cmd = odoo_command(
        db,
        "-d",
        dbname,
        "-i",
        ",".join(ADDONS),
        "--with-demo",
        "--test-enable",
        "--test-tags",
        tags,
        "--stop-after-init",
        "--http-port",
        str(free_port()),
        "--log-level",
        "test",
        "--load-language",
        "fr_FR",
    )
    failed = passed = 0
    summary = None
    with open(log_path, "w") as log:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            log.write(line)
            if " ERROR " in line or " CRITICAL " in line or "FAIL:" in line or " odoo.tests.result" in line:
                sys.stdout.write(line)
            match = RESULT_RE.search(line)
            if match:
                summary = match
        rc = process.wait()
    if summary:
        n_failed, n_errors, n_run = (int(x) for x in summary.groups())
        failed = n_failed + n_errors
        passed = n_run - failed
    if rc != 0 or summary is None:
        say(f"Odoo exited with code {rc}; see {log_path}.")
        failed = max(failed, 1)
    say(f"Odoo tests: {passed} passed, {failed} failed (log: {log_path}).")
    return passed, failed


SUITE_TEST_TIMEOUT = 1200  # seconds


def run_suite_tests(db, dbname, pytest_args):
    """Start a server on the test database and run the suite-level tests against it."""
    port = free_port()
    log_path = VAR / "log" / "test-server.log"
    say(f"Suite tests: starting a server on http://127.0.0.1:{port} (database '{dbname}') …")
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            odoo_command(
                db,
                "-d",
                dbname,
                "--http-port",
                str(port),
                "--http-interface",
                "127.0.0.1",
                "--max-cron-threads",
                "0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/web/health", server)
        junit = VAR / "log" / "suite-junit.xml"
        junit.unlink(missing_ok=True)  # a report of an earlier run never counts for this one
        env = dict(
            os.environ,
            RESERVE_URL=f"http://127.0.0.1:{port}",
            RESERVE_DB=dbname,
            RESERVE_ODOO_CMD="\x1f".join(odoo_command(db)),
            RESERVE_PG="{host}:{port}:{user}".format(**db.settings),
        )
        pytest = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(REPO / "tests"),
                "-p",
                "no:odoo",
                "-q",
                f"--junitxml={junit}",
                # Per test, fixtures included (the longest, installing one addon alone, takes
                # about 70 s): a hang fails its test with the stacks, and the run goes on.
                f"--timeout={SUITE_TEST_TIMEOUT}",
                *pytest_args,
            ],
            env=env,
            cwd=REPO,
            check=False,
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if not junit.exists():
        return 0, 1
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    passed = total - failed - skipped
    if pytest.returncode not in (0, 1) and not failed:
        # 2 interrupted, 3 internal error, 4 usage error, 5 no test collected
        say(f"pytest exited with code {pytest.returncode}; see its output above.")
        failed = 1
    say(f"Suite tests: {passed} passed, {failed} failed, {skipped} skipped.")
    return passed, failed


def cmd_test(args, rest):
    ensure_system_packages()
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    db = Database()
    passed = failed = 0
    try:
        if not args.suite_only:
            tags = args.tags or ",".join(f"/{name}" for name in ADDONS)
            p, f = run_odoo_tests(db, TEST_DB, VAR / "log" / "test-odoo.log", tags)
            passed, failed = passed + p, failed + f
        elif not db.exists(TEST_DB):
            raise SystemExit("[reserve] ERROR: --suite-only needs the database of a previous full test run.")
        if not args.odoo_only:
            p, f = run_suite_tests(db, TEST_DB, rest)
            passed, failed = passed + p, failed + f
    finally:
        db.close()
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed or not passed else 0


def cmd_odoo(args, rest):
    db = Database()
    try:
        return subprocess.run(odoo_command(db, *[a for a in rest if a != "--"]), check=False).returncode
    finally:
        db.close()


BENCHES = {
    "finess": "bench_finess_import.py",
    "matching": "bench_matching.py",
    "proposals": "bench_proposals.py",
    "cv-search": "bench_cv_search.py",
    "report": "bench_report.py",
    "communes": "bench_communes_import.py",
    "accept": "bench_accept.py",
}


def cmd_bench(args, rest):
    script = REPO / "scripts" / BENCHES[args.name]
    if not script.exists():
        raise SystemExit(f"[reserve] ERROR: {script.name} does not exist yet.")
    db = Database()
    dbname = args.db
    try:
        if not db.exists(dbname):
            say(f"Creating the benchmark database '{dbname}' (no demo data) …")
            subprocess.run(odoo_command(db, "-d", dbname, "-i", ",".join(ADDONS), "--stop-after-init"), check=True)
        else:
            subprocess.run(odoo_command(db, "-d", dbname, "-u", ",".join(ADDONS), "--stop-after-init"), check=True)
        odoo_args = odoo_command(db)[2:]  # without python and odoo-bin
        env = dict(os.environ, PYTHONPATH=str(odoo_src()))
        return subprocess.run(
            [sys.executable, str(script), "--db", dbname, *[a for a in rest if a != "--"], "--", *odoo_args],
            env=env,
            check=False,
        ).returncode
    finally:
        db.close()


def cmd_i18n(args, rest):
    """Export each addon's .pot on a fresh database and merge it into its fr.po."""
    import tempfile

    addons = args.addons or ADDONS
    unknown = sorted(set(addons) - set(ADDONS))
    if unknown:
        raise SystemExit(f"[reserve] ERROR: not an addon of addons/: {', '.join(unknown)}")
    db = Database()
    dbname = args.db
    try:
        db.drop(dbname)
        subprocess.run(
            odoo_command(db, "-d", dbname, "-i", ",".join(addons), "--stop-after-init", "--load-language", "fr_FR"),
            check=True,
        )
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as conf:
            s = db.settings
            conf.write(
                "[options]\n"
                f"addons_path = {addons_path()}\ndata_dir = {VAR / 'filestore'}\n"
                f"db_host = {s['host']}\ndb_port = {s['port']}\ndb_user = {s['user']}\n"
                + (f"db_password = {s['password']}\n" if s.get("password") else "")
            )
            conf.flush()
            subprocess.run(
                [
                    sys.executable,
                    str(odoo_src() / "odoo-bin"),
                    "i18n",
                    "export",
                    "-c",
                    conf.name,
                    "-d",
                    dbname,
                    "-l",
                    "pot",
                    "--",
                    *addons,
                ],
                check=True,
            )
        for addon in addons:
            pot = REPO / "addons" / addon / "i18n" / f"{addon}.pot"
            po = pot.with_name("fr.po")
            if po.exists():
                subprocess.run(
                    ["msgmerge", "--quiet", "--no-fuzzy-matching", "--update", "--backup=none", str(po), str(pot)],
                    check=True,
                )
            else:
                subprocess.run(
                    ["msginit", "--no-translator", "--locale=fr_FR.UTF-8", "-i", str(pot), "-o", str(po)], check=True
                )
            stats = subprocess.run(
                ["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False
            )
            say(f"{addon}: {stats.stderr.strip()}")
        db.drop(dbname)
    finally:
        db.close()
    return 0


def _run_backup_script(db, action, dbname, path):
    odoo_args = odoo_command(db)[2:]  # without python and odoo-bin
    if db.embedded:
        # pg_dump and psql of the embedded server's own version (the system's may be older).
        odoo_args += ["--pg_path", str(db.embedded.bin)]
    env = dict(os.environ, PYTHONPATH=str(odoo_src()))
    script = REPO / "scripts" / "backup.py"
    return subprocess.run(
        [sys.executable, str(script), action, "--db", dbname, "--file", str(path), "--", *odoo_args],
        env=env,
        check=False,
    ).returncode


def cmd_backup(args, rest):
    """Back up a database and its filestore into one zip (Odoo's backup format)."""
    db = Database()
    try:
        if not db.exists(args.db):
            raise SystemExit(f"[reserve] ERROR: the database '{args.db}' does not exist.")
        if args.output:
            path = Path(args.output).resolve()
        else:
            stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
            path = VAR / "backups" / f"{args.db}-{stamp}.zip"
        path.parent.mkdir(parents=True, exist_ok=True)
        return _run_backup_script(db, "dump", args.db, path)
    finally:
        db.close()


def cmd_restore(args, rest):
    """Restore a backup zip as a database (its filestore with it)."""
    path = Path(args.file).resolve()
    if not path.is_file():
        raise SystemExit(f"[reserve] ERROR: no backup file {path}.")
    db = Database()
    try:
        if db.exists(args.db):
            if not args.force:
                raise SystemExit(
                    f"[reserve] ERROR: the database '{args.db}' exists. Stop the server that uses it and add "
                    "--force (make restore FORCE=1) to replace it, or restore under another name (--db)."
                )
            say(f"Dropping the database '{args.db}' and its filestore before the restore …")
            db.drop(args.db)
        return _run_backup_script(db, "restore", args.db, path)
    finally:
        db.close()


def cmd_load(args, rest):
    from . import load

    ensure_system_packages()  # the scenario runs behind a real nginx, as in production
    db = Database()
    try:
        return load.run(db, odoo_command, ADDONS, wait_http, free_port, duration=args.duration, load_db=args.db)
    finally:
        db.close()


def cmd_stop(args, rest):
    from .pg import EmbeddedPostgres

    pg = EmbeddedPostgres()
    if pg.is_running():
        pg.started_here = True
        pg.stop()
        say("The embedded PostgreSQL is stopped.")
    return 0


def cmd_psql(args, rest):
    db = Database()
    try:
        s = db.settings
        args = [a for a in rest if a != "--"] or ["postgres"]
        cmd = ["psql", "-h", s["host"], "-p", str(s["port"]), "-U", s["user"], *args]
        return subprocess.run(cmd, check=False).returncode
    finally:
        db.close()


def add_arguments(parser):
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the product with French demo data")
    run.add_argument("--port", type=int, default=None)
    test = sub.add_parser("test", help="run every test on a fresh database")
    test.add_argument("--tags", help="Odoo --test-tags (default: every addon of addons/)")
    test.add_argument("--odoo-only", action="store_true", help="skip the suite-level tests")
    test.add_argument("--suite-only", action="store_true", help="only the suite-level tests (reuses the test database)")
    sub.add_parser("odoo", help="run odoo-bin with the database options: dev.py odoo -- -d db …")
    bench = sub.add_parser("bench", help="run a benchmark script")
    bench.add_argument("name", choices=sorted(BENCHES))
    bench.add_argument("--db", default="reserve_bench", help="the benchmark database (default: reserve_bench)")
    i18n = sub.add_parser("i18n", help="export the .pot files and merge them into fr.po")
    i18n.add_argument("addons", nargs="*", help="only these addons (default: every addon of addons/)")
    i18n.add_argument("--db", default="reserve_i18n", help="the scratch database (dropped before and after)")
    backup = sub.add_parser("backup", help="back up a database and its filestore into one zip")
    backup.add_argument("--db", default=RUN_DB, help=f"the database (default: {RUN_DB})")
    backup.add_argument("--output", help="the zip to write (default: var/backups/<db>-<UTC time>.zip)")
    restore = sub.add_parser("restore", help="restore a backup zip as a database")
    restore.add_argument("file", help="a zip made by `backup` (or by Odoo's database manager)")
    restore.add_argument("--db", default=RUN_DB, help=f"the database to create (default: {RUN_DB})")
    restore.add_argument("--force", action="store_true", help="drop the database first if it exists")
    load = sub.add_parser("load", help="the locust scenario against --workers 2 (scripts/load/)")
    load.add_argument("--duration", default="90s", help="how long the users run (locust's -t, default 90s)")
    load.add_argument(
        "--db", default="reserve_load", help="the load database, copied from <db>_base (default: reserve_load)"
    )
    sub.add_parser("stop", help="stop the embedded PostgreSQL")
    sub.add_parser("psql", help="psql on the database server")


def main(args, rest):
    # A terminated launcher still stops the servers it started (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    handler = {
        "run": cmd_run,
        "test": cmd_test,
        "odoo": cmd_odoo,
        "bench": cmd_bench,
        "backup": cmd_backup,
        "load": cmd_load,
        "restore": cmd_restore,
        "stop": cmd_stop,
        "psql": cmd_psql,
        "i18n": cmd_i18n,
    }[args.command]
    return handler(args, rest)
