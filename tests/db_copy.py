"""Databases of the suite tests besides the test database: direct SQL and copies made the way
an administrator makes them (`scripts/dev.py backup` then `restore`)."""

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def cursor(dbname):
    """An autocommit cursor on ``dbname`` (DROP DATABASE runs outside a transaction)."""
    host, port, user = os.environ["RESERVE_PG"].split(":")
    conn = psycopg2.connect(host=host, port=int(port), user=user, dbname=dbname)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            yield cr
    finally:
        conn.close()


def odoo_cmd():
    """odoo-bin with the test run's options (set by `scripts/dev.py test`)."""
    return os.environ["RESERVE_ODOO_CMD"].split("\x1f")


def filestore(dbname):
    args = odoo_cmd()
    return Path(args[args.index("--data-dir") + 1]) / "filestore" / dbname


def dev(*args):
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "dev.py"), *args], capture_output=True, text=True, check=False
    )


def drop_database(dbname, keep_filestore=False):
    """Drop ``dbname`` and its filestore, if they exist.

    The role of the tests is not a superuser: ``WITH (FORCE)`` then fails with "permission
    denied to terminate process" when an autovacuum worker runs on the database (a freshly
    restored one, typically). So end this role's own sessions, and let a plain DROP cancel the
    autovacuum worker itself; retry while the last sessions are still closing."""
    with cursor("postgres") as cr:
        for _attempt in range(50):
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
                (dbname,),
            )
            try:
                cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
                break
            except psycopg2.errors.ObjectInUse:
                time.sleep(0.2)
        else:
            raise AssertionError(f"database {dbname} is still in use after 10 s")
    if not keep_filestore:
        shutil.rmtree(filestore(dbname), ignore_errors=True)


def copy_database(source, target, tmp_path):
    """``target``: a copy of ``source`` with its filestore, through a backup zip."""
    drop_database(target)
    archive = tmp_path / f"{source}.zip"
    for args in (("backup", "--db", source, "--output", str(archive)), ("restore", str(archive), "--db", target)):
        result = dev(*args)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return target


def table_counts(dbname):
    """{table: number of rows} of every table of ``dbname``."""
    with cursor(dbname) as cr:
        cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        counts = {}
        for (table,) in cr.fetchall():
            cr.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names read from pg_tables
            counts[table] = cr.fetchone()[0]
    return counts
