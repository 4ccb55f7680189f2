#!/usr/bin/env bash
# The console suite of `make bench`: the console's pages and GET /metrics with 1,000,000 jobs in the jobs table
# (Benchmarks/console/seed_jobs.sql), against a real `idos-issuer serve --no-worker` (nothing moves the jobs),
# beside GET /healthz of the same server (the reference: framework, loopback and machine) and the naive count
# the pages no longer run (GROUP BY over the table). Prints p50/p95 of the time to the last byte (curl, 30
# sequential requests each after 3 warm-ups) and the EXPLAIN (ANALYZE, BUFFERS) plans of the queue page's queries.
#
#   deploy/dev/postgres.sh with-temp --durable -- Benchmarks/console/console_bench.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${1:?usage: console_bench.sh BIN_DIR}"
DB="${IDOS_TEST_DATABASE_URL:?run under deploy/dev/postgres.sh with-temp}"
JOBS="${IDOS_BENCH_CONSOLE_JOBS:-1000000}"
OUT="${IDOS_BENCH_CONSOLE_OUT:-$(pwd)/.build/bench-console}"
mkdir -p "$OUT"
source Tests/support/processes.sh console_bench

PUB=$("$BIN/idos-issuer" keys generate --key-file "$WORK/issuer.key" --encryption-key-file "$WORK/enc.key" | tail -n 1)
"$BIN/idos-devnode" --listen 127.0.0.1:0 --database-url "$DB" --delegate "bench:$PUB" --owner "$PUB" --log-level warning >"$WORK/devnode.log" 2>&1 &
PIDS+=($!)
NODE=$(wait_for_line "$WORK/devnode.log" 'http://[0-9.]+:[0-9]+' 60 "${PIDS[-1]}")
export ISSUER_DATABASE_URL="$DB"
"$BIN/idos-issuer" migrate >/dev/null 2>&1

echo "console_bench: seeding $JOBS jobs…" >&2
t0=$(date +%s.%N)
if [ "$JOBS" = 1000000 ]; then psql "$DB" -q -X -v ON_ERROR_STOP=1 -f Benchmarks/console/seed_jobs.sql
else sed "s/generate_series(1, 1000000)/generate_series(1, $JOBS)/" Benchmarks/console/seed_jobs.sql | psql "$DB" -q -X -v ON_ERROR_STOP=1; fi
psql "$DB" -q -X -c "VACUUM ANALYZE jobs"
t1=$(date +%s.%N)
echo "console_bench: seeded and vacuumed in $(python3 -c "print(f'{$t1-$t0:.0f}')") s: $(psql "$DB" -AtX -c "SELECT count(*) FROM jobs") jobs" >&2

printf 'bench-password\n' | "$BIN/idos-issuer" operators create --name bench --role viewer 2>/dev/null
ISSUER_NODE_URLS="$NODE" ISSUER_SIGNING_KEY_FILES="$WORK/issuer.key" ISSUER_ENCRYPTION_KEY_FILE="$WORK/enc.key" ISSUER_LISTEN=127.0.0.1:0 \
ISSUER_VC_ISSUER=https://issuer.example/bench ISSUER_NAME="Bench KYC" ISSUER_LOG_LEVEL=notice \
  "$BIN/idos-issuer" serve --no-worker >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
API=$(wait_for_line "$WORK/issuer.log" 'url=http://[0-9.]+:[0-9]+' 120 "${PIDS[-1]}"); API=${API#url=}

# Sign in (the login form's CSRF cookie, then the session cookie).
JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" "$API/console/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$TOKEN&name=bench&password=bench-password" "$API/console/login"
DEAD_JOB=$(psql "$DB" -AtX -c "SELECT id FROM jobs WHERE state = 'discarded' ORDER BY id DESC LIMIT 1")
CRED=$(psql "$DB" -AtX -c "SELECT args ->> 'credentialId' FROM jobs WHERE args ? 'credentialId' ORDER BY id DESC LIMIT 1")

measure() { # NAME URL [PAUSE] → "p50 p95" in ms (time to the last byte; fails on a non-2xx answer)
  local url="$2" pause="${3:-0}" i times=()
  for i in 1 2 3; do curl -s -b "$JAR" -o /dev/null "$url"; done
  for i in $(seq 1 30); do
    sleep "$pause"
    read -r code t < <(curl -s -b "$JAR" -o /dev/null -w '%{http_code} %{time_total}\n' "$url")
    [ "${code:0:1}" = 2 ] || { echo "console_bench: $url answered $code" >&2; exit 1; }
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | python3 -c "import sys; v=sorted(float(x)*1000 for x in sys.stdin); print(f'{v[len(v)//2]:.1f} {v[int(len(v)*0.95)-1]:.1f}')"
}

printf '%-44s %10s %10s\n' "console with $(printf "%'d" "$JOBS") jobs (curl, 30 requests)" "p50 ms" "p95 ms"
ref=$(measure healthz "$API/healthz")
for page in "queue:/console/queue" "dead letters:/console/dead-letters" "dead letters, one reason:/console/dead-letters?reason=poison" \
            "redrive dry run (poison):/console/dead-letters/redrive?reason=poison" \
            "job page:/console/jobs/$DEAD_JOB" "user page:/console/users/00000000-0000-4000-8000-000000000002" \
            "GET /metrics (scrape, 1.1 s apart):/metrics"; do
  name=${page%%:/*}; path=/${page#*:/}
  pause=0; [ "$path" = /metrics ] && pause=1.1   # the sampler reuses a database sample younger than 1 s
  read -r p50 p95 < <(measure "$name" "$API$path" "$pause")
  printf '%-44s %10s %10s\n' "$name" "$p50" "$p95"
done
read -r r50 r95 <<<"$ref"
printf '%-44s %10s %10s\n' "  reference GET /healthz" "$r50" "$r95"
naive=$(psql "$DB" -AtX -c '\timing on' -c "SELECT kind, state, count(*) FROM jobs GROUP BY kind, state" | grep -oE 'Time: [0-9.]+' | tail -1)
echo "  the naive count (SELECT kind, state, count(*) FROM jobs GROUP BY 1, 2): ${naive#Time: } ms"

# The plans of the queue page's queries (StoreSession.queueHealth and jobCounts), with their real costs.
{
  echo "-- jobCounts"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT kind, state, sum(n)::bigint FROM (SELECT kind, state, n FROM job_counts UNION ALL SELECT kind, state, n FROM job_count_deltas) AS counts GROUP BY kind, state HAVING sum(n) <> 0 ORDER BY kind, state"
  echo "-- oldest due, completed and failed in the window"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT (SELECT coalesce(extract(epoch FROM now() - min(scheduled_at))::float8, 0) FROM jobs WHERE state IN ('available', 'retryable') AND scheduled_at <= now()), (SELECT count(*) FROM jobs WHERE state = 'completed' AND finalized_at > now() - make_interval(secs => 300)), (SELECT count(*) FROM jobs WHERE state = 'discarded' AND finalized_at > now() - make_interval(secs => 300)) + (SELECT count(*) FROM jobs WHERE state = 'retryable' AND attempted_at > now() - make_interval(secs => 300))"
  echo "-- dead letters by reason"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT dead_reason, count(*) FROM jobs WHERE dead_reason IS NOT NULL GROUP BY dead_reason"
  echo "-- the dead-letters page (all reasons)"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM jobs WHERE dead_reason IS NOT NULL AND state = 'discarded' AND id > 0 ORDER BY id LIMIT 50"
  echo "-- the dead-letters page (one reason)"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM jobs WHERE dead_reason IS NOT NULL AND state = 'discarded' AND dead_reason = 'poison' AND id > 0 ORDER BY id LIMIT 50"
  echo "-- jobs of a credential (user and job pages)"
  psql "$DB" -X -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) WITH matched AS MATERIALIZED (SELECT id FROM jobs WHERE args ? 'credentialId' AND args ->> 'credentialId' = ANY(ARRAY['$CRED', lower('$CRED')])) SELECT * FROM jobs WHERE id IN (SELECT id FROM matched) ORDER BY id DESC LIMIT 50"
} >"$OUT/explain.txt" 2>&1
echo "  EXPLAIN (ANALYZE, BUFFERS) plans: $OUT/explain.txt"
