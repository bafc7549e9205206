"""Which engine command a card's action means, one application at a time or several.

A card dropped on (or moved to) the next stage is an advance; on the hired stage, a
hire; on any other stage, a move, which the engine refuses without a reason. Each goes
through `candidates.services.applications`, the same commands as the API, and the
engine refuses what it refuses (a stale version, an illegal move, a role).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy

from candidates.models import Application
from candidates.pipeline.engine import Change
from candidates.services import applications as services
from recruiting.errors import DomainError
from recruiting.models import Job, RejectionReason, StageKind
from recruiting.selectors import stage_in_use

ADVANCE, MOVE, HOLD, RESUME, REJECT, HIRE = "advance", "move", "hold", "resume", "reject", "hire"
# An id in a bulk selection that is not an application of this board the actor may see:
# refused as the API refuses one it may not see.
NOT_HERE = gettext_lazy("No such application on this board.")


@dataclass(frozen=True)
class Order:
    """What a person asked of one application."""

    action: str
    version: int
    to_stage_id: int | None = None
    reason: str = ""
    rejection_reason: RejectionReason | None = None


def card_command(*, application: Application, order: Order, actor: User) -> Change:
    """Run the order on `application` (read with its stage and track, already scoped to
    the actor). Raises the engine's refusals; on any of them nothing changed.

    The stage is read before the engine locks the row; the engine compares the version,
    so a decision taken on a stale read is refused as stale, never applied.
    """
    common: dict[str, Any] = {
        "application_id": application.pk,
        "expected_version": order.version,
        "actor": actor,
    }
    if order.action == MOVE:
        return _move(application, order, common)
    if order.action == ADVANCE:
        return services.application_advance(**common, reason=order.reason)
    if order.action == HOLD:
        return services.application_hold(**common, reason=order.reason)
    if order.action == RESUME:
        return services.application_resume(**common, reason=order.reason)
    if order.action == HIRE:
        return services.application_hire(**common, note=order.reason)
    assert order.action == REJECT
    assert order.rejection_reason is not None
    return services.application_reject(
        **common, rejection_reason=order.rejection_reason, note=order.reason
    )


def _move(application: Application, order: Order, common: dict[str, Any]) -> Change:
    track, version = application.track, application.track_version
    target = stage_in_use(track, version, lambda s: s["id"] == order.to_stage_id)
    position = application.stage.position
    following = stage_in_use(track, version, lambda s: s["position"] > position)
    if target is not None and target.kind == StageKind.HIRED:
        return services.application_hire(**common, note=order.reason)
    if target is not None and following is not None and target.pk == following.pk:
        return services.application_advance(**common, reason=order.reason)
    assert order.to_stage_id is not None
    return services.application_move(**common, to_stage_id=order.to_stage_id, reason=order.reason)


@dataclass(frozen=True)
class Outcome:
    application_id: int
    name: str
    done: bool
    message: str = ""


@dataclass
class BulkResult:
    action: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def done(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.done]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.done]


def bulk_command(
    *, job: Job, actor: User, items: list[tuple[int, int]], order: Order
) -> BulkResult:
    """The same order for each application, each at the version given with it and on
    its own: one refused (a stale version, a role, a state) leaves the others done, and
    the result says which."""
    ids = [pk for pk, _ in items]
    applications = {
        app.pk: app
        for app in Application.objects.visible_to(actor)
        .filter(job_id=job.pk, pk__in=ids)
        .select_related("candidate", "stage", "track")
        .only(
            "id",
            "track_version",
            "candidate",
            "stage",
            "track",
            "candidate__full_name",
            "stage__position",
            "stage__track_id",
            "track__name",
            "track__current_version",
        )
    }
    result = BulkResult(order.action)
    for pk, version in items:
        application = applications.get(pk)
        if application is None:
            result.outcomes.append(Outcome(pk, f"#{pk}", False, str(NOT_HERE)))
            continue
        name = application.candidate.full_name
        try:
            own = replace(order, version=version)
            card_command(application=application, order=own, actor=actor)
        except DomainError as refusal:
            result.outcomes.append(Outcome(pk, name, False, refusal.message))
            continue
        result.outcomes.append(Outcome(pk, name, True))
    return result
