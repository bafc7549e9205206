"""Tracks, their versioned stages, eligibility rules and rejection reasons."""

from __future__ import annotations

from django.db import models

from recruiting.models.base import TimeStamped
from recruiting.roles import Role


class StageKind(models.TextChoices):
    REVIEW = "review"
    SCREEN = "screen"
    WRITTEN_TEST = "written_test"
    BU_ASSESSMENT = "bu_assessment"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"


def default_movers() -> list[str]:
    return [Role.ADMIN, Role.RECRUITER]


class Track(TimeStamped):
    class Kind(models.TextChoices):
        STANDARD = "standard"
        FAST = "fast"

    class Routing(models.TextChoices):
        AUTO = "auto", "route matching applications automatically"
        SUGGEST = "suggest", "record a suggestion for a recruiter"

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    routing = models.CharField(max_length=10, choices=Routing.choices, default=Routing.AUTO)
    # Stages are versioned: applications keep the version they started on.
    current_version = models.PositiveIntegerField(default=1)
    fallback_track = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where a failed business-unit assessment can send an application instead.",
    )
    fallback_stage_kind = models.CharField(max_length=20, choices=StageKind.choices, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fast(self) -> bool:
        return self.kind == self.Kind.FAST


class Stage(TimeStamped):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="stages")
    version = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=StageKind.choices)
    sla = models.DurationField(null=True, blank=True)
    # Roles that may move an application out of this stage.
    movers = models.JSONField(default=default_movers)

    class Meta:
        ordering = ["track_id", "version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "version", "position"], name="stage_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track.name} v{self.version} · {self.name}"


class EligibilityRule(TimeStamped):
    """A fast track's routing rule: conditions over candidate facts (see docs/rules.md)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    definition = models.JSONField()
    # Bumped whenever the definition changes, so a routing decision names what it used.
    version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["track_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["track", "name"], name="rule_unique_name_per_track"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class RejectionReason(TimeStamped):
    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label
