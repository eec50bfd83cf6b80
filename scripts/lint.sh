#!/usr/bin/env bash
# Run every lint hook of .pre-commit-config.yaml on all files known to git, with the
# tools of .venv (requirements-dev.txt). Extra arguments go to pre-commit, e.g.
#   scripts/lint.sh --show-diff-on-failure      scripts/lint.sh ruff
# Hooks that fix files (ruff, ruff format, whitespace) rewrite them in place.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [[ ! -x .venv/bin/pre-commit ]]; then
    echo "lint: .venv/bin/pre-commit not found; run: .venv/bin/pip install -r requirements-dev.txt" >&2
    echo "      (or any README command, which creates .venv with it)" >&2
    exit 2
fi
export PATH="$repo/.venv/bin:$PATH"
exec pre-commit run --all-files "$@"
