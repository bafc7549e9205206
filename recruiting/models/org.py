"""The organisation: specialties, cities, business units and their members, drives."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models

from recruiting.models.base import TimeStamped


class Specialty(TimeStamped):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    name_zh = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class Location(TimeStamped):
    city = models.CharField(max_length=100, unique=True)
    city_zh = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["city"]

    def __str__(self) -> str:
        return self.city


class BusinessUnit(TimeStamped):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
    )
    city = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL)
    default_assessment_sla = models.DurationField(default=timedelta(hours=72))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    """A person who belongs to a unit and may assess its candidates."""

    unit = models.ForeignKey(BusinessUnit, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    specialties = models.ManyToManyField(Specialty, blank=True, related_name="memberships")
    weekly_capacity = models.PositiveSmallIntegerField(default=5)
    # Former employers, for conflict-of-interest checks when panels are assigned.
    past_employers = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="membership_unique_unit_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.unit}"


class Drive(TimeStamped):
    """A recruitment campaign, such as an AI talent drive announced on a social channel."""

    name = models.CharField(max_length=200, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    target_specialties = models.ManyToManyField(Specialty, blank=True, related_name="drives")
    target_headcount = models.PositiveIntegerField(default=0)
    channels = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="drive_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name
