"""Reads of the profile pages: a person, their applications, and what one application's
timeline is made of (history, panels, the events and messages sent about it), each in a
fixed number of queries, whatever the length of the history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Coalesce

from candidates.assessments.selectors import (
    assessment_summary,
    assessments_visible_to,
    may_see_panel,
)
from candidates.models import Application, Candidate, OutboxEvent, Publication, Score
from candidates.notifications.models import Delivery
from candidates.selectors import application_history, applications_visible_to
from recruiting.models import Specialty

User = get_user_model()


def candidates_for_profile(user: Any) -> QuerySet[Candidate]:
    """The candidates the user may open, with what their facts show: what
    `candidates.pipeline.facts.FACT_PREFETCH` reads too, so the eligibility explanation
    reads the facts from these rows (a test holds the two readings equal)."""
    return (
        Candidate.objects.visible_to(user)
        .select_related("referred_by", "created_by")
        .prefetch_related(
            "specialties",
            Prefetch("publications", Publication.objects.select_related("specialty")),
            "awards",
        )
    )


def applications_of(user: Any, candidate: Candidate) -> list[Application]:
    """The person's applications the user may see (a unit lead: their units' only)."""
    return list(
        applications_visible_to(user)
        .filter(candidate=candidate)
        .select_related("job__unit")
        .order_by("-created_at", "-id")
    )


def specialty_names(language_is_chinese: bool) -> dict[str, str]:
    """Every specialty's name by slug, in Chinese where the data has one and asked for."""
    names = {}
    for slug, name, name_zh in Specialty.objects.values_list("slug", "name", "name_zh"):
        names[slug.casefold()] = name_zh if language_is_chinese and name_zh else name
    return names


# What the timeline shows of each history row, read as dicts: building seven model
# instances a row (the stages, their tracks, the actor, the reason) was most of the
# page's time at 200 rows.
HISTORY_COLUMNS = (
    "id",
    "kind",
    "created_at",
    "reason",
    "note",
    "data",
    "actor_id",
    "actor_role",
    "actor__first_name",
    "actor__last_name",
    "actor__username",
    "from_stage__name",
    "from_stage__track__name",
    "to_stage_id",
    "to_stage__name",
    "to_stage__track__name",
    "rejection_reason__label",
)


def history_rows(application: Application) -> list[dict[str, Any]]:
    """The application's Transitions (`application_history`), oldest first."""
    return list(application_history(application).values(*HISTORY_COLUMNS))


def event_rows(application: Application) -> list[dict[str, Any]]:
    """The outbox events whose payload names the application: their id, type, the
    history row or panel each is about, and for `application.fast_tracked` the routing
    decision (a rule, or an override with who and why). Found by the index on the
    payload's application id (`outbox_application`)."""
    rows = (
        OutboxEvent.objects.filter(payload__application_id=application.pk)
        .order_by("created_at", "id")
        .values(
            "id",
            "type",
            transition_id=KT("payload__transition_id"),
            assessment_id=KT("payload__assessment_id"),
            routing=KeyTransform("routing", "payload"),
        )
    )
    # Ids as text on every database (SQLite's JSON gives numbers back as numbers).
    return [
        {
            **row,
            "transition_id": _text(row["transition_id"]),
            "assessment_id": _text(row["assessment_id"]),
        }
        for row in rows
    ]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def delivery_rows(application: Application) -> list[dict[str, Any]]:
    """Every email, in-app notice and webhook that the events naming the application
    were fanned out into, with when each was sent (or, unsent, created)."""
    rows = (
        Delivery.objects.filter(event__payload__application_id=application.pk)
        .order_by("created_at", "id")
        .values("event_id", "channel", "audience", "status", at=Coalesce("sent_at", "created_at"))
    )
    return [dict(row) for row in rows]


def application_panels(user: Any, application: Application, now: datetime) -> list[dict[str, Any]]:
    """The application's assessments as the user may see them: the summary
    (`assessment_summary` owns what an assessor may not see) and, where the viewer may
    see the panel (`may_see_panel`), the aggregate and each assessor's latest score."""
    assessments = list(
        assessments_visible_to(user).filter(application=application).order_by("created_at", "id")
    )
    open_ids = [a.pk for a in assessments if may_see_panel(user, a)]
    latest: dict[int, Score] = {}
    if open_ids:
        scores = (
            Score.objects.filter(seat__assessment_id__in=open_ids, is_submitted=True)
            .select_related("seat__assessor")
            .order_by("seat_id", "revision")
        )
        for score in scores:
            latest[score.seat_id] = score
    by_assessment: dict[int, list[Score]] = {}
    for score in latest.values():
        by_assessment.setdefault(score.seat.assessment_id, []).append(score)
    panels = []
    for assessment in assessments:
        summary = assessment_summary(assessment, user, now)
        visible = assessment.pk in open_ids
        panels.append(
            {
                **summary,
                "created_at": assessment.created_at,
                "due": assessment.due_at,
                "decided_at": assessment.decided_at,
                "panel_visible": visible,
                "aggregate": assessment.aggregate if visible else None,
                "written_score": assessment.written_score if visible else None,
                "proposal": assessment.proposal if visible else "",
                "scores": sorted(
                    by_assessment.get(assessment.pk, []), key=lambda s: s.seat.assessor_id
                )
                if visible
                else [],
            }
        )
    return panels


def person_named(user_id: int | None) -> Any:
    """The user a record names by id (who overrode the rules), or None."""
    if not user_id:
        return None
    return User.objects.filter(pk=user_id).first()
