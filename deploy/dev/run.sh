#!/usr/bin/env bash
# `make run`: starts everything in the foreground; Ctrl-C (or SIGTERM) stops all of it.
# The development PostgreSQL cluster of this checkout (data kept across runs; where it lives:
# `deploy/dev/postgres.sh dev-dir`) unless ISSUER_DATABASE_URL names another database; the issuer's migrations
# applied as the owner role; the local idOS node (idos-devnode, state in its own database) with the development
# issuer key registered as a delegate, unless ISSUER_NODE_URLS names other nodes; a development API key made
# once; and `idos-issuer serve` (API, worker, maintenance) connecting as the service role.
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
NODE_PID="" SERVE_PID="" SLEEP_PID="" STOP_PG=no
stop_all() {
  # A second Ctrl-C must not cut the cleanup short, nor a closed stdout (make run | tee, and tee got the Ctrl-C too).
  trap '' INT TERM PIPE
  trap - EXIT
  { echo; echo "run: stopping${SERVE_PID:+ the issuer service,}${NODE_PID:+ idos-devnode,} PostgreSQL"; } 2>/dev/null || true
  if [ -n "$SLEEP_PID" ]; then kill "$SLEEP_PID" 2>/dev/null || true; fi
  # SIGTERM drains: in-flight requests and jobs finish first.
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true; fi
  if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true; fi
  if [ "$STOP_PG" = yes ]; then "$PG" stop "$PG_DIR" 2>/dev/null || true; fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$LOCAL"
API_LISTEN="${ISSUER_LISTEN:-127.0.0.1:8080}"
API_URL="http://${API_LISTEN}"

# PostgreSQL: this checkout's cluster, unless ISSUER_DATABASE_URL names a database (then it is used as is,
# migrated with ISSUER_DATABASE_URL too; the service connects with the same URL).
if [ -n "${ISSUER_DATABASE_URL:-}" ]; then
  PG_DIR="" OWNER_URL="$ISSUER_DATABASE_URL" SERVICE_URL="$ISSUER_DATABASE_URL" ADMIN_URL="" DEVNODE_DB_URL="$ISSUER_DATABASE_URL"
else
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
fi
OLD_PG=""
if [ -n "$PG_DIR" ] && [ -f "$LOCAL/pg/data/PG_VERSION" ] && [ "$LOCAL/pg" != "$PG_DIR" ]; then OLD_PG="$LOCAL/pg"; fi

# The issuer's schema, migrated as the owner role (the service role only reads and writes rows).
if ! "$BIN/idos-issuer" migrate --database-url "$OWNER_URL" >"$LOCAL/migrate.log" 2>&1; then
  echo "run: idos-issuer migrate failed (log: $LOCAL/migrate.log):" >&2; tail -n 5 "$LOCAL/migrate.log" >&2; exit 1
fi

# Development keys, made once in .local/ (git-ignored): the delegate signing key (also the VC key) and the
# issuer's X25519 encryption secret.
ISSUER_PUB=$(deploy/dev/dev-issuer-key.sh "$LOCAL")
if [ ! -s "$LOCAL/dev-encryption.key" ]; then
  (umask 077; head -c 32 /dev/urandom | xxd -p -c 64 > "$LOCAL/dev-encryption.key")
fi

# The local idOS node, unless ISSUER_NODE_URLS names nodes (where the dev key must be a registered delegate).
if [ -n "${ISSUER_NODE_URLS:-}" ]; then
  NODE_URLS="$ISSUER_NODE_URLS"
else
  NODE_URL="http://127.0.0.1:${NODE_PORT}"
  NODE_URLS="$NODE_URL"
  "$BIN/idos-devnode" --listen "127.0.0.1:${NODE_PORT}" --database-url "$DEVNODE_DB_URL" --chain-id "$CHAIN_ID" \
    --delegate "dev-issuer:${ISSUER_PUB}" --owner "$ISSUER_PUB" >"$LOCAL/devnode.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$LOCAL/devnode.log" 2>/dev/null && break
    kill -0 "$NODE_PID" 2>/dev/null || { echo "run: idos-devnode failed to start:" >&2; tail -n 20 "$LOCAL/devnode.log" >&2; NODE_PID=""; exit 1; }
    sleep 0.1
  done
  grep -q "listening on" "$LOCAL/devnode.log" || { echo "run: idos-devnode did not start within 30 s:" >&2; tail -n 20 "$LOCAL/devnode.log" >&2; exit 1; }
fi

# A development API key (provider "dev", scopes issue, read, admin), made once and kept while the database knows it.
API_KEY=""
if [ -s "$LOCAL/dev-api-key" ]; then
  API_KEY=$(cat "$LOCAL/dev-api-key")
  prefix=$(printf '%s' "$API_KEY" | cut -d_ -f1-2)
  if ! ISSUER_DATABASE_URL="$SERVICE_URL" "$BIN/idos-issuer" api-keys list --json 2>/dev/null | grep -q "\"$prefix\""; then API_KEY=""; fi
fi
if [ -z "$API_KEY" ]; then
  API_KEY=$(ISSUER_DATABASE_URL="$SERVICE_URL" "$BIN/idos-issuer" api-keys create --name dev --scopes issue,read,admin 2>"$LOCAL/api-key.log" | tail -n 1) ||
    { echo "run: could not create the development API key:" >&2; cat "$LOCAL/api-key.log" >&2; exit 1; }
  (umask 077; printf '%s\n' "$API_KEY" > "$LOCAL/dev-api-key")
fi

# A development console operator "dev" (role operator), made once; its password is kept in .local/. When the
# database lost it (a new cluster) it is created again; when the file was lost, the password is set anew.
OP_PW=""
[ -s "$LOCAL/dev-operator-password" ] && OP_PW=$(cat "$LOCAL/dev-operator-password")
OP_EXISTS=$(ISSUER_DATABASE_URL="$SERVICE_URL" "$BIN/idos-issuer" operators list 2>/dev/null | awk '$1 == "dev" { print "yes" }')
if [ -z "$OP_PW" ] || [ -z "$OP_EXISTS" ]; then
  [ -n "$OP_PW" ] || OP_PW=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  if [ -n "$OP_EXISTS" ]; then
    printf '%s\n' "$OP_PW" | ISSUER_DATABASE_URL="$SERVICE_URL" "$BIN/idos-issuer" operators password --name dev 2>"$LOCAL/operator.log" ||
      { echo "run: could not set the development operator's password:" >&2; cat "$LOCAL/operator.log" >&2; exit 1; }
  else
    printf '%s\n' "$OP_PW" | ISSUER_DATABASE_URL="$SERVICE_URL" "$BIN/idos-issuer" operators create --name dev --role operator 2>"$LOCAL/operator.log" ||
      { echo "run: could not create the development operator:" >&2; cat "$LOCAL/operator.log" >&2; exit 1; }
  fi
  (umask 077; printf '%s\n' "$OP_PW" > "$LOCAL/dev-operator-password")
fi

# The issuer service: API, worker and maintenance in one process.
ISSUER_DATABASE_URL="$SERVICE_URL" ISSUER_NODE_URLS="$NODE_URLS" ISSUER_SIGNING_KEY_FILES="$LOCAL/dev-issuer.key" \
ISSUER_ENCRYPTION_KEY_FILE="$LOCAL/dev-encryption.key" ISSUER_LISTEN="$API_LISTEN" \
ISSUER_VC_ISSUER="${ISSUER_VC_ISSUER:-http://${API_LISTEN}/issuer}" ISSUER_NAME="${ISSUER_NAME:-Development KYC issuer}" \
  "$BIN/idos-issuer" serve >"$LOCAL/issuer.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 600); do
  curl -fsS "$API_URL/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVE_PID" 2>/dev/null || { echo "run: idos-issuer serve failed to start:" >&2; tail -n 20 "$LOCAL/issuer.log" >&2; SERVE_PID=""; exit 1; }
  sleep 0.1
done
curl -fsS "$API_URL/healthz" >/dev/null 2>&1 || { echo "run: idos-issuer serve did not answer within 60 s:" >&2; tail -n 20 "$LOCAL/issuer.log" >&2; exit 1; }

echo "== idOS issuer back-office (development) =="
echo "API          $API_URL   (OpenAPI: $API_URL/openapi.yaml; log: $LOCAL/issuer.log)"
echo "Metrics      $API_URL/metrics   (Prometheus text; audit: idos-issuer audit verify)"
echo "Console      $API_URL/console/   sign in as: dev / $OP_PW"
echo "             (role operator; password kept in $LOCAL/dev-operator-password; more: idos-issuer operators create)"
echo "API key      $API_KEY"
echo "             (provider \"dev\", scopes issue,read,admin; kept in $LOCAL/dev-api-key)"
if [ -n "$NODE_PID" ]; then
  cat <<TXT
idOS node    $NODE_URL  (JSON-RPC: $NODE_URL/rpc/v1, chain id: $CHAIN_ID; log: $LOCAL/devnode.log)
             the dev issuer key is registered as delegate of inserter "dev-issuer" and as the node owner
             faults: curl -X POST $NODE_URL/devnode/faults -d '{"error_rate":0.1}'   stats: curl $NODE_URL/devnode/stats
TXT
else
  echo "idOS nodes   $NODE_URLS (ISSUER_NODE_URLS)"
fi
cat <<TXT
Keys         $LOCAL/dev-issuer.key (ed25519, delegate and VC key; public $ISSUER_PUB)
             $LOCAL/dev-encryption.key (X25519 secret)
TXT
if [ -n "$PG_DIR" ]; then
  cat <<TXT
PostgreSQL   cluster of this checkout: $PG_DIR
             (data kept across runs; to start over: stop make run, then rm -rf that folder)
  service    $SERVICE_URL   (what the service connects as; not a superuser)
  owner      $OWNER_URL   (migrations)
  admin      $ADMIN_URL
TXT
else
  echo "PostgreSQL   $SERVICE_URL (ISSUER_DATABASE_URL)"
fi
cat <<TXT
CLI          ISSUER_DATABASE_URL='$SERVICE_URL' $BIN/idos-issuer queue stats

Start an onboarding (then see README "Walkthrough", or run: .venv/bin/python deploy/dev/wallet.py onboard):
  curl -sS -X POST $API_URL/v1/wallet-challenges -H 'Authorization: Bearer $API_KEY' \\
       -H 'Content-Type: application/json' -d '{"walletType":"EVM","address":"0x8ba1f109551bD432803012645Ac136ddd64DBA72"}'
TXT
if [ -n "$OLD_PG" ]; then
  echo "Note         $OLD_PG holds a cluster of an older make run; it is no longer used (delete it when you like)"
fi
echo "Press Ctrl-C to stop."

while kill -0 "$SERVE_PID" 2>/dev/null; do sleep 1 & SLEEP_PID=$!; wait "$SLEEP_PID"; done
echo "run: idos-issuer serve stopped:" >&2; tail -n 20 "$LOCAL/issuer.log" >&2
SERVE_PID=""
exit 1
