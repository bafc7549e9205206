"""Sending one delivery: claim it, check it still holds, hand it to its channel."""

from __future__ import annotations

from candidates.models import Application, ApplicationStatus, CandidateContact, Channel, Delivery
from candidates.notifications.deliveries import delivery_claim, delivery_end
from candidates.notifications.email import email_send
from candidates.notifications.in_app import in_app_send
from candidates.notifications.webhooks import webhook_send


def no_longer_due(delivery: Delivery) -> str | None:
    """Why a claimed delivery should not go out any more, or None."""
    event = delivery.event
    if event.type == "application.rejected" and delivery.channel != Channel.WEBHOOK:
        still = Application.objects.filter(
            pk=event.payload.get("application_id"),
            status=ApplicationStatus.REJECTED,
            version=event.payload.get("version"),
        ).exists()
        if not still:
            return "The rejection was undone before the message was due."
    if (
        delivery.candidate_id
        and not delivery.is_essential
        and CandidateContact.objects.filter(
            candidate_id=delivery.candidate_id, unsubscribed_at__isnull=False
        ).exists()
    ):
        return "The candidate unsubscribed from non-essential mail."
    return None


def delivery_send(*, delivery_id: str) -> str:
    """Claim the delivery and send it once; a duplicate task returns "skipped".

    Returns the delivery's new status (or "lost" when its claim was taken over).
    """
    delivery = delivery_claim(delivery_id=delivery_id)
    if delivery is None:
        return "skipped"
    why_not = no_longer_due(delivery)
    if why_not:
        delivery_end(delivery=delivery, status=Delivery.Status.CANCELLED, error=why_not)
        return delivery.status
    if delivery.channel == Channel.EMAIL:
        return email_send(delivery)
    if delivery.channel == Channel.IN_APP:
        return in_app_send(delivery)
    return webhook_send(delivery)
