# The two sacred commands: `make demo` and `make test`. Each bootstraps .venv on a fresh machine that has only
# Python and make. `make` alone lists the targets: each public target has a `## ` comment on its rule line.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
STAMP := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.installed-docs
# The extras the development tools exercise (the package itself is installed editable with them).
DEV_EXTRAS := emulator,bedrock,vertex,aiohttp,cli,otel

.DEFAULT_GOAL := help
.PHONY: help demo test check lint typecheck unit docs docs-serve bench bench-concurrency bench-official conformance \
	mutation dist clean generate generate-twins generate-compat reference-surface

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# pip >= 25.1 reads PEP 735 dependency groups (`--group`); the bootstrap pip of Python 3.11 is older, so it is
# upgraded first.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade 'pip>=25.1'
	$(PIP) install -e '.[$(DEV_EXTRAS)]' --group dev
	touch $(STAMP)

demo: $(STAMP) ## Run the main job against the embedded emulator (no key, no network)
	$(PY) -m unbroken demo

lint: $(STAMP) ## ruff check and ruff format --check
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP) ## mypy --strict on src/
	$(VENV)/bin/mypy

unit: $(STAMP) ## The pytest suite (docs examples included)
	$(PY) -m pytest -q

check: lint typecheck ## lint and typecheck, without the tests

test: lint typecheck unit ## Everything CI runs: lint, typecheck and the whole pytest suite

# The docs tools are their own dependency group, installed by this target only (`make test` never needs them).
$(DOCS_STAMP): $(STAMP)
	$(PIP) install --group docs
	touch $(DOCS_STAMP)

# NO_MKDOCS_2_WARNING silences Material's banner about its end of life (May 2027; its successor, Zensical,
# reads this mkdocs.yml).
docs: $(DOCS_STAMP) ## Build the documentation site into site/ (warnings, broken links included, are errors)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

docs-serve: $(DOCS_STAMP) ## Serve the documentation at http://127.0.0.1:8000 with live reload
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve

bench: $(STAMP) ## Import time, cold start, request overhead, streaming, stream overhead and memory (ratios against floors)
	$(PY) benchmarks/import_time.py
	$(PY) benchmarks/cold_start.py
	$(PY) benchmarks/request_overhead.py
	$(PY) benchmarks/streaming.py
	$(PY) benchmarks/stream_overhead.py
	$(PY) benchmarks/stream_memory.py
	$(PY) benchmarks/batch_runner.py

# The official SDK the concurrency benchmark compares against, in its own virtualenv (it needs httpx2, and its
# `anthropic` package must not shadow anything here).
OFFICIAL_VENV := .bench/official

$(OFFICIAL_VENV)/bin/python:
	$(PYTHON) -m venv $(OFFICIAL_VENV)
	$(OFFICIAL_VENV)/bin/python -m pip --quiet --disable-pip-version-check install 'anthropic==2.14.0'

bench-official: $(OFFICIAL_VENV)/bin/python ## Make .bench/official: a virtualenv with the official SDK 2.14 to compare against

bench-concurrency: $(STAMP) ## 1,000 concurrent streams per HTTP stack vs plain clients and the official SDK (~6 min)
	$(PY) benchmarks/concurrency.py

# Every endpoint we implement, sent to Steady (a mock server that validates requests against the API's
# OpenAPI description); installs Steady into .conformance/ with npm on first use.
CONFORMANCE_SPEC ?= ../shared/openapi/anthropic-openapi.json

conformance: $(STAMP) ## Send every implemented endpoint to Steady, which validates them against the OpenAPI spec
	$(PY) scripts/conformance.py --spec $(CONFORMANCE_SPEC)

# Mutation testing of the core modules with mutmut (slow, CPU-heavy; not part of `make test`).
MODULES ?=
mutation: $(STAMP) ## Mutation testing of the core modules (mutmut; MODULES="_sse _jsonl" to choose)
	$(PY) scripts/mutation.py $(MODULES)

dist: $(STAMP) ## Build the sdist and the wheel into dist/
	$(PY) -m build --outdir dist

generate: generate-twins generate-compat ## Every generated file (other generators add themselves as prerequisites)

generate-twins: $(STAMP) ## The sync twins of the hand-written async modules (scripts/unasync.py)
	$(PY) scripts/unasync.py

generate-compat: $(STAMP) ## The thin modules serving the reference's import paths (from scripts/reference_surface.json)
	$(PY) scripts/generate_compat.py

reference-surface: $(STAMP) ## Re-read anthropic==0.74.0's public surface into scripts/reference_surface.json
	$(PY) scripts/reference_surface.py

clean: ## Remove .venv, caches, dist/, site/, mutants/ and .bench/
	rm -rf mutants $(VENV) .pytest_cache .mypy_cache .ruff_cache dist site .bench
