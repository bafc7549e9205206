"""The transactional outbox: events written in the same transaction as the change."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models.fields.json import KeyTransform


class OutboxEvent(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DISPATCHED = "dispatched"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=60, db_index=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
            # An application's page lists the events about it (and the messages sent).
            models.Index(KeyTransform("application_id", "payload"), name="outbox_application"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"
