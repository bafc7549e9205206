# Two commands: `make run` (set up everything, serve the demo) and `make test`.
SHELL := /bin/bash
PORT ?= 8000
# Links in emails point where `make run` serves.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recruiting
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: screenshots run venv assets translations messages image-python image-venv migrate demo test smoke fuzz check browser services worker beat bench bench-notify clean

run: venv assets translations migrate demo ## Set up and serve the demo on http://127.0.0.1:$(PORT)
	@echo "Log in at http://127.0.0.1:$(PORT)/accounts/login/ (admin, recruiter, lead, assessor or viewer; password demo-pass-2026)"
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements-dev.txt -c constraints.txt
	touch $@

# The pages' front-end libraries (htmx, SortableJS, Chart.js), pinned in package.json and
# its lock file, served from node_modules: never copied into the repository.
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: the pages need Node.js (18 or later) and npm to install their libraries. Install them (Debian: apt-get install nodejs npm; or https://nodejs.org), then run make again." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The interface's Chinese catalogue, compiled from its .po (the .mo is built, not kept).
LOCALE := candidates/web/locale
MO := $(LOCALE)/zh_Hans/LC_MESSAGES/django.mo
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tests --ignore=staticfiles --ignore=docs

translations: $(MO)

$(MO): $(LOCALE)/zh_Hans/LC_MESSAGES/django.po | venv
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py compilemessages -l zh_Hans $(MAKEMESSAGES_IGNORE)

messages: venv ## Collect new strings into the catalogue (then translate them in the .po)
	$(PY) manage.py makemessages -l zh_Hans --add-location=file --no-obsolete $(MAKEMESSAGES_IGNORE)

# The image's Python packages for the smoke test (tests/integration/test_image.py), which
# runs the image's processes as an unprivileged user: requirements.txt alone, as the image
# installs them, on a Python that user may run (.venv's links into /root/.pyenv, which
# only root may enter). Kept between runs, one per set of pinned requirements.
IMAGE_PYTHON ?= /usr/bin/python3.11
REQUIREMENTS_HASH := $(shell cat requirements.txt constraints.txt | sha256sum | cut -c1-12)
IMAGE_VENV ?= /var/cache/recruiting/image-venv-$(REQUIREMENTS_HASH)

image-python: ## Debian's Python 3.11 with venv, and with dbm.gnu as the image's has (beat's schedule)
	@$(IMAGE_PYTHON) -c 'import ensurepip, dbm.gnu' 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11-venv python3-gdbm >/dev/null; }

image-venv: $(IMAGE_VENV)/.installed

$(IMAGE_VENV)/.installed: | image-python
	rm -rf $(IMAGE_VENV)
	$(IMAGE_PYTHON) -m venv $(IMAGE_VENV)
	$(IMAGE_VENV)/bin/pip install -q -r requirements.txt -c constraints.txt
	chmod -R a+rX $(IMAGE_VENV)
	touch $@

migrate: venv
	$(PY) manage.py migrate --noinput

demo: venv
	$(PY) manage.py seed_demo

browser: ## Debian's Chromium for the browser tests (Playwright cannot download one here), and a CJK font for legible zh-hans screenshots
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@fc-list :lang=zh | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; }

services: ## Start PostgreSQL and Redis when they are not running
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

check: venv ## Lint, types and migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

test: venv assets translations image-venv services browser check ## Set up and pass the whole suite on PostgreSQL
	DATABASE_URL=$(TEST_DATABASE_URL) IMAGE_VENV=$(IMAGE_VENV) FUZZ_BUDGET=$${FUZZ_BUDGET:-90} $(PY) -m pytest -q

smoke: venv assets translations image-venv services ## The image's processes as docker/compose.yaml starts them, no engine needed
	DATABASE_URL=$(TEST_DATABASE_URL) IMAGE_VENV=$(IMAGE_VENV) $(PY) -m pytest -q tests/integration/test_image.py

fuzz: venv assets services ## Contract fuzzing alone (part of make test): schemathesis on a real server, as an admin and as a recruiter
	DATABASE_URL=$(TEST_DATABASE_URL) FUZZ_REPORT_DIR=$${FUZZ_REPORT_DIR:-fuzz-report} \
		$(PY) -m pytest -q tests/contract

# Development processes, beside `make run`: DEBUG on, so they share its development key
# (a worker signs the unsubscribe links the web process checks).
worker: venv ## A Celery worker (needs REDIS_URL)
	DEBUG=true $(VENV)/bin/celery -A recruiting.project worker --loglevel=INFO

beat: venv ## Celery beat (needs REDIS_URL)
	DEBUG=true $(VENV)/bin/celery -A recruiting.project beat --loglevel=INFO

bench: venv services ## Benchmarks on their own PostgreSQL database; prints the figures
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/recruiting_bench} \
		$(PY) -m tests.bench.run

bench-notify: venv services ## Notification throughput against a no-op task (own database)
	$(PY) -m tests.bench.notify

# The pages as the browser tests last saw them (screenshots/, written by `make test`),
# each at 1280 and 360 px wide; the README shows this set from docs/screenshots/.
SHOTS := login-1280 dashboard-recruiter-1280 dashboard-recruiter-zh-360 dashboard-unit_lead-1280 \
	dashboard-viewer-360 board-1280 board-360 board-zh-1280 board-move-dialog-1280 \
	board-bulk-result-zh-1280 jobs-1280 applications-1280 applications-zh-360 \
	profiles-application-fast-1280 profiles-application-fast-zh-360 profiles-eligibility-1280 \
	profiles-candidate-form-errors-1280 profiles-dialog-override-1280 assessments-inbox-1280 \
	assessments-scorecard-drafted-1280 assessments-scorecard-submitted-zh-360 \
	assessments-packet-anonymised-1280 assessments-panels-1280 assessments-calibration-1280 \
	designer-stages-1280 designer-rule-simulation-1280 designer-rule-simulation-zh-360 api-docs

screenshots: ## Copy the browser tests' latest screenshots of every page into docs/screenshots/
	@mkdir -p docs/screenshots
	@for shot in $(SHOTS); do cp screenshots/$$shot.png docs/screenshots/$$shot.png || exit 1; done
	@echo "docs/screenshots/: $(words $(SHOTS)) pages"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles $(MO)
