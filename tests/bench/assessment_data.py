"""The assessment benches' data, written with COPY, versioned like the core dataset.

The inbox dataset is built once per version of this module: 200,000 applications in
the inbox unit (`assessment_org`), with pending, decided and closed assessments, their
seats, and the submitted scorecards of the decided ones, consistent with what the
services write (a decided assessment's aggregate is `aggregate()` of its scores, and
where the application went follows from the result). The panel run's applications
are created again every run (`panel_data`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from candidates.assessments.aggregate import AssessorScore, aggregate, weighted_score
from candidates.models import (
    Application,
    Assessment,
    Assignment,
    Candidate,
    OutboxEvent,
    Rating,
    Score,
    Transition,
)
from recruiting.models import BusinessUnit, Drive, Stage
from tests.bench import assessment_org
from tests.bench import organisation as org
from tests.bench.copying import copy_instances, with_ids
from tests.bench.dataset import created_transitions, new_candidate

# Bump when the generator (or `assessment_org`) changes: the older data is deleted and
# built again.
VERSION = 1
MARKER = f"Assessment bench dataset v{VERSION}"
MARKER_PREFIX = "Assessment bench dataset v"
SEED = 20260502

PANEL_DOMAIN = "panels.bench"
PANEL_APPLICATIONS = 10_000
# Candidates referred by a member of the unit: that member may not sit on their panel.
REFERRED_SHARE = 0.05

INBOX_DOMAIN = "inbox.bench"
INBOX_CANDIDATES = 25_000
# Assessments of the inbox unit by state, and how many of each seat the persona.
PENDING, PENDING_MINE = 15_000, 5_000
DECIDED, DECIDED_MINE = 30_000, 6_000
CLOSED, CLOSED_MINE = 5_000, 1_500
# Where the applications without an assessment are: at CV review, by status.
REVIEW_STATUSES = {"active": 60, "rejected": 30, "withdrawn": 10}

# Pending assessments entered up to this many days ago: with the stage's 72-hour SLA,
# about half are overdue, as in an inbox that has fallen behind.
PENDING_AGE_DAYS = 6


@dataclass(frozen=True)
class InboxCounts:
    applications: int
    assessments: int
    seats: int
    scores: int


def is_current() -> bool:
    return Drive.objects.filter(name=MARKER).exists()


def is_stale() -> bool:
    """Built by another version of this module: delete it before building again."""
    return Drive.objects.filter(name__startswith=MARKER_PREFIX).exclude(name=MARKER).exists()


def delete_all() -> None:
    """Everything the assessment benches wrote, setup included (the ORM follows cascades)."""
    with transaction.atomic():
        for domain in (PANEL_DOMAIN, INBOX_DOMAIN):
            Candidate.objects.filter(email_normalized__endswith=f"@{domain}").delete()
        units = [assessment_org.PANEL_UNIT, assessment_org.INBOX_UNIT]
        OutboxEvent.objects.filter(
            payload__unit_id__in=list(
                BusinessUnit.objects.filter(slug__in=units).values_list("pk", flat=True)
            )
        ).delete()
        Drive.objects.filter(name__startswith=MARKER_PREFIX).delete()
        assessment_org.delete()


def vacuum() -> None:
    """Reclaim deleted rows and refresh statistics, so every run starts alike."""
    models: Sequence[type[Model]] = (
        Application,
        Transition,
        Assessment,
        Assignment,
        Score,
        Rating,
        OutboxEvent,
    )
    tables = ", ".join(m._meta.db_table for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def application_row(
    candidate_id: int,
    job_id: int,
    aw: assessment_org.AssessmentWorld,
    stage: Stage,
    status: str,
    created: datetime,
    entered: datetime,
    *,
    version: int,
) -> Application:
    return Application(
        candidate_id=candidate_id,
        job_id=job_id,
        track_id=aw.track.pk,
        track_version=aw.track.current_version,
        stage_id=stage.pk,
        status=status,
        stage_entered_at=entered,
        due_at=entered + stage.sla if stage.sla else None,
        version=version,
        created_by_id=None,
        created_at=created,
        updated_at=entered,
    )


@dataclass
class _Rows:
    applications: list[Application] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    seats: list[Assignment] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)


def build_inbox(world: org.Organisation, aw: assessment_org.AssessmentWorld) -> InboxCounts:
    """The inbox unit's 200,000 applications and their assessments, in one transaction."""
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        candidates = [
            new_candidate(rng, world, f"inbox{n:05d}@{INBOX_DOMAIN}", now)
            for n in range(INBOX_CANDIDATES)
        ]
        copy_instances(with_ids(candidates))
        rows = _inbox_rows(rng, aw, [c.pk for c in candidates], now)
        reasons = [r.pk for r in world.rejection_reasons]
        for application in rows.applications:
            if application.status == "rejected":
                application.rejection_reason_id = rng.choice(reasons)
        copy_instances(with_ids(rows.applications))
        # Each parent gets its id only now: copy it into its children's foreign keys.
        for assessment in rows.assessments:
            assessment.application_id = assessment.application.pk
        copy_instances(with_ids(rows.assessments))
        for seat in rows.seats:
            seat.assessment_id = seat.assessment.pk
        copy_instances(with_ids(rows.seats))
        for score in rows.scores:
            score.seat_id = score.seat.pk
        copy_instances(with_ids(rows.scores))
        for rating in rows.ratings:
            rating.score_id = rating.score.pk
        copy_instances(with_ids(rows.ratings))
        created_transitions(world, rows.applications)
        Drive.objects.create(name=MARKER, starts_on=now.date(), channels=["bench"])
    vacuum()
    return InboxCounts(
        len(rows.applications), len(rows.assessments), len(rows.seats), len(rows.scores)
    )


def _inbox_rows(
    rng: random.Random,
    aw: assessment_org.AssessmentWorld,
    candidates: list[int],
    now: datetime,
) -> _Rows:
    pairs = [(c, job.pk) for c in candidates for job in aw.inbox_jobs]
    rng.shuffle(pairs)
    fates = (
        [("pending", n < PENDING_MINE) for n in range(PENDING)]
        + [("decided", n < DECIDED_MINE) for n in range(DECIDED)]
        + [("closed", n < CLOSED_MINE) for n in range(CLOSED)]
    )
    rows = _Rows()
    for (candidate_id, job_id), (fate, mine) in zip(pairs, fates, strict=False):
        _assessed(rng, aw, rows, candidate_id, job_id, fate, mine, now)
    for candidate_id, job_id in pairs[len(fates) :]:
        status = rng.choices(list(REVIEW_STATUSES), list(REVIEW_STATUSES.values()))[0]
        created = now - timedelta(days=rng.uniform(0, 365))
        rows.applications.append(
            application_row(
                candidate_id,
                job_id,
                aw,
                aw.review,
                status,
                created,
                created,
                version=1 if status == "active" else 2,
            )
        )
    return rows


def _assessed(
    rng: random.Random,
    aw: assessment_org.AssessmentWorld,
    rows: _Rows,
    candidate_id: int,
    job_id: int,
    fate: str,
    mine: bool,
    now: datetime,
) -> None:
    """An application that reached the assessment stage, its assessment and panel."""
    stage = aw.assessment
    if fate == "pending":
        entered = now - timedelta(days=rng.uniform(0, PENDING_AGE_DAYS))
    else:
        entered = now - timedelta(days=rng.uniform(PENDING_AGE_DAYS, 365))
    created = entered - timedelta(days=rng.uniform(1, 20))
    application = application_row(
        candidate_id, job_id, aw, stage, "active", created, entered, version=2
    )
    assessment = Assessment(
        application=application,
        stage_id=stage.pk,
        status=fate,
        due_at=entered + stage.sla if stage.sla else None,
        created_at=entered,
        updated_at=entered,
    )
    panel = [aw.inbox_assessor.pk] if mine else []
    panel += rng.sample(aw.inbox_others, assessment_org.PANEL_SIZE - len(panel))
    rng.shuffle(panel)
    seats = [
        Assignment(
            assessment=assessment,
            assessor_id=user_id,
            status="assigned",
            reason="",
            created_at=entered,
            updated_at=entered,
        )
        for user_id in panel
    ]
    # Who has submitted: on a pending panel, perhaps one of the others; on a decided
    # one, the quorum or the whole panel; on a closed one, no one.
    if fate == "pending":
        others = [s for s in seats if s.assessor_id != aw.inbox_assessor.pk]
        submitted = others[:1] if rng.random() < 0.3 else []
    elif fate == "decided":
        submitted = seats if rng.random() < 0.3 else seats[: assessment_org.QUORUM]
    else:
        submitted = []
    decided_at = entered + timedelta(days=rng.uniform(0.5, 3))
    scores = [_submit(rng, aw, rows, seat, decided_at) for seat in submitted]
    if fate == "decided":
        _decide(rng, aw, assessment, application, scores, decided_at)
    elif fate == "closed":
        application.status = rng.choice(["rejected", "withdrawn"])
        application.version += 1
        assessment.updated_at = decided_at
    rows.applications.append(application)
    rows.assessments.append(assessment)
    rows.seats += seats


def _submit(
    rng: random.Random,
    aw: assessment_org.AssessmentWorld,
    rows: _Rows,
    seat: Assignment,
    at: datetime,
) -> AssessorScore:
    values = {c.pk: rng.choice((1, 2, 2, 3, 3, 3, 4, 4)) for c in aw.criteria}
    weighted = weighted_score(values, {c.pk: c.weight for c in aw.criteria})
    seat.status, seat.submitted_at, seat.updated_at = "submitted", at, at
    score = Score(
        seat=seat,
        revision=1,
        is_submitted=True,
        recommendation=round(weighted),
        notes="",
        amend_reason="",
        weighted=Decimal(str(round(weighted, 3))),
        submitted_at=at,
        created_at=at,
        updated_at=at,
    )
    rows.scores.append(score)
    rows.ratings += [
        Rating(score=score, criterion_id=cid, value=value, note="") for cid, value in values.items()
    ]
    return AssessorScore(assessor_id=seat.assessor_id, weighted=float(score.weighted))


def _decide(
    rng: random.Random,
    aw: assessment_org.AssessmentWorld,
    assessment: Assessment,
    application: Application,
    scores: list[AssessorScore],
    at: datetime,
) -> None:
    """What `decide` records, and where the application went afterwards."""
    stage = aw.assessment
    panel = aggregate(
        scores,
        pass_threshold=stage.pass_threshold,
        fail_threshold=stage.fail_threshold,
        spread_threshold=Decimal(1),
    )
    assessment.result = panel.result
    assessment.aggregate = panel.to_dict()
    assessment.decided_at = at
    assessment.updated_at = at
    application.updated_at = at
    if panel.result == "pass":
        # Advanced by a recruiter, then perhaps on through the later stages.
        assessment.proposal = "advance"
        steps = rng.choices(range(1, 4), (70, 20, 10))[0]
        target = aw.stages[1 + steps]
        application.stage_id = target.pk
        application.status = "hired" if target.kind == "hired" else "active"
        application.version += steps
        application.stage_entered_at = at
        application.due_at = at + target.sla if target.sla else None
    elif panel.result == "fail":
        # The proposal (this track has no fallback) confirmed by a recruiter.
        assessment.proposal = "reject"
        application.status = "rejected"
        application.version += 1
