# The two commands: `make run` and `make test`. Both install missing system packages first.
SWIFT ?= swift
SWIFT_TEST_FLAGS ?= --disable-xctest
# Python tools (benchmark references) live in a virtual environment here, never in the system Python.
PYTHON3 ?= /usr/bin/python3
VENV ?= .venv

.PHONY: deps build test run bench venv clean

deps:
	@deploy/dev/install-deps.sh

build: deps
	$(SWIFT) build

## Builds, then runs the whole test suite against a throwaway PostgreSQL cluster.
test: build
	deploy/dev/postgres.sh with-temp -- $(SWIFT) test $(SWIFT_TEST_FLAGS)

## Starts this checkout's development PostgreSQL, applies the migrations, starts the idOS devnode; Ctrl-C stops all.
run: build
	deploy/dev/run.sh

## The virtual environment with the Python packages of deploy/dev/requirements.txt (re-made when it changes).
venv: $(VENV)/.requirements

$(VENV)/.requirements: deploy/dev/requirements.txt
	@deploy/dev/install-deps.sh
	@[ -x $(VENV)/bin/python ] || $(PYTHON3) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r deploy/dev/requirements.txt
	@cp deploy/dev/requirements.txt $@

## Benchmarks, each beside a reference measured in the same run (one release build). BENCH="queue vc" picks suites.
bench: venv
	@deploy/dev/install-deps.sh --bench
	Benchmarks/run.sh $(BENCH)

clean:
	rm -rf .build
