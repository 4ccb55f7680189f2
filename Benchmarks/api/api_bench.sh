#!/usr/bin/env bash
# The API suite of `make bench`: POST /v1/credentials at 100 and 500 requests/s (wrk, fixed rate, 30 s each)
# against a real `idos-issuer serve` (API + worker) with a real devnode, beside GET /healthz of the same server
# at the same rate (the reference: the framework, the auth-free path and the machine). Prints p50/p99 and their
# ratio, then the sustained end-to-end delivery rate (credentials accepted → on the node per second).
#
#   deploy/dev/postgres.sh with-temp --durable -- Benchmarks/api/api_bench.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd -P)
BIN="${1:?usage: api_bench.sh BIN_DIR}"
DB="${IDOS_TEST_DATABASE_URL:?run under deploy/dev/postgres.sh with-temp}"
SECONDS_EACH="${IDOS_BENCH_API_SECONDS:-30}"
WORK=$(mktemp -d /tmp/idos-api-bench.XXXXXX)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap stop_all EXIT

wait_for() { # LOG PATTERN
  for _ in $(seq 1 600); do grep -m1 -oE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "api_bench: timed out waiting for /$2/ in $1" >&2; tail -n 20 "$1" >&2; return 1
}

PUB=$("$BIN/idos-issuer" keys generate --key-file "$WORK/issuer.key" --encryption-key-file "$WORK/enc.key" | tail -n 1)
"$BIN/idos-devnode" --listen 127.0.0.1:0 --database-url "$DB" --delegate "bench:$PUB" --owner "$PUB" --log-level warning >"$WORK/devnode.log" 2>&1 &
PIDS+=($!)
NODE=$(wait_for "$WORK/devnode.log" 'http://[0-9.]+:[0-9]+')
export ISSUER_DATABASE_URL="$DB"
"$BIN/idos-issuer" migrate >/dev/null 2>&1
KEY=$("$BIN/idos-issuer" api-keys create --name bench --scopes issue,read 2>/dev/null | tail -n 1)
ISSUER_NODE_URLS="$NODE" ISSUER_SIGNING_KEY_FILES="$WORK/issuer.key" ISSUER_ENCRYPTION_KEY_FILE="$WORK/enc.key" ISSUER_LISTEN=127.0.0.1:0 \
ISSUER_VC_ISSUER=https://issuer.example/bench ISSUER_NAME="Bench KYC" ISSUER_RATE_LIMIT_PER_SECOND=100000 ISSUER_RATE_LIMIT_BURST=100000 \
ISSUER_LOG_LEVEL=notice "$BIN/idos-issuer" serve >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
API=$(wait_for "$WORK/issuer.log" 'url=http://[0-9.]+:[0-9]+'); API=${API#url=}

# One user, onboarded as in the README walkthrough (her wallet played by deploy/dev/wallet.py's functions).
USER_ID=$("$ROOT/.venv/bin/python" - "$API" "$KEY" <<'PY'
import sys, importlib.util, base64
spec = importlib.util.spec_from_file_location("wallet", "deploy/dev/wallet.py"); w = importlib.util.module_from_spec(spec); spec.loader.exec_module(w)
from eth_account import Account
api, key = sys.argv[1], sys.argv[2]
acct = Account.create()
ch = w.expect(*w.call(api, key, "POST", "/v1/wallet-challenges", {"walletType": "EVM", "address": acct.address}), 201, "challenge")
pub = base64.b64encode(bytes(w.derive_keypair("bench", ch["userId"]).public_key)).decode()
w.expect(*w.call(api, key, "POST", "/v1/users", {"challengeId": ch["id"], "signature": w.evm_sign(acct.key, ch["message"]),
         "recipientEncryptionPublicKey": pub, "encryptionPasswordStore": "user"}), 202, "user")
w.wait_for(api, key, f"/v1/users/{ch['userId']}", "status", "created", "user created")
print(ch["userId"])
PY
)

delivered() { psql "$DB" -Atc "SELECT count(*) FROM credentials WHERE status = 'delivered'"; }
run_wrk() { # RATE PATH_ONLY
  API_KEY="$KEY" USER_ID="$USER_ID" RATE="$1" CONNS=8 PATH_ONLY="$2" \
    wrk -t 2 -c 8 -d "${SECONDS_EACH}s" --timeout 5s -s Benchmarks/api/credentials.lua "$API" 2>&1 | grep '^RESULT' | sed 's/^RESULT //'
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

printf '%-34s %10s %10s %10s %8s\n' "API latency (wrk, fixed rate)" "p50 ms" "p99 ms" "requests" "non-2xx"
for rate in 100 500; do
  ref=$(run_wrk "$rate" 1)
  before=$(delivered); start=$(date +%s.%N)
  ours=$(run_wrk "$rate" 0)
  printf '%-34s %10s %10s %10s %8s\n' "POST /v1/credentials @ $rate/s" "$(field p50_ms "$ours")" "$(field p99_ms "$ours")" "$(field requests "$ours")" "$(field non2xx "$ours")"
  printf '%-34s %10s %10s %10s %8s\n' "  reference GET /healthz @ $rate/s" "$(field p50_ms "$ref")" "$(field p99_ms "$ref")" "$(field requests "$ref")" "$(field non2xx "$ref")"
  python3 -c "import sys; o,r=float(sys.argv[1]),float(sys.argv[2]); print(f'  p99 ratio ours/reference: {o/r:.1f}x')" "$(field p99_ms "$ours")" "$(field p99_ms "$ref")"
done
# Sustained delivery: wait until the queue is drained and report accepted → delivered per second over the whole run.
total=$(psql "$DB" -Atc "SELECT count(*) FROM credentials")
t0=$(psql "$DB" -Atc "SELECT extract(epoch FROM min(created_at)) FROM credentials")
for _ in $(seq 1 600); do
  [ "$(delivered)" -ge "$total" ] && break; sleep 1
done
t1=$(psql "$DB" -Atc "SELECT extract(epoch FROM now())")
python3 -c "import sys; n,t0,t1,d=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f'end to end: {d} of {n} credentials delivered to the node, {d/(t1-t0):.0f} credentials/s from the first accepted to the last delivered')" "$total" "$t0" "$t1" "$(delivered)"
