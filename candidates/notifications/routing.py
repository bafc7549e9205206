"""Who an event concerns: subscriptions matched to the event, audiences to people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from candidates.models import Application, Assignment, Candidate, OutboxEvent
from candidates.notifications.models import Audience, JobFollower
from recruiting.models import BusinessUnit


@dataclass(frozen=True)
class Recipient:
    key: str
    audience: str
    user_id: int | None = None
    candidate_id: int | None = None


def pattern_matches(pattern: str, event_type: str) -> bool:
    """`*`, an exact type, or a prefix such as `application.*`."""
    if pattern in ("*", event_type):
        return True
    return pattern.endswith(".*") and event_type.startswith(pattern[:-1])


def _user(user_id: Any, audience: str) -> list[Recipient]:
    return [Recipient(f"user:{user_id}", audience, user_id=int(user_id))] if user_id else []


def _assessors(event: OutboxEvent) -> list[Recipient]:
    payload = event.payload
    if payload.get("assessor_id"):
        return _user(payload["assessor_id"], Audience.ASSESSOR)
    # Reminders concern everyone still due to score: not who submitted, declined or left.
    ids = Assignment.objects.filter(
        assessment_id=payload.get("assessment_id"), status=Assignment.Status.ASSIGNED
    ).values_list("assessor_id", flat=True)
    return [r for user_id in ids for r in _user(user_id, Audience.ASSESSOR)]


def _unit_lead(event: OutboxEvent) -> list[Recipient]:
    lead_id = (
        BusinessUnit.objects.filter(pk=event.payload.get("unit_id"))
        .values_list("lead_id", flat=True)
        .first()
    )
    return _user(lead_id, Audience.UNIT_LEAD)


def _recruiters(event: OutboxEvent) -> list[Recipient]:
    """The job's followers and whoever opened the application."""
    payload = event.payload
    ids = set(
        JobFollower.objects.filter(job_id=payload.get("job_id")).values_list("user_id", flat=True)
    )
    creator = (
        Application.objects.filter(pk=payload.get("application_id"))
        .values_list("created_by_id", flat=True)
        .first()
    )
    if creator:
        ids.add(creator)
    return [r for user_id in sorted(ids) for r in _user(user_id, Audience.RECRUITER)]


def _candidate(event: OutboxEvent) -> list[Recipient]:
    candidate_id = event.payload.get("candidate_id")
    if not candidate_id or not Candidate.objects.filter(pk=candidate_id).exclude(email="").exists():
        return []
    return [Recipient(f"candidate:{candidate_id}", Audience.CANDIDATE, candidate_id=candidate_id)]


def recipients_for(event: OutboxEvent, audience: str) -> list[Recipient]:
    if audience == Audience.CANDIDATE:
        return _candidate(event)
    if audience == Audience.ASSESSOR:
        return _assessors(event)
    if audience == Audience.UNIT_LEAD:
        return _unit_lead(event)
    if audience == Audience.RECRUITER:
        return _recruiters(event)
    return _user(event.payload.get("user_id"), Audience.USER)
