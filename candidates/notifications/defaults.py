"""The subscriptions a new installation starts with; a data migration seeds them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from candidates.notifications.catalogue import EventType as E

# A rejection undone within this time sends the candidate nothing.
REJECTION_DELAY = timedelta(hours=2)
REACHED_STAGES = ["bu_assessment", "interview", "offer"]

DEFAULT_SUBSCRIPTIONS: list[dict[str, Any]] = [
    # Candidates, by email.
    {
        "event_type": E.APPLICATION_CREATED,
        "audience": "candidate",
        "channel": "email",
        "is_essential": True,
    },
    {"event_type": E.APPLICATION_FAST_TRACKED, "audience": "candidate", "channel": "email"},
    {
        "event_type": E.APPLICATION_MOVED,
        "audience": "candidate",
        "channel": "email",
        "stage_kinds": REACHED_STAGES,
    },
    {
        "event_type": E.APPLICATION_REJECTED,
        "audience": "candidate",
        "channel": "email",
        "is_essential": True,
        "delay": REJECTION_DELAY,
    },
    # Assessors, by email and in the app.
    {"event_type": E.ASSESSMENT_ASSIGNED, "audience": "assessor", "channel": "email"},
    {"event_type": E.ASSESSMENT_ASSIGNED, "audience": "assessor", "channel": "in_app"},
    {"event_type": E.ASSESSMENT_DUE_SOON, "audience": "assessor", "channel": "email"},
    {"event_type": E.ASSESSMENT_DUE_SOON, "audience": "assessor", "channel": "in_app"},
    {"event_type": E.ASSESSMENT_OVERDUE, "audience": "assessor", "channel": "email"},
    {"event_type": E.ASSESSMENT_OVERDUE, "audience": "assessor", "channel": "in_app"},
    # The unit lead: panels, escalations, quorums, the daily digest.
    {"event_type": E.ASSESSMENT_UNDERSTAFFED, "audience": "unit_lead", "channel": "email"},
    {"event_type": E.ASSESSMENT_UNDERSTAFFED, "audience": "unit_lead", "channel": "in_app"},
    {"event_type": E.ASSESSMENT_OVERDUE, "audience": "unit_lead", "channel": "email"},
    {"event_type": E.ASSESSMENT_OVERDUE, "audience": "unit_lead", "channel": "in_app"},
    {"event_type": E.ASSESSMENT_QUORUM_REACHED, "audience": "unit_lead", "channel": "email"},
    {"event_type": E.ASSESSMENT_QUORUM_REACHED, "audience": "unit_lead", "channel": "in_app"},
    {"event_type": E.DIGEST_OVERDUE_ASSESSMENTS, "audience": "unit_lead", "channel": "email"},
    # Recruiters: everything on their jobs, in the app; the stage SLA digest by email.
    {"event_type": "application.*", "audience": "recruiter", "channel": "in_app"},
    {"event_type": "assessment.*", "audience": "recruiter", "channel": "in_app"},
    {"event_type": E.DIGEST_STALE_APPLICATIONS, "audience": "user", "channel": "email"},
    # A webhook's owner when it is disabled.
    {"event_type": E.WEBHOOK_DISABLED, "audience": "user", "channel": "email"},
    {"event_type": E.WEBHOOK_DISABLED, "audience": "user", "channel": "in_app"},
]


def seed_subscriptions(model: Any) -> None:
    """Create the defaults that are missing; `model` may be a migration's historical one."""
    for row in DEFAULT_SUBSCRIPTIONS:
        keys = {k: row[k] for k in ("event_type", "audience", "channel")}
        rest = {k: v for k, v in row.items() if k not in keys}
        model.objects.get_or_create(**keys, defaults=rest)


def unseed_subscriptions(model: Any) -> None:
    for row in DEFAULT_SUBSCRIPTIONS:
        model.objects.filter(
            event_type=row["event_type"], audience=row["audience"], channel=row["channel"]
        ).delete()
