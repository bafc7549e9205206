"""Celery tasks: load by id or run a sweep, call a service, safe to run twice.

Acknowledged late, requeued when the worker dies, one prefetched at a time (see the
CELERY_* settings): a task may run twice, and each claims its work in the database.
"""

from __future__ import annotations

from celery import shared_task

from candidates.assessments.sla import assessments_check_sla
from candidates.notifications.dispatch import notifications_sweep, outbox_event_dispatch
from candidates.notifications.periodic import notifications_digests, notifications_purge
from candidates.notifications.send import delivery_send


@shared_task(name="candidates.check_assessment_slas")
def check_assessment_slas() -> dict[str, int]:
    return assessments_check_sla()


@shared_task(name="candidates.notifications.dispatch_event")
def dispatch_event(event_id: str) -> int:
    return len(outbox_event_dispatch(event_id=event_id))


@shared_task(name="candidates.notifications.deliver")
def deliver(delivery_id: str) -> str:
    return delivery_send(delivery_id=delivery_id)


@shared_task(name="candidates.notifications.sweep")
def sweep() -> dict[str, int]:
    return notifications_sweep()


@shared_task(name="candidates.notifications.digests")
def digests() -> dict[str, int]:
    return notifications_digests()


@shared_task(name="candidates.notifications.purge")
def purge() -> dict[str, int]:
    return notifications_purge()
