"""Reads of assessments, scoped to the user and redacted for assessors."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from candidates.models import Assessment, Assignment, Score
from recruiting.roles import Role, has_role, sees_all_units
from recruiting.selectors import led_unit_ids


def assessments_visible_to(user: Any, *, mine: bool = False) -> QuerySet[Assessment]:
    """The assessments the user may see (`Assessment.objects.visible_to`), with what the
    inbox and the detail read: the application, candidate, job and stage, and the
    user's own seats as `my_seats`."""
    return (
        Assessment.objects.visible_to(user, mine=mine)
        .select_related("application__candidate", "application__job", "stage")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Assignment.objects.filter(assessor=user).order_by("id"),
                to_attr="my_seats",
            )
        )
    )


def may_see_panel(user: Any, assessment: Assessment) -> bool:
    """Blind scoring: an assessor sees the others' scores and the aggregate only
    after submitting their own; leads, recruiters and admins always do."""
    if sees_all_units(user) or assessment.application.job.unit_id in led_unit_ids(user):
        return True
    seats = getattr(assessment, "my_seats", None)
    if seats is None:
        seats = list(assessment.seats.filter(assessor=user))
    return any(s.status == Assignment.Status.SUBMITTED for s in seats)


def sees_contact_details(user: Any, assessment: Assessment) -> bool:
    """Assessors never see contact details, salary expectations or competing offers."""
    return has_role(user, Role.ADMIN, Role.RECRUITER) or (
        assessment.application.job.unit_id in led_unit_ids(user)
    )


def panel_scores(assessment: Assessment) -> list[Score]:
    return list(
        Score.objects.filter(seat__assessment=assessment, is_submitted=True)
        .select_related("seat__assessor")
        .prefetch_related("ratings")
        .order_by("seat__assessor_id", "revision")
    )
