"""Fresh applications for the moves bench: at the first stage, version 1, every run.

A pool of candidates kept for this (their own email domain) applies to the jobs; at
the start of each run their previous applications, with the history and outbox rows
the last run's moves wrote, are deleted and created again, so every id handed to the
load generator is known to be at version 1 at a stage with a next stage.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Application, Candidate, OutboxEvent, Transition
from recruiting.models import Job
from tests.bench import organisation as org
from tests.bench.copying import copy_instances, with_ids
from tests.bench.dataset import created_transitions, new_candidate

DOMAIN = "moves.bench"


def _pool(world: org.Organisation, size: int) -> list[int]:
    """Ids of `size` pool candidates, created when missing."""
    existing = list(
        Candidate.objects.filter(email_normalized__endswith=f"@{DOMAIN}")
        .order_by("id")
        .values_list("id", flat=True)
    )
    missing = size - len(existing)
    if missing > 0:
        rng = random.Random(len(existing))
        now = timezone.now()
        fresh = [
            new_candidate(rng, world, f"mover{n:05d}@{DOMAIN}", now)
            for n in range(len(existing), size)
        ]
        copy_instances(with_ids(fresh))
        existing += [c.pk for c in fresh]
    return existing[:size]


def _reset() -> None:
    """Delete what the last run created and moved; the ORM follows every cascade."""
    Application.objects.filter(candidate__email_normalized__endswith=f"@{DOMAIN}").delete()
    OutboxEvent.objects.all().delete()


def fresh_applications(
    world: org.Organisation, count: int, *, jobs: list[Job] | None = None
) -> list[int]:
    """`count` new applications at the standard track's first stage, version 1, spread
    over `jobs` (the core jobs by default); their ids."""
    jobs = jobs or world.jobs
    candidates = _pool(world, -(-count // len(jobs)))
    track = world.tracks[org.STANDARD]
    first = world.stages[org.STANDARD][0]
    # Years old: the list bench's first page shows the base dataset, not these.
    created = timezone.now() - timedelta(days=3 * 365)
    pairs = [(c, job) for c in candidates for job in jobs][:count]
    applications = [
        Application(
            candidate_id=candidate_id,
            job_id=job.pk,
            track_id=track.pk,
            track_version=track.current_version,
            stage_id=first.pk,
            status="active",
            stage_entered_at=created,
            due_at=created + first.sla if first.sla else None,
            version=1,
            created_by_id=world.recruiter.pk,
            created_at=created,
            updated_at=created,
        )
        for candidate_id, job in pairs
    ]
    with transaction.atomic():
        _reset()
        copy_instances(with_ids(applications))
        created_transitions(world, applications)
    _vacuum()
    return [app.pk for app in applications]


def _vacuum() -> None:
    """Reclaim the rows the reset deleted, so every run starts from the same table state."""
    tables = [m._meta.db_table for m in (Application, Transition, OutboxEvent)]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
