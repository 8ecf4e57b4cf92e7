# Two commands matter: `make run` and `make test`. Each sets up everything it needs.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell sha256sum requirements.lock | cut -c1-16)
PYTEST_ARGS ?=

.PHONY: run serve test test-fast setup demo lint bench load-test ci-postgres messages clean

$(VENV_STAMP): requirements.lock
	@bash scripts/system-deps.sh
	@test -x $(PY) || python3 -m venv .venv
	@.venv/bin/pip install -q --disable-pip-version-check uv==0.13.8
	@.venv/bin/uv pip sync -q --python $(PY) requirements.lock
	@rm -f .venv/.installed-*; touch $(VENV_STAMP)

setup: $(VENV_STAMP)
	@bash scripts/system-deps.sh

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) manage.py demo_data

run: demo
	bash scripts/run-dev.sh

# Production mode locally on PostgreSQL (DATABASE_URL): gunicorn, task workers, scheduled jobs.
serve: setup
	bash scripts/serve.sh

test: $(VENV_STAMP)
	@bash scripts/system-deps.sh --browser
	$(PY) manage.py compilemessages -v 0 --ignore=.venv
	$(PY) -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

# Services (writes) and selectors (reads) of every app are type-checked (django-stubs).
MYPY_PATHS = $(wildcard */services.py */services */selectors.py)

lint: $(VENV_STAMP)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_TESTING=0 .venv/bin/mypy $(MYPY_PATHS)

bench: setup
	$(PY) -m bench

# Load test (locust) against a running `make serve`; loopback only, bounded in users and time.
load-test: $(VENV_STAMP)
	$(PY) -m bench.load $(LOAD_ARGS)

messages: $(VENV_STAMP)
	$(PY) manage.py makemessages -l et -l th --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var .venv
