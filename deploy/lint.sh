#!/usr/bin/env bash
# Lints the deployment recipes, offline:
#   1. the Kubernetes manifests (deploy/k8s) against the Kubernetes JSON schemas of the oldest and the newest
#      version that kubernetes-validate bundles, strictly (an unknown or misspelled field fails, and so does a kind
#      or apiVersion it has no schema for);
#   2. the systemd units (deploy/systemd) with `systemd-analyze verify` on a scratch root where they are installed
#      as shipped, beside a stand-in /usr/local/bin/idos-issuer (any warning fails: systemd only warns about an
#      unknown directive), and their sandbox with `systemd-analyze security --offline`; skipped, saying so, where
#      systemd-analyze is missing;
#   3. deploy/lint_policy.py: what no schema knows (variables and flags the code really reads, the hardening, keys
#      mounted where the settings say, one image, a two-stage Containerfile ending as a non-root user);
#   4. then Tests/deploy/lint_selftest.sh, which proves that broken copies of these files fail here.
#
#   deploy/lint.sh [DEPLOY_DIR]    (default: this repository's deploy/; `make lint-deploy` runs it)
#
# Tools come from the virtual environment $VENV (default .venv, made by `make venv` from deploy/lint-requirements.txt).
# LINT_SELFTEST=0 skips step 4 (the self-test sets it when it lints its broken copies).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEPLOY=$(cd "${1:-$ROOT/deploy}" && pwd)
VENV=${VENV:-$ROOT/.venv}
case "$VENV" in /*) ;; *) VENV="$ROOT/$VENV" ;; esac
# The oldest and the newest Kubernetes whose schemas kubernetes-validate (pinned in deploy/lint-requirements.txt) bundles.
KUBE_VERSIONS=${KUBE_VERSIONS:-"1.25.0 1.37.0"}
# systemd-analyze security: the highest overall exposure a unit may have (0.0 best … 10.0 worst).
SYSTEMD_EXPOSURE_MAX=${SYSTEMD_EXPOSURE_MAX:-2.0}

failed=0 passed=0
pass() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { echo "skip  $*"; }

if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ ! -x "$VENV/bin/python" ]; then
  echo "lint: $VENV/bin/kubernetes-validate is missing: run \`make venv\` (deploy/lint-requirements.txt)" >&2
  exit 2
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# 1. Kubernetes: every manifest but the kustomization (a kustomize file, not an API object; lint_policy.py checks it).
manifests=()
for f in "$DEPLOY"/k8s/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f")
done
kv_version=$("$VENV/bin/kubernetes-validate" --version)
for version in $KUBE_VERSIONS; do
  out="$scratch/kv.out"
  if "$VENV/bin/kubernetes-validate" --strict --quiet -k "$version" "${manifests[@]}" >"$out" 2>&1 && ! grep -q . "$out"; then
    pass "k8s: ${#manifests[@]} manifests valid against Kubernetes $version, strict (kubernetes-validate $kv_version)"
  else
    fail "k8s: manifests against Kubernetes $version (kubernetes-validate $kv_version, strict):"
    sed "s|$DEPLOY/|deploy/|g; s/^/        /" "$out"
  fi
done

# 2. systemd: install the units as shipped into a scratch root that has the host's system units (targets such as
#    network-online.target) and an executable stand-in for the binary, so verify checks the directives and the
#    dependencies without the real build.
if command -v systemd-analyze >/dev/null 2>&1; then
  sa_version=$(systemd-analyze --version | head -n 1)
  root="$scratch/root"
  mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/usr/local/bin"
  for dir in /usr/lib/systemd/system /lib/systemd/system; do
    if [ -d "$dir" ]; then cp -R "$dir" "$root/usr/lib/systemd/"; break; fi
  done
  printf '#!/bin/sh\nexit 0\n' >"$root/usr/local/bin/idos-issuer"
  chmod 755 "$root/usr/local/bin/idos-issuer"
  units=()
  for u in "$DEPLOY"/systemd/*.service; do
    cp "$u" "$root/etc/systemd/system/"
    units+=("$(basename "$u")")
  done
  out="$scratch/verify.out"
  if systemd-analyze verify --man=no --generators=no --root="$root" "${units[@]}" >"$out" 2>&1 && ! grep -q . "$out"; then
    pass "systemd: ${#units[@]} units verify without a warning ($sa_version)"
  else
    fail "systemd: systemd-analyze verify ($sa_version):"
    sed "s|$root/etc/systemd/system/|deploy/systemd/|g; s/^/        /" "$out"
  fi
  threshold=$(awk -v m="$SYSTEMD_EXPOSURE_MAX" 'BEGIN { printf "%d", m * 10 }')
  for u in "${units[@]}"; do
    out="$scratch/security.out"
    if systemd-analyze security --offline=yes --root="$root" --threshold="$threshold" "$u" >"$out" 2>&1; then
      pass "systemd: $u exposure $(grep -o 'Overall exposure level[^:]*: [0-9.]*' "$out" | awk '{print $NF}') ≤ $SYSTEMD_EXPOSURE_MAX (systemd-analyze security)"
    else
      fail "systemd: $u exposure above $SYSTEMD_EXPOSURE_MAX (systemd-analyze security --offline):"
      grep -E '✗|Overall' "$out" | sed 's/^/        /' || sed 's/^/        /' "$out"
    fi
  done
else
  skip "systemd: systemd-analyze not found (Debian package systemd); units checked by lint_policy.py only"
fi

# 3. The recipes' own rules, against this repository's sources.
out="$scratch/policy.out"
if "$VENV/bin/python" "$ROOT/deploy/lint_policy.py" "$DEPLOY" "$ROOT/Sources" >"$out" 2>&1; then
  pass "$(tail -n 1 "$out") (deploy/lint_policy.py)"
else
  fail "deploy/lint_policy.py:"
  sed 's/^/        /' "$out"
fi

# 4. The self-test: broken copies must fail with the right message.
if [ "${LINT_SELFTEST:-1}" != 0 ]; then
  out="$scratch/selftest.out"
  if VENV="$VENV" "$ROOT/Tests/deploy/lint_selftest.sh" >"$out" 2>&1; then
    pass "self-test: $(tail -n 1 "$out") (Tests/deploy/lint_selftest.sh)"
  else
    fail "self-test (Tests/deploy/lint_selftest.sh):"
    sed 's/^/        /' "$out"
  fi
fi

echo "lint-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
