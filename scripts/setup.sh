#!/usr/bin/env bash
# Install what Portal needs into the project folder: a Python venv with the pinned packages and
# bun (from the npm registry; Reflex's own bun download needs the open internet). Re-running it
# only reinstalls what changed, so the run command starts in seconds the second time.
# usage: scripts/setup.sh [--test]   (--test also installs the test extras)
set -euo pipefail
cd "$(dirname "$0")/.."
BUN_VERSION=1.4.4
PYTHON="${PYTHON:-python3}"
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.portal-installed${extras}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== installing Python packages${extras}"
  .venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras}"
  echo "$want" >"$stamp"
fi

if [ ! -x .tools/node_modules/.bin/bun ] || [ "$(.tools/node_modules/.bin/bun --version)" != "$BUN_VERSION" ]; then
  echo "== installing bun $BUN_VERSION from the npm registry"
  command -v npm >/dev/null || { echo "npm (Node.js) is required" >&2; exit 1; }
  (cd .tools && npm install --no-audit --no-fund --silent "bun@$BUN_VERSION")
fi
