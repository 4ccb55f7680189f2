#!/usr/bin/env bash
# `make run`: starts everything that exists, in the foreground; Ctrl-C stops all of it.
# Today: the embedded PostgreSQL (data in .local/pg, kept across runs) and the local idOS node (idos-devnode,
# state in the same cluster, schema idos_devnode) with a development issuer key registered as a delegate.
# Later: the issuer service.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DATA="$ROOT/.local/pg"
PORT="${IDOS_PG_PORT:-54329}"

DATABASE_URL=$(deploy/dev/postgres.sh start "$DATA" "$PORT")
export DATABASE_URL

# The local idOS node, with a development issuer key made once in .local/ (git-ignored).
NODE_PORT="${IDOS_DEVNODE_PORT:-8484}"
NODE_URL="http://127.0.0.1:${NODE_PORT}"
CHAIN_ID="${IDOS_DEVNODE_CHAIN_ID:-idos-devnode}"
ISSUER_PUB=$(deploy/dev/dev-issuer-key.sh "$ROOT/.local")
"$ROOT/.build/debug/idos-devnode" --listen "127.0.0.1:${NODE_PORT}" --database-url "$DATABASE_URL" --chain-id "$CHAIN_ID" \
  --delegate "dev-issuer:${ISSUER_PUB}" --owner "$ISSUER_PUB" >"$ROOT/.local/devnode.log" 2>&1 &
NODE_PID=$!

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "run: stopping idos-devnode and PostgreSQL"
  kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  deploy/dev/postgres.sh stop "$DATA"
}
trap stop_all INT TERM EXIT

for _ in $(seq 1 100); do
  grep -q "listening on" "$ROOT/.local/devnode.log" 2>/dev/null && break
  kill -0 "$NODE_PID" 2>/dev/null || { echo "run: idos-devnode failed to start:" >&2; tail -n 20 "$ROOT/.local/devnode.log" >&2; exit 1; }
  sleep 0.1
done

cat <<TXT
== idOS issuer back-office (development) ==
PostgreSQL   $DATABASE_URL
             data: $DATA (kept across runs; delete the folder to start over)
             psql "$DATABASE_URL"
idOS node    $NODE_URL  (JSON-RPC: $NODE_URL/rpc/v1, chain id: $CHAIN_ID)
             issuer key: $ROOT/.local/dev-issuer.key (ed25519 seed ‖ public key, hex); public key $ISSUER_PUB
             registered as delegate of inserter "dev-issuer" and as the node owner; log: $ROOT/.local/devnode.log
             faults: curl -X POST $NODE_URL/devnode/faults -d '{"error_rate":0.1}'   stats: curl $NODE_URL/devnode/stats
CLI          $ROOT/.build/debug/idos-issuer --help
Press Ctrl-C to stop.
TXT

while true; do sleep 3600 & wait $!; done
