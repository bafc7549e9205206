"""The event catalogue: every producer writes each event type in the one shape its
builder declares, and every type the catalogue names is produced by something."""

from __future__ import annotations

import types
import typing
from datetime import timedelta
from typing import Any, get_type_hints

import pytest
from django.utils import timezone

from candidates.assessments.scoring import (
    ScoreInput,
    assessment_amend_score,
    assessment_submit_score,
)
from candidates.assessments.seats import assessment_decline
from candidates.assessments.sla import assessments_check_sla
from candidates.models import Assessment, OutboxEvent
from candidates.notifications.catalogue import CATALOGUE, EVENT_FOR_KIND, EventType
from candidates.notifications.models import WebhookEndpoint
from candidates.notifications.periodic import notifications_digests
from candidates.notifications.webhooks import _count_failure
from candidates.services import applications as svc
from candidates.services.fast_track import application_switch_track
from recruiting.models import Stage
from recruiting.services import scorecard_save
from tests import factories as f
from tests.candidates.notifications.helpers import fast_tracked, standard


def shape_problems(value: Any, expected: Any, path: str = "payload") -> list[str]:
    """Why `value`, read back from JSON, does not have the type `expected` declares."""
    origin = typing.get_origin(expected)
    if expected is Any:
        return []
    if origin in (typing.Union, types.UnionType):
        options = [shape_problems(value, option, path) for option in typing.get_args(expected)]
        return [] if any(not found for found in options) else options[0]
    if expected is type(None):
        return [] if value is None else [f"{path}: {value!r} is not null"]
    if typing.is_typeddict(expected):
        if not isinstance(value, dict):
            return [f"{path}: {value!r} is not an object"]
        hints = get_type_hints(expected)
        problems = []
        if set(value) != set(hints):
            missing, extra = sorted(set(hints) - set(value)), sorted(set(value) - set(hints))
            problems.append(f"{path}: missing {missing}, unexpected {extra}")
        for key in set(value) & set(hints):
            problems += shape_problems(value[key], hints[key], f"{path}.{key}")
        return problems
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {value!r} is not a list"]
        (item,) = typing.get_args(expected)
        return [p for n, v in enumerate(value) for p in shape_problems(v, item, f"{path}[{n}]")]
    if origin is dict:
        return [] if isinstance(value, dict) else [f"{path}: {value!r} is not an object"]
    if expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r} is not an integer"]
    return [] if isinstance(value, expected) else [f"{path}: {value!r} is not {expected}"]


def test_the_shape_check_refuses_a_missing_key_and_a_wrong_type() -> None:
    payload_type = CATALOGUE[EventType.ASSESSMENT_ASSIGNED].payload
    good = {
        "assessment_id": 1,
        "application_id": 2,
        "candidate_id": 3,
        "job_id": 4,
        "unit_id": 5,
        "stage_id": 6,
        "due_at": None,
        "assessor_id": 7,
    }

    assert shape_problems(good, payload_type) == []
    assert shape_problems({**good, "assessor_id": "7"}, payload_type)
    assert shape_problems({k: v for k, v in good.items() if k != "stage_id"}, payload_type)
    assert shape_problems({**good, "extra": 1}, payload_type)


@pytest.fixture
def scored_stage(world: Any) -> Stage:
    template = scorecard_save(
        template=None, data={"name": "Research", "criteria": [{"name": "Depth", "weight": 1}]}
    )
    stage = Stage.objects.get(track=world.fast, kind="bu_assessment")
    stage.scorecard = template
    stage.save(update_fields=["scorecard"])
    return stage


def run_every_producer(
    world: Any, recruiter: Any, unit_lead: Any, assessor: Any, admin: Any, stage: Stage
) -> None:
    # Created and fast-tracked by a rule; moved into the unit's assessment, whose panel
    # of three finds one member: assigned, then understaffed; declined, understaffed.
    first = fast_tracked(world, recruiter)
    change = svc.application_advance(application_id=first.pk, expected_version=1, actor=recruiter)
    assessment = Assessment.objects.get(application=first)
    assessment_decline(assessment_id=assessment.pk, actor=assessor, reason="On leave")

    # A panel of one: submitted, quorum reached, completed; amended.
    Stage.objects.filter(pk=stage.pk).update(panel_size=1, quorum=1)
    second = fast_tracked(world, recruiter)
    svc.application_advance(application_id=second.pk, expected_version=1, actor=recruiter)
    assessment = Assessment.objects.get(application=second)
    criterion = stage.scorecard.criteria.get()  # type: ignore[union-attr]
    ratings = ScoreInput(ratings={criterion.pk: (4, "")}, recommendation=4)
    assessment_submit_score(assessment_id=assessment.pk, actor=assessor, data=ratings)
    assessment_amend_score(assessment_id=assessment.pk, actor=assessor, data=ratings, reason="Typo")

    # A standard application switched onto the fast track: the written test skipped.
    person = standard(world, recruiter)
    for version in (1, 2):
        svc.application_advance(application_id=person.pk, expected_version=version, actor=recruiter)
    f.PublicationFactory(candidate=person.candidate, specialty=world.nlp, tier="top")
    application_switch_track(
        application_id=person.pk, expected_version=3, actor=recruiter, track_id=world.fast.pk
    )

    # Rejected and un-rejected, held and resumed, withdrawn; hired from the offer stage.
    version = change.application.version
    for command, extra in (
        (svc.application_reject, {"rejection_reason": world.no_fit}),
        (svc.application_unreject, {"reason": "Second look"}),
        (svc.application_hold, {}),
        (svc.application_resume, {}),
    ):
        command(application_id=first.pk, expected_version=version, actor=recruiter, **extra)
        version += 1
    for _ in ("interview", "offer"):
        svc.application_advance(application_id=first.pk, expected_version=version, actor=recruiter)
        version += 1
    svc.application_hire(application_id=first.pk, expected_version=version, actor=recruiter)
    leaving = standard(world, recruiter)
    svc.application_withdraw(application_id=leaving.pk, expected_version=1, actor=recruiter)

    # Periodic work: reminders and digests; a webhook that keeps failing.
    soon = timezone.now() + timedelta(hours=70)
    assessments_check_sla(now=soon)
    assessments_check_sla(now=soon + timedelta(days=30))
    notifications_digests(now=soon + timedelta(days=30))
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.com/x", owner=admin)
    _count_failure(endpoint.pk, "HTTP 500", now=timezone.now())


def test_every_producer_writes_each_event_in_its_catalogue_shape(
    world: Any,
    recruiter: Any,
    unit_lead: Any,
    assessor: Any,
    admin: Any,
    scored_stage: Stage,
    settings: Any,
) -> None:
    settings.NOTIFY_WEBHOOK_DISABLE_AFTER = 1

    run_every_producer(world, recruiter, unit_lead, assessor, admin, scored_stage)

    events = list(OutboxEvent.objects.order_by("created_at"))
    problems = {
        f"{e.type} #{n}": found
        for n, e in enumerate(events)
        if (found := shape_problems(e.payload, CATALOGUE[EventType(e.type)].payload))
    }
    assert problems == {}
    assert {e.type for e in events} == set(EventType)


def test_every_history_kind_has_its_event() -> None:
    from candidates.models import TransitionKind

    assert set(EVENT_FOR_KIND) == set(TransitionKind.values)
    assert set(CATALOGUE) == set(EventType)
