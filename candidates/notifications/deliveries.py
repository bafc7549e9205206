"""A delivery's life: claimed, then sent, retried later, dead, or cancelled.

Every change is a conditional UPDATE on the status (and, once claimed, on the claim's
time), so two tasks holding the same delivery id cannot both act on it, and a task
whose claim timed out and was taken over can no longer change it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from candidates.models import Delivery
from candidates.notifications.queue import enqueue_deliveries
from recruiting.errors import Conflict, NotFound

ERROR_LIMIT = 2000


def delivery_claim(*, delivery_id: str, now: datetime | None = None) -> Delivery | None:
    """Take a due pending delivery for this task; None when another has it or it is
    not due (a duplicate task, or one that arrived early), so the caller does nothing."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("event", "user", "candidate", "endpoint").get(
        pk=delivery_id
    )


def _held(delivery: Delivery) -> Q:
    return Q(pk=delivery.pk, claimed_at=delivery.claimed_at)


def delivery_mark_sent(*, delivery: Delivery, now: datetime | None = None) -> bool:
    """Record the delivery as sent if this task still holds it; False when it does not
    (its claim timed out and another task took it over), so the caller must not send."""
    now = now or timezone.now()
    done = Delivery.objects.filter(_held(delivery), status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SENT, sent_at=now, last_error="", updated_at=now
    )
    delivery.status, delivery.sent_at = Delivery.Status.SENT, now
    return bool(done)


def delivery_fail(
    *, delivery: Delivery, error: str, schedule: list[int], now: datetime | None = None
) -> str:
    """After a failed try: pending again after the schedule's next wait, or dead when the
    schedule is spent. A retry due within seconds is enqueued with a countdown on
    commit; a later one waits in the database for the sweep. Returns the new status."""
    now = now or timezone.now()
    attempt = delivery.attempts
    if attempt > len(schedule):
        status, due = Delivery.Status.DEAD, now
    else:
        status, due = Delivery.Status.PENDING, now + timedelta(seconds=schedule[attempt - 1])
    changed = Delivery.objects.filter(
        _held(delivery), status__in=[Delivery.Status.SENDING, Delivery.Status.SENT]
    ).update(
        status=status,
        next_attempt_at=due,
        last_error=error[:ERROR_LIMIT],
        sent_at=None,
        enqueued_at=now,
        updated_at=now,
    )
    wait = (due - now).total_seconds()
    if changed and status == Delivery.Status.PENDING and wait <= settings.NOTIFY_MAX_COUNTDOWN:
        transaction.on_commit(partial(enqueue_deliveries, [delivery.pk], countdown=wait))
    delivery.status, delivery.last_error = status, error[:ERROR_LIMIT]
    return status


def delivery_end(*, delivery: Delivery, status: str, error: str) -> bool:
    """Give a held delivery up (dead) or drop it (cancelled), saying why."""
    assert status in (Delivery.Status.DEAD, Delivery.Status.CANCELLED)
    changed = Delivery.objects.filter(_held(delivery), status=Delivery.Status.SENDING).update(
        status=status, last_error=error[:ERROR_LIMIT], updated_at=timezone.now()
    )
    delivery.status, delivery.last_error = status, error[:ERROR_LIMIT]
    return bool(changed)


def deliveries_release_stale(*, now: datetime, timeout: int) -> int:
    """Claims older than `timeout` seconds belong to tasks that died; make them pending.

    Safe for every channel: in-app rows are written in the transaction that marks them
    sent; an email is marked sent before the SMTP server can accept it; a webhook is
    resent with the same delivery id, which receivers use to drop duplicates.
    """
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - timedelta(seconds=timeout)
    ).update(
        status=Delivery.Status.PENDING,
        next_attempt_at=now,
        last_error="The task holding it stopped before finishing; tried again.",
        updated_at=now,
    )


def delivery_replay(*, delivery_id: str, now: datetime | None = None) -> Delivery:
    """Send a dead or cancelled delivery again, with the same id and a fresh retry
    schedule; its attempt log is kept. Raises Conflict when it is not dead or cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            raise NotFound("No such delivery.")
        if delivery.status not in (Delivery.Status.DEAD, Delivery.Status.CANCELLED):
            raise Conflict(
                "Only a dead or cancelled delivery can be replayed; "
                f"this one is {delivery.status}.",
                status=delivery.status,
            )
        delivery.status, delivery.attempts = Delivery.Status.PENDING, 0
        delivery.next_attempt_at = delivery.enqueued_at = now
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "enqueued_at", "updated_at"]
        )
        transaction.on_commit(partial(enqueue_deliveries, [delivery.pk]))
    return delivery
