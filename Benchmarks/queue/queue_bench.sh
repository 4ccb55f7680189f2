#!/usr/bin/env bash
# The queue rows of `make bench`: our job queue beside pgqueuer at its defaults, in one run on one PostgreSQL.
#
#   deploy/dev/postgres.sh with-temp --durable -- Benchmarks/queue/queue_bench.sh IDOS_ISSUER JOBS
#
# IDOS_ISSUER is a (release) idos-issuer binary, JOBS the job count of every run (make bench: 100,000). Both
# sides connect as the owner role (not a superuser) of the throwaway cluster that postgres.sh exports:
#   ours      `idos-issuer bench queue --jobs N --workers W` for W = 1 and 2 worker processes, and without
#             --workers (its default: one worker inside the bench process)
#   pgqueuer  Benchmarks/queue/pgqueuer_bench.py at pgqueuer's defaults, 1 and 2 processes (.venv's python)
# Each prints `queue jobs_per_s=… enqueue_per_s=…`; ratio = ours / pgqueuer. The job table as each run left it
# (before its schema is dropped: table_stats.sql) gives the dead tuples and sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
ISSUER="${1:?usage: queue_bench.sh IDOS_ISSUER JOBS}"
JOBS="${2:?usage: queue_bench.sh IDOS_ISSUER JOBS}"
PY="${IDOS_BENCH_PYTHON:-.venv/bin/python}"
URL="${IDOS_TEST_OWNER_DATABASE_URL:?run under deploy/dev/postgres.sh with-temp}"
ADMIN="${IDOS_TEST_DATABASE_URL:?run under deploy/dev/postgres.sh with-temp}"
LOG=$(mktemp -d /tmp/idos-queue-bench.XXXXXX)
trap 'rm -rf "$LOG"' EXIT

psql "$ADMIN" -X -q -v ON_ERROR_STOP=1 -f Benchmarks/queue/table_stats.sql >/dev/null
PGQ_VERSION=$("$PY" -c 'import importlib.metadata as m; print(m.version("pgqueuer"))')

# run NAME CMD... → sets JPS_<NAME>, EPS_<NAME> (empty on failure) and STATS_<NAME> (the job table at the end)
run() {
  local name="$1"; shift
  local out="$LOG/$name.out" err="$LOG/$name.err" line
  echo "queue bench: $name ($JOBS jobs)…" >&2
  if "$@" >"$out" 2>"$err"; then
    line=$(tail -n 1 "$out")
    printf -v "JPS_$name" '%s' "$(sed -n 's/.*jobs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
    printf -v "EPS_$name" '%s' "$(sed -n 's/.*enqueue_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
  else
    echo "queue bench: $name failed:" >&2; tail -n 5 "$err" >&2
    printf -v "JPS_$name" '%s' ""; printf -v "EPS_$name" '%s' ""
  fi
  printf -v "STATS_$name" '%s' "$(psql "$ADMIN" -X -At -F ' ' -c \
    "SELECT live_tuples, dead_tuples, n_dead_tup, table_bytes, total_bytes FROM public.bench_table_stats
      ORDER BY captured_at DESC LIMIT 1")"
  psql "$ADMIN" -X -q -c "TRUNCATE public.bench_table_stats" >/dev/null
}

# Interleaved, so that a noisy neighbour on the shared machine hits both sides alike.
run ours1 "$ISSUER" bench queue --database-url "$URL" --jobs "$JOBS" --workers 1
run pgq1 "$PY" Benchmarks/queue/pgqueuer_bench.py --database-url "$URL" --jobs "$JOBS"
run ours2 "$ISSUER" bench queue --database-url "$URL" --jobs "$JOBS" --workers 2
run pgq2 "$PY" Benchmarks/queue/pgqueuer_bench.py --database-url "$URL" --jobs "$JOBS" --workers 2
run ours0 "$ISSUER" bench queue --database-url "$URL" --jobs "$JOBS"

ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "-"; }
row() { # benchmark ours reference unit
  printf '%-7s %-56s %14s %14s %8s  %s\n' queue "$1" "${2:--}" "${3:--}" "$(ratio "$2" "$3")" "$4"
}
ref="pgqueuer $PGQ_VERSION defaults (batch_size 10), same $JOBS jobs"
printf '%-7s %-56s %14s %14s %8s  %s\n' suite benchmark ours reference ratio "unit; reference"
row "idos-issuer (1 proc) vs pgqueuer defaults" "$JPS_ours1" "$JPS_pgq1" "jobs/s; ref: $ref, 1 process"
row "idos-issuer (2 procs) vs pgqueuer defaults" "$JPS_ours2" "$JPS_pgq1" "jobs/s; ref: $ref, 1 process"
row "idos-issuer (2 procs) vs pgqueuer defaults (2 procs)" "$JPS_ours2" "$JPS_pgq2" "jobs/s; ref: $ref, 2 processes"
row "idos-issuer (default: in-process) vs pgqueuer defaults" "$JPS_ours0" "$JPS_pgq1" "jobs/s; ref: $ref, 1 process"
row "enqueue: idos-issuer vs pgqueuer batch enqueue" "$EPS_ours1" "$EPS_pgq1" "jobs/s; 5,000 jobs per statement / call"

# Bloat: the job table as the burn-down left it. Ours keeps completed rows (nothing prunes them in
# `bench queue`); pgqueuer deletes a job when it completes (and logs it in pgqueuer_log).
bloat() { # label stats
  local live dead est tbytes total
  read -r live dead est tbytes total <<<"${2:-- - - - -}"
  printf '%-7s %-56s %s\n' queue "$1" \
    "live rows $live, dead tuples $dead (pg_stat n_dead_tup $est), table $(mb "$tbytes") MB, with indexes $(mb "$total") MB"
}
mb() { [[ "${1:-}" =~ ^[0-9]+$ ]] && awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }' || echo "-"; }
echo
bloat "jobs table after $JOBS jobs, idos-issuer (1 proc)" "$STATS_ours1"
bloat "jobs table after $JOBS jobs, idos-issuer (2 procs)" "$STATS_ours2"
bloat "pgqueuer table after $JOBS jobs, pgqueuer (1 proc)" "$STATS_pgq1"
echo "queue   (idos-issuer bench queue has no way to run the pruner during the burn-down, so its rows are without"
echo "queue    pruning; the figure with the pruner on needs such a flag)"
echo
absolute() { # label value
  [ -n "$2" ] && awk -v n="$1" -v x="$2" 'BEGIN { printf "queue   absolute: %-40s %8.0f jobs/s\n", n, x }' || true
}
absolute "idos-issuer, 1 worker process" "$JPS_ours1"
absolute "idos-issuer, 2 worker processes" "$JPS_ours2"
absolute "idos-issuer, default (in-process worker)" "$JPS_ours0"
absolute "pgqueuer $PGQ_VERSION defaults, 1 process" "$JPS_pgq1"
absolute "pgqueuer $PGQ_VERSION defaults, 2 processes" "$JPS_pgq2"
echo "queue   goal (issue 10): idos-issuer >= 5,000 jobs/s and >= 2x pgqueuer at its defaults"
exit 0
