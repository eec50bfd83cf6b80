"""`make backup` and `make restore`: a round trip keeps every record, every attachment's
file and the database's identity (the links already sent stay valid)."""

import base64
import hashlib
import os
import zipfile

import pytest
from db_copy import cursor, dev, drop_database, filestore, table_counts

RESTORED = "reserve_restore_check"


def stored_attachments(dbname):
    with cursor(dbname) as cr:
        cr.execute("SELECT store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL ORDER BY id")
        return cr.fetchall()


def identity(dbname):
    with cursor(dbname) as cr:
        cr.execute(
            "SELECT key, value FROM ir_config_parameter WHERE key IN ('database.uuid', 'database.secret') ORDER BY key"
        )
        return cr.fetchall()


@pytest.fixture
def restored_name():
    drop_database(RESTORED)  # left by an interrupted run
    yield RESTORED
    drop_database(RESTORED)


def test_backup_and_restore_round_trip(server, as_user, tmp_path, restored_name):
    if not os.environ.get("RESERVE_ODOO_CMD") or not os.environ.get("RESERVE_PG"):
        pytest.fail("Run these tests with `python3 scripts/dev.py test`.")
    content = b"%PDF-1.4 backup round trip " + os.urandom(16)
    admin = as_user("admin")
    admin.call(
        "ir.attachment",
        "create",
        {"name": "round-trip.pdf", "datas": base64.b64encode(content).decode(), "res_model": "res.partner"},
    )
    counts, attachments = table_counts(server["db"]), stored_attachments(server["db"])
    assert hashlib.sha1(content).hexdigest() in {checksum for _name, checksum in attachments}

    archive = tmp_path / "backup.zip"
    result = dev("backup", "--db", server["db"], "--output", str(archive))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    assert {"dump.sql", "manifest.json"} <= names
    assert {f"filestore/{name}" for name, _checksum in attachments} <= names

    result = dev("restore", str(archive), "--db", restored_name)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert table_counts(restored_name) == counts
    assert stored_attachments(restored_name) == attachments
    for name, checksum in attachments:
        assert hashlib.sha1((filestore(restored_name) / name).read_bytes()).hexdigest() == checksum, name
    assert identity(restored_name) == identity(server["db"])

    # A second restore under the same name is refused, and says how to replace it.
    result = dev("restore", str(archive), "--db", restored_name)
    assert result.returncode != 0
    assert "--force" in result.stdout + result.stderr
