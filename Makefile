# Gelingen: `make run` for a demo on http://127.0.0.1:8000, `make test` for the checks.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run serve test e2e install install-dev migrate demo messages bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py catalogue_import catalogues/kqs-3.yaml --skip-existing
	$(PY) manage.py demo $(if $(DEMO_PASSWORD),--password $(DEMO_PASSWORD))

# Links in e-mails and the iCal feed point at HOST unless SITE_URL is given; HOST's name is allowed too.
run: SITE_URL ?= http://$(HOST)
run: ALLOWED_HOSTS ?= $(firstword $(subst :, ,$(HOST))),127.0.0.1,localhost
# The background-job worker runs beside the server and stops with it.
run: RUN_ENV = DEBUG=1 SITE_URL="$(SITE_URL)" ALLOWED_HOSTS="$(ALLOWED_HOSTS)"
run: demo
	$(RUN_ENV) $(PY) manage.py run_jobs & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST)

# Production server: gunicorn (settings in gunicorn.conf.py; WEB_CONCURRENCY workers). Needs SECRET_KEY,
# ALLOWED_HOSTS and DATABASE_URL in the environment; see "Running it for real" in the README.
serve: migrate
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	DATABASE_URL="$${TEST_DATABASE_URL:-sqlite://:memory:}" $(PY) -m pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests: real Chromium (Debian package) driven by Playwright, axe-core from npm.
e2e: install-dev node_modules/.installed
	@test -x /usr/bin/chromium || { echo "Chromium fehlt: apt-get install -y chromium fonts-liberation2"; exit 1; }
	DATABASE_URL="$${TEST_DATABASE_URL:-sqlite://:memory:}" $(PY) -m pytest -m e2e tests/e2e

messages: install-dev
	cd gelingen && ../$(PY) ../manage.py makemessages -l en --no-obsolete --no-location
	$(PY) manage.py compilemessages -l en --ignore=.venv --ignore=node_modules

bench: install-dev  ## BENCH_ARGS=--small for a quick run, BENCH_ARGS='--postgres URL' for PostgreSQL
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
