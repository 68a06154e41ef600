#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL cluster on 127.0.0.1 for the tests.
# usage: scripts/pg.sh start|stop   (prints the database URL on start)
# Env: PORTAL_PG_PORT (default 54329), PORTAL_PG_DIR (default /tmp/portal-pg-$PORT)
set -euo pipefail
port="${PORTAL_PG_PORT:-54329}"
dir="${PORTAL_PG_DIR:-/tmp/portal-pg-$port}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server not installed (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  # initdb refuses to run as root; use the account the Debian package created.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir"; mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$bin/initdb" -D "$dir/data" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
      as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U portal portal
    fi
    echo "postgresql+psycopg://portal@127.0.0.1:$port/portal"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
