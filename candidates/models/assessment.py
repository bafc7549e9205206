"""Assessments: a panel scoring an application at an assessment stage."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models.expressions import RawSQL

from candidates.models.application import Application, ApplicationStatus
from recruiting.models import BusinessUnit, Criterion, Stage
from recruiting.models.base import TimeStamped
from recruiting.roles import sees_all_units
from recruiting.selectors import led_unit_ids

# "pending" written into the statement, not sent as a parameter: the plan a prepared
# statement settles on for any parameter cannot use the partial indexes that hold only
# pending assessments (`assessment_*_untold`), and without them the SLA check walked every
# assessment due before now (1.4 s at a million applications, instead of 1 ms).
PENDING_LITERAL = RawSQL("'pending'", ())


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: Any, *, mine: bool = False) -> Self:
        """Admins, recruiters and viewers see every assessment; unit leads their units';
        assessors the panels they sit on. `mine` keeps only the user's own seats (the
        assessor's inbox)."""
        seated = Assignment.objects.filter(assessor=user, status__in=Assignment.ACTIVE).values(
            "assessment_id"
        )
        if mine:
            return self.filter(pk__in=seated)
        if sees_all_units(user):
            return self
        led = led_unit_ids(user)
        return self.filter(models.Q(pk__in=seated) | models.Q(application__job__unit_id__in=led))

    def overdue(self, now: datetime, *, overdue: bool = True) -> Self:
        """Pending assessments past their due time (or, with `overdue=False`, the rest).
        A held application's clock is stopped: its assessment is never overdue."""
        late = models.Q(
            status=PENDING_LITERAL,
            due_at__lt=now,
            application__status=ApplicationStatus.ACTIVE,
        )
        return self.filter(late) if overdue else self.exclude(late)

    def due_between(self, now: datetime, until: datetime) -> Self:
        """Pending assessments due from `now` (not yet overdue) to before `until`; as
        `overdue(until).overdue(now, overdue=False)`, written as a range of due times so
        an index on them bounds the read at both ends."""
        return self.filter(
            status=PENDING_LITERAL,
            due_at__gte=now,
            due_at__lt=until,
            application__status=ApplicationStatus.ACTIVE,
        )


class Assessment(TimeStamped):
    class Status(models.TextChoices):
        PENDING = "pending"
        DECIDED = "decided"
        # The application left the stage before a decision.
        CLOSED = "closed"

    class Result(models.TextChoices):
        PASS = "pass"
        FAIL = "fail"
        DISCUSS = "discuss"

    class Proposal(models.TextChoices):
        ADVANCE = "advance"
        REJECT = "reject"
        FALLBACK = "fallback"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(null=True, blank=True)
    understaffed = models.BooleanField(default=False)
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    # Per-assessor weighted scores, median, mean, spread, calibration flag.
    aggregate = models.JSONField(null=True, blank=True)
    # What a recruiter is asked to confirm after a fail (never done automatically).
    proposal = models.CharField(max_length=10, choices=Proposal.choices, blank=True)
    written_score = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Each reminder goes out once: the periodic check claims it by setting these.
    due_soon_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"],
                condition=models.Q(status="pending"),
                name="assessment_one_open_per_stage",
            ),
            models.CheckConstraint(
                condition=models.Q(written_score__isnull=True) | models.Q(written_score__lte=100),
                name="assessment_written_score_percent",
            ),
        ]
        indexes = [
            # Lists read in due order, all or by status (the inbox, overdue). Not a
            # partial index for the pending ones: a status filter arrives as a
            # parameter, and the plan a prepared statement settles on for any status
            # cannot use an index that holds only one (it walked every assessment).
            models.Index(fields=["due_at", "id"], name="assessment_due"),
            models.Index(fields=["status", "due_at", "id"], name="assessment_status_due_id"),
            # The SLA check's claims: only what is still to be told, so a check with
            # nothing to send reads nothing however long the history grows.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status="pending", due_soon_sent_at__isnull=True),
                name="assessment_due_soon_untold",
            ),
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status="pending", overdue_sent_at__isnull=True),
                name="assessment_overdue_untold",
            ),
            # The calibration reports' time window.
            models.Index(
                fields=["decided_at"],
                condition=models.Q(status="decided"),
                name="assessment_decided_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment #{self.pk} of application #{self.application_id}"

    def is_overdue(self, now: datetime) -> bool:
        """As `AssessmentQuerySet.overdue`, for a row read with its application."""
        return (
            self.status == Assessment.Status.PENDING
            and self.due_at is not None
            and self.due_at < now
            and self.application.status == ApplicationStatus.ACTIVE
        )


class Assignment(TimeStamped):
    """One assessor's seat on a panel."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned"
        SUBMITTED = "submitted"
        DECLINED = "declined"
        # Taken off the panel by a unit lead.
        REMOVED = "removed"

    # Seats that count: still to score, or scored.
    ACTIVE = (Status.ASSIGNED, Status.SUBMITTED)

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="seats")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_seats"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    reason = models.TextField(blank=True, help_text="Why it was declined or removed.")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "assessor"], name="seat_unique_assessor"),
        ]
        indexes = [models.Index(fields=["assessor", "status"], name="seat_assessor_status")]

    def __str__(self) -> str:
        return f"{self.assessor} on #{self.assessment_id}"


class AssessorLoad(models.Model):
    """How many open seats (assigned, on a pending assessment) an assessor holds.

    Kept by the transactions that open and close seats (`candidates.assessments.loads`),
    so seating a panel reads one row per member of the pool instead of counting their
    seats, which grew with every panel ever seated. A count, not an entity: no
    timestamps; `loads_recount()` rebuilds it from the seats."""

    assessor = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    open_seats = models.IntegerField(default=0)

    class Meta:
        ordering = ["assessor_id"]

    def __str__(self) -> str:
        return f"{self.assessor_id}: {self.open_seats} open"


class CalibrationTally(models.Model):
    """One assessor's running figures in one unit, for the assessor calibration report:
    assessments scored and their latest weighted scores summed; of those decided, how
    many passed; where the panel had a median, the summed distance from it.

    Kept by the scoring transactions (`candidates.assessments.tallies`), so the report
    reads a row per assessor and unit instead of every scorecard ever submitted."""

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(BusinessUnit, on_delete=models.CASCADE, related_name="+")
    scored = models.IntegerField(default=0)
    score_sum = models.DecimalField(max_digits=16, decimal_places=3, default=0)
    decided = models.IntegerField(default=0)
    passed = models.IntegerField(default=0)
    deviated = models.IntegerField(default=0)
    deviation_sum = models.DecimalField(max_digits=18, decimal_places=4, default=0)

    class Meta:
        ordering = ["unit_id", "assessor_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessor", "unit"], name="tally_unique_assessor_unit")
        ]

    def __str__(self) -> str:
        return f"{self.assessor_id} in unit {self.unit_id}: {self.scored} scored"


class AgreementTally(models.Model):
    """A unit's panels with `size` submitted scores (at least 2): their count and the
    sums Krippendorff's alpha (interval) is made of, exact, so the unit report reads a
    few rows per unit. `spread` sums each panel's squared differences over its ordered
    pairs of values. Kept like CalibrationTally."""

    unit = models.ForeignKey(BusinessUnit, on_delete=models.CASCADE, related_name="+")
    size = models.PositiveSmallIntegerField()
    panels = models.IntegerField(default=0)
    total = models.DecimalField(max_digits=18, decimal_places=3, default=0)
    squares = models.DecimalField(max_digits=22, decimal_places=6, default=0)
    spread = models.DecimalField(max_digits=24, decimal_places=6, default=0)

    class Meta:
        ordering = ["unit_id", "size"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "size"], name="agreement_unique_unit_size")
        ]

    def __str__(self) -> str:
        return f"unit {self.unit_id}: {self.panels} panels of {self.size}"


class Score(TimeStamped):
    """One revision of an assessor's scorecard; a submitted revision never changes."""

    class Recommendation(models.IntegerChoices):
        STRONG_NO = 1, "strong no"
        NO = 2, "no"
        YES = 3, "yes"
        STRONG_YES = 4, "strong yes"

    seat = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    revision = models.PositiveSmallIntegerField(default=1)
    is_submitted = models.BooleanField(default=False)
    recommendation = models.PositiveSmallIntegerField(
        choices=Recommendation.choices, null=True, blank=True
    )
    notes = models.TextField(blank=True)
    amend_reason = models.TextField(blank=True)
    weighted = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["seat_id", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "revision"], name="score_unique_revision"),
            models.CheckConstraint(
                condition=models.Q(recommendation__isnull=True)
                | models.Q(recommendation__gte=1, recommendation__lte=4),
                name="score_recommendation_in_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(is_submitted=False)
                | models.Q(recommendation__isnull=False, submitted_at__isnull=False),
                name="score_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Score r{self.revision} of seat #{self.seat_id}"


class Rating(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["score_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="rating_unique_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=4), name="rating_value_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"
