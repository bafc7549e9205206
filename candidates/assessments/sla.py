"""The periodic SLA check: `assessment.due_soon` and `assessment.overdue`, once each."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from candidates.models import Assessment
from candidates.notifications.catalogue import assessment_reminder
from candidates.outbox import outbox_write

BATCH = 500


def _claim(field: str, due: QuerySet[Assessment], *, overdue: bool, now: datetime) -> int:
    """Mark a batch of `due` as told and write their events in one transaction. Rows
    another checker holds are skipped, and the mark is set only where it is still
    empty, so two beats running by mistake never tell anyone twice."""
    untold = {f"{field}__isnull": True}
    with transaction.atomic():
        found = list(
            due.select_for_update(skip_locked=True, of=("self",))
            .filter(**untold)
            .select_related("application__job")
            .order_by("due_at", "id")[:BATCH]
        )
        if not found:
            return 0
        Assessment.objects.filter(pk__in=[a.pk for a in found], **untold).update(**{field: now})
        outbox_write([assessment_reminder(a, overdue=overdue) for a in found], at=now)
    return len(found)


def assessments_check_sla(*, now: datetime | None = None) -> dict[str, int]:
    """Tell about assessments due within RECRUITING_DUE_SOON_HOURS, and overdue ones.
    A held application's assessment is neither (its clock is stopped)."""
    now = now or timezone.now()
    soon = now + timedelta(hours=settings.RECRUITING_DUE_SOON_HOURS)
    due_soon = Assessment.objects.due_between(now, soon)
    overdue = Assessment.objects.overdue(now)
    counts = {"due_soon": 0, "overdue": 0}
    while n := _claim("due_soon_sent_at", due_soon, overdue=False, now=now):
        counts["due_soon"] += n
    while n := _claim("overdue_sent_at", overdue, overdue=True, now=now):
        counts["overdue"] += n
    return counts
