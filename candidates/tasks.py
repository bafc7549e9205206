"""Celery tasks: load by id or run a sweep, call a service, safe to run twice.

Acknowledged late, requeued when the worker dies, one prefetched at a time (see the
CELERY_* settings): a task may run twice, and each claims its work in the database.
Notifications travel in batches of ids (see `candidates.notifications.queue`).
"""

from __future__ import annotations

from collections import Counter

from celery import shared_task

from candidates.assessments.sla import assessments_check_sla
from candidates.notifications.dispatch import notifications_sweep, outbox_events_dispatch
from candidates.notifications.periodic import notifications_digests, notifications_purge
from candidates.notifications.send import deliveries_send


@shared_task(name="candidates.check_assessment_slas")
def check_assessment_slas() -> dict[str, int]:
    return assessments_check_sla()


@shared_task(name="candidates.notifications.dispatch_events")
def dispatch_events(event_ids: list[str]) -> int:
    return len(outbox_events_dispatch(event_ids=event_ids))


@shared_task(name="candidates.notifications.deliver_batch")
def deliver_batch(delivery_ids: list[str]) -> dict[str, int]:
    return dict(Counter(deliveries_send(delivery_ids=delivery_ids).values()))


# One id per message: what a version before batching put on the queue.
@shared_task(name="candidates.notifications.dispatch_event")
def dispatch_event(event_id: str) -> int:
    return dispatch_events([event_id])


@shared_task(name="candidates.notifications.deliver")
def deliver(delivery_id: str) -> dict[str, int]:
    return deliver_batch([delivery_id])


@shared_task(name="candidates.notifications.sweep")
def sweep() -> dict[str, int]:
    return notifications_sweep()


@shared_task(name="candidates.notifications.digests")
def digests() -> dict[str, int]:
    return notifications_digests()


@shared_task(name="candidates.notifications.purge")
def purge() -> dict[str, int]:
    return notifications_purge()
