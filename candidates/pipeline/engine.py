"""The one place that creates an application or changes its stage, status or version.

`create` writes a new application at its first stage with its `created` Transition.
Every later change runs in one transaction through `run`: lock the row (PostgreSQL;
SQLite serialises writers anyway), compare the version the client read, check the
legal-moves table and the actor's role, apply the planned steps, write one Transition
per step and the outbox events, bump the version. Any refusal raises before anything
is written. A test walks the code and fails if any other module assigns these fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import ForeignKey
from django.utils import timezone

from candidates.assessments.lifecycle import assessment_open as open_assessment
from candidates.assessments.lifecycle import assessments_follow
from candidates.assessments.loads import loads_kept
from candidates.models import (
    Application,
    ApplicationStatus,
    Candidate,
    OutboxEvent,
    Transition,
    TransitionKind,
)
from candidates.notifications.catalogue import Event, application_changed, application_fast_tracked
from candidates.outbox import outbox_write
from candidates.pipeline.table import TABLE, Action, refusal_for_role, refusal_for_status
from recruiting import rows
from recruiting.errors import Conflict, InvalidInput, NotAllowed, NotFound
from recruiting.models import Job, RejectionReason, Stage, Track
from recruiting.roles import Role, user_roles
from recruiting.rows import Columns
from recruiting.selectors import pipeline_unit_ids

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
    # Why the application is now on a fast track: `application.fast_tracked` is written
    # with it, after the steps' own events.
    routing: dict[str, Any] | None = None
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


# What the engine reads with the application, under the same lock; the response shows
# them too, so the view need not read again.
_LOCKED = Columns(Application, "a")
_WITH = tuple(
    (cast("ForeignKey[Any, Any]", Application._meta.get_field(name)), Columns(model, alias))
    for name, model, alias in (
        ("stage", Stage, "s"),
        ("track", Track, "t"),
        ("job", Job, "j"),
        ("candidate", Candidate, "c"),
        ("rejection_reason", RejectionReason, "r"),
    )
)


@cache
def _locked_read_sql(vendor: str) -> str:
    """Lock the bare application row, then join what comes with it.

    On PostgreSQL the lock sits in a materialised CTE: after waiting for a concurrent
    move, the CTE yields the row as that move left it (locking a joined query instead
    would re-check the join against the old stage and lose the row). SQLite has no row
    locks and serialises writers anyway.
    """
    quote = connection.ops.quote_name
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    materialized = " MATERIALIZED" if vendor == "postgresql" else ""
    joins = " ".join(
        f"LEFT JOIN {columns.table} {columns.alias} "
        f"ON {columns.column('id')} = {_LOCKED.column(relation.name)}"
        for relation, columns in _WITH
    )
    selected = ", ".join([_LOCKED.select(), *(columns.select() for _, columns in _WITH)])
    return (
        f"WITH {_LOCKED.alias} AS{materialized} (SELECT * FROM {_LOCKED.table} "
        f"WHERE {quote('id')} = %s{lock}) SELECT {selected} FROM {_LOCKED.alias} {joins}"
    )


def lock_application(application_id: int) -> Application:
    """The application, locked for the rest of the transaction, with its stage, track,
    job, candidate and rejection reason. Raises NotFound."""
    conn = rows.current()
    low, high = conn.ops.integer_field_range("BigAutoField")
    if not low <= application_id <= high:
        raise NotFound("No such application.")
    with conn.cursor() as cursor:
        cursor.execute(_locked_read_sql(conn.vendor), [application_id])
        row = cursor.fetchone()
    if row is None:
        raise NotFound("No such application.")
    application = cast(Application, _LOCKED.build(row, 0, conn))
    offset = _LOCKED.width
    for relation, columns in _WITH:
        related = columns.build(row, offset, conn)
        offset += columns.width
        if related is None and getattr(application, relation.attname) is not None:
            # Created after this statement began (a stage of a track's new version, say):
            # the row is locked now, and a new statement sees it.
            return Application.objects.select_related(*(r.name for r, _ in _WITH)).get(
                pk=application_id
            )
        relation.set_cached_value(application, related)
    return application


def check_scope(application: Application, actor: User | None) -> None:
    """Unit leads and assessors act only on their units' applications; others see 404."""
    if actor is None:
        return
    units = pipeline_unit_ids(actor)
    if units is not None and application.job.unit_id not in units:
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
    with transaction.atomic(), loads_kept():
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
    rows.update(application, sorted(set(changed)))

    role = actor_role(roles)
    transitions = [
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
    ]
    rows.insert(transitions)
    if plan.also is not None:
        plan.also(application, at)
    assessments_follow(
        application, previous_stage=previous_stage, previous_status=from_status, at=at
    )
    events = [application_changed(application, t) for t in transitions]
    if plan.routing is not None:
        events.append(application_fast_tracked(application, transitions[-1], plan.routing))
    return Change(application, transitions, outbox_write(events, at=at))


def create(
    *,
    candidate: Candidate,
    job: Job,
    track: Track,
    first: Stage,
    actor: User | None,
    at: datetime,
    reason: str = "",
    routing: dict[str, Any] | None = None,
    suggestion: dict[str, Any] | None = None,
) -> Change:
    """Write a new application at `first`, the first stage of `track`'s current version,
    with its `created` Transition, `application.created` (and `application.fast_tracked`
    when `routing` says why it is on a fast track), and open the assessment the stage
    needs, all in one transaction. Raises Conflict, naming the existing application,
    when the candidate has applied to the job already."""
    roles = roles_of(actor)
    creator = actor if actor is not None and actor.pk else None
    try:
        with transaction.atomic(), loads_kept():
            application = Application(
                candidate=candidate,
                job=job,
                track=track,
                track_version=track.current_version,
                stage=first,
                status=ApplicationStatus.ACTIVE,
                version=1,
                stage_entered_at=at,
                due_at=due_at(first, at),
                is_fast_track=routing is not None,
                fast_track_reason=routing,
                fast_track_suggestion=suggestion,
                created_by=creator,
            )
            rows.insert([application])
            created = Transition(
                application=application,
                kind=TransitionKind.CREATED,
                to_stage=first,
                to_status=application.status,
                actor=creator,
                actor_role=actor_role(roles),
                reason=reason,
                created_at=at,
            )
            rows.insert([created])
            events: list[Event] = [application_changed(application, created)]
            if routing is not None:
                events.append(application_fast_tracked(application, created, routing))
            written = outbox_write(events, at=at)
            if first.opens_assessment:
                open_assessment(application, at=at)
    except IntegrityError:
        # The same candidate and job: a concurrent request created it first.
        existing = Application.objects.filter(candidate=candidate, job=job).first()
        raise Conflict(
            "This candidate has already applied to this job.",
            existing_id=existing.pk if existing else None,
        ) from None
    return Change(application, [created], written)
