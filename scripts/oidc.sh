#!/usr/bin/env bash
# Start or stop the test OpenID Connect provider (tests/oidc/provider.mjs, `oidc-provider`) on
# 127.0.0.1 for the SSO tests.
# usage: scripts/oidc.sh start|stop   (prints the issuer URL on start, once discovery answers)
# Env: PORTAL_TEST_OIDC_PORT (default 54330), PORTAL_TEST_OIDC_DIR (default /tmp/portal-oidc-$PORT)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORTAL_TEST_OIDC_PORT:-54330}"
dir="${PORTAL_TEST_OIDC_DIR:-/tmp/portal-oidc-$port}"
issuer="http://127.0.0.1:$port"
pid_file="$dir/provider.pid"

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

# Polls with Node's fetch (Node is needed anyway; curl may be missing).
discovery_answers() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "$issuer/.well-known/openid-configuration"
}

case "${1:-}" in
  start)
    command -v node >/dev/null || { echo "Node.js is required for the test OIDC provider" >&2; exit 1; }
    if ! running; then
      if [ ! -d tests/oidc/node_modules/oidc-provider ]; then
        (cd tests/oidc && npm ci --no-audit --no-fund --silent) >&2
      fi
      mkdir -p "$dir"
      # setsid: its own process group, so a Ctrl-C in the calling shell does not stop it early.
      setsid node tests/oidc/provider.mjs "$port" >"$dir/provider.log" 2>&1 </dev/null &
      echo $! >"$pid_file"
    fi
    for _ in $(seq 1 100); do
      if discovery_answers; then
        echo "$issuer"
        exit 0
      fi
      running || break
      sleep 0.1
    done
    echo "the test OIDC provider did not answer on $issuer (log: $dir/provider.log):" >&2
    tail -n 20 "$dir/provider.log" >&2 || true
    exit 1
    ;;
  stop)
    if running; then
      pid="$(cat "$pid_file")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
