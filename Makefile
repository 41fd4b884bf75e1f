# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
NODE_DEV_STAMP := node_modules/.installed-dev

# Every Python package the setup installs, pinned with its hashes, in two locks: what running
# needs (the dependencies in pyproject.toml and the setuptools that builds the editable
# install; `make run`), and that with the `test` extra (`make test`), made within the pins of
# the first so both run the same versions. `make lock` makes them again with pip-tools after
# a change to pyproject.toml, keeping the pins that still fit (LOCK_ARGS=--upgrade moves every
# pin to the newest allowed, and LOCK_ARGS="--upgrade-package NAME" one). Made on Python
# 3.11, the oldest one supported, so no package that only older Pythons lack is left out.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
LOCK_PY ?= python3.11
LOCK_ARGS ?=
TOOLS := $(VENV)/tools
PIP_TOOLS := pip-tools>=7.4,<8

# Flask-Babel reads compiled catalogues; the .po files are the source.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard workshop/translations/*/LC_MESSAGES/*.po))

.PHONY: run test setup setup-run catalogs lock clean

run: setup-run
	$(BIN)/workshop serve $(ARGS)

# The page modules' logic that needs no browser first (node's own test runner, a second or
# two), then everything else. Most end-to-end tests wait on real time (rounds, reconnects,
# a browser), so pytest-xdist runs test files side by side, one worker per core (at most
# 4); a file stays on one worker, so a module's shared server is started once.
# TEST_WORKERS=0 runs everything in this one process.
TEST_WORKERS ?= auto --maxprocesses 4
test: setup
	node --test tests/js/
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

setup-run: $(RUN_STAMP) node_modules/.package-lock.json catalogs
setup: $(TEST_STAMP) $(NODE_DEV_STAMP) catalogs

# Only what a lock names, each file checked against its hash; then this project itself,
# built by the locked setuptools with nothing more fetched.
$(RUN_STAMP): $(LOCK) pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): $(TEST_LOCK) pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUN_STAMP) $(TEST_STAMP)

COMPILE = $(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --build-deps-for editable --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: $(TOOLS)/bin/pip-compile
	$(COMPILE) --output-file $(LOCK) pyproject.toml
	$(COMPILE) --extra test --constraint $(LOCK) --output-file $(TEST_LOCK) pyproject.toml

$(TOOLS)/bin/pip-compile:
	$(LOCK_PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet '$(PIP_TOOLS)'

# Browser-side libraries, pinned in package-lock.json, served by Flask from node_modules/:
# `make run` installs only those; `make test` also the devDependencies (axe-core, which the
# browser tests inject into the pages). npm ci starts from an empty node_modules, so each
# stamp is true of what is there: the run install takes the test stamp away.
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM_CI) --omit=dev

$(NODE_DEV_STAMP): package.json package-lock.json
	$(NPM_CI)
	touch $@

catalogs: $(CATALOGS)

%.mo: %.po | $(RUN_STAMP)
	$(BIN)/pybabel compile -i $< -o $@

clean:
	rm -rf $(VENV) node_modules
