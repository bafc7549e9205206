"""Outbox events the pipeline writes, in the transaction of the change that caused them."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction

from candidates.models import Application, OutboxEvent, Transition, TransitionKind
from candidates.notifications.relay import relay
from recruiting import rows

EVENT_FOR_KIND: dict[str, str] = {
    TransitionKind.CREATED: "application.created",
    TransitionKind.MOVED: "application.moved",
    TransitionKind.SKIPPED: "application.stage_skipped",
    TransitionKind.REJECTED: "application.rejected",
    TransitionKind.UNREJECTED: "application.unrejected",
    TransitionKind.WITHDRAWN: "application.withdrawn",
    TransitionKind.HELD: "application.held",
    TransitionKind.RESUMED: "application.resumed",
    TransitionKind.HIRED: "application.hired",
    TransitionKind.TRACK_SWITCHED: "application.track_switched",
}
FAST_TRACKED = "application.fast_tracked"


def application_payload(application: Application, transition: Transition) -> dict[str, Any]:
    """Ids and what changed; receivers load anything else they need."""
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
        "unit_id": application.job.unit_id,
        "track_id": application.track_id,
        "transition_id": transition.pk,
        "kind": transition.kind,
        "from_stage_id": transition.from_stage_id,
        "to_stage_id": transition.to_stage_id,
        "from_status": transition.from_status,
        "to_status": transition.to_status,
        "stage_kind": application.stage.kind,
        "version": application.version,
    }


def outbox_write(events: list[tuple[str, dict[str, Any]]], *, at: datetime) -> list[OutboxEvent]:
    """Write events as outbox rows; the caller's transaction makes them atomic with it.

    Their dispatch is enqueued after that transaction commits (never inside it, so a
    rolled-back change tells no one); if the broker is down then, or the process dies
    first, the periodic sweep dispatches them.
    """
    if not events:
        return []
    written = [OutboxEvent(type=kind, payload=payload, created_at=at) for kind, payload in events]
    rows.insert(written)
    transaction.on_commit(partial(relay.add, [str(e.pk) for e in written]))
    return written
