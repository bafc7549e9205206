"""The application profile page (`GET /applications/{id}/`) of an application with 200
transitions, in-process through Django's test client as a logged-in recruiter: the
session, the middleware, every query and the template's rendering.

The history is written through the services (moves with reasons, holds, a rejection
undone, a switch to a fast track with its skipped stages), the outbox events are
fanned out into their deliveries (emails, in-app notices, a webhook), and 50,000 other
applications' events fall within the application's lifetime, as on a busy system: the
page reads the events that name this application among them.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from candidates.models import Application, Candidate, OutboxEvent, Publication, Transition
from candidates.notifications.dispatch import outbox_events_dispatch
from candidates.notifications.models import Delivery, WebhookEndpoint
from candidates.services import applications as svc
from candidates.services import fast_track
from recruiting.models import (
    BusinessUnit,
    EligibilityRule,
    Job,
    Location,
    RejectionReason,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import Role
from tests.bench.database import SetupError
from tests.bench.report import Report

Say = Callable[[str], None]

TRANSITIONS = 200
NOISE_EVENTS = 50_000
WARMUP = 5
REQUESTS = 40
TARGET_MS = 60.0
EMAIL = "profile@bench.profile"
RECRUITER, LEAD = "profile-bench-recruiter", "profile-bench-lead"
PREFIX = "Profile bench"
TOP_PAPER = {
    "fact": "publications",
    "op": "exists",
    "where": {"all": [{"fact": "tier", "op": "eq", "value": "top"}]},
    "min": 3,
}


@dataclass(frozen=True)
class ProfileFigures:
    transitions: int
    deliveries: int
    queries: int
    p50_ms: float
    p90_ms: float
    fastest_ms: float
    cpu_p50_ms: float
    load: float
    bytes: int


def _user(username: str, role: Role) -> Any:
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "Profile", "last_name": "Bench"}
    )
    if created:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def _stages(track: Track, kinds: list[str]) -> None:
    movers = [Role.ADMIN.value, Role.RECRUITER.value, Role.UNIT_LEAD.value]
    for position, kind in enumerate(kinds, start=1):
        Stage.objects.create(
            track=track,
            version=1,
            position=position,
            name=kind.replace("_", " ").capitalize(),
            kind=kind,
            sla=timedelta(hours=72) if kind != "hired" else None,
            movers=movers,
        )


def _organisation() -> tuple[Job, Any, Any]:
    recruiter, lead = _user(RECRUITER, Role.RECRUITER), _user(LEAD, Role.UNIT_LEAD)
    job = Job.objects.filter(title=f"{PREFIX} NLP Engineer").first()
    if job is not None:
        return job, recruiter, lead
    nlp, _ = Specialty.objects.get_or_create(
        slug="nlp", defaults={"name": "Natural language processing", "name_zh": "自然语言处理"}
    )
    city, _ = Location.objects.get_or_create(city="Beijing", defaults={"city_zh": "北京"})
    unit = BusinessUnit.objects.create(
        name=f"{PREFIX} unit", slug="profile-bench-unit", lead=lead, city=city
    )
    standard = Track.objects.create(name=f"{PREFIX} standard", kind=Track.Kind.STANDARD)
    _stages(standard, ["review", "screen", "written_test", "interview", "offer", "hired"])
    fast = Track.objects.create(
        name=f"{PREFIX} fast track",
        kind=Track.Kind.FAST,
        fallback_track=standard,
        fallback_stage_kind="written_test",
    )
    _stages(fast, ["review", "bu_assessment", "interview", "offer", "hired"])
    EligibilityRule.objects.create(track=fast, name="Three top papers", definition=TOP_PAPER)
    job = Job.objects.create(
        title=f"{PREFIX} NLP Engineer",
        unit=unit,
        specialty=nlp,
        location=city,
        salary_min=24_000,
        salary_max=45_000,
        status=Job.Status.OPEN,
    )
    job.tracks.set([standard, fast])
    RejectionReason.objects.get_or_create(
        code="profile-bench-no-fit", defaults={"label": "Not a fit for the role"}
    )
    WebhookEndpoint.objects.create(
        url="https://hooks.example.com/recruiting", owner=recruiter, event_types=["application.*"]
    )
    return job, recruiter, lead


def _history(application: Application, recruiter: Any, lead: Any, start: Any) -> None:
    """200 transitions through the services, three hours apart."""
    stages = {s.kind: s for s in Stage.objects.filter(track=application.track)}
    reason = RejectionReason.objects.get(code="profile-bench-no-fit")
    fast = Track.objects.get(name=f"{PREFIX} fast track")
    moment = [start]

    def do(service: Callable[..., Any], actor: Any = recruiter, **arguments: Any) -> None:
        moment[0] += timedelta(hours=3)
        version = Application.objects.values_list("version", flat=True).get(pk=application.pk)
        service(
            application_id=application.pk,
            expected_version=version,
            actor=actor,
            at=moment[0],
            **arguments,
        )

    for _ in range(48):  # 4 rows each
        do(svc.application_move, to_stage_id=stages["screen"].pk, reason="Phone screen booked")
        do(svc.application_hold, reason="Travelling")
        do(svc.application_resume)
        do(svc.application_move, to_stage_id=stages["review"].pk, reason="Second look at the CV")
    do(svc.application_reject, rejection_reason=reason)
    do(svc.application_unreject, reason="Rejected by mistake")
    do(svc.application_move, to_stage_id=stages["written_test"].pk, reason="Test sent")
    # From the written test: a skipped stage and the switch, two rows.
    do(
        fast_track.application_switch_track,
        actor=lead,
        track_id=fast.pk,
        override=True,
        reason="Known reviewer for ACL; the unit wants to meet them",
    )
    do(svc.application_hold)
    do(svc.application_resume)
    written = Transition.objects.filter(application=application).count()
    if written != TRANSITIONS:
        raise SetupError(f"The profile's history has {written} transitions, not {TRANSITIONS}.")


def _noise(job: Job, start: Any, end: Any) -> None:
    """Other applications' events written while this one lived."""
    span = (end - start) / NOISE_EVENTS
    rows = [
        OutboxEvent(
            id=uuid.uuid4(),
            type="application.moved",
            payload={"application_id": 10_000_000 + i, "job_id": job.pk, "kind": "moved"},
            status=OutboxEvent.Status.DISPATCHED,
            created_at=start + span * i,
            dispatched_at=start + span * i,
        )
        for i in range(NOISE_EVENTS)
    ]
    OutboxEvent.objects.bulk_create(rows, batch_size=5_000)


def prepare(say: Say) -> tuple[Application, Any]:
    """The application with its history (built once, then reused), and the recruiter."""
    job, recruiter, lead = _organisation()
    application = Application.objects.filter(candidate__email_normalized=EMAIL).first()
    if application is not None:
        if Transition.objects.filter(application=application).count() == TRANSITIONS:
            say("reusing the profile's application")
            return application, recruiter
        Candidate.objects.filter(pk=application.candidate_id).delete()
    say(f"building an application with {TRANSITIONS} transitions through the services…")
    started = time.monotonic()
    person = Candidate.objects.create(
        full_name="Lin Yutong",
        email=EMAIL,
        email_normalized=EMAIL,
        school="Tsinghua University",
        current_employer="iFlytek",
        education="phd",
        years_experience=7,
        source="referral",
        referred_by=lead,
        links=["https://github.com/lin-yutong", "https://scholar.google.com/citations?user=lyt"],
    )
    person.specialties.set([job.specialty])
    Publication.objects.bulk_create(
        Publication(candidate=person, title=f"Paper {i}", venue="ACL", year=2024, tier=tier)
        for i, tier in enumerate(("top", "strong", "other"))
    )
    start = timezone.now() - timedelta(days=30)
    WebhookEndpoint.objects.filter(owner__username=RECRUITER).update(is_active=True)
    application = svc.application_create(
        candidate=person, job=job, actor=recruiter, at=start
    ).application
    _history(application, recruiter, lead, start)
    ids = [
        str(pk)
        for pk in OutboxEvent.objects.filter(
            status=OutboxEvent.Status.PENDING, payload__application_id=application.pk
        ).values_list("pk", flat=True)
    ]
    for first in range(0, len(ids), 100):
        outbox_events_dispatch(event_ids=ids[first : first + 100])
    # Its deliveries stay; the endpoint must not add to other sections' moves.
    WebhookEndpoint.objects.filter(owner__username=RECRUITER).update(is_active=False)
    _noise(job, start, timezone.now())
    say(f"built it in {time.monotonic() - started:.0f}s")
    return application, recruiter


# Measured as DEBUG-off pages render, but reading static files' names without the
# collectstatic manifest (the bench does not build the front-end).
@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
def measure(application: Application, recruiter: Any) -> ProfileFigures:
    client = Client()
    client.force_login(recruiter)
    url = f"/applications/{application.pk}/"
    for _ in range(WARMUP):
        _get(client, url)
    # Counted by a wrapper: the request's start empties the debug log a capture reads.
    statements: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)
    ):
        page = _get(client, url)
    times, cpu = [], []
    load = os.getloadavg()[0]
    for _ in range(REQUESTS):
        started, started_cpu = time.perf_counter(), time.process_time()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return ProfileFigures(
        transitions=Transition.objects.filter(application=application).count(),
        deliveries=Delivery.objects.filter(event__payload__application_id=application.pk).count(),
        queries=len(statements),
        p50_ms=statistics.median(times),
        p90_ms=statistics.quantiles(times, n=10)[-1],
        fastest_ms=min(times),
        cpu_p50_ms=statistics.median(cpu),
        load=load,
        bytes=len(page.content),
    )


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SetupError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def measure_profile(report: Report, say: Say) -> None:
    application, recruiter = prepare(say)
    say(f"profile page: {WARMUP} warm-up requests, then {REQUESTS} timed…")
    figures = measure(application, recruiter)
    report.section("Application profile  GET /applications/{id}/ as a recruiter, in-process")
    report.add(
        "profile_dataset",
        "transitions / messages sent about it / page size",
        f"{figures.transitions} / {figures.deliveries} / {figures.bytes // 1024} KiB",
    )
    report.add("profile_queries", "SQL queries per request", figures.queries)
    report.add(
        "profile_p50_ms",
        f"server time, median of {REQUESTS}",
        f"{figures.p50_ms:.1f}",
        "ms",
        target=f"<= {TARGET_MS:g} ms",
        ok=figures.p50_ms <= TARGET_MS,
    )
    report.add("profile_p90_ms", "server time, 90th percentile", f"{figures.p90_ms:.1f}", "ms")
    # The machine is shared: the fastest request and the web process's own CPU time say
    # what the page costs when nothing else competes for the cores.
    report.add("profile_fastest_ms", "server time, fastest", f"{figures.fastest_ms:.1f}", "ms")
    report.add(
        "profile_cpu_ms", "CPU time of the web process, median", f"{figures.cpu_p50_ms:.1f}", "ms"
    )
    report.add("profile_load", "load average (1 min) when measured", f"{figures.load:.1f}")
