"""Tracks, their versioned stages, eligibility rules and rejection reasons."""

from __future__ import annotations

from decimal import Decimal

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
    # Assessment configuration: a bu_assessment stage always opens an assessment; a
    # written_test or interview stage does when it has a scorecard (or a pass mark).
    scorecard = models.ForeignKey(
        "recruiting.ScorecardTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stages",
    )
    panel_size = models.PositiveSmallIntegerField(default=3)
    quorum = models.PositiveSmallIntegerField(default=2)
    pass_threshold = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("3.00"))
    fail_threshold = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("2.00"))
    auto_advance = models.BooleanField(default=False)
    anonymize = models.BooleanField(
        default=False, help_text="Hide name, photo, school and employer from assessors."
    )
    pass_mark = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Written tests: the score out of 100 that passes."
    )

    class Meta:
        ordering = ["track_id", "version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "version", "position"], name="stage_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum__gte=1, quorum__lte=models.F("panel_size")),
                name="stage_quorum_within_panel",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    fail_threshold__gte=1,
                    pass_threshold__lte=4,
                    fail_threshold__lt=models.F("pass_threshold"),
                ),
                name="stage_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_mark__isnull=True) | models.Q(pass_mark__lte=100),
                name="stage_pass_mark_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track.name} v{self.version} · {self.name}"

    @property
    def opens_assessment(self) -> bool:
        if self.kind == StageKind.BU_ASSESSMENT:
            return True
        if self.kind == StageKind.WRITTEN_TEST:
            return self.scorecard_id is not None or self.pass_mark is not None
        return self.kind == StageKind.INTERVIEW and self.scorecard_id is not None


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
