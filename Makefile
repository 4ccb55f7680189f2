# The two commands: `make run` and `make test`. Both install missing system packages first.
SWIFT ?= swift
SWIFT_TEST_FLAGS ?= --disable-xctest
# Python tools (benchmark references) live in a virtual environment here, never in the system Python.
PYTHON3 ?= /usr/bin/python3
VENV ?= .venv

# A hung test must fail the run, not hold CI until its limit.
TEST_TIMEOUT ?= 40m
# The chaos stage (N = 500) gives up on convergence after 300 s; a hang beyond that fails it in minutes.
CHAOS_TIMEOUT ?= 15m

.PHONY: deps build test chaos run bench venv lint-deploy clean

deps:
	@deploy/dev/install-deps.sh

build: deps
	$(SWIFT) build

## Builds once (the test build includes the executables), runs the test suite on a throwaway PostgreSQL cluster,
## then the chaos run (N = 500) alone on another, then a 2,000-credential campaign through a worker kill and a
## pause alone on a third, then fuzzes the live API against its OpenAPI document, then
## drives the operator console in Debian's chromium, then lints the deployment files.
test: deps venv
	@deploy/dev/install-deps.sh --browser
	$(SWIFT) build --build-tests
	deploy/dev/postgres.sh with-temp -- timeout -k 30 $(TEST_TIMEOUT) $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --skip ChaosTests \
	  --skip CampaignKillTests
	deploy/dev/postgres.sh with-temp -- env IDOS_CHAOS_RESTART_POSTGRES=1 timeout -k 30 $(CHAOS_TIMEOUT) \
	  $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter ChaosTests
	deploy/dev/postgres.sh with-temp -- timeout -k 30 15m $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter CampaignKillTests
	deploy/dev/postgres.sh with-temp -- timeout -k 30 15m Tests/api/schemathesis.sh
	deploy/dev/postgres.sh with-temp -- timeout -k 30 10m Tests/console/console_test.sh
	VENV=$(VENV) deploy/lint.sh

## The long chaos run: IDOS_CHAOS_N (default 10,000) users and credentials through killed workers and a faulty node.
IDOS_CHAOS_N ?= 10000
chaos: deps
	$(SWIFT) build --build-tests
	deploy/dev/postgres.sh with-temp -- env IDOS_CHAOS_N=$(IDOS_CHAOS_N) IDOS_CHAOS_RESTART_POSTGRES=1 \
	  $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter ChaosTests

## Starts this checkout's PostgreSQL, migrates, starts the idOS devnode and the issuer service; Ctrl-C stops all.
run: build venv
	deploy/dev/run.sh

## The virtual environment with the Python packages of deploy/dev/requirements.txt (benchmarks),
## Tests/api/requirements.txt (API checks), deploy/lint-requirements.txt (deploy/lint.sh)
## and Tests/console/requirements.txt (the browser test), re-made when one changes.
venv: $(VENV)/.requirements

$(VENV)/.requirements: deploy/dev/requirements.txt Tests/api/requirements.txt deploy/lint-requirements.txt Tests/console/requirements.txt
	@deploy/dev/install-deps.sh
	@[ -x $(VENV)/bin/python ] || $(PYTHON3) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r deploy/dev/requirements.txt -r Tests/api/requirements.txt -r deploy/lint-requirements.txt -r Tests/console/requirements.txt
	@cat deploy/dev/requirements.txt Tests/api/requirements.txt deploy/lint-requirements.txt Tests/console/requirements.txt > $@

## Lints the deployment recipes (k8s manifests, systemd units, Containerfile) offline, with its self-test.
lint-deploy: venv
	VENV=$(VENV) deploy/lint.sh

## Benchmarks, each beside a reference measured in the same run (one release build). BENCH="queue vc" picks suites.
bench: venv
	@deploy/dev/install-deps.sh --bench
	Benchmarks/run.sh $(BENCH)

clean:
	rm -rf .build
