"""Reads the assessment pages need beyond the shared selectors: a page of the inbox,
the names of people and specialties, a draft's save time, the scorecard's criteria.

Everything about a candidate comes from `candidates.assessments.selectors`
(`assessment_summary`, `assessment_detail`), which own redaction; nothing here reads a
candidate's fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import get_language

from candidates.assessments.selectors import assessment_summary, assessments_visible_to
from candidates.models import ApplicationStatus, Assessment, Score
from candidates.web.dashboard import sla_state
from recruiting.errors import NotFound
from recruiting.models import Criterion, Specialty

PAGE_SIZE = 50
MAX_PAGE = 1000
# The inbox counts its open and overdue assessments up to here ("99+" beyond): an
# exact count of thousands would cost more than the rest of the page.
COUNT_UP_TO = 99
# What the inbox lists: open panels (the default), decided or closed ones, or all.
SHOW_OPEN, SHOW_DONE, SHOW_ALL = "open", "done", "all"


def visible_assessment(user: Any, pk: int) -> Assessment:
    """One assessment the user may see (as the API's `_visible`); else 404."""
    assessment = assessments_visible_to(user).filter(pk=pk).first()
    if assessment is None:
        raise NotFound("No such assessment, or not visible to you.")
    return assessment


def deadline_state(assessment: Assessment, summary: dict[str, Any], now: datetime) -> str:
    """The SLA words of an open assessment: overdue, due soon or on time; none once
    decided, or while the application is held (its clock is stopped)."""
    if summary["status"] != Assessment.Status.PENDING or is_held(assessment):
        return ""
    return "overdue" if summary["overdue"] else sla_state(assessment.due_at, now)


def is_held(assessment: Assessment) -> bool:
    return assessment.application.status == ApplicationStatus.ON_HOLD


def is_placeholder_name(candidate: dict[str, Any]) -> bool:
    """Whether the summary hid the candidate's name (the selector writes it in English;
    the page says it in the reader's language)."""
    return bool(candidate["full_name"] == f"Candidate {candidate['id']}")


INBOX_FIELDS = (
    "id",
    "status",
    "due_at",
    "understaffed",
    "result",
    "stage__name",
    "stage__kind",
    "stage__anonymize",
    "application__status",
    "application__job__title",
    "application__job__unit_id",
    "application__candidate__full_name",
)


@dataclass(frozen=True)
class InboxRow:
    summary: dict[str, Any]
    anonymized: bool
    due_at: datetime | None
    sla: str
    held: bool


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    page: int
    has_next: bool
    open_count: int
    overdue_count: int

    @property
    def open_more(self) -> bool:
        return self.open_count > COUNT_UP_TO

    @property
    def overdue_more(self) -> bool:
        return self.overdue_count > COUNT_UP_TO


def inbox_page(user: Any, *, mine: bool, show: str, page: int, now: datetime) -> InboxPage:
    """One page of the assessments the user sits on (`mine`) or may see, soonest due
    first, with how many are open and overdue in that scope."""
    # What a row reads (`assessment_summary` and the template), and nothing else: no
    # candidate column beyond the name, no JSON, fewer bytes per row.
    scope = assessments_visible_to(user, mine=mine).only(*INBOX_FIELDS)
    listed = scope
    if show == SHOW_OPEN:
        listed = scope.filter(status=Assessment.Status.PENDING)
    elif show == SHOW_DONE:
        listed = scope.exclude(status=Assessment.Status.PENDING)
    start = (page - 1) * PAGE_SIZE
    found = list(listed.order_by("due_at", "id")[start : start + PAGE_SIZE + 1])
    pending = Assessment.objects.visible_to(user, mine=mine).filter(
        status=Assessment.Status.PENDING
    )
    late = pending.filter(due_at__lt=now, application__status=ApplicationStatus.ACTIVE)
    rows = []
    for assessment in found[:PAGE_SIZE]:
        summary = assessment_summary(assessment, user, now)
        rows.append(
            InboxRow(
                summary=summary,
                anonymized=is_placeholder_name(summary["candidate"]),
                due_at=assessment.due_at,
                sla=deadline_state(assessment, summary, now),
                held=is_held(assessment),
            )
        )
    return InboxPage(
        rows=rows,
        page=page,
        has_next=len(found) > PAGE_SIZE,
        open_count=_count_up_to(pending),
        overdue_count=_count_up_to(late),
    )


def _count_up_to(queryset: QuerySet[Assessment]) -> int:
    """The number of rows, counted no further than one past `COUNT_UP_TO`."""
    return queryset.order_by().values("pk")[: COUNT_UP_TO + 1].count()


def people_names(ids: Iterable[int]) -> dict[int, str]:
    """Staff names by user id (full name, else username)."""
    wanted = set(ids)
    if not wanted:
        return {}
    users = (
        get_user_model()
        .objects.filter(pk__in=wanted)
        .only("id", "username", "first_name", "last_name")
    )
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def specialty_names(slugs: list[str]) -> list[str]:
    """The specialties' names in the reader's language (Chinese names in zh-hans)."""
    if not slugs:
        return []
    chinese = (get_language() or "").startswith("zh")
    known = {
        slug: (name_zh if chinese and name_zh else name)
        for slug, name, name_zh in Specialty.objects.filter(slug__in=slugs).values_list(
            "slug", "name", "name_zh"
        )
    }
    return [known.get(slug, slug) for slug in slugs]


def draft_saved_at(assessment_id: int, user: Any) -> datetime | None:
    """When the user's unsubmitted draft was last saved (None without one)."""
    return (
        Score.objects.filter(
            seat__assessment_id=assessment_id, seat__assessor=user, is_submitted=False
        )
        .values_list("updated_at", flat=True)
        .first()
    )


def scorecard_criteria(assessment: Assessment) -> list[dict[str, Any]]:
    """The criteria of the assessment's scorecard, as `assessment_detail` lists them."""
    if assessment.stage.scorecard_id is None:
        return []
    return [
        {"id": pk, "name": name, "description": description, "weight": str(weight)}
        for pk, name, description, weight in Criterion.objects.filter(
            template_id=assessment.stage.scorecard_id
        ).values_list("id", "name", "description", "weight")
    ]
