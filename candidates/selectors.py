"""Reads scoped to the user: unit leads and assessors see their units only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from candidates.models import Application, Candidate, Transition
from candidates.pipeline.facts import FACT_PREFETCH
from candidates.pipeline.routing import fast_track_verdicts
from recruiting.models import Job
from recruiting.selectors import pipeline_unit_ids


def applications_visible_to(user: Any) -> QuerySet[Application]:
    return Application.objects.visible_to(user).select_related(
        "candidate", "job", "track", "stage", "rejection_reason"
    )


# What the list shows, and no more: every other column of five tables costs parsing
# (dates, JSON) on each of the page's rows. Rows come as dicts under these names, not
# as model instances: building five instances a row was half the list's time.
LIST_COLUMNS = (
    "id",
    "candidate_id",
    "job_id",
    "track_id",
    "track_version",
    "stage_id",
    "status",
    "is_fast_track",
    "stage_entered_at",
    "due_at",
    "version",
    "created_at",
    "candidate__full_name",
    "candidate__email",
    "job__title",
    "job__unit_id",
    "track__name",
    "track__kind",
    "stage__name",
    "stage__kind",
)
# The fast-track reason's summary, read inside the database instead of its whole JSON.
REASON_KEYS = ("track", "rule", "rule_version", "decided")


def applications_for_list(user: Any) -> QuerySet[Application, dict[str, Any]]:
    """The list's rows: the visible applications as dicts of LIST_COLUMNS and
    `reason_<key>` for each of REASON_KEYS."""
    reason = {f"reason_{key}": KT(f"fast_track_reason__{key}") for key in REASON_KEYS}
    return Application.objects.visible_to(user).values(*LIST_COLUMNS, **reason)


def list_row(app: Application) -> dict[str, Any]:
    """An application read with its relations, as `applications_for_list` gives it."""
    row = {name: _follow(app, name) for name in LIST_COLUMNS}
    reason = app.fast_track_reason or {}
    row.update((f"reason_{key}", reason.get(key)) for key in REASON_KEYS)
    return row


def _follow(app: Application, name: str) -> Any:
    relation, _, attname = name.rpartition("__")
    return getattr(getattr(app, relation) if relation else app, attname)


def candidate_for_routing(candidate_id: int) -> Candidate | None:
    """A candidate with the facts fast-track rules read, in four reads."""
    return Candidate.objects.prefetch_related(*FACT_PREFETCH).filter(pk=candidate_id).first()


def candidate_is_visible(user: Any, candidate_id: int) -> bool:
    """Whether the user may see the candidate; no read for those who see everyone."""
    if pipeline_unit_ids(user) is None:
        return True
    return Candidate.objects.visible_to(user).filter(pk=candidate_id).exists()


def candidates_visible_to(user: Any) -> QuerySet[Candidate]:
    return Candidate.objects.visible_to(user).prefetch_related(*FACT_PREFETCH)


def application_history(application: Application) -> QuerySet[Transition]:
    return (
        Transition.objects.filter(application=application)
        .select_related("from_stage", "to_stage", "actor", "rejection_reason")
        .order_by("created_at", "id")
    )


def application_eligibility(
    application: Application, *, now: datetime | None = None
) -> dict[str, Any]:
    """Every condition of every fast track the job admits, held or failed, with the
    candidate's value, as things stand now."""
    now = now or timezone.now()
    candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=application.candidate_id)
    job = (
        Job.objects.select_related("unit", "specialty")
        .prefetch_related("tracks__rules")
        .get(pk=application.job_id)
    )
    tracks = []
    for verdict in fast_track_verdicts(candidate, job, now=now):
        tracks.append(
            {
                "track_id": verdict.track.pk,
                "track": verdict.track.name,
                "routing": verdict.track.routing,
                "eligible": verdict.matched is not None,
                "rules": [
                    {
                        "rule_id": r.rule.pk,
                        "rule": r.rule.name,
                        "rule_version": r.rule.version,
                        "held": r.held,
                        "explanation": r.explanation,
                    }
                    for r in verdict.rules
                ],
            }
        )
    return {
        "application_id": application.pk,
        "evaluated_at": now.isoformat(),
        "on_fast_track": application.is_fast_track,
        "fast_track_reason": application.fast_track_reason,
        "fast_track_suggestion": application.fast_track_suggestion,
        "tracks": tracks,
    }
