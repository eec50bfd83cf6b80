"""Each addon installs alone with its dependencies, on a fresh database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from db_copy import drop_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from devlib.addons import installable_addons  # noqa: E402

# Every installable addon of addons/: a new addon is covered without changing this test.
ADDONS = installable_addons()


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_installs_alone(addon):
    base_cmd = os.environ.get("RESERVE_ODOO_CMD")
    if not base_cmd or not os.environ.get("RESERVE_PG"):
        pytest.fail("Run these tests with `python3 scripts/dev.py test` (RESERVE_ODOO_CMD is not set).")
    dbname = f"reserve_alone_{addon}"
    drop_database(dbname)
    try:
        result = subprocess.run(
            [*base_cmd.split("\x1f"), "-d", dbname, "-i", addon, "--stop-after-init", "--max-cron-threads", "0"],
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
    finally:
        drop_database(dbname)
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert result.returncode == 0, output[-3000:]
    assert not problems, "\n".join(problems[-20:])
    assert "Modules loaded" in output, output[-2000:]
