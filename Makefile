# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup catalogs clean

run: setup
	$(BIN)/workshop serve $(ARGS)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP) node_modules/.package-lock.json catalogs

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser-side libraries, pinned in package-lock.json, served by Flask from node_modules/.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Flask-Babel reads compiled catalogues; the .po files are the source.
catalogs: $(STAMP)
	$(BIN)/pybabel compile -d workshop/translations

clean:
	rm -rf $(VENV) node_modules
