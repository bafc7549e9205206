"""The panel run's applications: 10,000 at the stage before the business-unit
assessment, version 1, created again every run, so the engine advances every one of
them and seats its panel for real. Their candidates are kept from run to run.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from candidates.assessments.loads import loads_recount
from candidates.assessments.tallies import tallies_recount
from candidates.models import Application, Candidate, OutboxEvent
from tests.bench import organisation as org
from tests.bench.assessment_data import (
    PANEL_APPLICATIONS,
    PANEL_DOMAIN,
    REFERRED_SHARE,
    SEED,
    application_row,
    vacuum,
)
from tests.bench.assessment_org import AssessmentWorld
from tests.bench.copying import copy_instances, with_ids
from tests.bench.dataset import created_transitions, new_candidate


def candidates(world: org.Organisation, aw: AssessmentWorld) -> list[int]:
    """Ids of the panel run's candidates, created on the first run."""
    per_job = PANEL_APPLICATIONS // len(aw.panel_jobs)
    existing = list(
        Candidate.objects.filter(email_normalized__endswith=f"@{PANEL_DOMAIN}")
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(existing) >= per_job:
        return existing[:per_job]
    rng = random.Random(SEED)
    now = timezone.now()
    members = sorted(aw.panel_members)
    fresh = []
    for n in range(len(existing), per_job):
        candidate = new_candidate(rng, world, f"panel{n:05d}@{PANEL_DOMAIN}", now)
        candidate.referred_by_id = rng.choice(members) if rng.random() < REFERRED_SHARE else None
        fresh.append(candidate)
    copy_instances(with_ids(fresh))
    return existing + [c.pk for c in fresh]


def reset(aw: AssessmentWorld) -> None:
    """Delete the last panel run: its applications (with their history, assessments,
    seats and scores) and the outbox rows it wrote."""
    with transaction.atomic():
        Application.objects.filter(job__unit=aw.panel_unit).delete()
        OutboxEvent.objects.filter(payload__unit_id=aw.panel_unit.pk).delete()
    # The deletes took seats and scorecards around the services that keep their counts.
    loads_recount()
    tallies_recount()
    vacuum()


def fresh_applications(world: org.Organisation, aw: AssessmentWorld) -> list[int]:
    """PANEL_APPLICATIONS new applications at CV review, version 1; their ids."""
    pool = candidates(world, aw)
    review = aw.review
    # Years old, like the moves bench's: the core list bench's first page stays the same.
    created = timezone.now() - timedelta(days=3 * 365)
    applications = [
        application_row(candidate_id, job.pk, aw, review, "active", created, created, version=1)
        for job in aw.panel_jobs
        for candidate_id in pool
    ]
    with transaction.atomic():
        copy_instances(with_ids(applications))
        created_transitions(world, applications)
    vacuum()
    return [a.pk for a in applications]
