"""In-app notifications: written in the transaction that marks the delivery sent, so
each exists exactly once; read, counted and marked read by their user."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from candidates.notifications.catalogue import CATALOGUE
from candidates.notifications.deliveries import delivery_mark_sent
from candidates.notifications.models import Delivery, Notification
from candidates.notifications.variables import Facts, variables_for
from recruiting.errors import NotFound


def title_for(event_type: str, variables: dict[str, Any]) -> str:
    # The keys are StrEnum members, equal to (and hashed as) their strings.
    spec = CATALOGUE.get(event_type)  # type: ignore[call-overload]
    if spec is None:
        return event_type
    pattern = spec.title
    try:
        return pattern.format(**variables)[:300]
    except (KeyError, IndexError, ValueError):
        return event_type


def in_app_send(delivery: Delivery, *, facts: Facts | None = None) -> str:
    """Write the notification and mark the delivery sent, together or not at all."""
    event = delivery.event
    variables = variables_for(event, audience=delivery.audience, user=delivery.user, facts=facts)
    variables.pop("unsubscribe_url", None)
    assert delivery.user_id is not None, "in-app deliveries are to users"
    with transaction.atomic():
        if not delivery_mark_sent(delivery=delivery):
            return "lost"
        Notification.objects.create(
            user_id=delivery.user_id,
            delivery=delivery,
            event_type=event.type,
            title=title_for(event.type, variables),
            data={**variables, "event_id": str(event.pk), **_ids(event.payload)},
        )
    return delivery.status


def _ids(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k.endswith("_id") and isinstance(v, int | str)}


def notification_mark_read(*, user: User, notification_id: int, at: datetime | None = None) -> int:
    """Mark one of the user's notifications read (again is a no-op). Raises NotFound."""
    at = at or timezone.now()
    mine = Notification.objects.filter(pk=notification_id, user=user)
    if not mine.exists():
        raise NotFound("No such notification.")
    return mine.filter(read_at__isnull=True).update(read_at=at, updated_at=at)


def notifications_mark_all_read(*, user: User, at: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    at = at or timezone.now()
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=at, updated_at=at
    )
