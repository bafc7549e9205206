"""The measurements in order; the in-process ones are here, the load ones in throughput."""

from __future__ import annotations

import os
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Application
from recruiting.project import celery_app
from tests.bench import dataset, movers
from tests.bench.assessment_measure import measure_assessments
from tests.bench.board_measure import measure_board
from tests.bench.broker import queued_tasks
from tests.bench.creates import reset as reset_creates
from tests.bench.creates import step_creates
from tests.bench.database import SetupError
from tests.bench.listing import query_counts, same_rows, token_client
from tests.bench.organisation import Organisation, load_organisation
from tests.bench.profile import measure_profile
from tests.bench.report import Report
from tests.bench.rule_eval import measure as measure_rules
from tests.bench.scale import measure_scale
from tests.bench.schema_memory import step_schema
from tests.bench.server import gunicorn
from tests.bench.throughput import (
    ADVANCE_PATH,
    BASELINE_ADVANCE_PATH,
    LIST_SECONDS,
    MOVES_SECONDS,
    ROUNDS,
    step_list_load,
    step_moves_load,
    step_moves_written,
)

Say = Callable[[str], None]

# Fresh applications for the moves, split into disjoint blocks, one per wrk run.
MOVES_POOL = 48_000
MAX_QUERIES = 5
TARGET_RULES_US = 1000.0


def measure_all(url: str, broker: str, say: Say, *, only: str | None = None) -> Report:
    """Every section, or only the one named ("core", "assessments", "scale", "profile"
    or "board")."""
    report = Report()
    if only in (None, "core"):
        measure_core(report, url, broker, say)
    if only in (None, "assessments"):
        measure_assessments(report, broker, say)
    if only in (None, "scale"):
        measure_scale(report, url, broker, say)
    if only in (None, "profile"):
        measure_profile(report, say)
    if only in (None, "board"):
        measure_board(report, say)
    return report


def measure_core(report: Report, url: str, broker: str, say: Say) -> None:
    world = load_organisation()
    report.details["dataset"] = dataset_figures()
    say("applications list: SQL per request…")
    step_query_counts(report, world.token)
    say("rule evaluation…")
    step_rules(report, world)
    say(f"creating {MOVES_POOL:,} fresh applications for the moves…")
    ids = movers.fresh_applications(world, MOVES_POOL)
    step_move_queries(report, world.token, ids[0:2])
    say("starting gunicorn (2 sync workers)…")
    with gunicorn(url, broker) as base:
        say(f"list load: {ROUNDS} rounds of {LIST_SECONDS:g}s per endpoint, interleaved…")
        step_list_load(report, base, world.token)
    # The issue fixes 2 workers for the list; moves use the same unless told otherwise.
    # (Measured here: 4 sync workers did no better on 2 cores; a move is CPU-bound.)
    workers = int(os.environ.get("BENCH_MOVES_WORKERS", "2"))
    say(f"starting gunicorn ({workers} sync workers) for the moves…")
    with gunicorn(url, broker, workers=workers) as base:
        say(f"moves load: {ROUNDS} rounds of {MOVES_SECONDS:g}s per endpoint, interleaved…")
        api_ids = step_moves_load(report, base, world.token, ids[2:4], ids[4:], workers=workers)
    queued = queued_tasks(broker, celery_app.conf.task_default_queue)
    step_moves_written(report, ids, [ids[0], *api_ids], queued)
    say(f"creates: deleted {reset_creates():,} rows of the last run; gunicorn ({workers} workers)…")
    with gunicorn(url, broker, workers=workers) as base:
        step_creates(report, base, world, workers=workers)
    say("schema endpoint: 200 calls on one worker…")
    step_schema(report, url, broker)


def dataset_figures() -> dict[str, int]:
    base = Application.objects.filter(candidate__email_normalized__endswith="@base.bench")
    return {
        "applications": base.count(),
        "jobs": base.values("job_id").distinct().count(),
        "candidates": base.values("candidate_id").distinct().count(),
        "fast_tracked": base.filter(is_fast_track=True).count(),
    }


def step_query_counts(report: Report, token: str) -> None:
    counts = query_counts(token)
    rows = same_rows(token)
    report.section("Applications list  GET /api/v1/applications/, in-process")
    shown = " / ".join(str(counts.by_page_size[size]) for size in sorted(counts.by_page_size))
    report.add(
        "list_queries",
        "SQL queries per request, page_size 10 / 50 / 200",
        shown,
        target=f"<= {MAX_QUERIES}, same for each",
        ok=counts.most <= MAX_QUERIES and counts.constant,
    )
    report.add(
        "list_count_query",
        "COUNT( queries",
        "yes" if counts.counts_rows else "none",
        target="none",
        ok=not counts.counts_rows,
    )
    report.add("list_same_rows", "API and baselines return the same page", f"{rows} rows")
    report.details["list_queries"] = {
        "by_page_size": counts.by_page_size,
        "statements_page_50": counts.statements,
    }


def step_rules(report: Report, world: Organisation) -> None:
    candidate = dataset.showcase_candidate()
    slugs = set(candidate.specialties.values_list("slug", flat=True))
    job = next(j for j in world.jobs if j.specialty.slug in slugs)
    times = measure_rules(candidate.pk, job.pk)
    report.section(f"Rule evaluation  one candidate x {times.rules} compiled rules")
    target = f"< {TARGET_RULES_US:g} us"
    report.add(
        "rules_matches_us",
        f"matches, all {times.rules} rules ({times.matched} hold)",
        times.matches_us,
        "us",
        target=target,
        ok=times.matches_us < TARGET_RULES_US,
    )
    report.add(
        "rules_explain_us",
        f"explain, all {times.rules} rules",
        times.explain_us,
        "us",
        target=target,
        ok=times.explain_us < TARGET_RULES_US,
    )
    report.add(
        "facts_db_ms",
        f"candidate facts from the database ({times.facts_db_queries} queries)",
        times.facts_db_ms,
        "ms",
    )
    report.add(
        "facts_memory_us", "candidate facts from prefetched rows", times.facts_memory_us, "us"
    )


def step_move_queries(report: Report, token: str, ids: list[int]) -> None:
    """One advance of each kind in-process: it works, and what it costs in SQL."""
    client = token_client(token)
    counts = []
    for path, pk in zip((ADVANCE_PATH, BASELINE_ADVANCE_PATH), ids, strict=True):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path % pk, {"version": 1}, format="json")
        if response.status_code != 200 or response.json()["version"] != 2:
            raise SetupError(
                f"POST {path % pk} answered {response.status_code}: {response.content[:300]!r}"
            )
        counts.append(len(captured.captured_queries))
    report.section("Moves  POST /api/v1/applications/{id}/advance/, in-process")
    report.add(
        "advance_queries", "SQL statements per move, API / baseline", f"{counts[0]} / {counts[1]}"
    )
    report.details["advance_queries"] = {"api": counts[0], "baseline": counts[1]}
