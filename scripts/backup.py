"""Back up a database with its filestore into one zip file, or restore such a file.

The file is Odoo's own backup format (the database manager's "zip": dump.sql, the
filestore and manifest.json), made and read by Odoo's own functions, so a backup made here
restores in Odoo's database manager and the other way round. A restore keeps the
database's identity (uuid and secret): the links already sent by e-mail stay valid.

Launched by ``scripts/dev.py backup|restore`` as
``python scripts/backup.py dump|restore --db DB --file PATH -- <odoo options>``.
"""

import argparse
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("dump", "restore"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--file", required=True)
    args, rest = parser.parse_known_args()
    if rest and rest[0] == "--":
        rest = rest[1:]
    from odoo.tools import config

    config.parse_config(rest, setup_logging=True)
    config["list_db"] = True  # this is the administrator's own command, not the web manager
    from odoo.service import db as odoo_db

    started = time.monotonic()
    if args.action == "dump":
        if not odoo_db.exp_db_exist(args.db):
            print(f"[reserve] ERROR: the database '{args.db}' does not exist.", file=sys.stderr)
            return 1
        with open(args.file, "wb") as stream:
            odoo_db.dump_db(args.db, stream, "zip", with_filestore=True)
        print(f"[reserve] '{args.db}' backed up to {args.file} in {time.monotonic() - started:.1f} s.", flush=True)
    else:
        if odoo_db.exp_db_exist(args.db):
            print(f"[reserve] ERROR: the database '{args.db}' exists; drop it first (--force).", file=sys.stderr)
            return 1
        odoo_db.restore_db(args.db, args.file, copy=False)
        print(f"[reserve] {args.file} restored as '{args.db}' in {time.monotonic() - started:.1f} s.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
