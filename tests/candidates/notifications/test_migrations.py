"""Moving the notification models into their own app keeps every row: a database in the
old layout (notification tables under `candidates`, templates under `recruiting`),
with rows in every moved table, migrates to the new one with nothing lost, and back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from candidates.notifications import models as new

OLD = [("candidates", "0004_seed_default_subscriptions"), ("recruiting", "0005_staff_preference")]
MOVED = {
    "candidates": [
        "Subscription",
        "WebhookEndpoint",
        "JobFollower",
        "CandidateContact",
        "Delivery",
        "DeliveryAttempt",
        "Notification",
        "PeriodicClaim",
    ],
    "recruiting": ["MessageTemplate", "StaffPreference"],
}


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets` and return the apps (historical models) as they stand there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_layout(transactional_db: Any) -> Iterator[Any]:
    try:
        yield migrate(OLD)
    finally:
        migrate(latest())


def fill_old_tables(apps: Any) -> dict[str, dict[Any, dict[str, Any]]]:
    """One or more rows in every moved table, by the old models; returns their values."""
    now = timezone.now()
    user = apps.get_model("auth", "User").objects.create(username="owner")
    specialty = apps.get_model("recruiting", "Specialty").objects.create(slug="nlp", name="NLP")
    location = apps.get_model("recruiting", "Location").objects.create(city="Beijing")
    unit = apps.get_model("recruiting", "BusinessUnit").objects.create(name="U", slug="u")
    job = apps.get_model("recruiting", "Job").objects.create(
        title="NLP", unit=unit, specialty=specialty, location=location, salary_min=1, salary_max=2
    )
    candidate = apps.get_model("candidates", "Candidate").objects.create(
        full_name="Zhang Min", email="zm@example.com", email_normalized="zm@example.com"
    )
    event = apps.get_model("candidates", "OutboxEvent").objects.create(
        type="application.created", payload={"application_id": 1}, created_at=now
    )

    def old(name: str) -> Any:
        app = "recruiting" if name in MOVED["recruiting"] else "candidates"
        return apps.get_model(app, name)

    endpoint = old("WebhookEndpoint").objects.create(
        url="https://hooks.example.com/x", owner=user, event_types=["application.*"]
    )
    delivery = old("Delivery").objects.create(
        id=uuid.uuid4(),
        event=event,
        channel="webhook",
        recipient=f"endpoint:{endpoint.pk}",
        endpoint=endpoint,
        status="dead",
        attempts=8,
        next_attempt_at=now,
        last_error="HTTP 500",
    )
    in_app = old("Delivery").objects.create(
        id=uuid.uuid4(),
        event=event,
        channel="in_app",
        recipient=f"user:{user.pk}",
        user=user,
        status="sent",
        next_attempt_at=now,
        sent_at=now,
    )
    old("DeliveryAttempt").objects.create(
        delivery=delivery, number=1, at=now, status_code=500, error="boom", duration_ms=12
    )
    old("Notification").objects.create(
        user=user, delivery=in_app, event_type="application.created", title="New", data={"a": 1}
    )
    old("Subscription").objects.create(
        event_type="application.moved",
        audience="candidate",
        channel="email",
        stage_kinds=["offer"],
        delay=timedelta(hours=1),
    )
    old("Subscription").objects.create(event_type="offer.*", audience="recruiter", channel="in_app")
    old("JobFollower").objects.create(job=job, user=user)
    old("CandidateContact").objects.create(
        candidate=candidate, language="zh-hans", unsubscribed_at=now
    )
    old("PeriodicClaim").objects.create(key="digest.stale_applications:1:2026-12-01")
    old("MessageTemplate").objects.create(
        event_type="application.created",
        audience="candidate",
        language="en",
        subject="Edited by an admin: {{ job_title }}",
        body_text="Hello",
    )
    old("StaffPreference").objects.create(user=user, language="zh-hans")
    return {
        name: {row["pk"]: row for row in old(name).objects.values("pk", *_columns(old(name)))}
        for names in MOVED.values()
        for name in names
    }


def _columns(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key]


def test_the_old_layouts_rows_survive_the_move_to_the_notifications_app(old_layout: Any) -> None:
    before = fill_old_tables(old_layout)
    content_types = {
        (app, name.lower()): ContentType.objects.get_or_create(app_label=app, model=name.lower())[
            0
        ].pk
        for app, names in MOVED.items()
        for name in names
    }

    migrate(latest())

    for names in MOVED.values():
        for name in names:
            model = getattr(new, name)
            # The columns the old layout had (later migrations may add others).
            columns = [c for c in _columns(model) if c in next(iter(before[name].values()))]
            after = {row["pk"]: row for row in model.objects.values("pk", *columns)}
            kept = {pk: row for pk, row in before[name].items() if pk in after}
            if name == "Subscription":
                # The seeded defaults join; the offer.* subscription of old versions goes.
                gone = [row for pk, row in before[name].items() if pk not in after]
                assert [row["event_type"] for row in gone] == ["offer.*"]
            elif name == "MessageTemplate":
                # The seeded defaults join; nothing an admin edited is overwritten.
                assert len(after) > len(before[name])
            else:
                assert set(after) == set(before[name]), name
            assert {pk: after[pk] for pk in kept} == kept, name
            assert model._meta.db_table == f"notifications_{name.lower()}"
    for (app, model), pk in content_types.items():
        assert ContentType.objects.get(pk=pk).app_label == "notifications", (app, model)


def test_the_move_can_be_undone_with_the_rows_back_in_the_old_tables(old_layout: Any) -> None:
    before = fill_old_tables(old_layout)
    migrate(latest())

    apps = migrate(OLD)

    for app, names in MOVED.items():
        for name in names:
            model = apps.get_model(app, name)
            rows = {row["pk"]: row for row in model.objects.values("pk", *_columns(model))}
            if name not in ("Subscription", "MessageTemplate"):
                assert rows == before[name], name
