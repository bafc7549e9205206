"""Putting notification tasks on the broker without ever failing the caller.

Ids travel in batches, one task per NOTIFY_DISPATCH_BATCH events or
NOTIFY_DELIVERY_BATCH deliveries, so the broker and the worker handle one message per
batch rather than one per row. A broker that is down costs a log line, not a request:
the rows are in the database and the sweep enqueues them again. Only short countdowns
are used; anything later is a due time in the database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from kombu.exceptions import OperationalError

from candidates.models import Delivery

logger = logging.getLogger(__name__)


def _publish(
    task: Any, ids: Iterable[Any], *, size: int, countdown: float | None = None
) -> list[str]:
    """Publish one task per `size` ids; returns the ids left unpublished (the broker is
    down)."""
    ids = [str(item) for item in ids]
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        try:
            task.apply_async((batch,), countdown=countdown, retry=False)
        except OperationalError as exc:
            # The broker is unreachable: stop trying, the sweep will find them all.
            logger.warning("Broker unavailable, %s left for the sweep: %s", task.name, exc)
            return ids[start:]
        except Exception:
            # Only in-process (eager) runs reach here; the rows stay for the sweep.
            logger.exception("Running %s for %d ids failed", task.name, len(batch))
    return []


def enqueue_dispatch(event_ids: Iterable[Any]) -> int:
    from candidates import tasks

    ids = list(event_ids)
    unpublished = _publish(tasks.dispatch_events, ids, size=settings.NOTIFY_DISPATCH_BATCH)
    return len(ids) - len(unpublished)


def enqueue_deliveries(delivery_ids: Iterable[Any], *, countdown: float | None = None) -> int:
    from candidates import tasks

    if countdown is not None:
        countdown = min(countdown, settings.NOTIFY_MAX_COUNTDOWN)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # In-process there is no broker to wait on: the sweep retries it when due.
            return 0
    ids = list(delivery_ids)
    unpublished = _publish(
        tasks.deliver_batch, ids, size=settings.NOTIFY_DELIVERY_BATCH, countdown=countdown
    )
    if unpublished:
        # Not on the queue after all: the next sweep enqueues them, not one a claim
        # timeout later.
        Delivery.objects.filter(pk__in=unpublished, status=Delivery.Status.PENDING).update(
            enqueued_at=None
        )
    return len(ids) - len(unpublished)
