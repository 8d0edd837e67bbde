# The two commands a newcomer types: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test browser-deps lint format messages worker beat serve demo bench-api bench-import bench-admin bench-monitoring bench-uploads bench-quota-fill bench-admin-crawl clean

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright); the fonts
# cover the Kazakh letters in screenshots.
BROWSER_PACKAGES := chromium fonts-dejavu-core

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

# Compiled catalogues are build output, never committed.
messages: $(VENV)/.run-installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

# make run: embedded defaults (SQLite under var/, Celery in-process) unless DATABASE_URL /
# REDIS_URL are set. Development server with DEBUG on.
# E-mails go to files under var/mail/ (one line says so), not to the terminal. Demo data is loaded
# once per database: a second `make run` changes nothing and prints the same users, key and curl line.
run: export DJANGO_DEBUG ?= 1
run: export EMAIL_URL ?= file://$(CURDIR)/var/mail
run: $(VENV)/.run-installed messages
	@mkdir -p var/mail
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) load_reference_data
	@$(MANAGE) load_demo_data --host http://$(HOST):$(PORT)
	@echo "Portal: http://$(HOST):$(PORT)/admin/  API docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@$(MANAGE) runserver $(HOST):$(PORT)

# Installs the browser tests' Debian packages when they are missing and we are root; otherwise
# stops, naming them. Browser tests are never skipped for want of a browser.
browser-deps:
	@missing=""; for pkg in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ] && [ -x /usr/bin/chromium ]; then exit 0; fi; \
	missing="$${missing:- chromium}"; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian packages for the browser tests:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "The browser tests need the Debian packages:$$missing" >&2; \
	  echo "Install them as root:  apt-get install$$missing   (or run make test as root)" >&2; \
	  exit 1; \
	fi

test: export DJANGO_SETTINGS_MODULE = astana_migration.test_settings
test: $(VENV)/.dev-installed browser-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # the app graph (contracts in pyproject.toml)
	$(VENV)/bin/mypy  # types of the kernel, services and selectors ([tool.mypy] in pyproject.toml)
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run  # models vs migrations: no database needed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A real Celery worker and beat against Redis (REDIS_URL, default localhost).
worker: export REDIS_URL ?= redis://127.0.0.1:6379/0
worker: export DJANGO_DEBUG ?= 1
worker: $(VENV)/.run-installed
	$(VENV)/bin/celery -A astana_migration worker --loglevel=INFO --concurrency=2

beat: export REDIS_URL ?= redis://127.0.0.1:6379/0
beat: export DJANGO_DEBUG ?= 1
beat: $(VENV)/.run-installed
	mkdir -p var
	$(VENV)/bin/celery -A astana_migration beat --loglevel=INFO --schedule var/celerybeat-schedule

# Benchmarks (bench/): each prints its figures. They use PostgreSQL (BENCH_DATABASE_URL).
bench-%: export DATABASE_URL = $(or $(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/astana_bench)
bench-%: export REDIS_URL ?= redis://127.0.0.1:6379/10
bench-%: export DJANGO_DEBUG = 1
bench-api: $(VENV)/.dev-installed messages
	$(PY) bench/settlements_api.py
bench-import: $(VENV)/.dev-installed messages
	$(PY) bench/registration_import.py
bench-admin: $(VENV)/.dev-installed messages
	$(PY) bench/registration_admin.py
bench-admin-crawl: $(VENV)/.dev-installed messages
	$(PY) bench/admin_crawl.py
bench-monitoring: $(VENV)/.dev-installed messages
	$(PY) bench/monitoring.py
# Its quotas and 100,000 admissions are its own: a database apart from the demo data the admin
# crawl loads (whose proposals and limit changes hold on to their quotas).
bench-quota-fill: export DATABASE_URL = $(or $(BENCH_FILL_DATABASE_URL),postgres://postgres@127.0.0.1:5432/astana_bench_fill)
bench-quota-fill: $(VENV)/.dev-installed messages
	$(PY) bench/quota_fill.py
bench-uploads: $(VENV)/.dev-installed messages
	$(PY) bench/hostile_uploads.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
