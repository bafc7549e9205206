"""Putting delivery tasks on the broker without ever failing the caller.

Ids travel in batches of NOTIFY_DELIVERY_BATCH, so the broker and the worker handle one
message per batch rather than one per row. A broker that is down costs a log line, not
a request: the rows are in the database and the sweep enqueues them again. Only short
countdowns are used; anything later is a due time in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from candidates.notifications.models import Delivery
from candidates.outbox import publish

DELIVER_TASK = "candidates.notifications.deliver_batch"


def enqueue_deliveries(delivery_ids: Iterable[Any], *, countdown: float | None = None) -> int:
    """Publish the sending of these deliveries; returns how many were published."""
    if countdown is not None:
        countdown = min(countdown, settings.NOTIFY_MAX_COUNTDOWN)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # In-process there is no broker to wait on: the sweep retries it when due.
            return 0
    ids = list(delivery_ids)
    unpublished = publish(
        DELIVER_TASK, ids, size=settings.NOTIFY_DELIVERY_BATCH, countdown=countdown
    )
    if unpublished:
        # Not on the queue after all: the next sweep enqueues them, not one a claim
        # timeout later.
        Delivery.objects.filter(pk__in=unpublished, status=Delivery.Status.PENDING).update(
            enqueued_at=None
        )
    return len(ids) - len(unpublished)
