"""Fan-out: a batch of outbox events becomes their deliveries, in one transaction; and
the sweep that picks up whatever a lost task, a dead worker or a broker outage left
behind."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from candidates.models import OutboxEvent
from candidates.notifications.deliveries import deliveries_release_stale
from candidates.notifications.models import Channel, Delivery, Subscription, WebhookEndpoint
from candidates.notifications.queue import enqueue_deliveries
from candidates.notifications.routing import pattern_matches, recipients_for

logger = logging.getLogger(__name__)
BATCH = 500
# Bounds one sweep's work; whatever is left waits for the next minute's sweep.
ROUNDS = 20


def _stage_kind_fits(subscription: Subscription, event: OutboxEvent) -> bool:
    return not subscription.stage_kinds or event.payload.get("stage_kind") in set(
        subscription.stage_kinds
    )


@dataclass(frozen=True)
class Audiences:
    """The active subscriptions and webhook endpoints, read once for a batch of events."""

    subscriptions: list[Subscription]
    endpoints: list[WebhookEndpoint]

    @classmethod
    def load(cls) -> Audiences:
        return cls(
            list(Subscription.objects.filter(is_active=True)),
            list(WebhookEndpoint.objects.filter(is_active=True)),
        )


def plan_deliveries(
    event: OutboxEvent, *, now: datetime, audiences: Audiences | None = None
) -> list[Delivery]:
    """Every delivery the event calls for under the active subscriptions and webhooks."""
    audiences = audiences or Audiences.load()
    planned: dict[tuple[str, str], Delivery] = {}
    subscriptions = [
        s
        for s in audiences.subscriptions
        if pattern_matches(s.event_type, event.type) and _stage_kind_fits(s, event)
    ]
    for subscription in subscriptions:
        due = now + (subscription.delay or timedelta(0))
        for recipient in recipients_for(event, subscription.audience):
            key = (subscription.channel, recipient.key)
            if key in planned:
                # Two subscriptions reach one person: one message, essential if either is.
                planned[key].is_essential |= subscription.is_essential
                continue
            planned[key] = Delivery(
                event=event,
                channel=subscription.channel,
                recipient=recipient.key,
                audience=recipient.audience,
                user_id=recipient.user_id,
                candidate_id=recipient.candidate_id,
                is_essential=subscription.is_essential,
                next_attempt_at=due,
                enqueued_at=now if due <= now else None,
            )
    for endpoint in audiences.endpoints:
        if endpoint.event_types and not any(
            pattern_matches(p, event.type) for p in endpoint.event_types
        ):
            continue
        key = (Channel.WEBHOOK, f"endpoint:{endpoint.pk}")
        planned[key] = Delivery(
            event=event,
            channel=Channel.WEBHOOK,
            recipient=key[1],
            endpoint=endpoint,
            next_attempt_at=now,
            enqueued_at=now,
        )
    return list(planned.values())


def _fan_out(event_ids: list[str], now: datetime) -> list[str]:
    """Claim the pending events among `event_ids` and fan them out, in one transaction.

    Rows another transaction holds are skipped, not waited for: that one is dispatching
    them, and if it rolls back they are still pending for the sweep.
    """
    with transaction.atomic():
        events = list(
            OutboxEvent.objects.select_for_update(skip_locked=True).filter(
                pk__in=event_ids, status=OutboxEvent.Status.PENDING
            )
        )
        if not events:
            return []
        OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            status=OutboxEvent.Status.DISPATCHED, dispatched_at=now, attempts=F("attempts") + 1
        )
        audiences = Audiences.load()
        deliveries = [d for e in events for d in plan_deliveries(e, now=now, audiences=audiences)]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        due = [str(d.pk) for d in deliveries if d.next_attempt_at <= now]
        transaction.on_commit(partial(enqueue_deliveries, due))
    return due


def outbox_events_dispatch(*, event_ids: list[str], now: datetime | None = None) -> list[str]:
    """Fan the pending events among `event_ids` out into their deliveries and mark them
    dispatched, all in one transaction.

    Each event is claimed under a row lock (status still pending), so a second run (a
    duplicate task, the sweep) finds nothing to do. If the batch fails, each event is
    tried again in its own transaction, so one event that cannot be fanned out does not
    hold back the others: it stays pending, its attempts counted, for the sweep.
    Enqueues the deliveries due now after commit; delayed ones wait for the sweep.
    Returns the ids of the deliveries due now.
    """
    now = now or timezone.now()
    ids = [str(pk) for pk in event_ids]
    try:
        return _fan_out(ids, now)
    except Exception:
        if len(ids) == 1:
            logger.exception("Dispatching outbox event %s failed", ids[0])
            OutboxEvent.objects.filter(pk=ids[0]).update(attempts=F("attempts") + 1)
            return []
        logger.exception("Dispatching %d outbox events together failed; one by one", len(ids))
    due: list[str] = []
    for event_id in ids:
        due += outbox_events_dispatch(event_ids=[event_id], now=now)
    return due


def outbox_event_dispatch(*, event_id: str, now: datetime | None = None) -> list[str]:
    """One event: see `outbox_events_dispatch`."""
    return outbox_events_dispatch(event_ids=[event_id], now=now)


def _dispatch_left_behind(now: datetime, grace: timedelta) -> int:
    count = 0
    for _ in range(ROUNDS):
        ids = [
            str(pk)
            for pk in OutboxEvent.objects.filter(
                status=OutboxEvent.Status.PENDING, created_at__lte=now - grace
            ).values_list("pk", flat=True)[:BATCH]
        ]
        for start in range(0, len(ids), settings.NOTIFY_DISPATCH_BATCH):
            outbox_events_dispatch(
                event_ids=ids[start : start + settings.NOTIFY_DISPATCH_BATCH], now=now
            )
        count += len(ids)
        if len(ids) < BATCH:
            break
    return count


def _enqueue_due(now: datetime, requeue_after: timedelta) -> int:
    """Pending deliveries that are due and whose task is not (or no longer) queued:
    never enqueued for this attempt, or enqueued `requeue_after` ago and still pending
    (a worker died holding the message, which Redis would return only much later)."""
    count = 0
    for _ in range(ROUNDS):
        with transaction.atomic():
            ids = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                .filter(
                    Q(enqueued_at__isnull=True)
                    | Q(enqueued_at__lt=F("next_attempt_at"))
                    | Q(enqueued_at__lte=now - requeue_after)
                )
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:BATCH]
            )
            Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
            transaction.on_commit(partial(enqueue_deliveries, ids))
        count += len(ids)
        if len(ids) < BATCH:
            break
    return count


def notifications_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Release dead tasks' claims, fan out events left pending, enqueue due deliveries.

    Everything here is claimed in the database, so two sweeps at once (two beats by
    mistake) only enqueue a task twice, and a duplicate task claims nothing.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFY_SWEEP_GRACE)
    timeout = timedelta(seconds=settings.NOTIFY_CLAIM_TIMEOUT)
    return {
        "released": deliveries_release_stale(now=now, timeout=settings.NOTIFY_CLAIM_TIMEOUT),
        "dispatched": _dispatch_left_behind(now, grace),
        "enqueued": _enqueue_due(now, max(grace, timeout)),
    }
