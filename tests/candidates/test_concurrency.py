"""Many clients moving one application with the same version, on real PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from candidates.models import Application, Transition
from candidates.services import applications as svc
from recruiting.errors import Conflict
from tests import factories as f
from tests.conftest import World

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_only_one_of_many_concurrent_moves_with_the_same_version_wins(
    world: World, recruiter: Any
) -> None:
    assert connection.vendor == "postgresql"
    candidate = f.CandidateFactory(specialties=[world.nlp])
    application = svc.application_create(
        candidate=candidate, job=world.job, actor=recruiter
    ).application
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def move() -> None:
        try:
            start.wait()
            svc.application_advance(
                application_id=application.pk, expected_version=1, actor=recruiter
            )
            result = "moved"
        except Conflict:
            result = "conflict"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=move) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["moved"]
    application.refresh_from_db()
    assert application.version == 2
    assert Transition.objects.filter(application=application, kind="moved").count() == 1
    assert Application.objects.get(pk=application.pk).stage.kind == "screen"


@pytest.mark.django_db(transaction=True)
def test_concurrent_hires_never_exceed_the_headcount(world: World, recruiter: Any) -> None:
    world.job.headcount = 1
    world.job.save()
    applications = []
    for _ in range(4):
        created = svc.application_create(
            candidate=f.CandidateFactory(), job=world.job, actor=recruiter
        ).application
        offer = world.standard.stages.get(kind="offer")
        applications.append(
            svc.application_move(
                application_id=created.pk,
                expected_version=1,
                actor=recruiter,
                to_stage_id=offer.pk,
                reason="Offer",
            ).application
        )
    start = threading.Barrier(len(applications))
    results: list[str] = []

    def hire(application: Application) -> None:
        try:
            start.wait()
            svc.application_hire(application_id=application.pk, expected_version=2, actor=recruiter)
            results.append("hired")
        except Conflict:
            results.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hire, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    world.job.refresh_from_db()
    assert sorted(results) == ["full", "full", "full", "hired"]
    assert (world.job.hired_count, world.job.status) == (1, "closed")
    assert Application.objects.filter(status="hired").count() == 1
