# Two set-up commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= dist

.PHONY: bytecode run test lint typecheck unit system-deps clean bench bench-ingest fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the project metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing fupin-kg and its dependencies into $(VENV) (a minute or two the first time)…" >&2
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "installing fupin-kg with its test tools into $(VENV) (a few minutes the first time)…" >&2
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# An editable install has no bytecode of kg's own modules, and where PYTHONDONTWRITEBYTECODE is
# set every command compiled them again (0.3 s of a 4 s `kg extract`): compile them here once.
bytecode: $(VENV)/.installed
	$(BIN)/python -m compileall -q kg >/dev/null

run: bytecode
	$(BIN)/kg build --out $(OUT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kg tests

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Chromium and a CJK font for the browser tests, from Debian, when missing.
system-deps:
	bash .ci/system-deps

unit: $(VENV)/.installed-dev system-deps
	$(BIN)/python -m pytest

test: lint typecheck unit

# The benchmark (not part of `make test`): generated corpora of each size through the real
# pipeline; results to bench/results.json, the Markdown table to stdout (see README "Speed").
BENCH_ARTICLES ?= 10,50,100
bench: $(VENV)/.installed
	$(BIN)/kg bench --articles $(BENCH_ARTICLES) --out bench/results.json

# Ingest and extraction time against file length, up to 10 MB (prints what it measured).
bench-ingest: $(VENV)/.installed-dev
	$(BIN)/python -m tests.bench_linear --max-mb 10 --shape clean
	$(BIN)/python -m tests.bench_linear --max-mb 10 --shape one-line
	$(BIN)/python -m tests.bench_linear --max-mb 10 --shape scrambled

# The input fuzz suite with many more examples than `make test` runs.
fuzz: $(VENV)/.installed-dev
	KG_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest tests/test_fuzz_inputs.py -q

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
