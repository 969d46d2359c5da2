# Two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
DB ?= marsad.db
HOST ?= 127.0.0.1
PORT ?= 8000
OUT := out

.PHONY: run test lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# The main job on the bundled demo corpus: extract, geocode, store (embedded SQLite),
# merge across outlets, export, then serve the explorer.
run: $(STAMP_RUN)
	$(BIN)/marsad ingest marsad/data/demo --db $(DB)
	@mkdir -p $(OUT)
	$(BIN)/marsad export --db $(DB) --format acled-csv --output $(OUT)/events.csv
	$(BIN)/marsad export --db $(DB) --format geojson --output $(OUT)/events.geojson
	@echo "Events stored in $(DB); exports in $(OUT)/events.csv and $(OUT)/events.geojson."
	@echo "Explorer: http://$(HOST):$(PORT)/   (Ctrl-C to stop)"
	$(BIN)/marsad serve --db $(DB) --host $(HOST) --port $(PORT)

test: $(STAMP_TEST)
	$(BIN)/ruff check marsad tests
	$(BIN)/python -m pytest -q

lint: $(STAMP_TEST)
	$(BIN)/ruff check marsad tests

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
