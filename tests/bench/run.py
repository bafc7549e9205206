"""`make bench`: build or reuse the datasets, measure, print the table, write core.json
(`--only core`, `--only assessments`, `--only scale`, `--only profile` or `--only board`
runs one section and writes <section>.json).

Throughput is always a ratio to a baseline measured in the same run (the machine is
shared and noisy), with the runs of the two interleaved. Exits non-zero only when the
setup is broken; a missed target is a figure, not a failure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import django

from tests.bench.broker import broker_url, empty_broker
from tests.bench.database import SetupError, database_url, ensure_database, recreate_database

RESULTS = Path("bench-results/core.json")
SECTIONS = ("core", "assessments", "scale", "profile", "board")
# Sections that build their own data and need only the schema, not the core dataset.
OWN_DATA = ("profile", "board")
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:5.0f}s] {message}", flush=True)


def setup_django(url: str, broker: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        REDIS_URL=broker,
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
        DEBUG="false",
        CONN_MAX_AGE="60",
    )
    if ensure_database(url):
        say("created the bench database")
    django.setup()


def prepare_data(url: str, only: str | None = None) -> None:
    """Migrate; reuse the dataset when this version of the bench built it, else rebuild.
    The profile and board sections build their own data."""
    from django.core.management import call_command
    from django.db import connections

    from tests.bench import dataset

    call_command("migrate", interactive=False, verbosity=0)
    if only in OWN_DATA:
        return
    if dataset.is_current():
        say("reusing the dataset")
        return
    if not dataset.is_empty():
        say("the dataset is from another version of the bench: recreating the database")
        connections.close_all()
        recreate_database(url)
        call_command("migrate", interactive=False, verbosity=0)
    say("building the dataset (first run only)…")
    started = time.monotonic()
    counts = dataset.build()
    say(
        f"built {counts.candidates:,} candidates, {counts.applications:,} applications and "
        f"{counts.transitions:,} transitions in {time.monotonic() - started:.0f}s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__)
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        help="run one section; its figures go to bench-results/<section>.json",
    )
    only = parser.parse_args(argv).only
    results = RESULTS.with_name(f"{only}.json") if only else RESULTS
    try:
        url, broker = database_url(), broker_url()
        empty_broker(broker)
        setup_django(url, broker)
        prepare_data(url, only)
        # Imports models: only once Django is set up.
        from tests.bench.measure import measure_all

        try:
            report = measure_all(url, broker, say, only=only)
        finally:
            empty_broker(broker)
    except SetupError as error:
        print(f"bench: broken setup: {error}", file=sys.stderr)
        return 2
    print()
    print(report.table())
    report.details["wall_seconds"] = round(time.monotonic() - STARTED, 1)
    report.write(results)
    print(f"\nWritten to {results} ({time.monotonic() - STARTED:.0f}s in all).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
