"""Scorecard templates: weighted criteria rated on a 1-4 scale."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from recruiting.models.base import TimeStamped


class ScorecardTemplate(TimeStamped):
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    # Panel spread (max - min of weighted scores) above this flags calibration.
    spread_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(3))],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spread_threshold__gte=0, spread_threshold__lte=3),
                name="scorecard_spread_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(TimeStamped):
    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.00"))

    class Meta:
        ordering = ["template_id", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_pos"),
            models.UniqueConstraint(fields=["template", "name"], name="criterion_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
