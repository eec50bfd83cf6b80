"""What the benchmark scripts share: their command line, a rolled-back environment, their output.

A benchmark is launched by ``scripts/dev.py bench NAME`` as
``python scripts/bench_NAME.py --db DB -- <odoo options>``: its own options first, then
Odoo's after ``--``. It works in one transaction that is rolled back at the end, so the
database is left unchanged, and ends with one ``name key=value …`` result line.
"""

import argparse
import contextlib
import sys
import threading
import time


def argument_parser(doc):
    """A parser described by the first paragraph of ``doc``, with the ``--db`` option."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database with reserve_medicosociale installed")
    return parser


def parse_args(parser):
    """The benchmark's options; the rest of the command line configures Odoo for ``--db``."""
    args, rest = parser.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]
    from odoo.tools import config  # imported late: the caller's PYTHONPATH finds Odoo

    config.parse_config(rest, setup_logging=True)
    threading.current_thread().dbname = args.db
    return args


@contextlib.contextmanager
def rolled_back_env(dbname, context=None):
    """A superuser environment on ``dbname`` whose transaction is rolled back on exit."""
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    cr = Registry(dbname).cursor()
    try:
        yield api.Environment(cr, odoo.SUPERUSER_ID, context or {})
    finally:
        cr.rollback()  # the benchmark leaves the database unchanged
        cr.close()


@contextlib.contextmanager
def committed_env(dbname, context=None):
    """A superuser environment on ``dbname`` (a scratch database of the benchmark) whose
    transaction is committed on exit, rolled back on an error."""
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    cr = Registry(dbname).cursor()
    try:
        yield api.Environment(cr, odoo.SUPERUSER_ID, context or {})
        cr.commit()
    finally:
        cr.rollback()
        cr.close()


@contextlib.contextmanager
def scratch_database(template, name):
    """Yield ``name``, a copy of the database ``template`` (and its filestore) made with
    Odoo's own database service, dropped on exit whatever happens: for data that must be
    committed and vacuumed to be measured as in production."""
    from odoo.modules.registry import Registry
    from odoo.service import db as service_db

    service_db.exp_drop(name)  # left over by an interrupted run
    service_db.exp_duplicate_database(template, name)
    try:
        yield name
    finally:
        Registry.delete(name)
        for attempt in range(10):  # an autovacuum worker on it, which our role may not end
            try:
                service_db.exp_drop(name)
                break
            except Exception:
                if attempt == 9:
                    raise
                time.sleep(3)


def vacuum_analyze(dbname, *tables):
    """``VACUUM ANALYZE`` of ``tables`` (all when none) on ``dbname``, outside a transaction."""
    from odoo.sql_db import db_connect

    cr = db_connect(dbname).cursor()
    try:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE " + ", ".join(f'"{table}"' for table in tables))
    finally:
        cr.close()


def say(message):
    """A progress line, shown at once."""
    print(f"[bench] {message}", flush=True)


def fail(message):
    """Report ``message`` as an error on stderr; the exit status of a failed benchmark."""
    print(f"[bench] ERROR: {message}", file=sys.stderr)
    return 1


def result(name, **values):
    """The final line: ``name key=value …``, in the order given."""
    print(" ".join([name, *(f"{key}={value}" for key, value in values.items())]), flush=True)
