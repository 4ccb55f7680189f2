#!/usr/bin/env bash
# `make run`: starts everything that exists, in the foreground; Ctrl-C (or SIGTERM) stops all of it.
# Today: the development PostgreSQL cluster of this checkout (data kept across runs; where it lives:
# `deploy/dev/postgres.sh dev-dir`), the issuer's migrations applied as the owner role, and the local idOS node
# (idos-devnode, state in its own database) with a development issuer key registered as a delegate.
# Later: the issuer service, connecting as the service role.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd -P)
LOCAL="$ROOT/.local"
PG="$ROOT/deploy/dev/postgres.sh"
BIN="$ROOT/.build/debug"
PG_DIR=$("$PG" dev-dir "$ROOT")
PORT="${IDOS_PG_PORT:-54329}"
NODE_PORT="${IDOS_DEVNODE_PORT:-8484}"
NODE_URL="http://127.0.0.1:${NODE_PORT}"
CHAIN_ID="${IDOS_DEVNODE_CHAIN_ID:-idos-devnode}"

# The cleanup comes first: whatever starts below is stopped however this script ends.
NODE_PID="" SLEEP_PID="" STOP_PG=no
stop_all() {
  # A second Ctrl-C must not cut the cleanup short, nor a closed stdout (make run | tee, and tee got the Ctrl-C too).
  trap '' INT TERM PIPE
  trap - EXIT
  { echo; echo "run: stopping${NODE_PID:+ idos-devnode and} PostgreSQL"; } 2>/dev/null || true
  if [ -n "$SLEEP_PID" ]; then kill "$SLEEP_PID" 2>/dev/null || true; fi
  if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true; fi
  if [ "$STOP_PG" = yes ]; then "$PG" stop "$PG_DIR" 2>/dev/null || true; fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$LOCAL"
if "$PG" status "$PG_DIR"; then
  echo "run: this checkout's PostgreSQL already runs (another make run?); using it and leaving it running" >&2
else
  STOP_PG=yes
fi
ADMIN_URL=$(IDOS_PG_FSYNC=on "$PG" start "$PG_DIR" "$PORT")
OWNER_URL=$("$PG" url "$PG_DIR" owner)
SERVICE_URL=$("$PG" url "$PG_DIR" service)
DEVNODE_DB_URL=$("$PG" url "$PG_DIR" devnode)
printf '%s\n' "$PG_DIR" > "$LOCAL/pg-dir"   # where this checkout's cluster lives (see deploy/dev/postgres.sh)
OLD_PG=""
if [ -f "$LOCAL/pg/data/PG_VERSION" ] && [ "$LOCAL/pg" != "$PG_DIR" ]; then OLD_PG="$LOCAL/pg"; fi

# The issuer's schema, migrated as the owner role (the service role only reads and writes rows).
if "$BIN/idos-issuer" migrate --database-url "$OWNER_URL" >"$LOCAL/migrate.log" 2>&1; then
  MIGRATED="migrated as idos_issuer (log: $LOCAL/migrate.log)"
else
  MIGRATED="MIGRATIONS FAILED, see $LOCAL/migrate.log"
  echo "run: idos-issuer migrate failed:" >&2; tail -n 5 "$LOCAL/migrate.log" >&2
fi

# The local idOS node, with a development issuer key made once in .local/ (git-ignored).
ISSUER_PUB=$(deploy/dev/dev-issuer-key.sh "$LOCAL")
"$BIN/idos-devnode" --listen "127.0.0.1:${NODE_PORT}" --database-url "$DEVNODE_DB_URL" --chain-id "$CHAIN_ID" \
  --delegate "dev-issuer:${ISSUER_PUB}" --owner "$ISSUER_PUB" >"$LOCAL/devnode.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$LOCAL/devnode.log" 2>/dev/null && break
  kill -0 "$NODE_PID" 2>/dev/null || { echo "run: idos-devnode failed to start:" >&2; tail -n 20 "$LOCAL/devnode.log" >&2; NODE_PID=""; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$LOCAL/devnode.log" || { echo "run: idos-devnode did not start within 30 s:" >&2; tail -n 20 "$LOCAL/devnode.log" >&2; exit 1; }

cat <<TXT
== idOS issuer back-office (development) ==
PostgreSQL   cluster of this checkout: $PG_DIR
             (data kept across runs; to start over: stop make run, then rm -rf that folder)
             listens on 127.0.0.1 only; the passwords are in the URLs (and $PG_DIR/passwords)
  service    $SERVICE_URL
             idos_issuer_app, not a superuser: what the service connects as (ISSUER_DATABASE_URL)
  owner      $OWNER_URL
             idos_issuer, owns the database: migrations (idos-issuer migrate); $MIGRATED
  admin      $ADMIN_URL
             postgres, superuser: administration only
             psql "$SERVICE_URL"
idOS node    $NODE_URL  (JSON-RPC: $NODE_URL/rpc/v1, chain id: $CHAIN_ID)
             issuer key: $LOCAL/dev-issuer.key (ed25519 seed ‖ public key, hex); public key $ISSUER_PUB
             registered as delegate of inserter "dev-issuer" and as the node owner; log: $LOCAL/devnode.log
             state: database idos_devnode (role idos_devnode) in the same cluster
             faults: curl -X POST $NODE_URL/devnode/faults -d '{"error_rate":0.1}'   stats: curl $NODE_URL/devnode/stats
CLI          $BIN/idos-issuer --help    e.g. ISSUER_DATABASE_URL='$SERVICE_URL' $BIN/idos-issuer queue stats
TXT
if [ -n "$OLD_PG" ]; then
  echo "Note         $OLD_PG holds a cluster of an older make run; it is no longer used (delete it when you like)"
fi
echo "Press Ctrl-C to stop."

while true; do sleep 3600 & SLEEP_PID=$!; wait "$SLEEP_PID"; done
