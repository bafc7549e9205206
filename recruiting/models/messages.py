"""Message templates: one per event, audience and language, edited by admins."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from recruiting.models.base import TimeStamped


class Audience(models.TextChoices):
    CANDIDATE = "candidate"
    ASSESSOR = "assessor"
    UNIT_LEAD = "unit_lead"
    RECRUITER = "recruiter"
    # The user an event names itself (a digest's reader, a webhook's owner).
    USER = "user"


class MessageTemplate(TimeStamped):
    class Language(models.TextChoices):
        EN = "en", "English"
        ZH_HANS = "zh-hans", "简体中文"

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
    """How a member of staff wants to hear from us: the language of their emails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preference"
    )
    language = models.CharField(
        max_length=10, choices=MessageTemplate.Language.choices, default=MessageTemplate.Language.EN
    )

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
