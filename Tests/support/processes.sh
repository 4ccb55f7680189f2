# Sourced by the shell drivers (Tests/api/schemathesis.sh, Tests/console/console_test.sh, the console bench): a work folder,
# the background processes they start, and stopping all of it on exit, even on failure or Ctrl-C.
#
#   source Tests/support/processes.sh NAME     # NAME prefixes messages; sets WORK (a fresh temp folder) and PIDS
#   some-server … & PIDS+=($!)
#   URL=$(wait_for_line LOG PATTERN SECONDS "${PIDS[-1]}")
PROCESSES_NAME="${1:?usage: source Tests/support/processes.sh NAME}"
WORK=$(mktemp -d "/tmp/idos-$PROCESSES_NAME.XXXXXX")
PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Waits up to $3 seconds for a line matching $2 in log $1 while process $4 lives; prints the first match.
wait_for_line() {
  local log="$1" pattern="$2" seconds="$3" pid="$4" i
  for ((i = 0; i < seconds * 10; i++)); do
    if grep -m1 -oE "$pattern" "$log" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$PROCESSES_NAME: process $pid exited; its log:" >&2; tail -n 30 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "$PROCESSES_NAME: timed out waiting for /$pattern/ in $log" >&2; tail -n 30 "$log" >&2; return 1
}
