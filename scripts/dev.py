#!/usr/bin/env python3
"""Set up, run and test the Réserve médico-sociale suite on one machine.

    python3 scripts/dev.py run      # the product with French demo data on http://localhost:8069
    python3 scripts/dev.py test     # every addon test and the suite-level tests
    python3 scripts/dev.py odoo -- <odoo-bin arguments>
    python3 scripts/dev.py bench finess|matching|proposals
    python3 scripts/dev.py psql | stop

The first stage runs on any Python 3.11+ with the standard library only: it creates
`.venv`, installs the requirements, finds Odoo 19.0, then re-runs this file inside the
virtual environment. The second stage starts the embedded PostgreSQL (data under
`var/`) unless a database server is configured, and runs Odoo.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
VAR = REPO / "var"
ODOO_GIT = "https://github.com/odoo/odoo.git"
MIN_PYTHON = (3, 11)


def say(message):
    print(f"[reserve] {message}", flush=True)


def fail(message):
    print(f"[reserve] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


# ---------------------------------------------------------------- stage 1: bootstrap


def venv_python():
    return VENV / "bin" / "python"


def odoo_version(src):
    """Return the (major, minor) version of the Odoo source tree at `src`, or None."""
    release = Path(src) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text(), re.M)
    return (int(match[1]), int(match[2])) if match else None


def find_odoo():
    """Find Odoo 19.0 in the order of DESIGN.md and return its source folder."""
    tried = []
    candidates = []
    if os.environ.get("ODOO_SRC"):
        candidates.append(("ODOO_SRC", Path(os.environ["ODOO_SRC"])))
    for python in (sys.executable, str(venv_python())):
        if not Path(python).exists():
            continue
        probe = subprocess.run(
            [python, "-c", "import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))"],
            capture_output=True,
            text=True,
            check=False,
            cwd="/",
        )
        if probe.returncode == 0 and probe.stdout.strip():
            candidates.append(("importable odoo", Path(probe.stdout.strip())))
    candidates.append(("/opt/odoo", Path("/opt/odoo")))
    candidates.append(("previous clone", VAR / "odoo"))
    for origin, path in candidates:
        version = odoo_version(path)
        if version == (19, 0) and (path / "odoo-bin").is_file():
            return path
        tried.append(f"{origin} ({path}): {'version {}.{}'.format(*version) if version else 'not an Odoo source tree'}")
    if os.environ.get("ODOO_SRC"):
        fail(f"ODOO_SRC={os.environ['ODOO_SRC']} is not an Odoo 19.0 source tree with odoo-bin.")
    if shutil.which("git") and os.environ.get("RESERVE_NO_CLONE") != "1":
        say("Odoo 19.0 not found: trying a shallow clone of the official 19.0 branch into var/odoo …")
        VAR.mkdir(exist_ok=True)
        clone = subprocess.run(
            ["git", "clone", "--depth", "1", "--branch", "19.0", ODOO_GIT, str(VAR / "odoo")],
            check=False,
            timeout=1800,
        )
        if clone.returncode == 0 and odoo_version(VAR / "odoo") == (19, 0):
            return VAR / "odoo"
        shutil.rmtree(VAR / "odoo", ignore_errors=True)
        tried.append(f"git clone {ODOO_GIT} (19.0): failed (no network?)")
    fail(
        "Odoo 19.0 Community was not found. Tried:\n  - "
        + "\n  - ".join(tried)
        + "\nDo one of: set ODOO_SRC=/path/to/odoo-19.0 (a source tree with odoo-bin); "
        "install Odoo 19.0 so that `import odoo` works; put its source in /opt/odoo; "
        "or allow network access to github.com so that the 19.0 branch can be cloned."
    )


def requirement_files(odoo_src):
    """Odoo's own requirements without python-ldap (not needed, does not build here), plus ours."""
    VAR.mkdir(exist_ok=True)
    odoo_reqs = VAR / "odoo-requirements.txt"
    lines = [
        line
        for line in (odoo_src / "requirements.txt").read_text().splitlines()
        if not line.strip().lower().startswith("python-ldap")
    ]
    odoo_reqs.write_text("\n".join(lines) + "\n")
    return [odoo_reqs, REPO / "requirements.txt", REPO / "requirements-dev.txt"]


def ensure_venv(odoo_src):
    """Create .venv and install the requirements; a second call only compares a stamp."""
    files = requirement_files(odoo_src)
    digest = hashlib.sha256(sys.version.encode())
    for path in files + [REPO / "scripts" / "build-constraints.txt"]:
        if path.exists():
            digest.update(path.read_bytes())
    stamp = VENV / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and venv_python().exists():
        return
    if not venv_python().exists():
        say("Creating the virtual environment .venv …")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check"]
    say("Installing the Python requirements (first run only; a few minutes) …")
    subprocess.run(pip + ["--quiet", "pip>=25.1", "wheel", "setuptools<81"], check=True)
    cmd = pip + ["--quiet", "--build-constraint", str(REPO / "scripts" / "build-constraints.txt")]
    for path in files:
        if path.exists():
            cmd += ["-r", str(path)]
    subprocess.run(cmd, check=True)
    stamp.write_text(digest.hexdigest())


def bootstrap():
    if sys.version_info < MIN_PYTHON:
        fail(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]}+ is needed, this is {sys.version.split()[0]}.")
    odoo_src = find_odoo()
    ensure_venv(odoo_src)
    env = dict(os.environ, ODOO_SRC=str(odoo_src), RESERVE_STAGE="2")
    python = str(venv_python())
    os.execve(python, [python, __file__, *sys.argv[1:]], env)


# ---------------------------------------------------------------- stage 2: inside the venv

if os.environ.get("RESERVE_STAGE") != "2":
    if __name__ == "__main__":
        bootstrap()
else:
    sys.path.insert(0, str(REPO / "scripts"))
    from devlib import commands  # noqa: E402

    if __name__ == "__main__":
        parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        commands.add_arguments(parser)
        args, rest = parser.parse_known_args()
        sys.exit(commands.main(args, rest))
