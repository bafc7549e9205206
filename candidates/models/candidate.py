"""One person and the facts fast-track rules read: specialties, publications, awards."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper

from recruiting.models import Specialty
from recruiting.models.base import TimeStamped
from recruiting.selectors import pipeline_unit_ids


class Education(models.TextChoices):
    NONE = "none"
    BACHELOR = "bachelor"
    MASTER = "master"
    PHD = "phd"


class Source(models.TextChoices):
    CAREERS_SITE = "careers_site"
    REFERRAL = "referral"
    DRIVE = "drive"
    SOCIAL = "social"
    HEADHUNTER = "headhunter"
    CAMPUS = "campus"
    OTHER = "other"


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def visible_to(self, user: Any) -> Self:
        """Everyone for admins, recruiters and viewers; for unit leads, the people who
        applied to their units' jobs; nobody for assessors (they see a candidate only in
        the packet of an assessment they sit on)."""
        units = pipeline_unit_ids(user)
        if units is None:
            return self
        if not units:
            return self.none()
        # Application is declared after Candidate (it points here); its model comes from
        # the reverse relation rather than an import back into application.py.
        applications = self.model.applications.field.model
        return self.filter(
            pk__in=applications._default_manager.filter(job__unit_id__in=units).values(
                "candidate_id"
            )
        )


class Candidate(TimeStamped):
    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    # Normalised copies carry the uniqueness: one person, one record.
    email_normalized = models.CharField(max_length=254, null=True, blank=True, editable=False)
    phone = models.CharField(max_length=40, blank=True)
    phone_normalized = models.CharField(max_length=20, null=True, blank=True, editable=False)
    current_employer = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)
    education = models.CharField(max_length=10, choices=Education.choices, default=Education.NONE)
    years_experience = models.DecimalField(max_digits=3, decimal_places=1, default=0)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    specialties = models.ManyToManyField(Specialty, blank=True, related_name="candidates")
    salary_expectation = models.PositiveIntegerField(
        null=True, blank=True, help_text="Monthly, CNY."
    )
    links = models.JSONField(default=list, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email_normalized"],
                condition=models.Q(email_normalized__isnull=False),
                name="candidate_unique_email",
            ),
            models.UniqueConstraint(
                fields=["phone_normalized"],
                condition=models.Q(phone_normalized__isnull=False),
                name="candidate_unique_phone",
            ),
            models.CheckConstraint(
                condition=models.Q(years_experience__gte=0), name="candidate_experience_pos"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="candidate_created_desc"),
            models.Index(fields=["full_name"], name="candidate_full_name"),
            # Text search (`q`) looks for a fragment anywhere: trigram indexes answer it
            # from the index instead of reading every candidate. The name's is on
            # UPPER(), the expression Django's `icontains` compares. PostgreSQL only:
            # the migration creates them there and nowhere else (SQLite scans).
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="candidate_name_trgm"),
            GinIndex(OpClass("email_normalized", name="gin_trgm_ops"), name="candidate_email_trgm"),
            GinIndex(OpClass("phone_normalized", name="gin_trgm_ops"), name="candidate_phone_trgm"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Publication(TimeStamped):
    class Tier(models.TextChoices):
        TOP = "top", "top venue (e.g. ACL, NeurIPS, CVPR)"
        STRONG = "strong"
        OTHER = "other"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(max_length=300)
    venue = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    tier = models.CharField(max_length=10, choices=Tier.choices, default=Tier.OTHER)
    specialty = models.ForeignKey(
        Specialty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.venue} {self.year})"


class Award(TimeStamped):
    class Level(models.TextChoices):
        INTERNATIONAL = "international"
        NATIONAL = "national"
        REGIONAL = "regional"
        INTERNAL = "internal"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"
