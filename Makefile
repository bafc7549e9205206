# Two commands: `make run` (set up everything, serve the demo) and `make test`.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recruiting
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run venv migrate demo test check browser services worker beat bench bench-notify clean

run: venv migrate demo ## Set up and serve the demo on http://127.0.0.1:$(PORT)
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements-dev.txt -c constraints.txt
	touch $@

migrate: venv
	$(PY) manage.py migrate --noinput

demo: venv
	$(PY) manage.py seed_demo

browser: ## Debian's Chromium for the browser tests (Playwright cannot download one here)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

services: ## Start PostgreSQL and Redis when they are not running
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

check: venv ## Lint, types and migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

test: venv services browser check ## Set up and pass the whole suite on PostgreSQL
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -q

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

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
