#!/usr/bin/env bash
# Proves that deploy/lint.sh catches what it claims to: each case copies deploy/, breaks one thing, lints the copy
# and expects a failure with the specific message. The unbroken copy must pass first (else every case would "fail"
# for the wrong reason). deploy/lint.sh runs this as its last step; alone: Tests/deploy/lint_selftest.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export VENV=${VENV:-$ROOT/.venv}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0 failed=0

# A fresh copy of the recipes as they sit in the repository (deploy/ and the container ignore files beside it).
fresh_copy() {
  rm -rf "$scratch/repo"
  mkdir -p "$scratch/repo"
  cp -R "$ROOT/deploy" "$scratch/repo/deploy"
  cp "$ROOT/.containerignore" "$ROOT/.dockerignore" "$scratch/repo/"
}

lint_copy() { LINT_SELFTEST=0 "$ROOT/deploy/lint.sh" "$scratch/repo/deploy" >"$scratch/out" 2>&1; }

# expect_failure NAME FILE SED-EXPRESSION MESSAGE: break FILE (under deploy/) with SED-EXPRESSION; lint must fail
# and print MESSAGE (a fixed string).
expect_failure() {
  local name="$1" file="$2" edit="$3" message="$4"
  fresh_copy
  sed -i "$edit" "$scratch/repo/deploy/$file"
  if cmp -s "$ROOT/deploy/$file" "$scratch/repo/deploy/$file"; then
    echo "FAIL  $name: the edit '$edit' changed nothing in deploy/$file"; failed=$((failed + 1)); return
  fi
  if lint_copy; then
    echo "FAIL  $name: lint passed on the broken copy"; failed=$((failed + 1))
  elif grep -qF -- "$message" "$scratch/out"; then
    echo "ok    $name: lint failed with \"$message\""; passed=$((passed + 1))
  else
    echo "FAIL  $name: lint failed, but without \"$message\":"; sed 's/^/        /' "$scratch/out"; failed=$((failed + 1))
  fi
}

fresh_copy
if lint_copy; then
  echo "ok    the unbroken copy passes"; passed=$((passed + 1))
else
  echo "FAIL  the unbroken copy does not pass:"; sed 's/^/        /' "$scratch/out"; failed=$((failed + 1))
fi

expect_failure "misspelled Kubernetes field" k8s/api-deployment.yaml 's/^          readinessProbe:/          readinesProbe:/' \
  "'readinesProbe' was unexpected"
expect_failure "Kubernetes field of the wrong type" k8s/worker-deployment.yaml 's/^  replicas: 2$/  replicas: two/' \
  "'two' is not of type 'integer'"
expect_failure "misspelled Kubernetes kind" k8s/pdb.yaml '0,/^kind: PodDisruptionBudget/s//kind: PodDisruptionBudgett/' \
  "Couldn't find schema for kind PodDisruptionBudgett"
if command -v systemd-analyze >/dev/null 2>&1; then
  expect_failure "misspelled systemd directive" systemd/idos-issuer-worker.service 's/^ProtectHome=yes/ProtectHom=yes/' \
    "Unknown key 'ProtectHom' in section [Service]"
  expect_failure "systemd dependency on a missing unit" systemd/idos-issuer-serve.service \
    's/^Requires=idos-issuer-migrate.service/Requires=idos-issuer-migrations.service/' "Unit idos-issuer-migrations.service not found"
else
  echo "skip  systemd-analyze cases: systemd-analyze not found"
fi
expect_failure "systemd sandbox directive dropped" systemd/idos-issuer-migrate.service '/^PrivateDevices=yes/d' \
  "deploy/systemd/idos-issuer-migrate.service: needs PrivateDevices=yes"
expect_failure "a variable the code does not read" k8s/configmap.yaml 's/^  ISSUER_NODE_URLS:/  ISSUER_NODE_URL:/' \
  "ISSUER_NODE_URL is not a variable the code reads"
expect_failure "a flag the command does not have" k8s/api-deployment.yaml 's/"--no-worker"/"--no-workers"/' \
  "\`idos-issuer serve\` has no flag --no-workers"
expect_failure "a key file no volume provides" k8s/configmap.yaml 's#/etc/idos-issuer/passphrase/passphrase#/etc/idos-issuer/keys/passphrase#' \
  "ISSUER_KEY_PASSPHRASE_FILE names /etc/idos-issuer/keys/passphrase, which no volume is mounted over"
# Re-issuance campaigns: they run somewhere, and only the API and the campaign worker get the encryption key.
expect_failure "the general workers mount the encryption key" k8s/worker-deployment.yaml \
  's/secretName: idos-issuer-key-passphrase/secretName: idos-issuer-encryption-key/' \
  "deploy/k8s/worker-deployment.yaml: the general workers must not have the encryption key"
expect_failure "the encryption key's path in the shared ConfigMap" k8s/configmap.yaml \
  's#^  ISSUER_KEY_PASSPHRASE_FILE: .*#&\n  ISSUER_ENCRYPTION_KEY_FILE: "/etc/idos-issuer/encryption-key/encryption.key"#' \
  "container worker: ISSUER_ENCRYPTION_KEY_FILE names /etc/idos-issuer/encryption-key/encryption.key, which no volume is mounted over"
expect_failure "no Deployment runs campaigns" k8s/campaign-worker-deployment.yaml '/- name: ISSUER_ENCRYPTION_KEY_FILE/,+1d' \
  "deploy/k8s: no Deployment runs re-issuance campaigns"
expect_failure "no systemd unit runs campaigns" systemd/idos-issuer-campaign-worker.service '/^Environment=ISSUER_ENCRYPTION_KEY_FILE=/d' \
  "deploy/systemd: no unit runs re-issuance campaigns"
expect_failure "the general worker unit loads the encryption key" systemd/idos-issuer-worker.service \
  's#^LoadCredential=key-passphrase:.*#&\nLoadCredential=encryption-key:/etc/idos-issuer/keys/encryption.key#' \
  "deploy/systemd/idos-issuer-worker.service: the general worker unit must not have the encryption key"
expect_failure "two worker units on one metrics listener" systemd/idos-issuer-campaign-worker.service 's/127.0.0.1:9092/127.0.0.1:9091/' \
  "shares the metrics listener 127.0.0.1:9091"
expect_failure "the image runs as root" container/Containerfile 's/^USER 10001:10001/USER root/' \
  "the final USER must be a numeric non-root uid, got root"

echo "lint self-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
