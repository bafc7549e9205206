"""Notification tasks: each takes ids (or none), claims its work in the database and
is safe to run twice. Published by registered name (`candidates.outbox`,
`candidates.notifications.queue`, beat); nothing imports this module, which composes
the notification services."""

from __future__ import annotations

from collections import Counter

from celery import shared_task

from candidates.notifications.dispatch import notifications_sweep, outbox_events_dispatch
from candidates.notifications.periodic import notifications_digests, notifications_purge
from candidates.notifications.send import deliveries_send


@shared_task(name="candidates.notifications.dispatch_events")
def dispatch_events(event_ids: list[str]) -> int:
    return len(outbox_events_dispatch(event_ids=event_ids))


@shared_task(name="candidates.notifications.deliver_batch")
def deliver_batch(delivery_ids: list[str]) -> dict[str, int]:
    return dict(Counter(deliveries_send(delivery_ids=delivery_ids).values()))


@shared_task(name="candidates.notifications.sweep")
def sweep() -> dict[str, int]:
    return notifications_sweep()


@shared_task(name="candidates.notifications.digests")
def digests() -> dict[str, int]:
    return notifications_digests()


@shared_task(name="candidates.notifications.purge")
def purge() -> dict[str, int]:
    return notifications_purge()
