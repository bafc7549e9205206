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

from candidates.notifications.models import Delivery
from candidates.notifications.queue import enqueue_deliveries
from recruiting import rows
from recruiting.errors import Conflict, NotFound

ERROR_LIMIT = 2000


def deliveries_claim(*, delivery_ids: list[str], now: datetime | None = None) -> list[Delivery]:
    """Take the due pending deliveries among `delivery_ids` for this task, in one
    transaction: each row is locked while still pending and marked sending with this
    claim's time. Rows another task holds or is claiming are left to it, and rows not
    pending or not yet due are left alone, so a duplicate task claims nothing.

    Returns the claimed deliveries, in the order of `delivery_ids`, with their event and
    recipient loaded. Until each is sent or failed, only the sweep can take it back: a
    task that dies leaves its unfinished claims for NOTIFY_CLAIM_TIMEOUT.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "user", "candidate", "endpoint")
            .filter(pk__in=delivery_ids, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by()
        )
        if not claimed:
            return []
        Delivery.objects.filter(
            pk__in=[d.pk for d in claimed], status=Delivery.Status.PENDING
        ).update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    for delivery in claimed:
        delivery.status, delivery.claimed_at = Delivery.Status.SENDING, now
        delivery.attempts += 1
        delivery.updated_at = now
    position = {str(pk): n for n, pk in enumerate(delivery_ids)}
    return sorted(claimed, key=lambda d: position[str(d.pk)])


def deliveries_hand_back(*, deliveries: list[Delivery], now: datetime | None = None) -> int:
    """Return claimed deliveries this task has not started to the queue: pending again,
    the claim's attempt not counted, enqueued anew on commit. Only rows still held
    under this task's claim change."""
    now = now or timezone.now()
    changed = 0
    for claimed_at in {d.claimed_at for d in deliveries}:
        ids = [d.pk for d in deliveries if d.claimed_at == claimed_at]
        changed += Delivery.objects.filter(
            pk__in=ids, status=Delivery.Status.SENDING, claimed_at=claimed_at
        ).update(
            status=Delivery.Status.PENDING,
            attempts=F("attempts") - 1,
            enqueued_at=now,
            updated_at=now,
        )
        transaction.on_commit(partial(enqueue_deliveries, ids))
    return changed


def _held(delivery: Delivery) -> Q:
    return Q(pk=delivery.pk, claimed_at=delivery.claimed_at)


def delivery_mark_sent(*, delivery: Delivery, now: datetime | None = None) -> bool:
    """Record the delivery as sent if this task still holds it; False when it does not
    (its claim timed out and another task took it over), so the caller must not send."""
    now = now or timezone.now()
    # Run for every delivery sent: its SQL built once (see `recruiting.rows`).
    done = rows.update_where(
        Delivery,
        values={
            "status": Delivery.Status.SENT,
            "sent_at": now,
            "last_error": "",
            "updated_at": now,
        },
        where={
            "id": delivery.pk,
            "claimed_at": delivery.claimed_at,
            "status": Delivery.Status.SENDING,
        },
    )
    delivery.status, delivery.sent_at = Delivery.Status.SENT, now
    return bool(done)


def delivery_fail(
    *,
    delivery: Delivery,
    error: str,
    schedule: list[int],
    now: datetime | None = None,
    undo_sent: bool = False,
) -> str:
    """After a failed try: pending again after the schedule's next wait, or dead when the
    schedule is spent. A retry due within seconds is enqueued with a countdown on
    commit; a later one waits in the database for the sweep. Returns the new status.

    Only a delivery still being sent changes, or with `undo_sent` one already marked
    sent (the SMTP server refused the message after the mark).
    """
    now = now or timezone.now()
    attempt = delivery.attempts
    if attempt > len(schedule):
        status, due = Delivery.Status.DEAD, now
    else:
        status, due = Delivery.Status.PENDING, now + timedelta(seconds=schedule[attempt - 1])
    held = [Delivery.Status.SENDING]
    if undo_sent:
        held.append(Delivery.Status.SENT)
    changed = Delivery.objects.filter(_held(delivery), status__in=held).update(
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
