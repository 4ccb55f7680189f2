#!/usr/bin/env bash
# The operator console in a real browser (Debian's chromium through chromedriver, driven by
# Tests/console/browser_test.py with Selenium): sign-in and its throttle, cookie flags, a dead letter made by a
# devnode fault, a viewer refused, a form without its CSRF token refused, a redrive watched until the
# credential is delivered, the user and job pages, no personal data on any page or in the log. Screenshots
# of each page land in $CONSOLE_OUT (default .build/console-test).
#
#   deploy/dev/postgres.sh with-temp -- Tests/console/console_test.sh
#
# It builds nothing: it needs .build/debug/idos-issuer and idos-devnode, the .venv (make venv) and
# chromium + chromedriver (deploy/dev/install-deps.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="${VENV:-$ROOT/.venv}"
BIN="${BIN:-$ROOT/.build/debug}"
OUT="${CONSOLE_OUT:-$ROOT/.build/console-test}"

die() { echo "console_test.sh: $*" >&2; exit 2; }
[ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import selenium" 2>/dev/null || die "no selenium in $VENV: make venv"
command -v chromium >/dev/null && command -v chromedriver >/dev/null || die "no chromium/chromedriver: deploy/dev/install-deps.sh --browser"
DB="${IDOS_TEST_DATABASE_URL:-}"
[ -n "$DB" ] || die "IDOS_TEST_DATABASE_URL is not set: run under deploy/dev/postgres.sh with-temp -- $0"
for exe in idos-issuer idos-devnode; do [ -x "$BIN/$exe" ] || die "no $BIN/$exe: run swift build first"; done

rm -rf "$OUT"; mkdir -p "$OUT/screenshots"
source Tests/support/processes.sh console_test.sh

PUB=$("$BIN/idos-issuer" keys generate --key-file "$WORK/issuer.key" --encryption-key-file "$WORK/encryption.key" | tail -n 1)
"$BIN/idos-devnode" --listen 127.0.0.1:0 --database-url "$DB" --delegate "console-test:$PUB" --owner "$PUB" \
  --block-interval 200 --log-level warning >"$OUT/devnode.log" 2>&1 &
PIDS+=($!)
NODE_URL=$(wait_for_line "$OUT/devnode.log" 'https?://[0-9.]+:[0-9]+' 60 "${PIDS[-1]}")

export ISSUER_DATABASE_URL="$DB"
"$BIN/idos-issuer" migrate >"$OUT/migrate.log" 2>&1 || { cat "$OUT/migrate.log" >&2; exit 1; }
API_KEY=$("$BIN/idos-issuer" api-keys create --name console-test --scopes issue,read 2>/dev/null | tail -n 1)

# Three accounts: passwords on stdin (not a terminal), one line each. A too-short password is refused (exit 2),
# and so is a name that exists (exit 1).
OP_PW="operator-pw-$RANDOM$RANDOM" VIEW_PW="viewer-pw-$RANDOM$RANDOM" LOCK_PW="locked-pw-$RANDOM$RANDOM"
printf '%s\n' "$OP_PW" | "$BIN/idos-issuer" operators create --name ops --role operator
printf '%s\n' "$VIEW_PW" | "$BIN/idos-issuer" operators create --name watcher --role viewer
printf '%s\n' "$LOCK_PW" | "$BIN/idos-issuer" operators create --name guessed --role operator
set +e
printf 'short\n' | "$BIN/idos-issuer" operators create --name weak --role viewer 2>"$WORK/weak.err"; WEAK=$?
printf '%s\n' "$OP_PW" | "$BIN/idos-issuer" operators create --name ops --role viewer 2>"$WORK/dup.err"; DUP=$?
set -e
[ "$WEAK" -eq 2 ] && grep -q "at least 8 characters" "$WORK/weak.err" || die "a short password was not refused with exit 2 (exit $WEAK)"
[ "$DUP" -eq 1 ] && grep -q "exists already" "$WORK/dup.err" || die "a second 'ops' was not refused with exit 1 (exit $DUP)"

# Three attempts per node write, so the devnode's fault makes a dead letter in seconds.
ISSUER_NODE_URLS="$NODE_URL" ISSUER_SIGNING_KEY_FILES="$WORK/issuer.key" ISSUER_ENCRYPTION_KEY_FILE="$WORK/encryption.key" \
ISSUER_LISTEN=127.0.0.1:0 ISSUER_VC_ISSUER=https://issuer.example/idos ISSUER_NAME="Console test KYC" ISSUER_JOB_MAX_ATTEMPTS=3 \
ISSUER_LOG_LEVEL=debug "$BIN/idos-issuer" serve >"$OUT/issuer.log" 2>&1 &
PIDS+=($!)
API_URL=$(wait_for_line "$OUT/issuer.log" 'url=http://[0-9.]+:[0-9]+' 120 "${PIDS[-1]}")
API_URL=${API_URL#url=}
echo "console_test.sh: devnode $NODE_URL, issuer $API_URL (logs and screenshots in $OUT)"

"$VENV/bin/python" Tests/console/browser_test.py --api "$API_URL" --key "$API_KEY" --node "$NODE_URL" --cli "$BIN/idos-issuer" \
  --operator "ops:$OP_PW" --viewer "watcher:$VIEW_PW" --victim "guessed:$LOCK_PW" --out "$OUT"

# Nothing secret or personal in the service's log (debug level): the passwords, and the user's data the test sent.
for secret in "$OP_PW" "$VIEW_PW" "$LOCK_PW" "Liddell" "123456789" "$API_KEY"; do
  if grep -qF -- "$secret" "$OUT/issuer.log"; then die "the issuer's log contains a secret or personal datum (${secret:0:4}…)"; fi
done
echo "console_test.sh: passed; screenshots:"; ls -1 "$OUT"/screenshots/*.png
