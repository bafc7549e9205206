"""Flat from 100k to 1M: every filter, ordering and search of the lists, the reports and
the SLA check, timed against both datasets side by side.

Two gunicorns with one worker each serve the 100k and the 1M database; every request
is sent to both in turn (warm-up first, then PASSES passes of REQUESTS each, the two
servers alternating request by request), so the machine's load falls on both alike.
The figure is the median time at 1M over the median at 100k. Where it exceeds the
target, the request's slowest statement is run under EXPLAIN ANALYZE on the 1M
database and its plan's top line is printed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.assessments.sla import assessments_check_sla
from candidates.models import Candidate
from recruiting.models import Drive
from tests.bench import organisation as org
from tests.bench import scale_data
from tests.bench.assessment_org import AssessmentWorld
from tests.bench.database import SetupError, scale_database_url
from tests.bench.dataset import BASE_DOMAIN
from tests.bench.listing import token_client
from tests.bench.organisation import Organisation
from tests.bench.report import Report
from tests.bench.server import gunicorn

Say = Callable[[str], None]
ROOT = Path(__file__).resolve().parents[2]

TARGET_RATIO = 1.5
WARMUP = 3
PASSES = 2
REQUESTS = 10
SLA_CHECK_PATH = "/bench/sla-check/"


@dataclass(frozen=True)
class Probe:
    label: str
    path: str
    # The inbox persona's token instead of the recruiter's.
    as_assessor: bool = False
    method: str = "GET"
    # False: printed for what it shows, no target (see the probe's label).
    targeted: bool = True


@dataclass(frozen=True)
class Timed:
    probe: Probe
    small_ms: float
    large_ms: float

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms if self.small_ms else 0.0


def probes(world: Organisation, aw: AssessmentWorld) -> list[Probe]:
    """The requests a recruiter (and an assessor) makes, with ids both databases share."""
    job = world.jobs[0]
    standard = world.tracks[org.STANDARD]
    interview = next(s for s in world.stages[org.STANDARD] if s.kind == "interview")
    drive = Drive.objects.order_by("id").first()
    rare = Candidate.objects.get(email_normalized=f"cand04242@{BASE_DOMAIN}")
    now = timezone.now().replace(microsecond=0)
    recent = (now - timedelta(days=30)).isoformat()
    older = (now - timedelta(days=200)).isoformat()
    apps = "/api/v1/applications/"
    found: list[tuple[str, dict[str, Any]]] = [
        ("no filter", {}),
        ("job", {"job": job.pk}),
        ("status", {"status": "active"}),
        ("status, two values", {"status": ["on_hold", "hired"]}),
        ("track", {"track": standard.pk}),
        ("stage", {"stage": interview.pk}),
        ("stage_kind", {"stage_kind": "interview"}),
        ("fast_track", {"fast_track": "true"}),
        ("unit", {"unit": job.unit_id}),
        ("specialty", {"specialty": job.specialty_id}),
        ("location", {"location": job.location_id}),
        ("drive", {"drive": drive.pk if drive else 1}),
        ("created_after", {"created_after": recent}),
        ("created_before", {"created_before": older}),
        ("overdue", {"overdue": "true"}),
        ("job + status", {"job": job.pk, "status": "active"}),
        ("job + stage_kind", {"job": job.pk, "stage_kind": "interview"}),
        ("job + overdue", {"job": job.pk, "overdue": "true"}),
        ("unit + status", {"unit": job.unit_id, "status": "active"}),
        ("fast_track + status", {"fast_track": "true", "status": "active"}),
        ("ordering=stage_entered_at", {"ordering": "stage_entered_at"}),
        ("ordering=-stage_entered_at", {"ordering": "-stage_entered_at"}),
        ("ordering=created_at", {"ordering": "created_at"}),
        ("job + ordering=stage_entered_at", {"job": job.pk, "ordering": "stage_entered_at"}),
        (
            "status + ordering=-stage_entered_at",
            {"status": "active", "ordering": "-stage_entered_at"},
        ),
        ("q=Wang", {"q": "Wang"}),
        ("q=<one person's email> (cand04242)", {"q": "cand04242"}),
        ("q=Wang + status", {"q": "Wang", "status": "active"}),
        ("job + q=Wang", {"job": job.pk, "q": "Wang"}),
    ]
    listed = [Probe(f"applications: {label}", _url(apps, query)) for label, query in found]
    # A name is ten times as common among ten times the people: the page holds ten
    # times the rows, which costs what a fuller page costs, whatever the search does.
    listed.append(
        Probe(
            f"applications: q=<a rare name> ({rare.full_name}; 10x the matches at 1M)",
            _url(apps, {"q": rare.full_name}),
            targeted=False,
        )
    )
    people = "/api/v1/candidates/"
    listed += [
        Probe(f"candidates: {label}", _url(people, query))
        for label, query in (
            ("no filter", {}),
            ("q=Wang", {"q": "Wang"}),
            ("q=<one person's email>", {"q": "cand04242"}),
            ("ordering=full_name", {"ordering": "full_name"}),
            ("specialty", {"specialty": job.specialty_id}),
            ("source", {"source": "referral"}),
        )
    ]
    assessments = "/api/v1/assessments/"
    listed += [
        Probe(f"assessments: {label}", _url(assessments, query))
        for label, query in (
            ("no filter", {}),
            ("status=pending", {"status": "pending"}),
            ("overdue", {"overdue": "true"}),
            ("status=decided", {"status": "decided"}),
            ("unit", {"unit": aw.inbox_unit.pk}),
        )
    ]
    listed += [
        Probe(
            "assessments: the inbox (mine, pending)",
            _url(assessments, {"mine": "true", "status": "pending"}),
            as_assessor=True,
        ),
        Probe("/reports/calibration/assessors/", "/api/v1/reports/calibration/assessors/"),
        Probe("/reports/calibration/units/", "/api/v1/reports/calibration/units/"),
        Probe("check_assessment_slas, nothing to send", SLA_CHECK_PATH, method="POST"),
    ]
    return listed


def _url(path: str, query: dict[str, Any]) -> str:
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def _request(base: str, probe: Probe, token: str) -> float:
    request = urllib.request.Request(
        base + probe.path,
        data=b"{}" if probe.method == "POST" else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method=probe.method,
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise SetupError(f"{probe.method} {probe.path} answered {error.code}") from error
    return (time.perf_counter() - started) * 1000


def time_probe(small: str, large: str, probe: Probe, token: str) -> Timed:
    for _ in range(WARMUP):
        _request(small, probe, token)
        _request(large, probe, token)
    times: dict[str, list[float]] = {small: [], large: []}
    for index in range(PASSES):
        order = (small, large) if index % 2 == 0 else (large, small)
        for _ in range(REQUESTS):
            for base in order:
                times[base].append(_request(base, probe, token))
    return Timed(probe, statistics.median(times[small]), statistics.median(times[large]))


def cursor_probe(base: str, token: str, pages: int = 20) -> Probe:
    """Page 21 of the unfiltered list, as a client reaches it: by the `next` links."""
    path = "/api/v1/applications/"
    for _ in range(pages):
        request = urllib.request.Request(base + path, headers={"Authorization": f"Token {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            following = json.load(response)["next"]
        path = following[following.index("/api/") :]
    return Probe("applications: cursor page 21", path)


def top_plan_line(probe: Probe, token: str, large_url: str) -> str:
    """The request's slowest statement at 1M: its plan's top line and execution time.
    The statements are captured in-process on the 100k database (ids are shared)."""
    client = token_client(token)
    with CaptureQueriesContext(connection) as captured:
        if probe.method == "POST":
            client.post(probe.path, {}, format="json")
        else:
            client.get(probe.path)
    statements = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    if not statements:
        return "no SELECT captured"
    best: tuple[float, str] = (-1.0, "")
    with psycopg.connect(large_url) as conn:
        for statement in statements:
            rows = conn.execute(f"EXPLAIN (ANALYZE) {statement}".encode()).fetchall()
            conn.rollback()
            plan = [row[0] for row in rows]
            took = float(plan[-1].split(":")[1].split()[0])
            if took > best[0]:
                best = (took, plan[0].split("  (")[0].strip())
    return f"{best[1]} ({best[0]:.1f} ms)"


def measure(
    report: Report,
    small: str,
    large: str,
    large_url: str,
    world: Organisation,
    aw: AssessmentWorld,
    say: Say,
) -> None:
    listed = probes(world, aw)
    # The first check sends what is due; the measured ones have nothing left to send.
    for base in (small, large):
        _request(base, listed[-1], world.token)
    report.section(
        f"Flat from 100k to 1M  median of {PASSES * REQUESTS} requests each, gunicorn -w 1 per "
        "database, alternating"
    )
    cursor = (cursor_probe(small, world.token), cursor_probe(large, world.token))
    timed: list[Timed] = []
    for probe in [*listed[:1], cursor[0], *listed[1:]]:
        token = aw.inbox_token if probe.as_assessor else world.token
        if probe is cursor[0]:
            result = _cursor_timed(small, large, cursor, token)
        else:
            result = time_probe(small, large, probe, token)
        timed.append(result)
        ok = result.ratio <= TARGET_RATIO
        report.add(
            f"scale_{len(timed):02d}",
            probe.label,
            f"{result.small_ms:.1f} / {result.large_ms:.1f} ms  {result.ratio:.2f}x",
            target=f"<= {TARGET_RATIO}x" if probe.targeted else "",
            ok=ok if probe.targeted else None,
        )
        if result.ratio > TARGET_RATIO and probe is not cursor[0]:
            report.section(f"      1M plan: {top_plan_line(probe, token, large_url)}")
        say(f"scale: {probe.label}: {result.ratio:.2f}x")
    report.details["scale"] = [
        {"request": t.probe.path, "label": t.probe.label, "ms_100k": round(t.small_ms, 2),
         "ms_1m": round(t.large_ms, 2), "ratio": round(t.ratio, 3)}
        for t in timed
    ]  # fmt: skip


def _cursor_timed(small: str, large: str, cursor: tuple[Probe, Probe], token: str) -> Timed:
    for _ in range(WARMUP):
        _request(small, cursor[0], token)
        _request(large, cursor[1], token)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(PASSES * REQUESTS):
        times[0].append(_request(small, cursor[0], token))
        times[1].append(_request(large, cursor[1], token))
    return Timed(cursor[0], statistics.median(times[0]), statistics.median(times[1]))


def measure_scale(report: Report, url: str, broker: str, say: Say) -> None:
    """Build or reuse the 1M database beside the 100k one, then time every probe."""
    from tests.bench.assessment_measure import prepare

    world, aw = prepare(say)
    large_url = scale_database_url(url)
    if scale_data.is_current(large_url):
        say("scale: reusing the 1M dataset")
    else:
        say("scale: building the 1M dataset (first run only)…")
        started = time.monotonic()
        connections.close_all()
        count = scale_data.build(url, large_url, say)
        _manage(large_url, broker, "migrate", "--noinput")
        _manage(large_url, broker, "recount_assessment_figures")
        say(f"scale: {count:,} applications in {time.monotonic() - started:.0f}s")
    _manage(large_url, broker, "migrate", "--noinput")
    scale_data.copy_tokens(url, large_url)
    say("scale: the SLA check sends what is due, on both, before it is timed…")
    assessments_check_sla()
    _manage(large_url, broker, "shell", "-c", _SLA_CHECK)
    say(f"scale: {len(probes(world, aw)) + 1} requests, each on both databases…")
    with gunicorn(url, broker, workers=1) as small, gunicorn(large_url, broker, workers=1) as large:
        measure(report, small, large, large_url, world, aw, say)


_SLA_CHECK = "from candidates.assessments.sla import assessments_check_sla as c; print(c())"


def _manage(url: str, broker: str, *args: str) -> None:
    """manage.py against the 1M database (this process stays on the 100k one)."""
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": broker}
    env["DJANGO_SETTINGS_MODULE"] = "recruiting.project.settings"
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SetupError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
