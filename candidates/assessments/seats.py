"""Changing a panel: an assessor declines, a unit lead reassigns; and written tests."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from candidates.assessments.loads import loads_kept, seats_closed, seats_opened
from candidates.assessments.panel import conflicts, load_pool, panel_for
from candidates.assessments.scoring import check_still_open, lock_assessment, own_seat, record
from candidates.models import Assessment, Assignment
from candidates.notifications.catalogue import (
    Event,
    assessment_assigned,
    assessment_declined,
    assessment_understaffed,
)
from candidates.outbox import outbox_write
from recruiting.errors import Conflict, InvalidInput, NotAllowed
from recruiting.roles import Role, has_role
from recruiting.selectors import led_unit_ids


def _seat_replacement(assessment: Assessment, *, at: datetime) -> list[Event]:
    """Seat the best free member not yet on the panel, or mark the panel understaffed."""
    taken = frozenset(assessment.seats.values_list("assessor_id", flat=True))
    chosen = panel_for(assessment.application, size=1, exclude=taken)
    if chosen:
        Assignment.objects.create(assessment=assessment, assessor_id=chosen[0])
        seats_opened(assessment, chosen)
        return [assessment_assigned(assessment, assessor_id=chosen[0])]
    assessment.understaffed = True
    assessment.save(update_fields=["understaffed", "updated_at"])
    seated = assessment.seats.filter(
        status__in=[Assignment.Status.ASSIGNED, Assignment.Status.SUBMITTED]
    ).count()
    return [
        assessment_understaffed(assessment, seated=seated, panel_size=assessment.stage.panel_size)
    ]


def assessment_decline(
    *, assessment_id: int, actor: User, reason: str, at: datetime | None = None
) -> Assessment:
    """The actor leaves the panel with a reason and is replaced when the pool allows.

    Writes `assessment.declined` and `assessment.assigned` (or `.understaffed`).
    Raises Conflict once the actor has submitted.
    """
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidInput("Say why you decline.", fields={"reason": ["Required."]})
    with transaction.atomic(), loads_kept():
        assessment = lock_assessment(assessment_id)
        seat = own_seat(assessment, actor)
        check_still_open(assessment)
        if seat.status != Assignment.Status.ASSIGNED:
            raise Conflict("You have submitted this scorecard; it can no longer be declined.")
        seat.status, seat.reason = Assignment.Status.DECLINED, reason.strip()
        seat.save(update_fields=["status", "reason", "updated_at"])
        seats_closed(assessment, [actor.pk])
        events = [assessment_declined(assessment, assessor_id=actor.pk, reason=seat.reason)]
        outbox_write(events + _seat_replacement(assessment, at=at), at=at)
    return assessment


def assessment_reassign(
    *,
    assessment_id: int,
    actor: User,
    remove_user_id: int,
    add_user_id: int | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Assessment:
    """A unit lead (or an admin) takes an assessor off the panel and seats another:
    the one named, or the best free member. Raises NotAllowed for other roles,
    Conflict when the seat has submitted, InvalidInput for someone who may not assess.
    """
    at = at or timezone.now()
    with transaction.atomic(), loads_kept():
        assessment = lock_assessment(assessment_id)
        unit_id = assessment.application.job.unit_id
        if not (has_role(actor, Role.ADMIN) or unit_id in led_unit_ids(actor)):
            raise NotAllowed("Only the unit's lead or an admin reassigns assessors.")
        check_still_open(assessment)
        seat = assessment.seats.filter(assessor_id=remove_user_id).first()
        if seat is None or seat.status != Assignment.Status.ASSIGNED:
            raise Conflict("That assessor holds no open seat on this panel.")
        seat.status, seat.reason = Assignment.Status.REMOVED, reason.strip() or "Reassigned"
        seat.save(update_fields=["status", "reason", "updated_at"])
        seats_closed(assessment, [remove_user_id])
        if add_user_id is None:
            events = _seat_replacement(assessment, at=at)
        else:
            _check_can_sit(assessment, add_user_id)
            Assignment.objects.create(assessment=assessment, assessor_id=add_user_id)
            seats_opened(assessment, [add_user_id])
            events = [assessment_assigned(assessment, assessor_id=add_user_id)]
        outbox_write(events, at=at)
    return assessment


def _check_can_sit(assessment: Assessment, user_id: int) -> None:
    if assessment.seats.filter(assessor_id=user_id).exists():
        raise Conflict("That person is already on (or has left) this panel.")
    application = assessment.application
    member = next(
        (m for m in load_pool(application.job.unit_id, lock=False) if m.user_id == user_id), None
    )
    if member is None:
        raise InvalidInput(
            "Only active members of the unit assess its candidates.",
            fields={"add": ["Not a member of this unit."]},
        )
    why = conflicts(
        member,
        referrer_id=application.candidate.referred_by_id,
        employer=application.candidate.current_employer,
    )
    if why:
        raise InvalidInput(f"Conflict of interest: this person {why}.", fields={"add": [why]})


def assessment_record_written_score(
    *, assessment_id: int, actor: User, score: int, at: datetime | None = None
) -> Assessment:
    """A recruiter records a written test's score (0-100) against the stage's pass mark:
    at or above passes. Decides like a panel: auto-advance on a pass when configured,
    a proposal to reject otherwise."""
    at = at or timezone.now()
    if not has_role(actor, Role.ADMIN, Role.RECRUITER):
        raise NotAllowed("Only recruiters and admins record written-test scores.")
    if not 0 <= score <= 100:
        raise InvalidInput("A written-test score is 0 to 100.", fields={"score": ["0 to 100."]})
    with transaction.atomic(), loads_kept():
        assessment = lock_assessment(assessment_id)
        stage = assessment.stage
        if stage.kind != "written_test" or stage.pass_mark is None:
            raise Conflict("This assessment is not a written test with a pass mark.")
        check_still_open(assessment)
        assessment.written_score = score
        assessment.save(update_fields=["written_score", "updated_at"])
        result = Assessment.Result.PASS if score >= stage.pass_mark else Assessment.Result.FAIL
        record(
            assessment,
            result,
            {"written_score": score, "pass_mark": stage.pass_mark},
            at=at,
            events=[],
        )
    return assessment
