"""Reads scoped to the user: unit leads and assessors see their units only."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, cast

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from candidates.models import Application, Award, Candidate, Publication, Transition
from candidates.pipeline.facts import FACT_PREFETCH
from candidates.pipeline.routing import fast_track_verdicts
from recruiting import rows
from recruiting.clock import iso_required
from recruiting.models import Job, Specialty
from recruiting.rows import Columns
from recruiting.selectors import job_from_routing_rows, job_routing_reads, pipeline_unit_ids


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


_CANDIDATE, _SPECIALTY = Columns(Candidate, "c"), Columns(Specialty, "s")
_PAPER, _PAPER_SPECIALTY, _AWARD = (
    Columns(Publication, "p"),
    Columns(Specialty, "ps"),
    Columns(Award, "a"),
)


@cache
def _facts_sql() -> tuple[str, str, str, str]:
    through = Candidate.specialties.through._meta.db_table
    return (
        f"SELECT {_CANDIDATE.select()} FROM {_CANDIDATE.table} c "
        f"WHERE {_CANDIDATE.column('id')} = %s",
        f"SELECT {_SPECIALTY.select()} FROM {_SPECIALTY.table} s JOIN {through} cs "
        f"ON cs.specialty_id = {_SPECIALTY.column('id')} WHERE cs.candidate_id = %s "
        f"ORDER BY {_SPECIALTY.column('name')}, {_SPECIALTY.column('id')}",
        f"SELECT {_PAPER.select()}, {_PAPER_SPECIALTY.select()} FROM {_PAPER.table} p "
        f"LEFT JOIN {_PAPER_SPECIALTY.table} ps ON {_PAPER_SPECIALTY.column('id')} = "
        f"{_PAPER.column('specialty')} WHERE {_PAPER.column('candidate')} = %s "
        f"ORDER BY {_PAPER.column('year')} DESC, {_PAPER.column('id')}",
        f"SELECT {_AWARD.select()} FROM {_AWARD.table} a WHERE {_AWARD.column('candidate')} = %s "
        f"ORDER BY {_AWARD.column('year')} DESC, {_AWARD.column('id')}",
    )


def candidate_routing_reads(candidate_id: int) -> list[rows.Statement]:
    """The statements `candidate_from_routing_rows` reads a candidate from, built once."""
    return [(sql, [candidate_id]) for sql in _facts_sql()]


def candidate_for_routing(candidate_id: int) -> Candidate | None:
    """A candidate with the facts fast-track rules read (specialties, publications with
    their specialty, awards), kept as `prefetch_related(*FACT_PREFETCH)` keeps them, in
    four statements built once and sent together (the ORM's prefetching cost more than
    the reads on the create's hot path)."""
    return candidate_from_routing_rows(rows.fetch_all(candidate_routing_reads(candidate_id)))


def candidate_from_routing_rows(results: list[list[tuple[Any, ...]]]) -> Candidate | None:
    """The candidate of `candidate_for_routing` from the rows of `candidate_routing_reads`."""
    found, specialty_rows, paper_rows, award_rows = results
    if not found:
        return None
    candidate = cast(Candidate, _CANDIDATE.build(found[0]))
    papers = []
    for row in paper_rows:
        paper = cast(Publication, _PAPER.build(row))
        specialty = _PAPER_SPECIALTY.build(row, _PAPER.width)
        Publication._meta.get_field("specialty").set_cached_value(paper, specialty)
        papers.append(paper)
    specialties = [_SPECIALTY.build(r) for r in specialty_rows]
    awards = [_AWARD.build(r) for r in award_rows]
    rows.remember(candidate, "specialties", [s for s in specialties if s is not None])
    rows.remember(candidate, "publications", papers)
    rows.remember(candidate, "awards", [a for a in awards if a is not None])
    return candidate


def routing_reads(candidate_id: int, job_id: int) -> tuple[Candidate | None, Job | None]:
    """The candidate and the job as `candidate_for_routing` and `job_for_routing` read
    them, their seven statements sent together."""
    candidate_reads = candidate_routing_reads(candidate_id)
    results = rows.fetch_all([*candidate_reads, *job_routing_reads(job_id)])
    split = len(candidate_reads)
    return candidate_from_routing_rows(results[:split]), job_from_routing_rows(results[split:])


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
    application: Application, *, now: datetime | None = None, candidate: Candidate | None = None
) -> dict[str, Any]:
    """Every condition of every fast track the job admits, held or failed, with the
    candidate's value, as things stand now. A caller that has read the candidate with
    FACT_PREFETCH already (a profile page) passes it, and it is not read again."""
    now = now or timezone.now()
    if candidate is None or candidate.pk != application.candidate_id:
        candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(
            pk=application.candidate_id
        )
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
        "evaluated_at": iso_required(now),
        "on_fast_track": application.is_fast_track,
        "fast_track_reason": application.fast_track_reason,
        "fast_track_suggestion": application.fast_track_suggestion,
        "tracks": tracks,
    }
