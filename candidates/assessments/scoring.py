"""Scorecards: drafts, submissions, amendments, and the panel's decision.

A submitted score never changes; an amendment is a new revision with a reason. When
the quorum has submitted, the panel is aggregated (`aggregate.py`) and decided: a pass
with auto-advance moves the application through the pipeline engine as the system;
a fail only proposes rejection or the track's fallback for a recruiter to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from candidates.assessments.aggregate import AssessorScore, aggregate, weighted_score
from candidates.assessments.loads import loads_kept, seats_closed
from candidates.assessments.tallies import contribution_of, tallies_change
from candidates.models import Application, ApplicationStatus, Assessment, Assignment, Rating, Score
from candidates.notifications.catalogue import (
    Event,
    assessment_completed,
    assessment_quorum_reached,
    assessment_submitted,
)
from candidates.outbox import outbox_write
from candidates.services.applications import application_advance
from recruiting.errors import Conflict, InvalidInput, NotFound
from recruiting.models import Criterion


@dataclass(frozen=True)
class ScoreInput:
    # criterion id -> (rating 1-4, note)
    ratings: dict[int, tuple[int, str]] = field(default_factory=dict)
    recommendation: int | None = None
    notes: str = ""


def lock_assessment(assessment_id: int) -> Assessment:
    """Lock the bare row (see the engine's lock for why not a joined one), then read."""
    if not list(Assessment.objects.select_for_update().filter(pk=assessment_id).values_list("pk")):
        raise NotFound("No such assessment.")
    # Only what every caller reads; the rest loads lazily where a decision needs it.
    return Assessment.objects.select_related("application__job", "stage__scorecard").get(
        pk=assessment_id
    )


def check_still_open(assessment: Assessment) -> None:
    application = assessment.application
    if (
        assessment.status == Assessment.Status.CLOSED
        or application.stage_id != assessment.stage_id
        or application.status != ApplicationStatus.ACTIVE
    ):
        raise Conflict(
            "The application has moved on from this assessment "
            f"(it is {application.status} at another stage or decision); nothing was recorded."
        )


def own_seat(assessment: Assessment, actor: User) -> Assignment:
    seat = (
        assessment.seats.filter(assessor=actor)
        .exclude(status__in=[Assignment.Status.DECLINED, Assignment.Status.REMOVED])
        .first()
    )
    if seat is None:
        raise NotFound("No such assessment among yours.")
    return seat


def criteria_of(assessment: Assessment) -> list[Criterion]:
    if assessment.stage.scorecard_id is None:
        raise Conflict("This assessment has no scorecard; a recruiter records its result.")
    return list(Criterion.objects.filter(template_id=assessment.stage.scorecard_id))


def check_input(criteria: list[Criterion], data: ScoreInput, *, complete: bool) -> None:
    known = {c.pk for c in criteria}
    problems: dict[str, list[str]] = {}
    unknown = sorted(set(data.ratings) - known)
    if unknown:
        problems["ratings"] = [f"Not criteria of this scorecard: {unknown}."]
    bad = sorted(cid for cid, (value, _) in data.ratings.items() if value not in (1, 2, 3, 4))
    if bad:
        problems.setdefault("ratings", []).append(f"Ratings are 1 to 4; criteria {bad} are not.")
    if complete:
        missing = sorted(known - set(data.ratings))
        if missing:
            names = ", ".join(c.name for c in criteria if c.pk in missing)
            problems.setdefault("ratings", []).append(f"Rate every criterion; missing: {names}.")
        if data.recommendation is None:
            problems["recommendation"] = ["An overall recommendation is required to submit."]
    if data.recommendation is not None and data.recommendation not in (1, 2, 3, 4):
        problems["recommendation"] = ["A recommendation is 1 (strong no) to 4 (strong yes)."]
    if problems:
        raise InvalidInput("The scorecard is not valid.", fields=problems)


def write_score(score: Score, data: ScoreInput, criteria: list[Criterion]) -> None:
    score.recommendation = data.recommendation
    score.notes = data.notes
    fresh = score.pk is None
    score.save()
    if not fresh:
        score.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(score=score, criterion_id=cid, value=value, note=note)
        for cid, (value, note) in sorted(data.ratings.items())
    )


def weighted(criteria: list[Criterion], data: ScoreInput) -> Decimal:
    value = weighted_score(
        {cid: value for cid, (value, _) in data.ratings.items()},
        {c.pk: c.weight for c in criteria},
    )
    return Decimal(str(round(value, 3)))


def _unsubmitted(
    assessment_id: int, actor: User, data: ScoreInput, *, complete: bool
) -> tuple[Assessment, Assignment, Score, list[Criterion]]:
    """Lock the assessment and return the actor's seat with its draft (new if none),
    once the seat is open, not yet submitted, and `data` fits the scorecard."""
    assessment = lock_assessment(assessment_id)
    seat = own_seat(assessment, actor)
    check_still_open(assessment)
    if seat.status == Assignment.Status.SUBMITTED:
        raise Conflict("You have submitted this scorecard; amend it with a reason instead.")
    criteria = criteria_of(assessment)
    check_input(criteria, data, complete=complete)
    score = seat.scores.filter(is_submitted=False).first() or Score(seat=seat, revision=1)
    return assessment, seat, score, criteria


def assessment_save_draft(
    *, assessment_id: int, actor: User, data: ScoreInput, at: datetime | None = None
) -> Score:
    """Save (or replace) the actor's draft; nothing is visible to anyone else.

    Raises NotFound when the actor is not on the panel, Conflict once submitted or when
    the application has moved on, InvalidInput for ratings outside the scale.
    """
    with transaction.atomic():
        _, _, score, criteria = _unsubmitted(assessment_id, actor, data, complete=False)
        write_score(score, data, criteria)
    return score


def assessment_submit_score(
    *, assessment_id: int, actor: User, data: ScoreInput, at: datetime | None = None
) -> Assessment:
    """Submit the actor's scorecard: every criterion rated, a recommendation given.

    Writes `assessment.submitted`, and when the quorum is reached aggregates and
    decides (see `decide`). Raises as the draft does, and Conflict on a second submit.
    """
    at = at or timezone.now()
    with transaction.atomic(), loads_kept():
        assessment, seat, score, criteria = _unsubmitted(assessment_id, actor, data, complete=True)
        before = contribution_of(assessment)
        score.is_submitted, score.submitted_at = True, at
        score.weighted = weighted(criteria, data)
        write_score(score, data, criteria)
        seat.status, seat.submitted_at = Assignment.Status.SUBMITTED, at
        seat.save(update_fields=["status", "submitted_at", "updated_at"])
        seats_closed(assessment, [actor.pk])
        outbox_write(
            [assessment_submitted(assessment, assessor_id=actor.pk, revision=score.revision)],
            at=at,
        )
        decide(assessment, at=at)
        tallies_change(before, contribution_of(assessment))
    return assessment


def assessment_amend_score(
    *, assessment_id: int, actor: User, data: ScoreInput, reason: str, at: datetime | None = None
) -> Assessment:
    """Add a revision to a submitted scorecard; the earlier one stays in history."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidInput("An amendment needs a reason.", fields={"reason": ["Required."]})
    with transaction.atomic(), loads_kept():
        assessment = lock_assessment(assessment_id)
        seat = own_seat(assessment, actor)
        check_still_open(assessment)
        if seat.status != Assignment.Status.SUBMITTED:
            raise Conflict("Only a submitted scorecard can be amended; submit it first.")
        criteria = criteria_of(assessment)
        check_input(criteria, data, complete=True)
        before = contribution_of(assessment)
        last = seat.scores.filter(is_submitted=True).order_by("-revision").first()
        revision = (last.revision if last else 0) + 1
        score = Score(
            seat=seat,
            revision=revision,
            is_submitted=True,
            submitted_at=at,
            amend_reason=reason.strip(),
            weighted=weighted(criteria, data),
        )
        write_score(score, data, criteria)
        outbox_write(
            [assessment_submitted(assessment, assessor_id=actor.pk, revision=revision)], at=at
        )
        decide(assessment, at=at)
        tallies_change(before, contribution_of(assessment))
    return assessment


def latest_scores(assessment: Assessment) -> list[AssessorScore]:
    """The latest submitted revision of every seat still on the panel."""
    latest: dict[int, Score] = {}
    # Submitting always sets `weighted`; the filter only keeps the types honest.
    for score in Score.objects.filter(
        seat__assessment=assessment,
        seat__status=Assignment.Status.SUBMITTED,
        is_submitted=True,
        weighted__isnull=False,
    ).select_related("seat"):
        current = latest.get(score.seat.assessor_id)
        if current is None or score.revision > current.revision:
            latest[score.seat.assessor_id] = score
    return [
        AssessorScore(assessor_id=user_id, weighted=float(score.weighted))
        for user_id, score in latest.items()
        if score.weighted is not None
    ]


def decide(assessment: Assessment, *, at: datetime) -> None:
    """Aggregate once the quorum has submitted; record the result and what follows."""
    stage = assessment.stage
    scores = latest_scores(assessment)
    if len(scores) < stage.quorum:
        return
    events: list[Event] = []
    if assessment.aggregate is None:
        events.append(assessment_quorum_reached(assessment, submitted=len(scores)))
    panel = aggregate(
        scores,
        pass_threshold=float(stage.pass_threshold),
        fail_threshold=float(stage.fail_threshold),
        spread_threshold=float(stage.scorecard.spread_threshold) if stage.scorecard else 1.0,
    )
    record(assessment, panel.result, panel.to_dict(), at=at, events=events)


def record(
    assessment: Assessment,
    result: str,
    summary: dict[str, Any],
    *,
    at: datetime,
    events: list[Event],
) -> None:
    """Write the decision, its `assessment.completed` event, and act on it."""
    application = assessment.application
    still_assigned = assessment.seats.filter(status=Assignment.Status.ASSIGNED)
    seats_closed(assessment, still_assigned.values_list("assessor_id", flat=True))
    assessment.status = Assessment.Status.DECIDED
    assessment.result = result
    assessment.aggregate = summary
    assessment.decided_at = assessment.decided_at or at
    assessment.proposal = proposal_for(application, result)
    auto = result == Assessment.Result.PASS and assessment.stage.auto_advance
    if auto:
        assessment.proposal = ""
    assessment.save(
        update_fields=["status", "result", "aggregate", "decided_at", "proposal", "updated_at"]
    )
    events.append(assessment_completed(assessment, result=result, proposal=assessment.proposal))
    outbox_write(events, at=at)
    if auto:
        advance_as_system(application, assessment, at=at)


def proposal_for(application: Application, result: str) -> str:
    if result == Assessment.Result.PASS:
        return Assessment.Proposal.ADVANCE
    if result == Assessment.Result.FAIL:
        track = application.track
        if track.fallback_track_id and track.fallback_stage_kind:
            return Assessment.Proposal.FALLBACK
        return Assessment.Proposal.REJECT
    return ""


def advance_as_system(application: Application, assessment: Assessment, *, at: datetime) -> None:
    median = (assessment.aggregate or {}).get("median")
    what = f"median {median}" if median is not None else f"score {assessment.written_score}"
    application_advance(
        application_id=application.pk,
        expected_version=application.version,
        actor=None,
        reason=f"Assessment #{assessment.pk} passed ({what}); advanced automatically.",
        at=at,
    )
