"""The email channel: the recipient's template in their language, text and HTML.

Whatever the backend, the delivery is marked sent before the message can leave (for
the SMTP backend of `smtp.py`, before the server accepts it), so one delivery is never
sent twice; see `smtp.py` for why nothing is lost either.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from candidates.models import CandidateContact, Delivery
from candidates.notifications.deliveries import delivery_end, delivery_fail, delivery_mark_sent
from candidates.notifications.smtp import ClaimLost
from candidates.notifications.smtp import EmailBackend as CommittingBackend
from candidates.notifications.variables import variables_for
from recruiting.messaging import RenderError, render_message
from recruiting.models import Audience, MessageTemplate

logger = logging.getLogger(__name__)


class Undeliverable(Exception):
    """A delivery that no retry can fix: no address, no template, a broken template."""


def _address_and_language(delivery: Delivery) -> tuple[str, str, str]:
    if delivery.candidate is not None:
        contact = CandidateContact.objects.filter(candidate=delivery.candidate).first()
        language = contact.language if contact else settings.LANGUAGE_CODE
        return delivery.candidate.email, delivery.candidate.full_name, language
    if delivery.user is not None:
        name = delivery.user.get_full_name() or delivery.user.username
        return delivery.user.email, name, settings.LANGUAGE_CODE
    return "", "", settings.LANGUAGE_CODE


def _template(event_type: str, audience: str, language: str) -> MessageTemplate:
    found = {
        t.language: t
        for t in MessageTemplate.objects.filter(
            event_type=event_type, audience=audience, is_active=True
        )
    }
    template = found.get(language) or found.get("en")
    if template is None:
        raise Undeliverable(f"No active template for {event_type} to {audience}.")
    return template


def compose(delivery: Delivery) -> EmailMultiAlternatives:
    """The message for this delivery; raises Undeliverable."""
    address, name, language = _address_and_language(delivery)
    if not address:
        raise Undeliverable("The recipient has no email address.")
    event = delivery.event
    template = _template(event.type, delivery.audience or Audience.USER, language)
    variables = variables_for(
        event, audience=delivery.audience, user=delivery.user, candidate=delivery.candidate
    )
    try:
        rendered = render_message(
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            variables=variables,
        )
    except RenderError as exc:
        raise Undeliverable(f"Template {template} does not render: {exc}") from exc
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    headers = {
        # The same id on every try lets any receiver drop a duplicate.
        "Message-ID": f"<{delivery.pk}@{domain}>",
        "X-Recruiting-Delivery-Id": str(delivery.pk),
        "X-Recruiting-Event-Type": event.type,
    }
    if variables.get("unsubscribe_url"):
        headers["List-Unsubscribe"] = f"<{variables['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{name} <{address}>" if name else address],
        headers=headers,
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    return message


def _permanent(exc: Exception) -> bool:
    """A 5xx answer: the server will refuse the same message again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def email_send(delivery: Delivery) -> str:
    """Send a claimed email delivery; returns its new status."""
    try:
        message = compose(delivery)
    except Undeliverable as exc:
        logger.warning("Email delivery %s is dead: %s", delivery.pk, exc)
        delivery_end(delivery=delivery, status=Delivery.Status.DEAD, error=str(exc))
        return delivery.status
    connection = get_connection()
    try:
        if isinstance(connection, CommittingBackend):
            connection.send_committing(
                message, commit=lambda: delivery_mark_sent(delivery=delivery)
            )
        else:
            if not delivery_mark_sent(delivery=delivery):
                return "lost"
            connection.send_messages([message])
    except ClaimLost:
        return "lost"
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Email delivery %s failed: %s", delivery.pk, exc)
        if _permanent(exc):
            delivery_end(delivery=delivery, status=Delivery.Status.DEAD, error=str(exc))
            return delivery.status
        return delivery_fail(
            delivery=delivery,
            error=f"{type(exc).__name__}: {exc}",
            schedule=settings.NOTIFY_EMAIL_RETRY_SCHEDULE,
        )
    return delivery.status
