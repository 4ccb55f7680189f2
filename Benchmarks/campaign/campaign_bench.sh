#!/usr/bin/env bash
# The campaign suite of `make bench`: a real `idos-issuer serve` (API + worker) and devnode; N credentials issued
# through the API (the reference: plain issuance, accepted → delivered), then a campaign re-issuing them with no
# rate budget (goal: at least 80 % of plain issuance's rate), then a campaign at a rate budget counted over a
# minute (goal: within 5 % of the budget). Driver: Benchmarks/campaign/campaign_bench.py.
#
#   deploy/dev/postgres.sh with-temp --durable -- Benchmarks/campaign/campaign_bench.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd -P)
BIN="${1:?usage: campaign_bench.sh BIN_DIR}"
DB="${IDOS_TEST_DATABASE_URL:?run under deploy/dev/postgres.sh with-temp}"
N="${IDOS_BENCH_CAMPAIGN_N:-2000}"
RATE="${IDOS_BENCH_CAMPAIGN_RATE:-25}"
. Tests/support/processes.sh campaign-bench

PUB=$("$BIN/idos-issuer" keys generate --key-file "$WORK/issuer.key" --encryption-key-file "$WORK/enc.key" | tail -n 1)
"$BIN/idos-devnode" --listen 127.0.0.1:0 --database-url "$DB" --delegate "bench:$PUB" --owner "$PUB" --log-level warning >"$WORK/devnode.log" 2>&1 &
PIDS+=($!)
NODE=$(wait_for_line "$WORK/devnode.log" 'http://[0-9.]+:[0-9]+' 60 "${PIDS[-1]}")
export ISSUER_DATABASE_URL="$DB"
"$BIN/idos-issuer" migrate >/dev/null 2>&1
KEY=$("$BIN/idos-issuer" api-keys create --name bench --scopes issue,read 2>/dev/null | tail -n 1)
ISSUER_NODE_URLS="$NODE" ISSUER_SIGNING_KEY_FILES="$WORK/issuer.key" ISSUER_ENCRYPTION_KEY_FILE="$WORK/enc.key" ISSUER_LISTEN=127.0.0.1:0 \
ISSUER_VC_ISSUER=https://issuer.example/bench ISSUER_NAME="Bench KYC" ISSUER_RATE_LIMIT_PER_SECOND=100000 ISSUER_RATE_LIMIT_BURST=100000 \
ISSUER_LOG_LEVEL=notice "$BIN/idos-issuer" serve >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
API=$(wait_for_line "$WORK/issuer.log" 'url=http://[0-9.]+:[0-9]+' 60 "${PIDS[-1]}"); API=${API#url=}

OUT=$("$ROOT/.venv/bin/python" Benchmarks/campaign/campaign_bench.py "$API" "$KEY" "$DB" "$N" "$RATE" "${IDOS_BENCH_CAMPAIGN_CONCURRENCY:-}")
echo "$OUT" | sed 's/^RESULT //' >&2
field() { grep "^RESULT $1 " <<<"$OUT" | sed -E "s/.* $2=([0-9.]+).*/\1/"; }
plain=$(field plain rate); campaign=$(field campaign rate); finished=$(field campaign finished_rate)
observed=$(field budget observed)
printf '%-58s %14s %14s %8s\n' "campaign vs plain issuance ($N credentials)" "ours" "reference" "ratio"
printf '%-58s %12s/s %12s/s %7.2f×\n' "re-issued (replacement delivered), no budget" "$campaign" "$plain" "$(echo "$campaign / $plain" | bc -l)"
printf '%-58s %12s/s %12s/s %7.2f×\n' "finished (old ones revoked too), no budget" "$finished" "$plain" "$(echo "$finished / $plain" | bc -l)"
printf '%-58s %12s/s %12s/s %7.3f×\n' "rate budget over 60 s" "$observed" "$RATE" "$(echo "$observed / $RATE" | bc -l)"
