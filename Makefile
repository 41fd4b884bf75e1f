# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every Python package `make setup` installs, pinned with its hashes: the dependencies in
# pyproject.toml with the `test` extra, and the setuptools that builds the editable install.
# `make lock` makes it again with pip-tools after a change to pyproject.toml, keeping the pins
# that still fit (LOCK_ARGS=--upgrade moves every pin to the newest allowed, and
# LOCK_ARGS="--upgrade-package NAME" one). Made on Python 3.11, the oldest one supported,
# so no package that only older Pythons lack is left out.
LOCK := requirements.lock
LOCK_PY ?= python3.11
LOCK_ARGS ?=
TOOLS := $(VENV)/tools
PIP_TOOLS := pip-tools>=7.4,<8

# Flask-Babel reads compiled catalogues; the .po files are the source.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard workshop/translations/*/LC_MESSAGES/*.po))

.PHONY: run test setup catalogs lock clean

run: setup
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

setup: $(STAMP) node_modules/.package-lock.json catalogs

# Only what the lock names, each file checked against its hash; then this project itself,
# built by the locked setuptools with nothing more fetched.
$(STAMP): $(LOCK) pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock: $(TOOLS)/bin/pip-compile
	$(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --extra test --build-deps-for editable --no-emit-index-url --no-emit-find-links \
	  $(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

$(TOOLS)/bin/pip-compile:
	$(LOCK_PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet '$(PIP_TOOLS)'

# Browser-side libraries, pinned in package-lock.json, served by Flask from node_modules/.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

catalogs: $(CATALOGS)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

clean:
	rm -rf $(VENV) node_modules
