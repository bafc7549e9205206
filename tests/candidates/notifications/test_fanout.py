"""Fan-out: an outbox event becomes one delivery per channel and recipient, once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from candidates.models import OutboxEvent
from candidates.notifications.dispatch import notifications_sweep, outbox_event_dispatch
from candidates.notifications.models import Delivery, JobFollower, Notification
from candidates.outbox import outbox_write
from candidates.services import applications as svc
from tests.candidates.notifications.helpers import deliver_due, dispatch_all, fast_tracked

pytestmark = pytest.mark.usefixtures("defaults")


def deliveries_of(event_type: str) -> set[tuple[str, str, str]]:
    return {
        (d.channel, d.audience, d.recipient)
        for d in Delivery.objects.filter(event__type=event_type)
    }


def test_a_fast_tracked_application_tells_the_candidate_and_the_recruiter(
    world: Any, recruiter: Any
) -> None:
    application = fast_tracked(world, recruiter)

    dispatch_all()

    candidate = f"candidate:{application.candidate_id}"
    assert deliveries_of("application.created") == {
        ("email", "candidate", candidate),
        ("in_app", "recruiter", f"user:{recruiter.pk}"),
    }
    assert deliveries_of("application.fast_tracked") == {
        ("email", "candidate", candidate),
        ("in_app", "recruiter", f"user:{recruiter.pk}"),
    }
    assert not OutboxEvent.objects.filter(status="pending").exists()


def test_dispatching_an_event_twice_creates_nothing_more(world: Any, recruiter: Any) -> None:
    fast_tracked(world, recruiter)
    event = OutboxEvent.objects.get(type="application.created")

    first = outbox_event_dispatch(event_id=str(event.pk))
    again = outbox_event_dispatch(event_id=str(event.pk))

    assert len(first) == 2
    assert again == []
    assert Delivery.objects.filter(event=event).count() == 2
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("dispatched", 1)


def test_reaching_the_assessment_tells_candidate_assessor_lead_and_followers(
    world: Any, recruiter: Any, assessor: Any, unit_lead: Any
) -> None:
    follower = recruiter.__class__.objects.create(username="follower", email="f@example.com")
    JobFollower.objects.create(job=world.job, user=follower)
    application = fast_tracked(world, recruiter)
    dispatch_all()

    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)
    dispatch_all()

    assert deliveries_of("application.moved") == {
        ("email", "candidate", f"candidate:{application.candidate_id}"),
        ("in_app", "recruiter", f"user:{recruiter.pk}"),
        ("in_app", "recruiter", f"user:{follower.pk}"),
    }
    assert ("email", "assessor", f"user:{assessor.pk}") in deliveries_of("assessment.assigned")
    assert ("email", "unit_lead", f"user:{unit_lead.pk}") in deliveries_of(
        "assessment.understaffed"
    )


def test_a_move_into_a_screen_stage_sends_the_candidate_nothing(world: Any, recruiter: Any) -> None:
    from tests.candidates.notifications.helpers import standard

    application = standard(world, recruiter)
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    dispatch_all()

    assert deliveries_of("application.moved") == {("in_app", "recruiter", f"user:{recruiter.pk}")}


def test_after_commit_the_dispatch_and_deliveries_run_and_send_once(
    world: Any, recruiter: Any, committed: Any
) -> None:
    with committed():
        application = fast_tracked(world, recruiter, full_name="Zhang Min")

    sent = {m.subject for m in mail.outbox}
    assert sent == {
        "We received your application for NLP Research Engineer",
        "You are on our fast track for NLP Research Engineer",
    }
    assert all(m.to == [f"Zhang Min <{application.candidate.email}>"] for m in mail.outbox)
    assert Notification.objects.filter(user=recruiter).count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    deliver_due()
    assert len(mail.outbox) == 2


def test_a_rolled_back_change_enqueues_and_tells_nothing(
    world: Any, recruiter: Any, committed: Any
) -> None:
    def fails_after_the_change() -> None:
        with transaction.atomic():
            fast_tracked(world, recruiter)
            raise RuntimeError("the request failed after the change")

    with committed(), pytest.raises(RuntimeError):
        fails_after_the_change()

    assert not OutboxEvent.objects.exists()
    assert mail.outbox == []


def test_the_sweep_dispatches_events_left_pending_past_the_grace_only(
    world: Any, recruiter: Any
) -> None:
    now = timezone.now()
    old = outbox_write([("application.hired", {"job_id": world.job.pk})], at=now)
    young = outbox_write([("application.hired", {"job_id": world.job.pk})], at=now)
    OutboxEvent.objects.filter(pk=old[0].pk).update(created_at=now - timedelta(minutes=2))

    counts = notifications_sweep(now=now)

    assert counts["dispatched"] == 1
    statuses = dict(OutboxEvent.objects.values_list("pk", "status"))
    assert statuses == {old[0].pk: "dispatched", young[0].pk: "pending"}


def test_the_sweep_takes_back_a_claim_whose_task_died_and_enqueues_it(
    world: Any, recruiter: Any, committed: Any
) -> None:
    fast_tracked(world, recruiter)
    dispatch_all()
    now = timezone.now()
    stuck = Delivery.objects.filter(channel="email").first()
    assert stuck is not None
    Delivery.objects.filter(pk=stuck.pk).update(
        status="sending", claimed_at=now - timedelta(minutes=10), attempts=1
    )

    with committed():
        counts = notifications_sweep()

    stuck.refresh_from_db()
    assert counts["released"] == 1
    # In-process (no broker) the sweep's enqueue sends it at once.
    assert stuck.status == "sent"
    ids = [m.extra_headers["X-Recruiting-Delivery-Id"] for m in mail.outbox]
    assert ids.count(str(stuck.pk)) == 1


def test_with_the_broker_down_enqueueing_fails_at_once_and_leaves_it_to_the_sweep(
    world: Any, recruiter: Any, settings: Any
) -> None:
    import time

    from candidates.notifications.queue import enqueue_deliveries
    from candidates.outbox import dispatch_soon
    from tests.integration.conftest import use_broker
    from tests.integration.receivers import free_port

    fast_tracked(world, recruiter)
    dispatch_all()
    ids = [str(pk) for pk in Delivery.objects.values_list("pk", flat=True)]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(f"redis://127.0.0.1:{free_port()}/0")
    try:
        started = time.monotonic()
        published = enqueue_deliveries(ids), dispatch_soon(["x"])
        took = time.monotonic() - started
    finally:
        use_broker(None)

    assert published == (0, 0)
    assert took < 2
    assert set(Delivery.objects.values_list("enqueued_at", flat=True)) == {None}
