"""The engine's locked read: one statement, the same objects the ORM would build."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from candidates.models import Application, OutboxEvent, Transition
from candidates.pipeline.engine import lock_application
from candidates.services import applications as svc
from recruiting.errors import NotFound
from tests.candidates.test_pipeline import apply
from tests.conftest import World

pytestmark = pytest.mark.django_db
RELATED = ("stage", "track", "job", "candidate", "rejection_reason")


def values(instance: Model | None) -> dict[str, Any] | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_locked_read_matches_the_orm_field_by_field(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter, top_paper=True)
    svc.application_reject(
        application_id=application.pk,
        expected_version=application.version,
        actor=recruiter,
        rejection_reason=world.no_fit,
    )
    expected = Application.objects.select_related(*RELATED).get(pk=application.pk)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock_application(application.pk)
    assert len(queries.captured_queries) == 1
    assert "FOR UPDATE" in queries.captured_queries[0]["sql"]
    assert values(locked) == values(expected)
    # JSON, durations and aware datetimes come back as the ORM gives them.
    assert isinstance(locked.fast_track_reason, dict)
    assert locked.fast_track_reason
    assert locked.stage_entered_at.tzinfo is not None
    for name in RELATED:
        with CaptureQueriesContext(connection) as lazy:
            related = getattr(locked, name)
        assert not lazy.captured_queries, f"{name} was not read with the application"
        assert values(related) == values(getattr(expected, name)), name
    assert locked.stage.sla == expected.stage.sla


def test_without_a_rejection_reason_the_relation_is_none(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)
    with transaction.atomic():
        locked = lock_application(application.pk)
    assert locked.rejection_reason is None
    assert locked.rejection_reason_id is None


@pytest.mark.parametrize("pk", [0, -1, 10**6, 2**63, 10**30])
def test_missing_or_out_of_range_ids_are_not_found(db: Any, pk: int) -> None:
    with transaction.atomic(), pytest.raises(NotFound):
        lock_application(pk)


def test_an_out_of_range_id_in_the_url_answers_404(world: World, recruiter: Any, api: Any) -> None:
    response = api(recruiter).post(
        f"/api/v1/applications/{10**30}/advance/", {"version": 1}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["message"] == "No such application."


def test_a_move_writes_exactly_what_the_orm_would(world: World, recruiter: Any) -> None:
    application = apply(world, recruiter)
    before = Application.objects.get(pk=application.pk)
    change = svc.application_advance(
        application_id=application.pk, expected_version=1, actor=recruiter
    )
    after = Application.objects.select_related("stage").get(pk=application.pk)
    assert after.version == 2
    assert after.stage_id == change.application.stage_id != before.stage_id
    assert after.updated_at > before.updated_at
    assert after.due_at == after.stage_entered_at + after.stage.sla
    (moved,) = change.transitions
    stored = Transition.objects.get(pk=moved.pk)
    assert values(stored) == values(moved)
    assert stored.data == {}
    (event,) = change.events
    stored_event = OutboxEvent.objects.get(pk=event.pk)
    assert stored_event.payload == event.payload
    assert stored_event.payload["transition_id"] == moved.pk
