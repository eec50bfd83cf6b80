"""`-u` of every addon on a populated demo database (a copy of the test database, made with
`make backup`/`make restore`) keeps every record and every administrator's edit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from db_copy import copy_database, cursor, drop_database, odoo_cmd, table_counts

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from devlib.addons import installable_addons  # noqa: E402

COPY = "reserve_upgrade_check"
LOG_PROBLEMS = ("WARNING", "ERROR", "CRITICAL")
# Rows an update legitimately renews: the web assets it rebuilds, logs and presence.
RENEWED = {"bus_bus", "bus_presence", "ir_logging", "res_users_log", "ir_attachment", "ir_cron_progress"}
# Odoo's own metadata (models, fields, views, menus, access, groups) grows when a release
# adds to it; it must never shrink. Every other table keeps exactly its rows.
METADATA_PREFIXES = ("ir_", "orm_", "res_groups")
# What an administrator changes in the shipped data (noupdate records) and in the records.
EDITS = {
    "mail template body": (
        "UPDATE mail_template SET body_html = jsonb_build_object('en_US', '<p>Edited by the admin</p>', "
        "'fr_FR', '<p>Modifié par l''admin</p>') WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'mail_template_need_expired')",
        "SELECT body_html->>'fr_FR' FROM mail_template WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'mail_template_need_expired')",
        "<p>Modifié par l'admin</p>",
    ),
    "cron interval": (
        "UPDATE ir_cron SET interval_number = 7 WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'ir_cron_need_escalation')",
        "SELECT interval_number FROM ir_cron WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'ir_cron_need_escalation')",
        7,
    ),
    "sequence prefix": (
        "UPDATE ir_sequence SET prefix = 'BES-%(year)s-' WHERE code = 'reserve.need'",
        "SELECT prefix FROM ir_sequence WHERE code = 'reserve.need'",
        "BES-%(year)s-",
    ),
    "establishment phone": (
        "UPDATE res_partner SET phone = '02 33 99 99 99' WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'partner_ehpad_hortensias_demo')",
        "SELECT phone FROM res_partner WHERE id = (SELECT res_id FROM ir_model_data "
        "WHERE module = 'reserve_medicosociale' AND name = 'partner_ehpad_hortensias_demo')",
        "02 33 99 99 99",
    ),
    "system parameter": (
        "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date) "
        "VALUES ('reserve_medicosociale.signup_limit_per_email', '7', 1, 1, now(), now())",
        "SELECT value FROM ir_config_parameter WHERE key = 'reserve_medicosociale.signup_limit_per_email'",
        "7",
    ),
}


@pytest.fixture
def populated_copy(server, tmp_path):
    if not os.environ.get("RESERVE_ODOO_CMD") or not os.environ.get("RESERVE_PG"):
        pytest.fail("Run these tests with `python3 scripts/dev.py test`.")
    yield copy_database(server["db"], COPY, tmp_path)
    drop_database(COPY)


def test_update_of_every_addon_keeps_records_and_edits(populated_copy):
    with cursor(populated_copy) as cr:
        for name, (edit, _read, _expected) in EDITS.items():
            cr.execute(edit)
            assert cr.rowcount == 1, f"the edit '{name}' found nothing to change"
    before = table_counts(populated_copy)

    result = subprocess.run(
        [
            *odoo_cmd(),
            "-d",
            populated_copy,
            "-u",
            ",".join(installable_addons()),
            "--stop-after-init",
            "--max-cron-threads",
            "0",
            "--http-port",
            "0",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    # A warning at every update (a view Odoo finds inaccessible, two fields of one label…)
    # is a defect the administrators would read each time: none is expected.
    problems = [line for line in output.splitlines() if any(f" {level} " in line for level in LOG_PROBLEMS)]
    assert not problems, "\n".join(problems[-20:])

    after = table_counts(populated_copy)
    changed = {
        table: (before[table], after.get(table))
        for table in before
        if table not in RENEWED
        and before[table] != after.get(table)
        and not (table.startswith(METADATA_PREFIXES) and after.get(table, 0) > before[table])
    }
    assert not changed, f"rows changed by the update (table: before, after): {changed}"
    with cursor(populated_copy) as cr:
        for name, (_edit, read, expected) in EDITS.items():
            cr.execute(read)
            assert cr.fetchone()[0] == expected, f"the update undid the administrator's edit: {name}"
