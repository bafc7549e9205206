"""The event catalogue: every event the product writes, with its one payload shape,
the variables its messages may use (sample values for previews) and its in-app title.

Producers build payloads only through the builders below, so every event of one type
has one shape; the message templates, the in-app titles, the default subscriptions and
the webhook documentation all read this table. Payloads carry ids and what changed;
receivers load anything else they need when they send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypedDict

from candidates.models import Application, Assessment, Transition, TransitionKind
from recruiting.clock import iso


class EventType(StrEnum):
    APPLICATION_CREATED = "application.created"
    APPLICATION_MOVED = "application.moved"
    APPLICATION_STAGE_SKIPPED = "application.stage_skipped"
    APPLICATION_FAST_TRACKED = "application.fast_tracked"
    APPLICATION_TRACK_SWITCHED = "application.track_switched"
    APPLICATION_REJECTED = "application.rejected"
    APPLICATION_UNREJECTED = "application.unrejected"
    APPLICATION_WITHDRAWN = "application.withdrawn"
    APPLICATION_HELD = "application.held"
    APPLICATION_RESUMED = "application.resumed"
    APPLICATION_HIRED = "application.hired"
    ASSESSMENT_ASSIGNED = "assessment.assigned"
    ASSESSMENT_DECLINED = "assessment.declined"
    ASSESSMENT_SUBMITTED = "assessment.submitted"
    ASSESSMENT_UNDERSTAFFED = "assessment.understaffed"
    ASSESSMENT_QUORUM_REACHED = "assessment.quorum_reached"
    ASSESSMENT_COMPLETED = "assessment.completed"
    ASSESSMENT_DUE_SOON = "assessment.due_soon"
    ASSESSMENT_OVERDUE = "assessment.overdue"
    DIGEST_OVERDUE_ASSESSMENTS = "digest.overdue_assessments"
    DIGEST_STALE_APPLICATIONS = "digest.stale_applications"
    WEBHOOK_DISABLED = "webhook.disabled"


# The payload shapes.


class ApplicationPayload(TypedDict):
    """Any change of an application: the Transition it wrote and where it stands now."""

    application_id: int
    candidate_id: int
    job_id: int
    unit_id: int
    track_id: int
    transition_id: int
    kind: str
    from_stage_id: int | None
    to_stage_id: int | None
    from_status: str
    to_status: str
    stage_kind: str
    version: int


class FastTrackedPayload(ApplicationPayload):
    # Which rule matched (or who overrode it and why), as the application keeps it.
    routing: dict[str, Any]


class AssessmentPayload(TypedDict):
    assessment_id: int
    application_id: int
    candidate_id: int
    job_id: int
    unit_id: int
    stage_id: int
    due_at: str | None


class AssessorPayload(AssessmentPayload):
    assessor_id: int


class DeclinedPayload(AssessorPayload):
    reason: str


class SubmittedPayload(AssessorPayload):
    # 1 for the first submission, then one more for each amendment.
    revision: int


class UnderstaffedPayload(AssessmentPayload):
    seated: int
    panel_size: int


class QuorumPayload(AssessmentPayload):
    submitted: int


class CompletedPayload(AssessmentPayload):
    result: str
    # What a recruiter is asked to confirm ("advance", "reject", "fallback" or "").
    proposal: str


class DigestItem(TypedDict):
    candidate_name: str
    job_title: str
    stage_name: str
    due_at: str


class OverdueDigestPayload(TypedDict):
    unit_id: int
    unit_name: str
    assessment_ids: list[int]
    items: list[DigestItem]


class StaleDigestPayload(TypedDict):
    user_id: int
    application_ids: list[int]
    items: list[DigestItem]


class WebhookDisabledPayload(TypedDict):
    endpoint_id: int
    user_id: int
    url: str
    failures: int
    last_error: str


# What messages may say: sample values, shown in previews and used to check templates.

COMMON = {"recipient_name": "Zhang Min", "unsubscribe_url": "https://example.com/unsubscribe/x"}
_APPLICATION = {
    **COMMON,
    "candidate_name": "Zhang Min",
    "job_title": "NLP Research Engineer",
    "unit_name": "Large Models & NLP",
    "city": "Beijing",
    "stage_name": "Business-unit assessment",
    "previous_stage_name": "Review",
    "track_name": "Top paper fast track",
    "application_id": 42,
}
_ASSESSMENT = {
    **COMMON,
    "candidate_name": "Zhang Min",
    "job_title": "NLP Research Engineer",
    "unit_name": "Large Models & NLP",
    "stage_name": "Business-unit assessment",
    "due_at": "2026-11-25 18:00",
    "assessment_id": 7,
    "application_id": 42,
}
_DIGEST_ITEM = {
    "candidate_name": "Zhang Min",
    "job_title": "NLP Research Engineer",
    "stage_name": "Business-unit assessment",
    "due_at": "2026-11-25 18:00",
}


@dataclass(frozen=True)
class EventSpec:
    payload: type
    # Every variable a message about the event may use, with a sample value.
    variables: Mapping[str, Any]
    # The in-app notification's title, a str.format pattern over the variables.
    title: str


E = EventType
CATALOGUE: dict[EventType, EventSpec] = {
    E.APPLICATION_CREATED: EventSpec(
        ApplicationPayload, _APPLICATION, "New application: {candidate_name} for {job_title}"
    ),
    E.APPLICATION_MOVED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} moved to {stage_name} ({job_title})"
    ),
    E.APPLICATION_STAGE_SKIPPED: EventSpec(
        ApplicationPayload,
        _APPLICATION,
        "{candidate_name} skipped {previous_stage_name} ({job_title})",
    ),
    E.APPLICATION_FAST_TRACKED: EventSpec(
        FastTrackedPayload, _APPLICATION, "{candidate_name} is on the fast track for {job_title}"
    ),
    E.APPLICATION_TRACK_SWITCHED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} switched to {track_name} ({job_title})"
    ),
    E.APPLICATION_REJECTED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} was rejected for {job_title}"
    ),
    E.APPLICATION_UNREJECTED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name}'s rejection was undone ({job_title})"
    ),
    E.APPLICATION_WITHDRAWN: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} withdrew from {job_title}"
    ),
    E.APPLICATION_HELD: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} is on hold ({job_title})"
    ),
    E.APPLICATION_RESUMED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} resumed ({job_title})"
    ),
    E.APPLICATION_HIRED: EventSpec(
        ApplicationPayload, _APPLICATION, "{candidate_name} was hired as {job_title}"
    ),
    E.ASSESSMENT_ASSIGNED: EventSpec(
        AssessorPayload,
        {**_ASSESSMENT, "assessor_name": "Li Wei"},
        "Assessment of {candidate_name} assigned to {assessor_name}",
    ),
    E.ASSESSMENT_DECLINED: EventSpec(
        DeclinedPayload,
        {**_ASSESSMENT, "assessor_name": "Li Wei"},
        "{assessor_name} declined the assessment of {candidate_name}",
    ),
    E.ASSESSMENT_SUBMITTED: EventSpec(
        SubmittedPayload,
        {**_ASSESSMENT, "assessor_name": "Li Wei"},
        "{assessor_name} scored {candidate_name}",
    ),
    E.ASSESSMENT_UNDERSTAFFED: EventSpec(
        UnderstaffedPayload,
        {**_ASSESSMENT, "seated": 1, "panel_size": 3},
        "Panel short for {candidate_name}: {seated} of {panel_size}",
    ),
    E.ASSESSMENT_QUORUM_REACHED: EventSpec(
        QuorumPayload,
        {**_ASSESSMENT, "submitted": 2},
        "Quorum reached for {candidate_name} ({job_title})",
    ),
    E.ASSESSMENT_COMPLETED: EventSpec(
        CompletedPayload,
        {**_ASSESSMENT, "result": "pass"},
        "Assessment of {candidate_name} decided: {result}",
    ),
    E.ASSESSMENT_DUE_SOON: EventSpec(
        AssessmentPayload, _ASSESSMENT, "Assessment of {candidate_name} due {due_at}"
    ),
    E.ASSESSMENT_OVERDUE: EventSpec(
        AssessmentPayload, _ASSESSMENT, "Assessment of {candidate_name} overdue since {due_at}"
    ),
    E.DIGEST_OVERDUE_ASSESSMENTS: EventSpec(
        OverdueDigestPayload,
        {**COMMON, "unit_name": "Large Models & NLP", "count": 1, "items": [_DIGEST_ITEM]},
        "{count} overdue assessments in {unit_name}",
    ),
    E.DIGEST_STALE_APPLICATIONS: EventSpec(
        StaleDigestPayload,
        {**COMMON, "count": 1, "items": [_DIGEST_ITEM]},
        "{count} applications past their stage's SLA",
    ),
    E.WEBHOOK_DISABLED: EventSpec(
        WebhookDisabledPayload,
        {
            **COMMON,
            "url": "https://hooks.example.com/recruiting",
            "failures": 24,
            "last_error": "HTTP 500",
        },
        "Webhook disabled: {url}",
    ),
}

# The event each kind of history row writes.
EVENT_FOR_KIND: dict[str, EventType] = {
    TransitionKind.CREATED: E.APPLICATION_CREATED,
    TransitionKind.MOVED: E.APPLICATION_MOVED,
    TransitionKind.SKIPPED: E.APPLICATION_STAGE_SKIPPED,
    TransitionKind.REJECTED: E.APPLICATION_REJECTED,
    TransitionKind.UNREJECTED: E.APPLICATION_UNREJECTED,
    TransitionKind.WITHDRAWN: E.APPLICATION_WITHDRAWN,
    TransitionKind.HELD: E.APPLICATION_HELD,
    TransitionKind.RESUMED: E.APPLICATION_RESUMED,
    TransitionKind.HIRED: E.APPLICATION_HIRED,
    TransitionKind.TRACK_SWITCHED: E.APPLICATION_TRACK_SWITCHED,
}


def variables_of(event_type: str) -> dict[str, Any]:
    """The variables a message about `event_type` may use, with sample values."""
    # The keys are StrEnum members, equal to (and hashed as) their strings.
    spec = CATALOGUE.get(event_type)  # type: ignore[call-overload]
    return dict(spec.variables) if spec else dict(COMMON)


# The builders: the only way producers make payloads.

Event = tuple[EventType, Mapping[str, Any]]


def _application(application: Application, transition: Transition) -> ApplicationPayload:
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
        "unit_id": application.job.unit_id,
        "track_id": application.track_id,
        "transition_id": transition.pk,
        "kind": transition.kind,
        "from_stage_id": transition.from_stage_id,
        "to_stage_id": transition.to_stage_id,
        "from_status": transition.from_status,
        "to_status": transition.to_status,
        "stage_kind": application.stage.kind,
        "version": application.version,
    }


def application_changed(application: Application, transition: Transition) -> Event:
    """The event of one history row, as the application stands after the change."""
    return EVENT_FOR_KIND[transition.kind], _application(application, transition)


def application_fast_tracked(
    application: Application, transition: Transition, routing: dict[str, Any]
) -> Event:
    """On a fast track, by a rule when it applied or by a later switch or override."""
    payload: FastTrackedPayload = {**_application(application, transition), "routing": routing}
    return E.APPLICATION_FAST_TRACKED, payload


def _assessment(assessment: Assessment) -> AssessmentPayload:
    application = assessment.application
    return {
        "assessment_id": assessment.pk,
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
        "unit_id": application.job.unit_id,
        "stage_id": assessment.stage_id,
        "due_at": iso(assessment.due_at),
    }


def assessment_assigned(assessment: Assessment, *, assessor_id: int) -> Event:
    payload: AssessorPayload = {**_assessment(assessment), "assessor_id": assessor_id}
    return E.ASSESSMENT_ASSIGNED, payload


def assessment_declined(assessment: Assessment, *, assessor_id: int, reason: str) -> Event:
    payload: DeclinedPayload = {
        **_assessment(assessment),
        "assessor_id": assessor_id,
        "reason": reason,
    }
    return E.ASSESSMENT_DECLINED, payload


def assessment_submitted(assessment: Assessment, *, assessor_id: int, revision: int) -> Event:
    payload: SubmittedPayload = {
        **_assessment(assessment),
        "assessor_id": assessor_id,
        "revision": revision,
    }
    return E.ASSESSMENT_SUBMITTED, payload


def assessment_understaffed(assessment: Assessment, *, seated: int, panel_size: int) -> Event:
    payload: UnderstaffedPayload = {
        **_assessment(assessment),
        "seated": seated,
        "panel_size": panel_size,
    }
    return E.ASSESSMENT_UNDERSTAFFED, payload


def assessment_quorum_reached(assessment: Assessment, *, submitted: int) -> Event:
    payload: QuorumPayload = {**_assessment(assessment), "submitted": submitted}
    return E.ASSESSMENT_QUORUM_REACHED, payload


def assessment_completed(assessment: Assessment, *, result: str, proposal: str) -> Event:
    payload: CompletedPayload = {**_assessment(assessment), "result": result, "proposal": proposal}
    return E.ASSESSMENT_COMPLETED, payload


def assessment_reminder(assessment: Assessment, *, overdue: bool) -> Event:
    """`assessment.overdue`, or `assessment.due_soon` before its due time."""
    kind = E.ASSESSMENT_OVERDUE if overdue else E.ASSESSMENT_DUE_SOON
    return kind, _assessment(assessment)


def digest_overdue_assessments(
    *, unit_id: int, unit_name: str, assessment_ids: list[int], items: list[DigestItem]
) -> Event:
    payload: OverdueDigestPayload = {
        "unit_id": unit_id,
        "unit_name": unit_name,
        "assessment_ids": assessment_ids,
        "items": items,
    }
    return E.DIGEST_OVERDUE_ASSESSMENTS, payload


def digest_stale_applications(
    *, user_id: int, application_ids: list[int], items: list[DigestItem]
) -> Event:
    payload: StaleDigestPayload = {
        "user_id": user_id,
        "application_ids": application_ids,
        "items": items,
    }
    return E.DIGEST_STALE_APPLICATIONS, payload


def webhook_disabled(
    *, endpoint_id: int, user_id: int, url: str, failures: int, last_error: str
) -> Event:
    payload: WebhookDisabledPayload = {
        "endpoint_id": endpoint_id,
        "user_id": user_id,
        "url": url,
        "failures": failures,
        "last_error": last_error,
    }
    return E.WEBHOOK_DISABLED, payload
