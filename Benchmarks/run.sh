#!/usr/bin/env bash
# `make bench`: builds the Swift benchmarks (release) and the reference programs, then prints one table.
# Each row is our throughput beside a reference measured in the same run (ratio = ours / reference).
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/dev/install-deps.sh
need_py() { python3 -c "import $1" 2>/dev/null || python3 -m pip install -q "$2" >/dev/null; }
need_py Crypto pycryptodome
need_py pyld pyld
# wrk: the HTTP load generator the kwil suite compares KwilClient with.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }


REF_DIR=$(pwd)/.build/bench-ref
mkdir -p "$REF_DIR"
gcc -O2 -o "$REF_DIR/crypto_ref" Benchmarks/reference/crypto_ref.c $(pkg-config --cflags --libs libsodium libsecp256k1)
cp Benchmarks/reference/*.py "$REF_DIR/" 2>/dev/null || true

swift build -c release --product idos-bench >/dev/null
IDOS_BENCH_REF_DIR="$REF_DIR" "$(swift build -c release --show-bin-path)/idos-bench" "$@"
