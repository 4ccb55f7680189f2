#!/usr/bin/env bash
# Creates the development issuer key once (ed25519, via OpenSSL) in a git-ignored folder and prints its public
# key (hex). Files: DIR/dev-issuer.pem (PKCS#8), DIR/dev-issuer.key (hex of seed ‖ public key, the 64-byte
# tweetnacl form the idOS SDKs take), DIR/dev-issuer.pub (hex public key, the issuer's Kwil identity).
#   deploy/dev/dev-issuer-key.sh DIR
set -euo pipefail
dir="${1:?usage: dev-issuer-key.sh DIR}"
mkdir -p "$dir"
if [ ! -f "$dir/dev-issuer.pub" ]; then
  umask 077
  openssl genpkey -algorithm ed25519 -out "$dir/dev-issuer.pem" 2>/dev/null
  seed=$(openssl pkey -in "$dir/dev-issuer.pem" -outform DER | tail -c 32 | xxd -p -c 64)
  pub=$(openssl pkey -in "$dir/dev-issuer.pem" -pubout -outform DER | tail -c 32 | xxd -p -c 64)
  printf '%s%s\n' "$seed" "$pub" > "$dir/dev-issuer.key"
  printf '%s\n' "$pub" > "$dir/dev-issuer.pub"
fi
cat "$dir/dev-issuer.pub"
