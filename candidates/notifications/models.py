"""Who hears about which event, how, in which words, and the record of every delivery.

Message templates (one per event, audience and language), subscriptions, webhook
endpoints, job followers, candidates' and staff's contact preferences, deliveries and
in-app notices. One Delivery per event, channel and recipient (a database constraint),
so a fan-out run twice creates nothing new; its status changes only by conditional
updates, so a task run twice sends nothing twice.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from candidates.models import Candidate, OutboxEvent
from recruiting.models import Job
from recruiting.models.base import TimeStamped


class Audience(models.TextChoices):
    CANDIDATE = "candidate"
    ASSESSOR = "assessor"
    UNIT_LEAD = "unit_lead"
    RECRUITER = "recruiter"
    # The user an event names itself (a digest's reader, a webhook's owner).
    USER = "user"


class Language(models.TextChoices):
    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"


class MessageTemplate(TimeStamped):
    """The words of one event's email to one audience in one language; admins edit it."""

    # Kept as an attribute for callers that name it so (MessageTemplate.Language.EN).
    Language = Language

    event_type = models.CharField(max_length=60)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.EN)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, help_text="Empty: the email has a text part only.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event_type", "audience", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_type", "audience", "language"], name="message_template_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.audience} ({self.language})"


class StaffPreference(TimeStamped):
    """How a member of staff reads us: the language of their pages and emails, and the
    time zone of the dates their pages show (empty: the organisation's, TIME_ZONE)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preference"
    )
    # Empty until chosen: pages follow the browser, emails are in English.
    language = models.CharField(max_length=10, choices=Language.choices, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["user_id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class Channel(models.TextChoices):
    EMAIL = "email"
    IN_APP = "in_app"
    WEBHOOK = "webhook"


class Subscription(TimeStamped):
    """An audience hears about events of a type through a channel.

    `event_type` is exact (`application.moved`) or a prefix pattern (`application.*`,
    `*`). `stage_kinds` narrows application events to the stages entered. `delay` holds
    the message back, and it is not sent when the event no longer holds by then (a
    rejection undone). Essential messages reach candidates who unsubscribed.
    """

    event_type = models.CharField(max_length=60)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    stage_kinds = models.JSONField(default=list, blank=True)
    delay = models.DurationField(null=True, blank=True)
    is_essential = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event_type", "audience", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_type", "audience", "channel"], name="subscription_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.audience} by {self.channel}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(TimeStamped):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=100, default=new_webhook_secret)
    # Event type patterns as in subscriptions; empty means every event.
    event_types = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="webhook_endpoints"
    )
    is_active = models.BooleanField(default=True)
    # Failed attempts in a row; a success resets it, too many disable the endpoint.
    failure_count = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["url", "id"]

    def __str__(self) -> str:
        return self.url


class JobFollower(TimeStamped):
    """A recruiter who hears about everything on a job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_jobs"
    )

    class Meta:
        ordering = ["job_id", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "user"], name="job_follower_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.job}"


class CandidateContact(TimeStamped):
    """How a candidate wants to hear from us: language, and whether only essentials."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="contact_preference"
    )
    language = models.CharField(max_length=10, default="en")
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidate_id"]

    def __str__(self) -> str:
        return f"Contact preference of {self.candidate_id}"


class Delivery(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending"
        # Claimed by a task; a claim older than NOTIFY_CLAIM_TIMEOUT goes back to pending.
        SENDING = "sending"
        SENT = "sent"
        # Gave up: retries exhausted, a template that does not render, an endpoint disabled.
        DEAD = "dead"
        # No longer true when due (a rejection undone), or the recipient unsubscribed.
        CANCELLED = "cancelled"

    # Also the delivery id a webhook receiver sees on every retry.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # "user:<id>", "candidate:<id>" or "endpoint:<id>": the uniqueness key.
    recipient = models.CharField(max_length=40)
    audience = models.CharField(max_length=20, choices=Audience.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # Sent even to a candidate who unsubscribed (received, decided).
    is_essential = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # When a task was last put on the queue for it; the sweep re-enqueues lost ones.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="delivery_unique_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_due"),
            models.Index(fields=["status", "claimed_at"], name="delivery_status_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} of {self.event_id} to {self.recipient}"


class DeliveryAttempt(models.Model):
    """One try at a webhook: what the receiver answered, or why it could not."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"


class Notification(TimeStamped):
    """An in-app notification; its delivery makes it exist once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    event_type = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class PeriodicClaim(models.Model):
    """A periodic job's run for one period (a day's digest): the row is the claim, so
    two beat processes started by mistake cannot both write it."""

    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key
