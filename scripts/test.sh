#!/usr/bin/env bash
# The one test command (README, .ci/run): set up, lint, unit tests, browser tests.
#
#  1. scripts/setup.sh --test            venv with the pinned packages + test extras, bun
#  2. Debian packages chromium, postgresql (apt-get, only if missing; needs root)
#  3. a throw-away PostgreSQL (scripts/pg.sh) -> PORTAL_TEST_POSTGRES_URL, and the test OpenID
#     provider (scripts/oidc.sh, on a free port) -> PORTAL_TEST_OIDC_ISSUER; both stopped on exit
#  4. ruff check, ruff format --check
#  5. unit tests, then browser tests, in two pytest processes: the browser run starts the
#     production build, whose Reflex state registry must not meet the unit tests' one.
#
# Every check runs even if an earlier one failed, so one run shows everything that is broken;
# the exit status is non-zero if anything failed. Setup problems stop the run at once.
# Env: PORTAL_PG_PORT / PORTAL_PG_DIR (scripts/pg.sh), PORTAL_TEST_OIDC_PORT (default: a free
# port), PORTAL_TEST_CHROMIUM (/usr/bin/chromium).
set -uo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${PORTAL_TEST_CHROMIUM:-/usr/bin/chromium}"
started_at=$SECONDS
failures=()

section() { printf '\n========== %s ==========\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Run one check, time it, remember a failure and carry on.
check() {
  local name=$1 t0=$SECONDS status
  shift
  "$@"
  status=$?
  if [ "$status" -eq 0 ]; then
    printf -- '-- %s: ok (%ss)\n' "$name" "$((SECONDS - t0))"
  else
    printf -- '-- %s: FAILED with exit status %s (%ss)\n' "$name" "$status" "$((SECONDS - t0))"
    failures+=("$name")
  fi
}

# --- 1. Python packages and bun --------------------------------------------------------------
section "Setup: venv, pinned packages with test extras, bun"
scripts/setup.sh --test || die "scripts/setup.sh --test failed"
set +u  # the venv's activate script reads unset variables
# shellcheck disable=SC1091
. scripts/env.sh
set -u

# --- 2. Debian packages ----------------------------------------------------------------------
section "Setup: Debian packages (chromium, postgresql)"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "present: $CHROMIUM, $(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)"
elif [ "$(id -u)" -ne 0 ]; then
  die "missing Debian packages: ${missing[*]}. Install them as root, then re-run:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
else
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get install -y -q --no-install-recommends "${missing[@]}"; }
  # Refresh the package lists only when apt does not know a package (fresh images ship none).
  known=1
  for pkg in "${missing[@]}"; do
    apt-cache show "$pkg" >/dev/null 2>&1 || known=0
  done
  if [ "$known" -eq 0 ]; then
    echo "apt-get update (package lists are missing or stale)"
    apt-get update -q || die "apt-get update failed"
  fi
  echo "apt-get install ${missing[*]}"
  if ! apt_install; then
    # Lists that are present but stale point at files the mirror no longer has.
    echo "install failed; refreshing package lists and retrying once"
    apt-get update -q && apt_install || die "apt-get install ${missing[*]} failed"
  fi
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM is still missing after installing chromium"

# --- 3. Test PostgreSQL ----------------------------------------------------------------------
section "Setup: PostgreSQL test cluster (scripts/pg.sh)"
pg_port="${PORTAL_PG_PORT:-54329}"
pg_dir="${PORTAL_PG_DIR:-/tmp/portal-pg-$pg_port}"
# A cluster that already runs there (someone's own `scripts/pg.sh start`) is reused and left
# running; one this script starts is stopped again on exit, whatever happens.
pg_ours=1
pid_file="$pg_dir/data/postmaster.pid"
if [ -f "$pid_file" ] && ps -p "$(head -n 1 "$pid_file")" >/dev/null 2>&1; then
  pg_ours=0
  echo "reusing the PostgreSQL already running in $pg_dir (it is left running)"
fi
oidc_port=""  # set when this script starts the test OpenID provider (below)
stop_services() {
  if [ -n "$oidc_port" ]; then
    echo "stopping the test OpenID provider"
    PORTAL_TEST_OIDC_PORT="$oidc_port" scripts/oidc.sh stop || true
  fi
  if [ "$pg_ours" -eq 1 ]; then
    echo "stopping the PostgreSQL test cluster"
    scripts/pg.sh stop || true
  fi
}
trap stop_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
PORTAL_TEST_POSTGRES_URL="$(scripts/pg.sh start)" || die "scripts/pg.sh start failed"
export PORTAL_TEST_POSTGRES_URL
echo "PORTAL_TEST_POSTGRES_URL=$PORTAL_TEST_POSTGRES_URL"

section "Setup: test OpenID provider (scripts/oidc.sh)"
# A free port unless one is given, so parallel runs do not meet (the test client accepts any
# loopback port). A provider already running on a given port is reused and left running.
free_port() {
  python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port="${PORTAL_TEST_OIDC_PORT:-$(free_port)}"
oidc_pid_file="${PORTAL_TEST_OIDC_DIR:-/tmp/portal-oidc-$port}/provider.pid"
if [ -f "$oidc_pid_file" ] && kill -0 "$(cat "$oidc_pid_file")" 2>/dev/null; then
  echo "reusing the test OpenID provider already running on port $port (it is left running)"
else
  oidc_port="$port"
fi
PORTAL_TEST_OIDC_ISSUER="$(PORTAL_TEST_OIDC_PORT="$port" scripts/oidc.sh start)" \
  || die "scripts/oidc.sh start failed"
export PORTAL_TEST_OIDC_ISSUER
echo "PORTAL_TEST_OIDC_ISSUER=$PORTAL_TEST_OIDC_ISSUER"

# --- 4. Lint ---------------------------------------------------------------------------------
section "Lint: ruff check"
check "ruff check" ruff check .
section "Lint: ruff format --check"
check "ruff format --check" ruff format --check .

# --- 5. Tests --------------------------------------------------------------------------------
section "Unit tests (pytest, not browser)"
check "unit tests" python -m pytest tests -m "not browser" -q

section "Browser tests (pytest, Chromium against the production build)"
check "browser tests" python -m pytest tests/browser -m browser -q
echo "screenshots and the server log: test-artifacts/"

# --- Summary ---------------------------------------------------------------------------------
section "Summary ($((SECONDS - started_at))s)"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "all checks passed"
