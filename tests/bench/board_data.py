"""The board bench's data: two jobs of the NLP unit, one with 2,000 applications and one
with 10,000, written with COPY like the core dataset and consistent in the same ways
(`dataset._application`: statuses and stages in the pipeline's proportions, due times
from the stages' SLAs, fast-track reasons as the router records them, a `created`
Transition each). Built once per version of this module; the core dataset is not
needed (`--only board` builds the organisation alone when it is missing).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Application, Candidate
from recruiting.models import BusinessUnit, Drive, Job, Location, Specialty, Track
from tests.bench import dataset
from tests.bench import organisation as org
from tests.bench.copying import copy_instances, with_ids

# Bump when the generator changes: the older board data is deleted and built again.
VERSION = 2
MARKER = f"Board bench dataset v{VERSION}"
MARKER_PREFIX = "Board bench dataset v"
DOMAIN = "board.bench"
SEED = 20260610
SIZES = (2_000, 10_000)
TITLE = "Board bench: NLP Engineer, {size:,} applications"
UNIT_SLUG = "board-bench"


@dataclass(frozen=True)
class BoardJobs:
    by_size: dict[int, Job]


def organisation_ensure() -> None:
    """The core organisation (tracks, units, users), created when missing."""
    if not Track.objects.filter(name=org.STANDARD).exists():
        org.create_organisation()


def is_current() -> bool:
    return Drive.objects.filter(name=MARKER).exists()


def delete_all() -> None:
    """The board data of any version: its jobs' applications, its candidates, its jobs."""
    jobs = Job.objects.filter(title__startswith="Board bench:")
    Application.objects.filter(job__in=jobs).delete()
    Candidate.objects.filter(email_normalized__endswith=f"@{DOMAIN}").delete()
    jobs.delete()
    Drive.objects.filter(name__startswith=MARKER_PREFIX).delete()


def build(world: org.Organisation) -> int:
    """Both jobs and their applications, in one transaction; returns the applications."""
    rng = random.Random(SEED)
    now = timezone.now()
    records = dataset._routing_records(world)
    with transaction.atomic():
        jobs = [_job(world, size) for size in SIZES]
        emails = [f"board{n:05d}@{DOMAIN}" for n in range(max(SIZES))]
        candidates = [dataset.new_candidate(rng, world, email, now) for email in emails]
        copy_instances(with_ids(candidates))
        specialties = list(world.specialties.values())
        links = [
            Candidate.specialties.through(candidate_id=c.pk, specialty_id=s.pk)
            for c in candidates
            for s in rng.sample(specialties, rng.choice([1, 1, 2]))
        ]
        copy_instances(with_ids(links))
        applications = [
            dataset._application(rng, world, records, candidate, job, now)
            for job, size in zip(jobs, SIZES, strict=True)
            for candidate in candidates[:size]
        ]
        copy_instances(with_ids(applications))
        dataset.created_transitions(world, applications)
        Drive.objects.create(name=MARKER, starts_on=now.date(), channels=["bench"])
    with connection.cursor() as cursor:
        # The visibility map too, so that the columns' counts read the index alone.
        cursor.execute(f"VACUUM (ANALYZE) {Application._meta.db_table}")
        cursor.execute("ANALYZE")
    return len(applications)


def _unit() -> BusinessUnit:
    """A unit of the board's own: the core figures read only the core units' jobs."""
    unit, _ = BusinessUnit.objects.get_or_create(
        slug=UNIT_SLUG,
        defaults={"name": "Board bench unit", "city": Location.objects.get(city="Beijing")},
    )
    return unit


def _job(world: org.Organisation, size: int) -> Job:
    job = Job.objects.create(
        title=TITLE.format(size=size),
        unit=_unit(),
        specialty=Specialty.objects.get(slug="nlp"),
        location=Location.objects.get(city="Beijing"),
        salary_min=30_000,
        salary_max=60_000,
        headcount=5,
        status=Job.Status.OPEN,
    )
    job.tracks.set(world.tracks.values())
    return job


def load() -> BoardJobs:
    jobs = Job.objects.filter(title__startswith="Board bench:")
    by_size = {size: jobs.get(title=TITLE.format(size=size)) for size in SIZES}
    return BoardJobs(by_size)
