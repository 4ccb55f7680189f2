# The two commands: `make run` and `make test`. Both install missing system packages first.
SWIFT ?= swift
SWIFT_TEST_FLAGS ?= --disable-xctest

.PHONY: deps build test run bench clean

deps:
	@deploy/dev/install-deps.sh

build: deps
	$(SWIFT) build

## Builds, then runs the whole test suite against a throwaway PostgreSQL cluster.
test: build
	deploy/dev/postgres.sh with-temp -- $(SWIFT) test $(SWIFT_TEST_FLAGS)

## Starts the embedded PostgreSQL (and, as they exist, the idOS devnode and the issuer service).
run: build
	deploy/dev/run.sh

## Benchmarks, each beside a reference implementation measured in the same run.
bench: deps
	Benchmarks/run.sh

clean:
	rm -rf .build
