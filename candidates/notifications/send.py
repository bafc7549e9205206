"""Sending a batch of deliveries: claim them together, then send each once, on its own.

The claim marks every due pending delivery of the batch as sending, with one claim time.
Each is then marked sent (an email just before the server may accept it) or failed on
its own row, as it goes: a delivery that cannot be sent fails visibly without holding
back the rest. A worker that dies mid-batch leaves the deliveries it had not finished
claimed; the sweep takes them back after NOTIFY_CLAIM_TIMEOUT and they are sent then,
once. So that a claim is never taken back from a task still working on it, a batch that
has run for half the claim timeout hands the deliveries it has not started back to the
queue.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

from candidates.models import Application, ApplicationStatus
from candidates.notifications.catalogue import EventType
from candidates.notifications.deliveries import (
    deliveries_claim,
    deliveries_hand_back,
    delivery_end,
    delivery_fail,
)
from candidates.notifications.email import Mailer
from candidates.notifications.in_app import in_app_send
from candidates.notifications.models import CandidateContact, Channel, Delivery
from candidates.notifications.variables import Facts
from candidates.notifications.webhooks import WebhookSender

logger = logging.getLogger(__name__)


class _Batch:
    """What the deliveries of one batch share: connections, and rows read once."""

    def __init__(self, deliveries: list[Delivery]) -> None:
        candidate_ids = {d.candidate_id for d in deliveries if d.candidate_id}
        self.contacts = {
            c.candidate_id: c
            for c in CandidateContact.objects.filter(candidate_id__in=candidate_ids)
        }
        self.facts: Facts = {}
        self.rejections: dict[str, bool] = {}
        self.mailer = Mailer(contacts=self.contacts, facts=self.facts)
        self.webhooks = WebhookSender(deliveries)

    def close(self) -> None:
        self.mailer.close()
        self.webhooks.close()


def _rejection_stands(delivery: Delivery, batch: _Batch) -> bool:
    event = delivery.event
    key = str(event.pk)
    if key not in batch.rejections:
        batch.rejections[key] = Application.objects.filter(
            pk=event.payload.get("application_id"),
            status=ApplicationStatus.REJECTED,
            version=event.payload.get("version"),
        ).exists()
    return batch.rejections[key]


def _no_longer_due(delivery: Delivery, batch: _Batch) -> str | None:
    """Why a claimed delivery should not go out any more, or None."""
    if (
        delivery.event.type == EventType.APPLICATION_REJECTED
        and delivery.channel != Channel.WEBHOOK
        and not _rejection_stands(delivery, batch)
    ):
        return "The rejection was undone before the message was due."
    contact = batch.contacts.get(delivery.candidate_id) if delivery.candidate_id else None
    if contact is not None and contact.unsubscribed_at and not delivery.is_essential:
        return "The candidate unsubscribed from non-essential mail."
    return None


def _send_one(delivery: Delivery, batch: _Batch) -> str:
    why_not = _no_longer_due(delivery, batch)
    if why_not:
        delivery_end(delivery=delivery, status=Delivery.Status.CANCELLED, error=why_not)
        return delivery.status
    if delivery.channel == Channel.EMAIL:
        return batch.mailer.send(delivery)
    if delivery.channel == Channel.IN_APP:
        return in_app_send(delivery, facts=batch.facts)
    return batch.webhooks.send(delivery)


def _send_or_fail(delivery: Delivery, batch: _Batch) -> str:
    try:
        return _send_one(delivery, batch)
    except Exception as exc:
        # A fault of this delivery alone (the channels handle the receivers' errors): it
        # fails on its row, retried on its channel's schedule, and the batch goes on.
        logger.exception("Delivery %s failed", delivery.pk)
        schedule = (
            settings.NOTIFY_WEBHOOK_RETRY_SCHEDULE
            if delivery.channel == Channel.WEBHOOK
            else settings.NOTIFY_EMAIL_RETRY_SCHEDULE
        )
        return delivery_fail(
            delivery=delivery, error=f"{type(exc).__name__}: {exc}", schedule=schedule
        )


def deliveries_send(*, delivery_ids: list[str]) -> dict[str, str]:
    """Claim the due pending deliveries among `delivery_ids` and send each once.

    Returns each claimed delivery's new status by id ("lost" when its claim was taken
    over, "handed back" when the batch ran out of time before it); ids not claimed (a
    duplicate task, not due yet, already sent) are absent.
    """
    claimed = deliveries_claim(delivery_ids=delivery_ids)
    if not claimed:
        return {}
    started = time.monotonic()
    budget = settings.NOTIFY_CLAIM_TIMEOUT / 2
    outcome: dict[str, str] = {}
    batch = _Batch(claimed)
    try:
        for index, delivery in enumerate(claimed):
            if index and time.monotonic() - started > budget:
                rest = claimed[index:]
                deliveries_hand_back(deliveries=rest)
                outcome.update((str(d.pk), "handed back") for d in rest)
                break
            outcome[str(delivery.pk)] = _send_or_fail(delivery, batch)
    finally:
        batch.close()
    return outcome


def delivery_send(*, delivery_id: str) -> str:
    """One delivery: its new status, or "skipped" when another task has it."""
    return deliveries_send(delivery_ids=[delivery_id]).get(str(delivery_id), "skipped")
