#!/usr/bin/env bash
# The embedded PostgreSQL cluster for development and tests. One script, used by `make run` and `make test`.
#
#   deploy/dev/postgres.sh start DATA_DIR [PORT]   initdb if needed, start, print the URL on stdout
#   deploy/dev/postgres.sh stop DATA_DIR           fast shutdown (no-op if not running)
#   deploy/dev/postgres.sh url DATA_DIR            print the URL of a running cluster
#   deploy/dev/postgres.sh with-temp -- CMD...     throwaway cluster in a temp dir on a free port; runs CMD
#                                                  with IDOS_TEST_DATABASE_URL set; always stops and removes it
#
# PostgreSQL refuses to run as root, so the server runs as the `postgres` user (runuser) when we are root.
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$PGBIN/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL server found under /usr/lib/postgresql (run deploy/dev/install-deps.sh)" >&2; exit 1; }
DBNAME="${IDOS_DB_NAME:-idos}"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

url_for() { # DATA_DIR
  local port; port=$(cat "$1/port")
  echo "postgres://postgres@127.0.0.1:${port}/${DBNAME}?sslmode=disable"
}

start() { # DATA_DIR [PORT]
  local dir="$1" port="${2:-}"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg mkdir -p "$dir/data" "$dir/sock"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  if as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    url_for "$dir"; return
  fi
  [ -n "$port" ] || port=$( [ -f "$dir/port" ] && cat "$dir/port" || free_port )
  echo "$port" | as_pg tee "$dir/port" >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir/sock -p $port -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; exit 1; }
  if ! as_pg psql -h "$dir/sock" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DBNAME'" | grep -q 1; then
    as_pg psql -h "$dir/sock" -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$DBNAME\"" >/dev/null
  fi
  url_for "$dir"
}

stop() { # DATA_DIR
  local dir="$1"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  url) shift; url_for "$1" ;;
  with-temp)
    shift; [ "${1:-}" = "--" ] && shift
    tmp=$(mktemp -d /tmp/idos-pg.XXXXXX)
    chmod 755 "$tmp"
    cleanup() { stop "$tmp/pg"; rm -rf "$tmp"; }
    trap cleanup EXIT INT TERM
    IDOS_TEST_DATABASE_URL=$(start "$tmp/pg")
    export IDOS_TEST_DATABASE_URL
    echo "postgres.sh: throwaway cluster at $IDOS_TEST_DATABASE_URL" >&2
    set +e
    "$@"
    status=$?
    set -e
    exit $status
    ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
