"""The one place that changes an application's stage or status.

Every change runs in one transaction: lock the row (PostgreSQL; SQLite serialises
writers anyway), compare the version the client read, check the legal-moves table
and the actor's role, apply the planned steps, write one Transition per step and
the outbox events, bump the version. Any refusal raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from candidates.assessments.lifecycle import assessments_follow
from candidates.models import Application, OutboxEvent, Transition, TransitionKind
from candidates.pipeline.events import EVENT_FOR_KIND, application_payload, outbox_write
from candidates.pipeline.table import TABLE, Action, refusal_for_role, refusal_for_status
from recruiting.errors import Conflict, InvalidInput, NotAllowed, NotFound
from recruiting.models import Stage
from recruiting.roles import Role, sees_all_units, user_roles, user_unit_ids

# The role written on the Transition when the actor holds several.
_ROLE_PRECEDENCE = (Role.ADMIN, Role.UNIT_LEAD, Role.RECRUITER, Role.ASSESSOR, Role.VIEWER)


@dataclass(frozen=True)
class Step:
    """One history row: a stage left, entered or jumped over."""

    kind: str
    from_stage: Stage | None
    to_stage: Stage | None
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    steps: list[Step]
    # The stage the application ends in; None keeps the current one.
    enter_stage: Stage | None = None
    # Other fields of the application to set (track, fast-track reason, …).
    fields: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Work on other rows inside the same transaction (e.g. the job's hired count).
    also: Callable[[Application, datetime], None] | None = None
    # Keep the stage clock running (un-reject, resume) instead of restarting it.
    restart_clock: bool = True


@dataclass(frozen=True)
class Change:
    application: Application
    transitions: list[Transition]
    events: list[OutboxEvent]


@dataclass(frozen=True)
class Context:
    """What a planner may read: the locked application, who acts, when, and why."""

    application: Application
    actor: User | None
    roles: frozenset[Role]
    at: datetime
    reason: str
    note: str


Planner = Callable[[Context], Plan]


def actor_role(roles: frozenset[Role]) -> str:
    for role in _ROLE_PRECEDENCE:
        if role in roles:
            return role.value
    return Role.SYSTEM.value


def roles_of(actor: User | None) -> frozenset[Role]:
    return frozenset({Role.SYSTEM}) if actor is None else user_roles(actor)


def due_at(stage: Stage, entered: datetime) -> datetime | None:
    return entered + stage.sla if stage.sla is not None else None


def lock_application(application_id: int) -> Application:
    # Lock the bare row first, then read it with its joins. Locking a joined query
    # loses the row on PostgreSQL when a concurrent move changed its stage: the
    # re-check after the wait compares the new stage_id with the old joined stage.
    locked = Application.objects.select_for_update().filter(pk=application_id).values_list("pk")
    if not list(locked):
        raise NotFound("No such application.")
    # Everything the response shows comes along, so the view need not read it again.
    return Application.objects.select_related(
        "stage", "track", "job", "candidate", "rejection_reason"
    ).get(pk=application_id)


def check_scope(application: Application, actor: User | None) -> None:
    """Unit leads and assessors act only on their units' applications; others see 404."""
    if actor is None or sees_all_units(actor):
        return
    if application.job.unit_id not in user_unit_ids(actor):
        raise NotFound("No such application.")


def run(
    *,
    application_id: int,
    expected_version: int,
    actor: User | None,
    action: Action,
    planner: Planner,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Change:
    """Apply `action` through `planner` to one application, atomically.

    Raises NotFound (not visible), NotAllowed (role), InvalidInput (missing reason)
    and Conflict (stale version, illegal from this status or stage); on any of them
    nothing is written.
    """
    at = at or timezone.now()
    reason = reason.strip()
    if TABLE[action].needs_reason and not reason:
        raise InvalidInput(f"A reason is required to {action.replace('_', ' ')}.")
    roles = roles_of(actor)
    with transaction.atomic():
        application = lock_application(application_id)
        check_scope(application, actor)
        # The role first: someone who may not act here learns nothing of its state.
        refusal = refusal_for_role(action, roles, application.stage.movers)
        if refusal:
            raise NotAllowed(refusal)
        if application.version != expected_version:
            raise Conflict(
                f"Stale version: you sent {expected_version}, the application is at "
                f"version {application.version}. Reload it and try again.",
                current_version=application.version,
            )
        refusal = refusal_for_status(action, application.status)
        if refusal:
            raise Conflict(refusal, status=application.status)
        plan = planner(Context(application, actor, roles, at, reason, note))
        return _apply(application, action, plan, actor, roles, at, reason, note)


def _apply(
    application: Application,
    action: Action,
    plan: Plan,
    actor: User | None,
    roles: frozenset[Role],
    at: datetime,
    reason: str,
    note: str,
) -> Change:
    from_status = application.status
    previous_stage = application.stage
    to_status = TABLE[action].ends_in
    changed = ["status", "version", "updated_at", *plan.fields]
    for name, value in plan.fields.items():
        setattr(application, name, value)
    if plan.enter_stage is not None:
        application.stage = plan.enter_stage
        changed.append("stage")
    if plan.restart_clock:
        application.stage_entered_at = at
        application.due_at = due_at(application.stage, at)
        changed += ["stage_entered_at", "due_at"]
    application.status = to_status
    application.version += 1
    application.save(update_fields=sorted(set(changed)))

    role = actor_role(roles)
    transitions = Transition.objects.bulk_create(
        Transition(
            application=application,
            kind=step.kind,
            from_stage=step.from_stage,
            to_stage=step.to_stage,
            from_status=from_status,
            to_status=to_status if step.kind != TransitionKind.SKIPPED else from_status,
            actor=actor if actor is not None and actor.pk else None,
            actor_role=role,
            reason=step.reason or reason,
            rejection_reason=application.rejection_reason
            if step.kind == TransitionKind.REJECTED
            else None,
            note=note,
            data=step.data,
            created_at=at,
        )
        for step in plan.steps
    )
    if plan.also is not None:
        plan.also(application, at)
    assessments_follow(
        application, previous_stage=previous_stage, previous_status=from_status, at=at
    )
    events = [
        (EVENT_FOR_KIND[t.kind], application_payload(application, t)) for t in transitions
    ] + plan.events
    return Change(application, transitions, outbox_write(events, at=at))
