# Tebu Mitra: `make run` and `make test` are all a fresh machine needs (Python 3.11+ and make).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate demo messages bench bench-scale bench-lighthouse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## run: install, migrate, load demo data and serve on http://127.0.0.1:8000 (SQLite, in-process Celery)
run: $(STAMP)
	@# The demo database is disposable: one made before a change of the migrations (harvest/
	@# became its own app) is set aside as db.sqlite3.old and made anew, never half-migrated.
	@if [ -z "$$DATABASE_URL" ] && [ -f db.sqlite3 ] \
	    && ! DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --plan >/dev/null 2>&1; then \
	  echo "db.sqlite3 was made by an older layout of the migrations: keeping it as db.sqlite3.old"; \
	  mv db.sqlite3 db.sqlite3.old; \
	fi
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_harvest
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_credit
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_farms
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_surveys
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_complaints
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo_compliance
	@echo "Tebu Mitra: http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

## test: ruff, then the whole pytest suite (SQLite unless DATABASE_URL is set), in TEST_PROCESSES
## processes (pytest-xdist; each has its own test database): 2 fits this machine's two cores. A
## process that runs out of tests takes over queued ones of the other (worksteal).
TEST_PROCESSES ?= 2
test: $(STAMP) lint
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run > /dev/null

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(STAMP)
	$(PY) manage.py migrate

demo: $(STAMP)
	$(PY) manage.py load_demo

## messages: refresh and compile translations (needs gettext; the compiled .mo files are committed)
messages: $(STAMP)
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=staticfiles --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

## bench: benchmarks (not part of make test)
bench: $(STAMP)
	$(PY) bench/run.py

## bench-scale: load a national-shaped dataset into SCALE_DATABASE_URL (PostgreSQL, default
## tebu_scale; dropped and made anew, never DATABASE_URL) and measure every page under wrk beside two baselines, writing bench/SCALE.md (issue 18).
## SCALE_ARGS go to bench/scale/load.py (default: the national season), RUN_ARGS to run.py.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tebu_scale
bench-scale: $(STAMP)
	DATABASE_URL=$(SCALE_DATABASE_URL) nice -n 15 $(PY) bench/scale/load.py --fresh $(SCALE_ARGS)
	DATABASE_URL=$(SCALE_DATABASE_URL) nice -n 15 $(PY) bench/scale/run.py $(RUN_ARGS)

## bench-lighthouse: Lighthouse 12.2.3 (npm, bench/lighthouse/) on the farmer's home, DO list and DO
## page with mobile emulation, DJANGO_DEBUG=0 and gunicorn; medians written to bench/RESULTS.md.
bench-lighthouse: $(STAMP)
	cd bench/lighthouse && npm ci --no-audit --no-fund --silent
	$(PY) bench/lighthouse/run.py $(RUN_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
