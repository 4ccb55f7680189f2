#!/usr/bin/env bash
# Installs the Debian packages the build, the tests, `make run` and the dev scripts use, skipping what is present.
# Idempotent: a warm machine returns in well under a second. Runs `apt-get update` before installing anything.
#
#   deploy/dev/install-deps.sh           what `make run` and `make test` need
#   deploy/dev/install-deps.sh --bench   the same, plus what `make bench` needs (gcc, wrk)
#   deploy/dev/install-deps.sh --browser the same, plus the console's browser test (chromium, chromedriver, a font)
set -euo pipefail

# Build: the C libraries (with headers) and pkg-config. Scripts: postgresql (server and psql), openssl and xxd
# (dev-issuer-key.sh), curl, python3 and python3-venv (a free port, the Makefile's .venv), util-linux
# (runuser) and coreutils (sha256sum) are essential on Debian and always present.
PACKAGES=(libsodium-dev libsecp256k1-dev libcurl4-openssl-dev libssl-dev libpq-dev pkg-config
          postgresql openssl xxd curl python3 python3-venv)
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(gcc libc6-dev wrk)
elif [ "${1:-}" = "--browser" ]; then
  PACKAGES+=(chromium chromium-driver fonts-dejavu-core)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
