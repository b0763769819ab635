# The two commands: `make run` (the app with demo data) and `make test` (the whole suite).
# Both install what they need first, and are quick when nothing has changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets system-packages lint typecheck check pytest browser-tests secrets clean

run: export DEBUG ?= true
run: export DEMO_MODE ?= true
run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install assets system-packages lint typecheck check pytest browser-tests

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

check: install
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

pytest: install assets
	$(BIN)/pytest -m "not browser" -n 2 --dist loadfile

browser-tests: install assets system-packages
	$(BIN)/pytest -m browser -p no:xdist

# Secrets for docker-compose.yml, written once: a random key and database password.
secrets: .secrets/secret_key .secrets/db_password .secrets/database_url

.secrets/secret_key:
	@mkdir -p .secrets && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

.secrets/db_password:
	@mkdir -p .secrets && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(24))' > $@

.secrets/database_url: .secrets/db_password
	@umask 077 && echo "postgres://governance:$$(cat .secrets/db_password)@db:5432/governance" > $@

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
