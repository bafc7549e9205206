"""Reads of the jobs list and the applications list, scoped to the reader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from candidates.models import Application, ApplicationStatus
from candidates.selectors import REASON_KEYS, applications_for_list
from candidates.web.board.keyset import Order
from candidates.web.dashboard import sla_state
from recruiting.models import Job
from recruiting.selectors import jobs_visible_to

OPEN = (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD)

JOB_SORTS: dict[str, tuple[str, ...]] = {
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "unit": ("unit__name", "title", "id"),
    "-unit": ("-unit__name", "title", "id"),
    "status": ("status", "title", "id"),
    "-status": ("-status", "title", "id"),
    "open": ("open_count", "title", "id"),
    "-open": ("-open_count", "title", "id"),
    "overdue": ("overdue_count", "title", "id"),
    "-overdue": ("-overdue_count", "title", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}
DEFAULT_JOB_SORT = "title"


def jobs_for_list(user: Any, now: datetime | None = None) -> QuerySet[Job]:
    """The jobs the user may see, with their open and overdue applications counted."""
    now = now or timezone.now()
    return (
        jobs_visible_to(user)
        .select_related("unit", "specialty", "location", "drive")
        .annotate(
            open_count=Count("applications", filter=Q(applications__status__in=OPEN)),
            overdue_count=Count(
                "applications",
                filter=Q(
                    applications__status=ApplicationStatus.ACTIVE, applications__due_at__lt=now
                ),
            ),
        )
    )


# Orders on columns that are never null, ties broken by id: keyset pages need both.
APPLICATION_SORTS = {
    "-created": Order("created_at", descending=True),
    "created": Order("created_at"),
    "in_stage": Order("stage_entered_at"),
    "-in_stage": Order("stage_entered_at", descending=True),
    "name": Order("candidate__full_name", kind="text"),
    "-name": Order("candidate__full_name", descending=True, kind="text"),
}
DEFAULT_APPLICATION_SORT = "-created"


def application_rows(user: Any) -> QuerySet[Application, dict[str, Any]]:
    """The API list's rows (`candidates.selectors.applications_for_list`), with the
    unit's name besides its id."""
    return applications_for_list(user).annotate(unit_name=F("job__unit__name"))


def json_text(value: Any) -> Any:
    """A text read out of JSON in the database: SQLite gives a JSON null as "null"
    (PostgreSQL as NULL), as for an override's rule."""
    return None if value in (None, "null") else value


def decorate_rows(rows: list[dict[str, Any]], now: datetime) -> None:
    for row in rows:
        for key in REASON_KEYS:
            row[f"reason_{key}"] = json_text(row.get(f"reason_{key}"))
        active = row["status"] == ApplicationStatus.ACTIVE
        row["sla"] = sla_state(row["due_at"], now) if active else ""
        row["days_in_stage"] = max((now - row["stage_entered_at"]).days, 0)
