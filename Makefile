# The two commands: `make run` (the app with demo data) and `make test` (the whole suite).
# Both install what they need first, and are quick when nothing has changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets system-packages lint typecheck bandit check pytest browser-tests bench-smoke secrets clean bench load-bench

run: export DEBUG ?= true
run: export DEMO_MODE ?= true
run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install assets system-packages lint typecheck bandit check pytest browser-tests bench-smoke

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

assets: node_modules/.installed static/build/app.css

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/app.css: node_modules/.installed static/scss/app.scss
	npm run --silent build

# Browser tests need Debian's Chromium; PDFs need Pango and a metric-compatible Arial; the
# compose file is validated with docker-compose. Installed only when missing, and only as root.
system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	   { [ ! -x /usr/bin/chromium ] || ! ldconfig -p | grep -q libpango-1.0 || \
	     [ ! -d /usr/share/fonts/truetype/liberation ] || \
	     ! { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }; }; then \
	  echo "Installing Debian packages: chromium, Pango, Liberation fonts, docker-compose"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation docker-compose >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

# Security lint of the Python code, medium and high severity (settings in pyproject.toml).
bandit: install
	$(BIN)/bandit -c pyproject.toml -r . -ll -q

check: install
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

pytest: install assets
	$(BIN)/pytest -m "not browser" -n 2 --dist loadfile

browser-tests: install assets system-packages
	$(BIN)/pytest -m browser -p no:xdist

# The benchmark on the small estate, in its own database: fails on a crash or a malformed result, not on
# timing (bench/smoke.sh). Needs PostgreSQL; skipped without it, except in CI.
bench-smoke: install
	bash bench/smoke.sh

# Secrets for docker-compose.yml, written once: a random key and database password.
secrets: .secrets/secret_key .secrets/db_password .secrets/database_url

.secrets/secret_key:
	@mkdir -p .secrets && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

.secrets/db_password:
	@mkdir -p .secrets && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(24))' > $@

.secrets/database_url: .secrets/db_password
	@umask 077 && echo "postgres://governance:$$(cat .secrets/db_password)@db:5432/governance" > $@

# The speed benchmark (issue 10): builds the small scale estate on the DATABASE_URL database, emptying it
# first (use a database kept for scale runs), then prints the figures as JSON. Not part of `make test`.
bench: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_scale --size small --replace
	$(PY) manage.py bench $(BENCH_ARGS)

# The load benchmark (issue 10): gunicorn with 3 workers and production settings under the Locust scenario
# of bench/locustfile.py, on the DATABASE_URL database, which must hold the scale estate (`make bench` or a
# copy); prints JSON (bench/load.sh). Fails on a crash or a failed request, not on timing. Not part of
# `make test`.
load-bench: install
	bash bench/load.sh

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
