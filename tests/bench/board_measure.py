"""The pipeline board in-process: its full render at 2,000 and 10,000 applications, the
SQL it takes, and a drop through its endpoint, as report rows.

Requests go through Django's test client with a logged-in session, so the figures
include the session, the middleware, the queries and the rendering: the server's time
for the page. The page loads no fragment at first paint: each column's "load more"
sits below its first cards, inside the column's own scroll, and is fetched only when
scrolled to (its time is reported apart). A drop's answer is the move's outcome; the
two columns it touched are then read again as fragments (their time is reported apart
too).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client, override_settings

from candidates.models import Application
from candidates.web.board import keyset, selectors
from candidates.web.board.filters import SHOW_OPEN, SHOWN_STATUSES
from tests.bench import board_data, movers
from tests.bench import organisation as org
from tests.bench.database import SetupError
from tests.bench.listing import token_client
from tests.bench.report import Report

Say = Callable[[str], None]

WARMUP = 5
RENDERS = 40
DROPS = 30
TARGET_RENDER_MS = 180.0
TARGET_DROP_MS = 20.0
# "Flat": the larger job's median within this factor of the smaller one's.
FLAT_RATIO = 1.25
# The figures for an established open-source ATS on this machine class.
REFERENCE_RENDER_S = 8.9
REFERENCE_MOVE_S = 3.0
HTMX = {"HTTP_HX_REQUEST": "true"}
# Pages render templates with {% static %}: in-process, without a collectstatic
# manifest, the plain storage names the files.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p90_ms: float
    queries: int
    # This process's CPU time per request, median: what the machine's load (the
    # database's share, other processes) does not change.
    cpu_ms: float

    @property
    def shown(self) -> str:
        return f"{self.p50_ms:.1f} / {self.p90_ms:.1f} ({self.cpu_ms:.1f} CPU)"

    def details(self) -> dict[str, Any]:
        shown = {"p50_ms": round(self.p50_ms, 2), "p90_ms": round(self.p90_ms, 2)}
        return {**shown, "cpu_ms": round(self.cpu_ms, 2), "queries": self.queries}


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def _statements(call: Callable[[], Any]) -> int:
    """How many SQL statements `call` runs (counted as they execute: each request
    resets Django's query log, so the log cannot count a request from outside)."""
    count = 0

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        call()
    return count


def _timing(call: Callable[[], Any], n: int) -> Timing:
    """`call` warmed up, its statements counted once, then timed `n` times."""
    return _interleaved([call], n)[0]


def _interleaved(calls: list[Callable[[], Any]], n: int) -> list[Timing]:
    """Each call warmed up and its statements counted, then timed `n` times in turns,
    so that the machine's moods (it is shared) fall on all of them alike."""
    for call in calls:
        for _ in range(WARMUP):
            call()
    queries = [_statements(call) for call in calls]
    times: list[list[float]] = [[] for _ in calls]
    cpu: list[list[float]] = [[] for _ in calls]
    for _ in range(n):
        for index, call in enumerate(calls):
            started, used = time.perf_counter(), time.process_time()
            call()
            times[index].append((time.perf_counter() - started) * 1000)
            cpu[index].append((time.process_time() - used) * 1000)
    return [
        Timing(
            statistics.median(wall),
            statistics.quantiles(wall, n=10)[-1],
            count,
            statistics.median(used),
        )
        for wall, used, count in zip(times, cpu, queries, strict=True)
    ]


def _get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    if response.status_code != 200:
        raise SetupError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def renders(client: Client, jobs: dict[int, Any], tab: str) -> dict[int, tuple[Timing, int]]:
    """The board's full render of each job, in turns: (timing, cards on the page)."""
    sizes = sorted(jobs)
    urls = [f"/jobs/{jobs[size].pk}/board/?{tab}" for size in sizes]
    cards = [_get(client, url).content.count(b'class="app-card') for url in urls]
    calls = [lambda url=url: _get(client, url) for url in urls]
    timings = _interleaved(calls, RENDERS)
    return {size: (timings[i], cards[i]) for i, size in enumerate(sizes)}


def fragment(client: Client, url: str) -> Timing:
    """An htmx fragment of the board, as the page asks for it."""
    return _timing(lambda: _get(client, url, **HTMX), RENDERS)


def refresh(client: Client, job_id: int, stage_id: int, tab: str) -> Timing:
    """One column read again, as after a drop."""
    return fragment(client, f"/jobs/{job_id}/board/stages/{stage_id}/?{tab}")


def load_more(client: Client, job_id: int, stage_id: int, tab: str) -> Timing:
    """The next cards of a column, after its first page."""
    last = (
        Application.objects.filter(
            job_id=job_id, stage_id=stage_id, status__in=SHOWN_STATUSES[SHOW_OPEN]
        )
        .order_by(*selectors.ORDER.order_by())
        .values("stage_entered_at", "id")[selectors.PAGE - 1]
    )
    token = keyset.encode((last["stage_entered_at"], last["id"]))
    return fragment(client, f"/jobs/{job_id}/board/stages/{stage_id}/?{tab}&after={token}")


def drops(client: Client, world: org.Organisation, job_id: int, ids: list[int]) -> Timing:
    """Each fresh application dropped on the next stage through the board's endpoint
    (an advance by the engine)."""
    screen = world.stages[org.STANDARD][1].pk
    track = world.tracks[org.STANDARD]
    query = f"?track={track.pk}&version={track.current_version}"
    waiting = iter(ids)

    def drop() -> None:
        pk = next(waiting)
        response = client.post(
            f"/jobs/{job_id}/board/applications/{pk}/act/{query}",
            {"action": "move", "version": 1, "to_stage": screen},
            **HTMX,
        )
        if response.status_code != 200:
            raise SetupError(f"The drop of {pk} answered {response.status_code}.")

    return _timing(drop, len(ids) - WARMUP - 1)


def api_advances(token: str, ids: list[int]) -> Timing:
    """The same engine command through the API (`POST …/advance/`), for comparison."""
    client = token_client(token)
    waiting = iter(ids)

    def advance() -> None:
        pk = next(waiting)
        response = client.post(f"/api/v1/applications/{pk}/advance/", {"version": 1}, format="json")
        if response.status_code != 200:
            raise SetupError(f"The API's advance of {pk} answered {response.status_code}.")

    return _timing(advance, len(ids) - WARMUP - 1)


def prepare(say: Say) -> tuple[org.Organisation, board_data.BoardJobs]:
    board_data.organisation_ensure()
    if not board_data.is_current():
        say("building the board dataset (2,000 and 10,000 applications; first run only)…")
        board_data.delete_all()
        started = time.monotonic()
        count = board_data.build(org.load_organisation())
        say(f"built {count:,} applications in {time.monotonic() - started:.0f}s")
    else:
        say("reusing the board dataset")
    return org.load_organisation(), board_data.load()


def measure_board(report: Report, say: Say) -> None:
    world, jobs = prepare(say)
    big = jobs.by_size[max(board_data.SIZES)]
    first = world.stages[org.STANDARD][0].pk
    # The standard track's tab: the profile bench's tracks, in the same database, may
    # sort before it and be the board's first tab.
    standard = world.tracks[org.STANDARD]
    tab = f"track={standard.pk}&version={standard.current_version}"
    # Fresh applications at the first stage for the drops, made before the renders so
    # that every render sees the same job.
    each = WARMUP + 1 + DROPS
    ids = movers.fresh_applications(world, 2 * each, jobs=[big])
    client = Client()
    client.force_login(world.recruiter)
    with override_settings(STORAGES=PLAIN_STATIC):
        say(f"board renders, {RENDERS} of each job in turns…")
        rendered = renders(client, jobs.by_size, tab)
        say("a column's next cards (load more); a column read again…")
        more = load_more(client, big.pk, first, tab)
        again = refresh(client, big.pk, first, tab)
        say(f"drops: {DROPS} through the board's endpoint…")
        dropped = drops(client, world, big.pk, ids[:each])
        api = api_advances(world.token, ids[each:])
    parts = {"more": more, "again": again, "drop": dropped, "api": api}
    report_board(report, rendered, parts)


def report_board(
    report: Report, renders: dict[int, tuple[Timing, int]], parts: dict[str, Timing]
) -> None:
    small, large = min(renders), max(renders)
    report.section("Pipeline board  GET /jobs/{id}/board/, in-process, logged in")
    for size, (timing, cards) in sorted(renders.items()):
        report.add(
            f"board_{size}_ms",
            f"full render, {size:,} applications ({cards} cards shown), median / p90 (CPU)",
            timing.shown,
            "ms",
            target=f"median <= {TARGET_RENDER_MS:g} ms",
            ok=timing.p50_ms <= TARGET_RENDER_MS,
        )
    ratio = renders[large][0].p50_ms / renders[small][0].p50_ms
    report.add(
        "board_flat",
        f"median at {large:,} / at {small:,}",
        f"{ratio:.2f}",
        target=f"<= {FLAT_RATIO:g} (flat)",
        ok=ratio <= FLAT_RATIO,
    )
    counts = [renders[size][0].queries for size in sorted(renders)]
    report.add(
        "board_queries",
        f"SQL queries per render, {small:,} / {large:,}",
        " / ".join(str(c) for c in counts),
        target="the same",
        ok=len(set(counts)) == 1,
    )
    report.add("board_first_paint_fragments", "fragments loaded at first paint", 0)
    more, again, dropped = parts["more"], parts["again"], parts["drop"]
    report.add(
        "board_more_ms",
        f"a column's next {selectors.PAGE} cards (load more, on scroll), median / p90 (CPU)",
        more.shown,
        "ms",
    )
    report.add(
        "board_drop_ms",
        "one drop: an advance through the board's endpoint, median / p90 (CPU)",
        dropped.shown,
        "ms",
        target=f"median <= {TARGET_DROP_MS:g} ms",
        ok=dropped.p50_ms <= TARGET_DROP_MS,
    )
    report.add(
        "board_drop_queries",
        "SQL statements per drop / per the API's advance",
        f"{dropped.queries} / {parts['api'].queries}",
    )
    report.add(
        "board_api_advance_ms",
        "the same command through the API (POST …/advance/, token), median / p90 (CPU)",
        parts["api"].shown,
        "ms",
    )
    report.add(
        "board_refresh_ms",
        "then each of the two columns it touched, read again (htmx), median / p90 (CPU)",
        again.shown,
        "ms",
    )
    report.add(
        "board_vs_reference",
        f"vs the issue's open-source ATS ({REFERENCE_RENDER_S:g} s a board at 10,000, "
        f"{REFERENCE_MOVE_S:g} s a move): times faster, board / drop",
        f"{REFERENCE_RENDER_S * 1000 / renders[large][0].p50_ms:,.0f} / "
        f"{REFERENCE_MOVE_S * 1000 / dropped.p50_ms:,.0f}",
    )
    report.add("board_machine_load", "load average while measuring (1 min, 2 cores)", _load())
    report.details["board"] = {
        "renders": {size: t.details() for size, (t, _) in renders.items()},
        **{name: t.details() for name, t in parts.items()},
    }
