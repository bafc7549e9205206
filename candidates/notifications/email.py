"""The email channel: the recipient's template in their language, text and HTML, sent
over one SMTP connection per batch of deliveries.

Whatever the backend, the delivery is marked sent before the message can leave (for
the SMTP backend of `smtp.py`, before the server accepts it), so one delivery is never
sent twice; see `smtp.py` for why nothing is lost either.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from candidates.notifications.deliveries import delivery_end, delivery_fail, delivery_mark_sent
from candidates.notifications.messaging import RenderError, render_message
from candidates.notifications.models import Audience, CandidateContact, Delivery, MessageTemplate
from candidates.notifications.preferences import staff_language
from candidates.notifications.smtp import ClaimLost
from candidates.notifications.smtp import EmailBackend as CommittingBackend
from candidates.notifications.variables import Facts, variables_for

logger = logging.getLogger(__name__)


class Undeliverable(Exception):
    """A delivery that no retry can fix: no address, no template, a broken template."""


def _address_and_language(
    delivery: Delivery, contacts: dict[int, CandidateContact], staff: dict[int, str]
) -> tuple[str, str, str]:
    """Where the email goes, to whom, and in which language: a candidate's contact
    preference, or the one a member of staff chose (`PATCH /api/v1/me/`)."""
    if delivery.candidate is not None:
        contact = contacts.get(delivery.candidate.pk)
        language = contact.language if contact else settings.LANGUAGE_CODE
        return delivery.candidate.email, delivery.candidate.full_name, language
    if delivery.user is not None:
        user = delivery.user
        if user.pk not in staff:
            staff[user.pk] = staff_language(user.pk)
        name = user.get_full_name() or user.username
        return user.email, name, staff[user.pk]
    return "", "", settings.LANGUAGE_CODE


def _template(found: dict[str, MessageTemplate], language: str, what: str) -> MessageTemplate:
    template = found.get(language) or found.get("en")
    if template is None:
        raise Undeliverable(f"No active template for {what}.")
    return template


def _permanent(exc: Exception) -> bool:
    """A 5xx answer: the server will refuse the same message again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class Mailer:
    """Sends the email deliveries of one batch over one connection to the mail server,
    reading each template once. Close it when the batch is done.

    Any error drops the SMTP connection (a half-sent message is then discarded by the
    server) and the next message opens a fresh one.
    """

    def __init__(
        self, *, contacts: dict[int, CandidateContact] | None = None, facts: Facts | None = None
    ) -> None:
        self._contacts = contacts or {}
        # Staff languages, read once per user per batch.
        self._staff: dict[int, str] = {}
        self._facts: Facts = {} if facts is None else facts
        self._templates: dict[tuple[str, str], dict[str, MessageTemplate]] = {}
        self._backend: BaseEmailBackend | None = None

    def compose(self, delivery: Delivery) -> EmailMultiAlternatives:
        """The message for this delivery; raises Undeliverable."""
        address, name, language = _address_and_language(delivery, self._contacts, self._staff)
        if not address:
            raise Undeliverable("The recipient has no email address.")
        event = delivery.event
        audience = delivery.audience or Audience.USER
        template = _template(
            self._templates_of(event.type, audience), language, f"{event.type} to {audience}"
        )
        variables = variables_for(
            event,
            audience=delivery.audience,
            user=delivery.user,
            candidate=delivery.candidate,
            facts=self._facts,
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

    def _templates_of(self, event_type: str, audience: str) -> dict[str, MessageTemplate]:
        key = (event_type, audience)
        if key not in self._templates:
            self._templates[key] = {
                t.language: t
                for t in MessageTemplate.objects.filter(
                    event_type=event_type, audience=audience, is_active=True
                )
            }
        return self._templates[key]

    def send(self, delivery: Delivery) -> str:
        """Send a claimed email delivery; returns its new status."""
        try:
            message = self.compose(delivery)
        except Undeliverable as exc:
            logger.warning("Email delivery %s is dead: %s", delivery.pk, exc)
            delivery_end(delivery=delivery, status=Delivery.Status.DEAD, error=str(exc))
            return delivery.status
        if self._backend is None:
            self._backend = get_connection()
        backend = self._backend
        try:
            # Opened here, the connection stays open for the batch's next message.
            backend.open()
            if isinstance(backend, CommittingBackend):
                backend.send_committing(
                    message, commit=lambda: delivery_mark_sent(delivery=delivery)
                )
            else:
                if not delivery_mark_sent(delivery=delivery):
                    return "lost"
                backend.send_messages([message])
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
                undo_sent=True,
            )
        return delivery.status

    def close(self) -> None:
        if self._backend is not None:
            try:
                self._backend.close()
            except (smtplib.SMTPException, OSError):
                # Every message already has its outcome; a failed QUIT changes none.
                logger.warning("Closing the mail connection failed", exc_info=True)
            self._backend = None
