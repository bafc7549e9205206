"""Switching an application onto a fast track, and falling back from one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from candidates.models import Application, Candidate, TransitionKind
from candidates.pipeline import engine
from candidates.pipeline.engine import Change, Context, Plan, Step
from candidates.pipeline.facts import FACT_PREFETCH, candidate_facts
from candidates.pipeline.routing import (
    judge_track,
    jumped_stages,
    map_stage,
    routing_record,
)
from candidates.pipeline.table import Action, refusal_for_stage
from recruiting.clock import iso_required
from recruiting.errors import Conflict, InvalidInput, NotAllowed
from recruiting.models import Track
from recruiting.roles import Role
from recruiting.selectors import (
    first_stage_of_kind,
    stages_in_use,
    track_stages,
    unit_member_ids,
)

OVERRIDERS = frozenset({Role.ADMIN, Role.UNIT_LEAD})


def _eligibility_record(ctx: Context, target: Track, *, override: bool) -> dict[str, Any]:
    """Why the switch is allowed: a rule that held, or a permitted override with a reason."""
    app = ctx.application
    candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=app.candidate_id)
    job = app.job
    facts = candidate_facts(candidate, job, unit_members=unit_member_ids(job.unit), now=ctx.at)
    verdict = judge_track(target, list(target.rules.filter(is_active=True)), facts)
    matched = verdict.matched
    if matched is not None:
        return routing_record(matched, target, how="switch", at=ctx.at)
    if not override:
        raise Conflict(
            f'The candidate meets none of the rules of "{target.name}". A unit lead or an '
            "admin may override them with a written reason (override: true).",
            rules=[
                {"rule": r.rule.name, "rule_version": r.rule.version, "held": r.held}
                for r in verdict.rules
            ],
        )
    if not ctx.roles & OVERRIDERS:
        raise NotAllowed("Overriding fast-track rules needs a unit lead or an admin.")
    if not ctx.reason:
        raise InvalidInput("An override of the fast-track rules needs a written reason.")
    return {
        "track_id": target.pk,
        "track": target.name,
        "rule_id": None,
        "rule": None,
        "rule_version": None,
        "decided": "override",
        "by_user_id": ctx.actor.pk if ctx.actor is not None else None,
        "reason": ctx.reason,
        "at": iso_required(ctx.at),
        "failed_rules": [
            {"rule": r.rule.name, "rule_version": r.rule.version} for r in verdict.rules
        ],
    }


def application_switch_track(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    track_id: int,
    reason: str = "",
    override: bool = False,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Put an application on one of its job's fast tracks.

    The current stage maps by kind (waiting for the written test → the business-unit
    assessment); each stage jumped over is a `skipped` Transition with the reason,
    then one `track_switched`. Enqueues `application.stage_skipped`,
    `application.track_switched` and `application.fast_tracked`. Raises Conflict when
    the job does not admit the track or the rules fail without an override, NotAllowed
    when an override comes from a role that may not override.
    """

    def plan(ctx: Context) -> Plan:
        app = ctx.application
        target = Track.objects.filter(pk=track_id, jobs=app.job_id).first()
        if target is None:
            raise Conflict("The job of this application does not admit that track.")
        if target.pk == app.track_id:
            raise Conflict(f'The application is already on "{target.name}".')
        if not target.is_fast:
            raise Conflict("Only a fast track can be switched to; use fallback to leave one.")
        record = _eligibility_record(ctx, target, override=override)
        stages = track_stages(target)
        if not stages:
            raise Conflict(f'The track "{target.name}" has no stages.')
        landing = map_stage(app.stage, stages)
        why = ctx.reason or f'Eligible for "{target.name}" under rule "{record["rule"]}".'
        jumped = jumped_stages(app.stage, stages_in_use(app.track, app.track_version), landing)
        steps = [Step(TransitionKind.SKIPPED, stage, landing, reason=why) for stage in jumped]
        steps.append(
            Step(
                TransitionKind.TRACK_SWITCHED,
                app.stage,
                landing,
                reason=why,
                data={"from_track_id": app.track_id, "to_track_id": target.pk},
            )
        )
        return Plan(
            steps,
            enter_stage=landing,
            fields={
                "track": target,
                "track_version": target.current_version,
                "is_fast_track": True,
                "fast_track_reason": record,
                "fast_track_suggestion": None,
            },
            routing=record,
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.SWITCH_TRACK,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )


def application_fallback(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    reason: str,
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Send a fast-track application that failed its business-unit assessment to the
    stage its track names on the standard track, instead of rejecting it.

    The fast-track record stays on the application for the history. Raises Conflict
    when the application is not at a business-unit assessment or the track names no
    fallback.
    """

    def plan(ctx: Context) -> Plan:
        app: Application = ctx.application
        refusal = refusal_for_stage(Action.FALLBACK, app.stage.kind, None)
        if refusal:
            raise Conflict(refusal)
        track = app.track
        if track.fallback_track is None or not track.fallback_stage_kind:
            raise Conflict(f'The track "{track.name}" names no fallback.')
        landing = first_stage_of_kind(track.fallback_track, track.fallback_stage_kind)
        if landing is None:
            raise Conflict(
                f'The fallback track "{track.fallback_track.name}" has no '
                f"{track.fallback_stage_kind} stage."
            )
        return Plan(
            [
                Step(
                    TransitionKind.TRACK_SWITCHED,
                    app.stage,
                    landing,
                    data={
                        "fallback": True,
                        "from_track_id": track.pk,
                        "to_track_id": landing.track_id,
                    },
                )
            ],
            enter_stage=landing,
            fields={
                "track": landing.track,
                "track_version": landing.version,
                "is_fast_track": False,
            },
        )

    return engine.run(
        application_id=application_id,
        expected_version=expected_version,
        actor=actor,
        action=Action.FALLBACK,
        planner=plan,
        reason=reason,
        note=note,
        at=at,
    )
