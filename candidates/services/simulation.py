"""What a rule draft would have done to existing applications. Reads only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone

from candidates.models import Application
from candidates.pipeline.facts import candidate_facts
from candidates.selectors import applications_visible_to
from recruiting.errors import InvalidInput
from recruiting.models import Track
from recruiting.rules import RuleError, compile_rule
from recruiting.selectors import unit_member_ids

SHOWN = 200


def track_simulate(
    *, track: Track, definition: object, user: Any, limit: int | None = None
) -> dict[str, Any]:
    """Evaluate a rule draft against the most recent applications to jobs admitting
    `track` (those the user may see), and report the ones it would have routed with
    how they fared. Writes nothing. Raises InvalidInput naming each bad condition."""
    try:
        rule = compile_rule(definition)
    except RuleError as error:
        problems = [{"path": p.path, "message": p.message} for p in error.errors]
        raise InvalidInput(
            f"The rule is not valid: {problems[0]['path']}: {problems[0]['message']}",
            fields={"definition": problems},
        ) from None
    limit = min(limit or settings.RECRUITING_SIMULATION_LIMIT, settings.RECRUITING_SIMULATION_LIMIT)
    now = timezone.now()
    applications = list(
        applications_visible_to(user)
        .filter(job__tracks=track)
        .select_related("job__unit", "job__specialty")
        .prefetch_related(
            "candidate__specialties", "candidate__publications__specialty", "candidate__awards"
        )
        .order_by("-created_at", "-id")[: limit + 1]
    )
    truncated = len(applications) > limit
    applications = applications[:limit]
    members: dict[int, frozenset[int]] = {}
    matched: list[Application] = []
    for application in applications:
        job = application.job
        if job.unit_id not in members:
            members[job.unit_id] = unit_member_ids(job.unit)
        facts = candidate_facts(
            application.candidate, job, unit_members=members[job.unit_id], now=now
        )
        if rule.matches(facts):
            matched.append(application)
    outcomes = Counter(a.status for a in matched)
    return {
        "track_id": track.pk,
        "evaluated": len(applications),
        "truncated": truncated,
        "matched": len(matched),
        "already_on_this_track": sum(a.track_id == track.pk for a in matched),
        "outcomes": dict(sorted(outcomes.items())),
        "hired_rate": round(outcomes.get("hired", 0) / len(matched), 3) if matched else None,
        "applications": [
            {
                "id": a.pk,
                "candidate": a.candidate.full_name,
                "job": a.job.title,
                "track": a.track.name,
                "stage": a.stage.name,
                "stage_kind": a.stage.kind,
                "status": a.status,
            }
            for a in matched[:SHOWN]
        ],
    }
