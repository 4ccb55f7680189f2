#!/usr/bin/env bash
# Installs the system packages the build, the tests and `make run` need, skipping what is present.
# Idempotent: a warm machine returns in well under a second.
set -euo pipefail

PACKAGES=(libsodium-dev libsecp256k1-dev libcurl4-openssl-dev libssl-dev libpq-dev pkg-config postgresql openssl curl python3)

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
