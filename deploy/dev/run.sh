#!/usr/bin/env bash
# `make run`: starts everything that exists, in the foreground; Ctrl-C stops all of it.
# Today: the embedded PostgreSQL (data in .local/pg, kept across runs). Later: the local idOS node and the
# issuer service.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DATA="$ROOT/.local/pg"
PORT="${IDOS_PG_PORT:-54329}"

DATABASE_URL=$(deploy/dev/postgres.sh start "$DATA" "$PORT")
export DATABASE_URL

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "run: stopping PostgreSQL"
  deploy/dev/postgres.sh stop "$DATA"
}
trap stop_all INT TERM EXIT

cat <<TXT
== idOS issuer back-office (development) ==
PostgreSQL   $DATABASE_URL
             data: $DATA (kept across runs; delete the folder to start over)
             psql "$DATABASE_URL"
CLI          $ROOT/.build/debug/idos-issuer --help
Press Ctrl-C to stop.
TXT

while true; do sleep 3600 & wait $!; done
