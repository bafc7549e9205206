"""Application commands. Each is one transaction through `candidates.pipeline.engine`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone

from candidates.models import Application, Assessment, Candidate, Transition, TransitionKind
from candidates.pipeline import engine
from candidates.pipeline.engine import Change, Context, Plan, Step
from candidates.pipeline.facts import FACT_PREFETCH, has_facts
from candidates.pipeline.routing import (
    fast_track_verdicts,
    routing_record,
)
from candidates.pipeline.table import Action, refusal_for_stage
from recruiting.errors import Conflict, InvalidInput
from recruiting.models import Job, RejectionReason, Stage, Track
from recruiting.selectors import job_for_routing, read_for_routing, stage_in_use, track_stages


def _stage_refusal(action: Action, from_stage: Stage, to_stage: Stage | None) -> None:
    refusal = refusal_for_stage(action, from_stage.kind, to_stage.kind if to_stage else None)
    if refusal:
        raise Conflict(refusal)


def application_create(
    *, candidate: Candidate, job: Job, actor: User | None, at: datetime | None = None
) -> Change:
    """Apply a candidate to a job, routing to a fast track when a rule matches.

    Every fast track the job admits is judged against the candidate's facts, read once;
    the first track configured to route that matches takes the application, and the
    first configured to suggest leaves a suggestion. The engine writes the application,
    its `created` Transition and `application.created` (plus `application.fast_tracked`
    when routed). Raises Conflict when the job is not open, admits no track the
    candidate can start on, or the candidate already applied (the unique constraint
    tells, when the row is written).

    A candidate read with FACT_PREFETCH (`candidate_for_routing`) and a job read by
    `job_for_routing` are used as they are; others are read that way once here.
    """
    at = at or timezone.now()
    if not read_for_routing(job):
        job = job_for_routing(job.pk) or job
    if job.status != Job.Status.OPEN:
        raise Conflict(f'The job "{job.title}" is {job.status}, not open for applications.')
    if not has_facts(candidate):
        candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=candidate.pk)
    routing: dict[str, Any] | None = None
    suggestion: dict[str, Any] | None = None
    track = None
    for verdict in fast_track_verdicts(candidate, job, now=at):
        matched = verdict.matched
        if matched is None:
            continue
        record = routing_record(matched, verdict.track, how="rule", at=at)
        if verdict.track.routing == Track.Routing.AUTO and track is None:
            track, routing = verdict.track, record
        elif suggestion is None and verdict.track.routing == Track.Routing.SUGGEST:
            suggestion = record
    if track is None:
        track = next((t for t in job.tracks.all() if t.kind == Track.Kind.STANDARD), None)
        if track is None:
            raise Conflict(
                "The candidate meets no fast-track rule and the job admits no standard track."
            )
    stages = getattr(track, "current_stages", None) or track_stages(track)
    if not stages:
        raise Conflict(f'The track "{track.name}" has no stages.')
    return engine.create(
        candidate=candidate,
        job=job,
        track=track,
        first=stages[0],
        actor=actor,
        at=at,
        reason=f"Routed by rule {routing['rule']}" if routing else "",
        routing=routing,
        suggestion=suggestion,
    )


def application_advance(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Move to the next stage of the track version. Raises Conflict at the last stage."""

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        position = app.stage.position
        target = stage_in_use(app.track, app.track_version, lambda s: s["position"] > position)
        _stage_refusal(Action.ADVANCE, app.stage, target)
        assert target is not None
        return Plan([Step(TransitionKind.MOVED, app.stage, target)], enter_stage=target)

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.ADVANCE,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )


def application_move(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    to_stage_id: int,
    reason: str,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Move to another stage of the same track version, with a reason."""

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        target = stage_in_use(app.track, app.track_version, lambda s: s["id"] == to_stage_id)
        if target is None:
            raise Conflict(
                "That stage is not part of this application's track version "
                f"({app.track.name} v{app.track_version})."
            )
        if target.pk == app.stage_id:
            raise Conflict("The application is already at that stage.")
        _stage_refusal(Action.MOVE, app.stage, target)
        return Plan([Step(TransitionKind.MOVED, app.stage, target)], enter_stage=target)

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.MOVE,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )


def application_reject(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    rejection_reason: RejectionReason,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Reject at the current stage with a configured reason; un-reject returns here."""
    if not rejection_reason.is_active:
        raise InvalidInput(f'The rejection reason "{rejection_reason.label}" is retired.')

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        return Plan(
            [Step(TransitionKind.REJECTED, app.stage, app.stage, reason=rejection_reason.label)],
            fields={"rejection_reason": rejection_reason},
            restart_clock=False,
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.REJECT,
        planner=plan,
        note=note,
        at=at,
    )


def application_unreject(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Undo a rejection: active again in the stage it was rejected in, its clock restarted."""

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        return Plan(
            [Step(TransitionKind.UNREJECTED, app.stage, app.stage)],
            fields={"rejection_reason": None},
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.UNREJECT,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )


def _status_only(kind: str, *, restart: bool) -> engine.Planner:
    def plan(ctx: Context) -> Plan:
        stage = ctx.application.stage
        return Plan([Step(kind, stage, stage)], restart_clock=restart)

    return plan


def application_withdraw(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """The candidate withdrew. Final, like a hire."""
    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.WITHDRAW,
        planner=_status_only(TransitionKind.WITHDRAWN, restart=False),
        reason=reason,
        note=note,
        at=at,
    )


def application_hold(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Pause the application; its SLA clock stops until it is resumed."""
    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.HOLD,
        planner=_status_only(TransitionKind.HELD, restart=False),
        reason=reason,
        note=note,
        at=at,
    )


def application_resume(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Resume a held application; its due time moves on by the time it was held."""

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        fields: dict[str, Any] = {}
        held = (
            Transition.objects.filter(application=app, kind=TransitionKind.HELD)
            .order_by("-created_at", "-id")
            .values_list("created_at", flat=True)
            .first()
        )
        if held is not None:
            paused = ctx.at - held
            if app.due_at is not None:
                fields["due_at"] = app.due_at + paused
            # The stage's assessment was paused too.
            Assessment.objects.filter(
                application=app, status=Assessment.Status.PENDING, due_at__isnull=False
            ).update(due_at=F("due_at") + paused)
        return Plan(
            [Step(TransitionKind.RESUMED, app.stage, app.stage)], fields=fields, restart_clock=False
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.RESUME,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )


def application_hire(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Hire from the offer stage. Counts the hire on the job and closes it when full.

    Raises Conflict when every position of the job is already filled.
    """

    def count_hire(application: Application, at: datetime) -> None:
        job = Job.objects.select_for_update().get(pk=application.job_id)
        if job.hired_count >= job.headcount:
            raise Conflict(f'All {job.headcount} positions of "{job.title}" are filled.')
        job.hired_count += 1
        fields = ["hired_count", "updated_at"]
        if job.hired_count == job.headcount:
            job.status = Job.Status.CLOSED
            fields.append("status")
        job.save(update_fields=fields)

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        _stage_refusal(Action.HIRE, app.stage, None)
        target = stage_in_use(app.track, app.track_version, lambda s: s["kind"] == "hired")
        if target is None:
            raise Conflict(f'The track "{app.track.name}" has no hired stage.')
        return Plan(
            [Step(TransitionKind.HIRED, app.stage, target)], enter_stage=target, also=count_hire
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.HIRE,
        planner=plan,
        note=note,
        at=at,
    )
