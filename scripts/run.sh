#!/usr/bin/env bash
# Set up and start Portal on the embedded default (SQLite + local files) with demo data.
# usage: scripts/run.sh      env: PORTAL_PORT (3000), PORTAL_DATABASE_URL, ... (README)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
python -m portal.cli seed --scale "${PORTAL_SEED_SCALE:-demo}" --if-empty
port="${PORTAL_PORT:-3000}"
echo "== Portal on http://127.0.0.1:$port (demo logins: README.md)"
exec reflex run --env prod --single-port --backend-host "${PORTAL_HOST:-127.0.0.1}" --backend-port "$port"
