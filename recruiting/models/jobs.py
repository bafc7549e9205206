from __future__ import annotations

from django.db import models

from recruiting.models.base import TimeStamped
from recruiting.models.org import BusinessUnit, Drive, Location, Specialty
from recruiting.models.tracks import Track


class Job(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft"
        OPEN = "open"
        ON_HOLD = "on_hold"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    unit = models.ForeignKey(BusinessUnit, on_delete=models.PROTECT, related_name="jobs")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="jobs")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="jobs")
    drive = models.ForeignKey(
        Drive, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    salary_min = models.PositiveIntegerField(help_text="Monthly, in the job's currency.")
    salary_max = models.PositiveIntegerField(help_text="Monthly, in the job's currency.")
    currency = models.CharField(max_length=3, default="CNY")
    headcount = models.PositiveSmallIntegerField(default=1)
    hired_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    tracks = models.ManyToManyField(Track, related_name="jobs", blank=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_band_ordered",
            ),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="job_headcount_pos"),
            models.CheckConstraint(
                condition=models.Q(hired_count__lte=models.F("headcount")),
                name="job_hired_within_headcount",
            ),
        ]

    def __str__(self) -> str:
        return self.title
