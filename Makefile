# storywire: two commands on a fresh machine.
#   make run    set up .venv, ingest the bundled sample stories, print a summary and a query
#   make test   set up .venv, run the whole test suite (what CI runs)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
WAREHOUSE ?= storywire-warehouse
STAMP  := $(VENV)/.installed

.PHONY: run test install lint ui bench clean

install: $(STAMP)

# uv (from PyPI) resolves and installs in seconds where pip takes minutes; the spaCy
# English pipeline is an ordinary dependency in pyproject.toml, never a run-time download.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/storywire ingest samples --warehouse $(WAREHOUSE)
	$(BIN)/storywire query --warehouse $(WAREHOUSE) \
	  "select coalesce(agency, '-') as agency, count(*) as stories, \
	          min(published_date) as first, max(published_date) as last, \
	          count(*) filter (where duplicate_of is not null) as duplicates \
	   from stories group by all order by stories desc"

test: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/storywire bench --stories 1000 --processes 1 --json bench-1k-p1.json

ui: $(STAMP)
	$(BIN)/storywire ui

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache
