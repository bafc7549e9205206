"""The variables a message about an event may use: exactly those the event catalogue
(`candidates.notifications.catalogue`) lists for it, read fresh at send time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from candidates.models import Application, Assessment, Candidate, OutboxEvent
from candidates.notifications.catalogue import EventType, variables_of
from candidates.notifications.models import Audience
from candidates.notifications.unsubscribe import unsubscribe_url
from recruiting.models import Stage


def when(value: datetime | str | None) -> str:
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _application(payload: dict[str, Any]) -> dict[str, Any]:
    if not payload.get("application_id"):
        return {}
    application = (
        Application.objects.select_related(
            "candidate", "job__unit", "job__location", "stage", "track"
        )
        .filter(pk=payload["application_id"])
        .first()
    )
    if application is None:
        return {}
    stage = application.stage
    if payload.get("to_stage_id") and payload["to_stage_id"] != stage.pk:
        stage = Stage.objects.filter(pk=payload["to_stage_id"]).first() or stage
    previous = Stage.objects.filter(pk=payload.get("from_stage_id") or 0).first()
    return {
        "candidate_name": application.candidate.full_name,
        "job_title": application.job.title,
        "unit_name": application.job.unit.name,
        "city": application.job.location.city,
        "stage_name": stage.name,
        "previous_stage_name": previous.name if previous else "",
        "track_name": application.track.name,
        "application_id": application.pk,
    }


def _assessment(payload: dict[str, Any], audience: str) -> dict[str, Any]:
    if not payload.get("assessment_id"):
        return {}
    assessment = (
        Assessment.objects.select_related("application__candidate", "application__job__unit")
        .select_related("stage")
        .filter(pk=payload["assessment_id"])
        .first()
    )
    if assessment is None:
        return {}
    application = assessment.application
    name = application.candidate.full_name
    if audience == Audience.ASSESSOR and assessment.stage.anonymize:
        name = f"Candidate #{application.pk}"
    assessor = User.objects.filter(pk=payload.get("assessor_id") or 0).first()
    return {
        "candidate_name": name,
        "job_title": application.job.title,
        "unit_name": application.job.unit.name,
        "stage_name": assessment.stage.name,
        "due_at": when(assessment.due_at),
        "assessment_id": assessment.pk,
        "application_id": application.pk,
        "assessor_name": display_name(assessor),
        "seated": payload.get("seated", 0),
        "panel_size": payload.get("panel_size", assessment.stage.panel_size),
        "submitted": payload.get("submitted", 0),
        "result": payload.get("result", assessment.result),
    }


def _digest(payload: dict[str, Any]) -> dict[str, Any]:
    items = [
        {k: str(item.get(k, "")) for k in ("candidate_name", "job_title", "stage_name", "due_at")}
        for item in payload.get("items", [])
    ]
    return {"unit_name": payload.get("unit_name", ""), "count": len(items), "items": items}


def _about(event: OutboxEvent, audience: str) -> dict[str, Any]:
    payload = event.payload
    kind = event.type.split(".", 1)[0]
    if kind == "application":
        return _application(payload)
    if kind == "assessment":
        return _assessment(payload, audience)
    if kind == "digest":
        return _digest(payload)
    if event.type == EventType.WEBHOOK_DISABLED:
        return {k: payload.get(k, "") for k in ("url", "failures", "last_error")}
    return {}


# What one batch of deliveries has read about each event, by event id and audience.
Facts = dict[tuple[str, str], dict[str, Any]]


def variables_for(
    event: OutboxEvent,
    *,
    audience: str,
    user: User | None = None,
    candidate: Candidate | None = None,
    facts: Facts | None = None,
) -> dict[str, Any]:
    """The event's catalogue variables, and nothing else, for one recipient.

    With `facts`, what is read about the event is kept there for the other recipients
    of the same batch (read fresh again by the next batch).
    """
    key = (str(event.pk), audience)
    if facts is None or key not in facts:
        about = _about(event, audience)
        if facts is not None:
            facts[key] = about
    else:
        about = facts[key]
    found = dict(about)
    found["recipient_name"] = candidate.full_name if candidate else display_name(user)
    found["unsubscribe_url"] = unsubscribe_url(candidate.pk) if candidate else ""
    return {name: found.get(name, "") for name in variables_of(event.type)}
