"""The assessor's inbox in-process: SQL per request, request time, and the page's plan.

The persona has 5,000 open assessments in a unit of 200,000 applications (see
`assessment_data`); requests carry her token, as a client's would, through Django's
test client, so the figures include authentication, the middleware and rendering.
The web page (`/assessments/`, the first 50 rows rendered in the template with the
layout around them) is measured the same way with her session.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from candidates.models import Application, Assessment, Assignment
from tests.bench.assessment_org import AssessmentWorld
from tests.bench.database import SetupError
from tests.bench.explain import explain_analyze
from tests.bench.listing import token_client

INBOX_URL = "/api/v1/assessments/?mine=true&status=pending&page_size={size}"
PAGE_URL = "/assessments/"
PAGE_ROWS = 50
ROW_LINK = re.compile(rb'href="/assessments/\d+/"')
PAGE_SIZES = (10, 50)
TIMED_PAGE_SIZE = 50
WARMUP = 10
REQUESTS = 200


@dataclass(frozen=True)
class InboxFigures:
    open_assessments: int
    unit_applications: int
    by_page_size: dict[int, int]
    statements: list[str]
    p50_ms: float
    p90_ms: float
    requests: int
    planning_ms: float
    execution_ms: float
    plan: list[str]

    @property
    def most(self) -> int:
        return max(self.by_page_size.values())

    @property
    def constant(self) -> bool:
        return len(set(self.by_page_size.values())) == 1


def measure(aw: AssessmentWorld) -> InboxFigures:
    persona = aw.inbox_assessor
    client = token_client(aw.inbox_token)
    for _ in range(WARMUP):
        _page(client, TIMED_PAGE_SIZE)
    counts: dict[int, int] = {}
    statements: list[str] = []
    for size in PAGE_SIZES:
        with CaptureQueriesContext(connection) as captured:
            _check(_page(client, size), size, persona.pk)
        counts[size] = len(captured.captured_queries)
        if size == TIMED_PAGE_SIZE:
            statements = [q["sql"] for q in captured.captured_queries]
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        _page(client, TIMED_PAGE_SIZE)
        times.append((time.perf_counter() - started) * 1000)
    page_sql = next(s for s in statements if s.startswith('SELECT "candidates_assessment"'))
    explained = explain_analyze(page_sql)
    return InboxFigures(
        open_assessments=Assessment.objects.filter(
            status=Assessment.Status.PENDING,
            seats__assessor=persona,
            seats__status=Assignment.Status.ASSIGNED,
        ).count(),
        unit_applications=Application.objects.filter(job__unit=aw.inbox_unit).count(),
        by_page_size=counts,
        statements=statements,
        p50_ms=statistics.median(times),
        p90_ms=statistics.quantiles(times, n=10)[-1],
        requests=len(times),
        planning_ms=explained.planning_ms,
        execution_ms=explained.execution_ms,
        plan=explained.plan,
    )


def _page(client: Any, size: int) -> list[dict[str, Any]]:
    url = INBOX_URL.format(size=size)
    response = client.get(url)
    if response.status_code != 200:
        raise SetupError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    rows: list[dict[str, Any]] = response.json()["results"]
    return rows


def _check(rows: list[dict[str, Any]], size: int, persona_id: int) -> None:
    """A full page of the persona's open seats, soonest due first: else the figure lies."""
    if len(rows) != size:
        raise SetupError(f"The inbox returned {len(rows)} rows for page_size={size}.")
    wrong = [r["id"] for r in rows if r["status"] != "pending" or r["my_seat"] != "assigned"]
    if wrong:
        raise SetupError(f"Inbox rows {wrong[:5]} are not open seats of user {persona_id}.")
    due = [r["due_at"] for r in rows]
    if due != sorted(due):
        raise SetupError("The inbox is not ordered by due time.")


@dataclass(frozen=True)
class PageFigures:
    rows: int
    queries: int
    p50_ms: float
    p90_ms: float
    requests: int


def _plain_static() -> dict[str, Any]:
    """The bench runs with DEBUG off, where static URLs come from collectstatic's
    manifest; the page's figures are about serving it, not about collecting files."""
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    return {**settings.STORAGES, "staticfiles": {"BACKEND": plain}}


def measure_page(aw: AssessmentWorld) -> PageFigures:
    """The inbox web page as the persona opens it: rows, SQL per request, times."""
    client = Client()
    client.force_login(aw.inbox_assessor)
    with override_settings(STORAGES=_plain_static()):
        for _ in range(WARMUP):
            _web_page(client)
        with CaptureQueriesContext(connection) as captured:
            rows = len(ROW_LINK.findall(_web_page(client)))
        # Read now: every request empties the connection's query log.
        queries = len(captured.captured_queries)
        if rows != PAGE_ROWS:
            raise SetupError(f"The inbox page shows {rows} rows, not {PAGE_ROWS}.")
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            _web_page(client)
            times.append((time.perf_counter() - started) * 1000)
    return PageFigures(
        rows=rows,
        queries=queries,
        p50_ms=statistics.median(times),
        p90_ms=statistics.quantiles(times, n=10)[-1],
        requests=len(times),
    )


def _web_page(client: Client) -> bytes:
    response = client.get(PAGE_URL)
    if response.status_code != 200:
        raise SetupError(f"GET {PAGE_URL} answered {response.status_code}.")
    return bytes(response.content)
