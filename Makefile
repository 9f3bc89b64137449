# Two commands on a fresh machine with Python 3.11+ and make:  make run   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test bench lint check chromium clean translations image-check

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

## run: embedded PostgreSQL, migrations, demo data, task worker and server on http://beteiligung.localhost:$(PORT)
run: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=platform_core.settings.local $(BIN)/python manage.py dev

## chromium: the browser tests need Debian's chromium (Playwright cannot download browsers here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium fonts-dejavu-core >/dev/null; }

## test: the whole suite (embedded PostgreSQL, headless Chromium)
test: $(VENV)/.installed chromium
	$(BIN)/python -m pytest

## bench: throughput and provisioning figures (see docs/performance.md)
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q wrk >/dev/null; }
	flock /tmp/bench.lock $(BIN)/python bench/run.py

## image-check: what the Dockerfile runs, without a container engine: fresh venv, production settings,
## collectstatic, deploy, gunicorn (2 workers, non-root); asserts /healthz, a municipality's page, shared rate limit
image-check:
	$(PYTHON) tools/image_check.py

## lint: ruff (lint + format check), djLint on every template, migrations check, deploy check under production settings
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint $$(git ls-files '*.html')
	DJANGO_SETTINGS_MODULE=platform_core.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=platform_core.settings.production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=beteiligung.hessen.de $(BIN)/python manage.py check --deploy --fail-level WARNING
	# What the Dockerfile does at build time: hashed, compressed static files must build.
	DJANGO_SETTINGS_MODULE=platform_core.settings.production DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
	  DATABASE_URL=postgres://build@localhost/build $(BIN)/python manage.py collectstatic --noinput -v0

clean:
	rm -rf $(VENV) var

## translations: makemessages for the project and every app, fill German from tools/translations_de.py and tools/de/*.py, compile
translations: $(VENV)/.installed
	$(BIN)/python tools/translations_de.py
