#!/usr/bin/env bash
# `make bench`: one release build of the package, the reference programs, then the tables.
# Each row is our throughput beside a reference measured in the same run (ratio = ours / reference).
#
#   Benchmarks/run.sh [suite...]     suites: crypto kwil vc devnode (idos-bench), queue, api, console and campaign; default: all
#
# Python references run with the Makefile's virtual environment (.venv: `make venv`, which `make bench` does
# first), never the system Python. IDOS_BENCH_QUEUE_JOBS sets the queue suite's job count (default 100,000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

deploy/dev/install-deps.sh --bench
if ! "$ROOT/.venv/bin/python" -c 'import Crypto, pyld, pgqueuer' 2>/dev/null; then
  echo "bench: the Python tools are missing from .venv; run make bench (or make venv) first" >&2
  exit 1
fi
# The Swift harness starts its Python references as `python3` through /usr/bin/env: the venv's comes first.
export PATH="$ROOT/.venv/bin:$PATH"

swift_suites=()
queue=no api=no console=no campaign=no
if [ $# -eq 0 ]; then
  queue=yes api=yes console=yes campaign=yes
else
  for s in "$@"; do
    case "$s" in queue) queue=yes ;; api) api=yes ;; console) console=yes ;; campaign) campaign=yes ;; *) swift_suites+=("$s") ;; esac
  done
fi

mkdir -p "$ROOT/.build"
echo "bench: release build (swift build -c release, the whole package, once)…" >&2
swift build -c release >"$ROOT/.build/bench-build.log" 2>&1 \
  || { tail -n 30 "$ROOT/.build/bench-build.log" >&2; echo "bench: the release build failed" >&2; exit 1; }
BIN=$(swift build -c release --show-bin-path)

if [ $# -eq 0 ] || [ ${#swift_suites[@]} -gt 0 ]; then
  REF_DIR="$ROOT/.build/bench-ref"
  mkdir -p "$REF_DIR"
  gcc -O2 -o "$REF_DIR/crypto_ref" Benchmarks/reference/crypto_ref.c $(pkg-config --cflags --libs libsodium libsecp256k1)
  cp Benchmarks/reference/*.py "$REF_DIR/"
  IDOS_BENCH_REF_DIR="$REF_DIR" "$BIN/idos-bench" "${swift_suites[@]}"
  echo
fi

if [ "$queue" = yes ]; then
  deploy/dev/postgres.sh with-temp --durable -- \
    Benchmarks/queue/queue_bench.sh "$BIN/idos-issuer" "${IDOS_BENCH_QUEUE_JOBS:-100000}"
fi

if [ "$api" = yes ]; then
  echo
  deploy/dev/postgres.sh with-temp --durable -- Benchmarks/api/api_bench.sh "$BIN"
fi

if [ "$console" = yes ]; then
  echo
  deploy/dev/postgres.sh with-temp --durable -- Benchmarks/console/console_bench.sh "$BIN"
fi

if [ "$campaign" = yes ]; then
  echo
  deploy/dev/postgres.sh with-temp --durable -- Benchmarks/campaign/campaign_bench.sh "$BIN"
fi
