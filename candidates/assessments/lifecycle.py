"""Opening and closing assessments as applications enter and leave stages.

Called by the pipeline engine inside the transaction of the move, so an assessment,
its panel and their events exist exactly when the move does.
"""

from __future__ import annotations

from datetime import datetime

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
        Assessment.objects.filter(
            application=application, stage=previous_stage, status=Assessment.Status.PENDING
        ).update(status=Assessment.Status.CLOSED, updated_at=at)
    returned = previous_status == ApplicationStatus.REJECTED
    if (
        application.stage.opens_assessment
        and application.status == ApplicationStatus.ACTIVE
        and (moved or returned)
    ):
        assessment_open(application, at=at)
