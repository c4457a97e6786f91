#!/usr/bin/env bash
# Side-by-side benchmark and cross-check of `ardash report aging` against the
# same job written in DuckDB and in polars.
#
# Usage: scripts/compare_engines.sh LEDGER_DIR AS_OF [RUNS]
#   e.g. scripts/compare_engines.sh /tmp/cmp100k 2026-06-30 3
#
# DuckDB and polars live in a scratch virtual environment outside the repo
# (VENV, default /tmp/venv-engines); they are never project dependencies.
# The ardash binary defaults to .build/release/ardash (override with ARDASH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${VENV:-/tmp/venv-engines}"

if [[ $# -lt 2 ]]; then
    echo "usage: $0 LEDGER_DIR AS_OF [RUNS]" >&2
    exit 2
fi

# Create the scratch venv once; later runs reuse it.
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import duckdb, polars' 2>/dev/null; then
    echo "setting up $venv (duckdb, polars) ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check duckdb polars
fi

exec "$venv/bin/python" "$here/compare_engines.py" "$@"
