# The two sacred commands: `make demo` and `make test`. Each bootstraps .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check lint typecheck unit bench conformance generate clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m unbroken demo

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -q

check: lint typecheck

test: lint typecheck unit

generate: $(STAMP)  ## Regenerate the sync twins from their async sources (scripts/unasync.py)
	$(PY) scripts/unasync.py

bench: $(STAMP)
	$(PY) benchmarks/import_time.py
	$(PY) benchmarks/request_overhead.py

# Every endpoint we implement, sent to Steady (a mock server that validates requests against the API's
# OpenAPI description); installs Steady into .conformance/ with npm on first use.
CONFORMANCE_SPEC ?= ../shared/openapi/anthropic-openapi.json

conformance: $(STAMP)
	$(PY) scripts/conformance.py --spec $(CONFORMANCE_SPEC)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
