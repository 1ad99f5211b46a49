# newsarchive: every target sets up what it needs through `install`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo airflow test test-distributed test-faults test-fast bench eval clean

install: $(STAMP)

# Airflow is pinned through requirements.lock (a full freeze of a working install), which is
# what Airflow's constraint files are for; no constraints URL is needed or reachable.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

demo: install  ## crawl the bundled demo sites through real Airflow (dag.test) into data/demo/
	$(PY) -m demo.run

AIRFLOW_PORT ?= 8080
# PATH: standalone starts its components as `airflow ...` subprocesses.
AIRFLOW_ENV := PATH=$(CURDIR)/$(VENV)/bin:$$PATH AIRFLOW_HOME=$(CURDIR)/data/airflow AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__API__PORT=$(AIRFLOW_PORT) \
	AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://localhost:$(AIRFLOW_PORT)/execution/
# The dedup pool must exist before standalone starts, or extract_dedup/publish never get a slot.
airflow: install  ## Airflow standalone with the project's DAGs, UI on http://127.0.0.1:$(AIRFLOW_PORT)
	$(AIRFLOW_ENV) $(VENV)/bin/airflow db migrate >/dev/null
	$(AIRFLOW_ENV) $(VENV)/bin/airflow pools set newsarchive_dedup 1 "newsarchive dedup and publish, serialised" >/dev/null
	$(AIRFLOW_ENV) $(VENV)/bin/airflow standalone

# pytest-xdist workers for `make test` (every test has its own ports, folders and databases);
# TEST_WORKERS=0 runs them in this process. Faults stay serial: they check that no run anywhere
# left temporary folders behind, which another worker's live run would have.
TEST_WORKERS ?= 2

test: install  ## the whole suite but the fault cases (PostgreSQL/Redis tests skip without them, except under CI=true)
	$(PY) -m pytest -ra -q -n $(TEST_WORKERS) -m "not distributed and not faults"

# Processes killed (SIGKILL) at each stage boundary and mid-stage, then run again; verify clean (~1-2 min)
test-faults: install
	$(PY) -m pytest -ra -q -m faults

# Airflow with CeleryExecutor on this machine: Redis broker, PostgreSQL metadata + catalog,
# api-server, scheduler, dag-processor and two celery workers; stops all it started.
test-distributed: install
	NEWSARCHIVE_TEST_DISTRIBUTED=1 $(PY) -m pytest -ra -q -s -m distributed tests/test_distributed.py

test-fast: install
	$(PY) -m pytest -ra -q -m "not slow and not airflow"

bench: install
	$(PY) bench/pipeline.py
	$(PY) bench/extract.py

eval: install  ## extraction quality on the demo gold and unseen pages: newsarchive vs plain trafilatura
	$(VENV)/bin/newsarchive eval

clean:
	rm -rf data/ .pytest_cache
