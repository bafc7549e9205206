"""Applications and their append-only history. Only `candidates.pipeline` writes stage/status."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models

from candidates.models.candidate import Candidate
from recruiting.models import Job, RejectionReason, Stage, Track
from recruiting.models.base import TimeStamped
from recruiting.selectors import pipeline_unit_ids


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> Self:
        """What the user may see: every unit's for admins, recruiters and viewers; their
        own units' for unit leads; none for assessors, who see a candidate only in the
        packet of an assessment they sit on (others answer 404)."""
        units = pipeline_unit_ids(user)
        if units is None:
            return self
        return self.filter(job__unit_id__in=units) if units else self.none()

    def overdue(self, now: datetime, *, overdue: bool = True) -> Self:
        """Active applications past their stage's SLA (or, with `overdue=False`, the
        rest). A held application's clock is stopped: it is never overdue."""
        late = models.Q(status=ApplicationStatus.ACTIVE, due_at__lt=now)
        return self.filter(late) if overdue else self.exclude(late)


class Application(TimeStamped):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="applications")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="applications")
    track_version = models.PositiveIntegerField()
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.ACTIVE
    )
    stage_entered_at = models.DateTimeField()
    # stage_entered_at + the stage's SLA; null when the stage has none.
    due_at = models.DateTimeField(null=True, blank=True)
    is_fast_track = models.BooleanField(default=False)
    # Why it is on a fast track: rule, rule version and the facts that matched.
    fast_track_reason = models.JSONField(null=True, blank=True)
    # A matching fast track configured to suggest rather than route.
    fast_track_suggestion = models.JSONField(null=True, blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: every change compares and bumps it.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "job"], name="application_unique_candidate_job"
            ),
        ]
        indexes = [
            models.Index(fields=["job", "status"], name="application_job_status"),
            models.Index(fields=["status", "due_at"], name="application_status_due"),
            models.Index(fields=["-created_at", "-id"], name="application_created_desc"),
            # A job's list in either ordering reads its first page from the index, at
            # any size: a recruiter filters by job far more than by anything else.
            models.Index(fields=["job", "-created_at", "-id"], name="application_job_created"),
            models.Index(fields=["job", "stage_entered_at"], name="application_job_entered"),
            models.Index(fields=["stage_entered_at"], name="application_stage_entered"),
            # A board's column: one job's applications at one stage, longest waiting
            # first, read a page at a time after a (stage_entered_at, id) position.
            # Its status besides (PostgreSQL): the columns' counts read the index alone.
            models.Index(
                fields=["job", "stage", "stage_entered_at", "id"],
                include=["status"],
                name="application_board_column",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"

    def is_overdue(self, now: datetime) -> bool:
        return overdue(self.status, self.due_at, now)


def overdue(status: str, due_at: datetime | None, now: datetime) -> bool:
    """`ApplicationQuerySet.overdue` for values already read (a list row, an instance)."""
    return status == ApplicationStatus.ACTIVE and due_at is not None and due_at < now


class TransitionKind(models.TextChoices):
    CREATED = "created"
    MOVED = "moved"
    SKIPPED = "skipped"
    REJECTED = "rejected"
    UNREJECTED = "unrejected"
    WITHDRAWN = "withdrawn"
    HELD = "held"
    RESUMED = "resumed"
    HIRED = "hired"
    TRACK_SWITCHED = "track_switched"


class Transition(models.Model):
    """One change of an application, never updated nor deleted."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    kind = models.CharField(max_length=20, choices=TransitionKind.choices)
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.application_id}"
