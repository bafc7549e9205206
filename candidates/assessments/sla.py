"""The periodic SLA check: `assessment.due_soon` and `assessment.overdue`, once each."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.assessments.lifecycle import assessment_payload
from candidates.models import ApplicationStatus, Assessment
from candidates.pipeline.events import outbox_write

BATCH = 500


def _claim(field: str, filters: dict[str, object], kind: str, *, now: datetime) -> int:
    """Mark a batch as told and write their events in one transaction. Rows another
    checker holds are skipped, and the mark is set only where it is still empty, so
    two beats running by mistake never tell anyone twice."""
    with transaction.atomic():
        due = list(
            Assessment.objects.select_for_update(skip_locked=True, of=("self",))
            # A held application's clock is stopped: its assessments are not late.
            .filter(
                status=Assessment.Status.PENDING,
                application__status=ApplicationStatus.ACTIVE,
                **{f"{field}__isnull": True},
                **filters,
            )
            .select_related("application__job")
            .order_by("due_at", "id")[:BATCH]
        )
        if not due:
            return 0
        Assessment.objects.filter(pk__in=[a.pk for a in due], **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        outbox_write([(kind, assessment_payload(a)) for a in due], at=now)
    return len(due)


def assessments_check_sla(*, now: datetime | None = None) -> dict[str, int]:
    """Tell about assessments due within RECRUITING_DUE_SOON_HOURS, and overdue ones."""
    now = now or timezone.now()
    soon = timedelta(hours=settings.RECRUITING_DUE_SOON_HOURS)
    counts = {"due_soon": 0, "overdue": 0}
    while n := _claim(
        "due_soon_sent_at",
        {"due_at__gt": now, "due_at__lte": now + soon},
        "assessment.due_soon",
        now=now,
    ):
        counts["due_soon"] += n
    while n := _claim("overdue_sent_at", {"due_at__lte": now}, "assessment.overdue", now=now):
        counts["overdue"] += n
    return counts
