#!/usr/bin/env bash
# Fuzzes the live KYC-provider API against its own /openapi.yaml with schemathesis: no 5xx, and every
# response's status, content type, headers and body as the document says. Exits non-zero on any of them.
#
#   deploy/dev/postgres.sh with-temp -- Tests/api/schemathesis.sh
#
# It builds nothing: it needs .build/debug/idos-issuer and idos-devnode (`swift build`), the Python tools in
# .venv (`python3 -m venv .venv && .venv/bin/pip install -r Tests/api/requirements.txt`) and a throwaway
# PostgreSQL in IDOS_TEST_DATABASE_URL. It starts idos-devnode on a free port with a fresh issuer key as
# delegate, migrates, creates an API key (scopes issue,read), starts `idos-issuer serve` on a free port,
# seeds real users and credentials (Tests/api/seed.py, itself checked against the document), checks GET
# /metrics with prometheus_client's parser (Tests/metrics/check_metrics.py), runs schemathesis, and stops
# everything it started.
#
# Or point it at a running server (nothing is started or seeded): ISSUER_API_URL=http://… ISSUER_API_KEY=idos_…
#
# Knobs: SCHEMATHESIS_SEED (default 20261202), SCHEMATHESIS_MAX_EXAMPLES per operation and phase (default 20),
# SCHEMATHESIS_WORKERS (default 1: with several threads, Python 3.11's ast.parse inside hypothesis can fail with "AST constructor recursion depth mismatch"), BIN (default .build/debug). Logs and the JUnit report stay in
# $SCHEMATHESIS_OUT (default .build/schemathesis).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="${VENV:-$ROOT/.venv}"
BIN="${BIN:-$ROOT/.build/debug}"
SEED="${SCHEMATHESIS_SEED:-20261202}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-20}"
WORKERS="${SCHEMATHESIS_WORKERS:-1}"
OUT="${SCHEMATHESIS_OUT:-$ROOT/.build/schemathesis}"
MAX_BODY=65536

die() { echo "schemathesis.sh: $*" >&2; exit 2; }
[ -x "$VENV/bin/st" ] && [ -x "$VENV/bin/openapi-spec-validator" ] ||
  die "no Python tools in $VENV: python3 -m venv .venv && .venv/bin/pip install -r Tests/api/requirements.txt"
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.xml "$OUT"/*.toml
source Tests/support/processes.sh schemathesis.sh

"$VENV/bin/openapi-spec-validator" Sources/IssuerAPI/Resources/openapi.yaml

SEED_STATUS=0
if [ -n "${ISSUER_API_URL:-}" ]; then
  [ -n "${ISSUER_API_KEY:-}" ] || die "ISSUER_API_URL needs ISSUER_API_KEY"
  API_URL="$ISSUER_API_URL" API_KEY="$ISSUER_API_KEY"
  : >"$OUT/seed.toml"
else
  DB="${IDOS_TEST_DATABASE_URL:-}"
  [ -n "$DB" ] || die "IDOS_TEST_DATABASE_URL is not set: run under deploy/dev/postgres.sh with-temp -- $0"
  for exe in idos-issuer idos-devnode; do [ -x "$BIN/$exe" ] || die "no $BIN/$exe: run swift build first"; done

  PUB=$("$BIN/idos-issuer" keys generate --key-file "$WORK/issuer.key" --encryption-key-file "$WORK/encryption.key" | tail -n 1)
  "$BIN/idos-devnode" --listen 127.0.0.1:0 --database-url "$DB" --delegate "schemathesis:$PUB" --owner "$PUB" \
    --block-interval 200 --log-level warning >"$OUT/devnode.log" 2>&1 &
  PIDS+=($!)
  NODE_URL=$(wait_for_line "$OUT/devnode.log" 'https?://[0-9.]+:[0-9]+' 60 "${PIDS[-1]}")

  export ISSUER_DATABASE_URL="$DB"
  "$BIN/idos-issuer" migrate >"$OUT/migrate.log" 2>&1 || { cat "$OUT/migrate.log" >&2; exit 1; }
  API_KEY=$("$BIN/idos-issuer" api-keys create --name schemathesis --scopes issue,read 2>/dev/null | tail -n 1)
  READ_KEY=$("$BIN/idos-issuer" api-keys create --name schemathesis --scopes read 2>/dev/null | tail -n 1)
  OTHER_KEY=$("$BIN/idos-issuer" api-keys create --name other-provider --scopes issue,read 2>/dev/null | tail -n 1)

  # A rate limit the fuzzer never reaches (429 is checked by the conformance test, not by load here).
  ISSUER_NODE_URLS="$NODE_URL" ISSUER_SIGNING_KEY_FILES="$WORK/issuer.key" ISSUER_ENCRYPTION_KEY_FILE="$WORK/encryption.key" \
  ISSUER_LISTEN=127.0.0.1:0 ISSUER_VC_ISSUER=https://issuer.example/idos ISSUER_NAME="Schemathesis KYC" \
  ISSUER_RATE_LIMIT_PER_SECOND=100000 ISSUER_RATE_LIMIT_BURST=100000 ISSUER_MAX_BODY_BYTES=$MAX_BODY ISSUER_LOG_LEVEL=notice \
    "$BIN/idos-issuer" serve >"$OUT/issuer.log" 2>&1 &
  PIDS+=($!)
  API_URL=$(wait_for_line "$OUT/issuer.log" 'url=http://[0-9.]+:[0-9]+' 120 "${PIDS[-1]}")
  API_URL=${API_URL#url=}
  echo "schemathesis.sh: devnode $NODE_URL, issuer $API_URL (logs in $OUT)"

  "$VENV/bin/python" Tests/api/seed.py --url "$API_URL" --key "$API_KEY" --spec Sources/IssuerAPI/Resources/openapi.yaml \
    --config-out "$OUT/seed.toml" --max-body-bytes "$MAX_BODY" --read-key "$READ_KEY" --other-key "$OTHER_KEY" || SEED_STATUS=$?
fi

# GET /metrics through an independent parser (prometheus_client); after the seed, the counters must have moved.
ACTIVITY=()
[ -z "${ISSUER_API_URL:-}" ] && [ "$SEED_STATUS" -eq 0 ] && ACTIVITY=(--expect-activity)
"$VENV/bin/python" Tests/metrics/check_metrics.py "$API_URL/metrics" "${ACTIVITY[@]}" ||
  { echo "schemathesis.sh: GET /metrics failed its check (Tests/metrics/check_metrics.py)" >&2; exit 1; }

# The served document must be the bundled file.
curl -fsS "$API_URL/openapi.yaml" -o "$WORK/served.yaml"
cmp -s "$WORK/served.yaml" Sources/IssuerAPI/Resources/openapi.yaml || { echo "schemathesis.sh: GET /openapi.yaml is not this tree's openapi.yaml" >&2; exit 1; }

cat >"$OUT/schemathesis.toml" <<TOML
seed = $SEED
workers = $WORKERS
[cache]
# No crash replay from earlier runs: a run depends on its seed alone.
enabled = false
[generation]
max-examples = $MAX_EXAMPLES
[checks]
enabled = false
not_a_server_error.enabled = true
status_code_conformance.enabled = true
content_type_conformance.enabled = true
response_headers_conformance.enabled = true
response_schema_conformance.enabled = true
[output.sanitization]
# Only the Authorization header is secret here; the bodies (keys included) are throwaway test data worth seeing.
keys-to-sanitize = ["authorization"]
sensitive-markers = ["authorization"]
TOML
[ -f "$OUT/seed.toml" ] && cat "$OUT/seed.toml" >>"$OUT/schemathesis.toml"

set +e
"$VENV/bin/st" --no-color --config-file "$OUT/schemathesis.toml" run "$API_URL/openapi.yaml" \
  --url "$API_URL" -H "Authorization: Bearer $API_KEY" --generation-with-security-parameters false \
  --phases examples,coverage,fuzzing --generation-database none --request-timeout 30 --continue-on-failure \
  --report junit --report-dir "$OUT"
ST_STATUS=$?
set -e
if grep -q 'request failed' "$OUT/issuer.log" 2>/dev/null; then
  echo "schemathesis.sh: the issuer logged unexpected errors (500s; see $OUT/issuer.log):" >&2
  grep 'request failed' "$OUT/issuer.log" | grep -oE 'error=.* hb\.request\.id' | sed 's/ hb\.request\.id$//' | sort | uniq -c | sort -rn | head -n 20 >&2
fi
echo "schemathesis.sh: seed exit $SEED_STATUS, schemathesis exit $ST_STATUS"
[ "$SEED_STATUS" -eq 0 ] && [ "$ST_STATUS" -eq 0 ]
