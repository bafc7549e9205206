"""Opening and closing assessments as applications enter and leave stages.

Called by the pipeline engine inside the transaction of the move, so an assessment,
its panel and their events exist exactly when the move does.
"""

from __future__ import annotations

from datetime import datetime

from candidates.assessments.loads import seats_closed, seats_opened
from candidates.assessments.panel import panel_for
from candidates.models import Application, ApplicationStatus, Assessment, Assignment
from candidates.notifications.catalogue import Event, assessment_assigned, assessment_understaffed
from candidates.outbox import outbox_write
from recruiting.models import Stage


def assessment_open(application: Application, *, at: datetime) -> Assessment:
    """Create the assessment of the application's current stage and seat its panel.

    Due at entry plus the stage's SLA (else the unit's default). Writes
    `assessment.assigned` per seat and `assessment.understaffed` when the pool
    cannot fill the panel. A written test without a scorecard has no panel: a
    recruiter records its score.
    """
    stage = application.stage
    sla = stage.sla if stage.sla is not None else application.job.unit.default_assessment_sla
    assessment = Assessment.objects.create(application=application, stage=stage, due_at=at + sla)
    events: list[Event] = []
    if stage.scorecard_id is not None or stage.kind == "bu_assessment":
        chosen = panel_for(application, size=stage.panel_size)
        Assignment.objects.bulk_create(
            Assignment(assessment=assessment, assessor_id=user_id) for user_id in chosen
        )
        seats_opened(assessment, chosen)
        events += [assessment_assigned(assessment, assessor_id=user_id) for user_id in chosen]
        if len(chosen) < stage.panel_size:
            assessment.understaffed = True
            assessment.save(update_fields=["understaffed", "updated_at"])
            events.append(
                assessment_understaffed(assessment, seated=len(chosen), panel_size=stage.panel_size)
            )
    outbox_write(events, at=at)
    return assessment


def assessments_follow(
    application: Application, *, previous_stage: Stage, previous_status: str, at: datetime
) -> None:
    """Keep assessments in step with a move: close what the application left, open
    what it entered (or returned to, after an un-reject)."""
    moved = previous_stage.pk != application.stage_id
    left = application.status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.HIRED,
    )
    if previous_stage.opens_assessment and (moved or left):
        _close(application, previous_stage, at=at)
    returned = previous_status == ApplicationStatus.REJECTED
    if (
        application.stage.opens_assessment
        and application.status == ApplicationStatus.ACTIVE
        and (moved or returned)
    ):
        assessment_open(application, at=at)


def _close(application: Application, stage: Stage, *, at: datetime) -> None:
    """Close the stage's pending assessment; its assigned seats stop being open. Locked
    first, so a submission racing the move is either seen here or sees the closure."""
    pending = Assessment.objects.filter(
        application=application, stage=stage, status=Assessment.Status.PENDING
    )
    for assessment in pending.select_for_update():
        seats = assessment.seats.filter(status=Assignment.Status.ASSIGNED)
        seats_closed(assessment, seats.values_list("assessor_id", flat=True))
        assessment.status = Assessment.Status.CLOSED
        assessment.save(update_fields=["status", "updated_at"])
