"""The assessment benches' organisation: a scorecard, a track whose business-unit
assessment uses it, and two units of their own beside the core bench's four.

`Panel Bench` has 40 assessors, each with a specialty or two, some with former
employers (so conflicts of interest are checked for real), and capacity for every
panel the bench seats; its four jobs take the fresh applications advanced through
the engine each run. `Inbox Bench` holds the 200,000 applications of the inbox
dataset and the assessor persona whose inbox is measured.

Its jobs are kept out of the core bench's `load_organisation`, which takes only the
core units' jobs, so the core figures do not change with this data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from recruiting.models import (
    BusinessUnit,
    Criterion,
    Job,
    Location,
    Membership,
    ScorecardTemplate,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import Role
from recruiting.tokens import token_create
from tests.bench import organisation as org
from tests.bench.dataset import EMPLOYERS

SEED = 20260501
TRACK = "Panel assessment (bench)"
SCORECARD = "Research panel (bench)"
# name, weight: four criteria, unequal weights, so the weighted mean is exercised.
CRITERIA = (
    ("Research depth", Decimal("3.00")),
    ("Engineering", Decimal("2.00")),
    ("Problem solving", Decimal("2.00")),
    ("Communication", Decimal("1.00")),
)
# name, kind, SLA hours, movers
STAGES = (
    ("CV review", "review", 24, org.DESK),
    ("Business-unit assessment", "bu_assessment", 72, org.WITH_LEAD),
    ("Interview", "interview", 96, org.DESK),
    ("Offer", "offer", 72, org.WITH_LEAD),
    ("Hired", "hired", None, org.DESK),
)
PANEL_SIZE, QUORUM = 3, 2

PANEL_UNIT, INBOX_UNIT = "panel-bench", "inbox-bench"
PANEL_MEMBERS = 40
# 10,000 panels of 3 over 40 members is 750 open seats each, on average; the
# specialists of a job's specialty are chosen first, so they fill up well before that.
PANEL_CAPACITY = 2_000
PANEL_JOBS = (
    ("Panel bench: NLP Scientist", "nlp"),
    ("Panel bench: Vision Engineer", "computer-vision"),
    ("Panel bench: Pre-training Engineer", "ai-models"),
    ("Panel bench: Deep Learning Engineer", "deep-learning"),
)
INBOX_ASSESSOR = "bench-inbox-assessor"
INBOX_OTHERS = 24
INBOX_JOBS = (
    ("Inbox bench: NLP Scientist", "nlp"),
    ("Inbox bench: Dialogue Engineer", "nlp"),
    ("Inbox bench: Pre-training Engineer", "ai-models"),
    ("Inbox bench: Inference Engineer", "ai-models"),
    ("Inbox bench: Vision Engineer", "computer-vision"),
    ("Inbox bench: Multimodal Engineer", "deep-learning"),
    ("Inbox bench: Speech Engineer", "nlp"),
    ("Inbox bench: Driving Perception Engineer", "autonomous-driving"),
)


@dataclass(frozen=True)
class AssessmentWorld:
    track: Track
    # The track's stages in order; `assessment` is the business-unit assessment.
    stages: list[Stage]
    criteria: list[Criterion]
    panel_unit: BusinessUnit
    panel_jobs: list[Job]
    # Panel Bench's assessors, by user id.
    panel_members: dict[int, Any]
    inbox_unit: BusinessUnit
    inbox_jobs: list[Job]
    inbox_assessor: Any
    inbox_token: str
    inbox_others: list[int]

    @property
    def review(self) -> Stage:
        return self.stages[0]

    @property
    def assessment(self) -> Stage:
        return self.stages[1]


def exists() -> bool:
    return Track.objects.filter(name=TRACK).exists()


@transaction.atomic
def create() -> None:
    """The setup rows, once; needs the core organisation (specialties, cities, roles)."""
    rng = random.Random(SEED)
    scorecard = ScorecardTemplate.objects.create(name=SCORECARD, spread_threshold=Decimal(1))
    for position, (name, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(template=scorecard, position=position, name=name, weight=weight)
    track = Track.objects.create(name=TRACK, kind=Track.Kind.FAST, routing=Track.Routing.SUGGEST)
    for position, (name, kind, hours, movers) in enumerate(STAGES, start=1):
        Stage.objects.create(
            track=track,
            version=track.current_version,
            position=position,
            name=name,
            kind=kind,
            sla=timedelta(hours=hours) if hours is not None else None,
            movers=movers,
            scorecard=scorecard if kind == "bu_assessment" else None,
            panel_size=PANEL_SIZE,
            quorum=QUORUM,
            auto_advance=False,
        )
    specialties = {s.slug: s for s in Specialty.objects.all()}
    panel = _unit(PANEL_UNIT, "Panel Bench", "Shenzhen", track, PANEL_JOBS)
    for n in range(PANEL_MEMBERS):
        user = _assessor(f"bench-panel-{n:02d}")
        member = Membership.objects.create(
            unit=panel,
            user=user,
            weekly_capacity=PANEL_CAPACITY,
            past_employers=rng.sample(EMPLOYERS.split(), rng.choice([0, 0, 0, 1, 2])),
        )
        member.specialties.set(rng.sample(list(specialties.values()), rng.choice([1, 1, 2])))
    inbox = _unit(INBOX_UNIT, "Inbox Bench", "Beijing", track, INBOX_JOBS)
    persona = _assessor(INBOX_ASSESSOR)
    for user in [persona] + [_assessor(f"bench-inbox-{n:02d}") for n in range(INBOX_OTHERS)]:
        member = Membership.objects.create(unit=inbox, user=user, weekly_capacity=10_000)
        member.specialties.set(rng.sample(list(specialties.values()), 2))


def delete() -> None:
    """The setup rows; the applications in the two units must be gone already."""
    units = BusinessUnit.objects.filter(slug__in=(PANEL_UNIT, INBOX_UNIT))
    Job.objects.filter(unit__in=units).delete()
    units.delete()
    Track.objects.filter(name=TRACK).delete()
    ScorecardTemplate.objects.filter(name=SCORECARD).delete()
    users = get_user_model().objects.filter(
        Q(username__startswith="bench-panel-")
        | Q(username__startswith="bench-inbox-")
        | Q(username__in=[f"bench-lead-{slug}" for slug in (PANEL_UNIT, INBOX_UNIT)])
    )
    users.delete()


def _assessor(username: str) -> Any:
    return org._user(username, Role.ASSESSOR)


def _unit(
    slug: str, name: str, city: str, track: Track, jobs: tuple[tuple[str, str], ...]
) -> BusinessUnit:
    unit = BusinessUnit.objects.create(
        name=name,
        slug=slug,
        city=Location.objects.get(city=city),
        lead=org._user(f"bench-lead-{slug}", Role.UNIT_LEAD),
    )
    for title, specialty in jobs:
        job = Job.objects.create(
            title=title,
            unit=unit,
            specialty=Specialty.objects.get(slug=specialty),
            location=unit.city,
            salary_min=30_000,
            salary_max=60_000,
            headcount=5,
            status=Job.Status.OPEN,
        )
        job.tracks.set([track])
    return unit


def load() -> AssessmentWorld:
    track = Track.objects.get(name=TRACK)
    stages = list(Stage.objects.filter(track=track, version=track.current_version))
    stages.sort(key=lambda s: s.position)
    panel = BusinessUnit.objects.get(slug=PANEL_UNIT)
    inbox = BusinessUnit.objects.get(slug=INBOX_UNIT)
    persona = get_user_model().objects.get(username=INBOX_ASSESSOR)
    panel_ids = Membership.objects.filter(unit=panel).values_list("user_id", flat=True)
    return AssessmentWorld(
        track=track,
        stages=stages,
        criteria=list(Criterion.objects.filter(template__name=SCORECARD).order_by("position")),
        panel_unit=panel,
        panel_jobs=list(Job.objects.filter(unit=panel).order_by("id")),
        panel_members={u.pk: u for u in get_user_model().objects.filter(pk__in=panel_ids)},
        inbox_unit=inbox,
        inbox_jobs=list(Job.objects.filter(unit=inbox).order_by("id")),
        inbox_assessor=persona,
        inbox_token=token_create(user=persona).key,
        inbox_others=list(
            Membership.objects.filter(unit=inbox)
            .exclude(user=persona)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        ),
    )
