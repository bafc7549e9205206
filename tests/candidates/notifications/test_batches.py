"""Batches: one dispatch task fans many events out, one delivery task claims and sends
many deliveries over shared connections, and a batch keeps every delivery's guarantees:
claimed once, sent once, failed on its own row."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import OutboxEvent
from candidates.notifications import send
from candidates.notifications.dispatch import outbox_events_dispatch
from candidates.notifications.models import (
    Delivery,
    MessageTemplate,
    Notification,
    Subscription,
    WebhookEndpoint,
)
from candidates.notifications.send import deliveries_send
from candidates.notifications.webhooks import Connections, post, webhook_endpoint_create
from candidates.outbox import outbox_write
from tests.candidates.notifications.helpers import dispatch_all, fast_tracked
from tests.integration.receivers import HTTPReceiver, SMTPInbox

pytestmark = pytest.mark.usefixtures("defaults")


def pending_ids(**filters: Any) -> list[str]:
    return [
        str(pk)
        for pk in Delivery.objects.filter(status="pending", **filters)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    ]


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Delivery.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def pings(count: int, reader: Any) -> list[str]:
    """`count` events, each for one email to `reader` alone; returns their ids."""
    Subscription.objects.exclude(event_type="bench.ping").delete()
    Subscription.objects.get_or_create(event_type="bench.ping", audience="user", channel="email")
    MessageTemplate.objects.get_or_create(
        event_type="bench.ping",
        audience="user",
        language="en",
        subject="Ping for {{ recipient_name }}",
        body_text="Hello {{ recipient_name }}.",
    )
    written = outbox_write([("bench.ping", {"user_id": reader.pk})] * count, at=timezone.now())
    return [str(e.pk) for e in written]


@pytest.fixture
def endpoint(admin: Any, settings: Any, http_receiver: HTTPReceiver) -> WebhookEndpoint:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    return webhook_endpoint_create(url=http_receiver.url, owner=admin, event_types=[])


def test_one_batch_with_a_template_that_does_not_render_sends_all_the_others(
    world: Any, recruiter: Any
) -> None:
    MessageTemplate.objects.filter(event_type="application.fast_tracked", language="en").update(
        subject="{{ candidate_name|no_such_filter }}"
    )
    for _ in range(3):
        fast_tracked(world, recruiter)
    dispatch_all()
    ids = pending_ids()

    outcome = deliveries_send(delivery_ids=ids)

    assert len(outcome) == len(ids) == 12
    dead = Delivery.objects.filter(status="dead")
    assert {d.event.type for d in dead} == {"application.fast_tracked"}
    assert {d.channel for d in dead} == {"email"}
    assert all("does not render" in d.last_error for d in dead)
    assert statuses() == {"dead": 3, "sent": 9}
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(user=recruiter).count() == 6


def test_a_batch_task_run_twice_sends_nothing_twice(
    world: Any, recruiter: Any, endpoint: WebhookEndpoint, http_receiver: HTTPReceiver
) -> None:
    for _ in range(2):
        fast_tracked(world, recruiter)
    dispatch_all()
    ids = pending_ids()

    first = deliveries_send(delivery_ids=ids)
    again = deliveries_send(delivery_ids=ids)

    assert set(first.values()) == {"sent"}
    assert again == {}
    assert len(mail.outbox) == 4
    assert len(http_receiver.snapshot()) == 4
    assert Notification.objects.count() == 4
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def test_a_delivery_that_raises_fails_on_its_own_row_and_the_batch_goes_on(
    world: Any, recruiter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_tracked(world, recruiter)
    dispatch_all()
    ids = pending_ids()
    broken = Delivery.objects.get(channel="in_app", event__type="application.created")
    real = send.in_app_send

    def in_app_send(delivery: Delivery, **kwargs: Any) -> str:
        if delivery.pk == broken.pk:
            raise RuntimeError("the notification could not be written")
        return real(delivery, **kwargs)

    monkeypatch.setattr(send, "in_app_send", in_app_send)

    outcome = deliveries_send(delivery_ids=ids)

    broken.refresh_from_db()
    assert outcome[str(broken.pk)] == "pending"
    assert broken.status == "pending"
    assert broken.last_error == "RuntimeError: the notification could not be written"
    assert broken.next_attempt_at > timezone.now()
    assert statuses() == {"pending": 1, "sent": 3}


def test_a_batch_that_runs_out_of_time_hands_the_rest_back_untried(
    world: Any, recruiter: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFY_CLAIM_TIMEOUT = 0
    fast_tracked(world, recruiter)
    dispatch_all()
    ids = pending_ids()

    with django_capture_on_commit_callbacks() as enqueued:
        outcome = deliveries_send(delivery_ids=ids)

    assert list(outcome.values()) == ["sent", "handed back", "handed back", "handed back"]
    rest = Delivery.objects.filter(pk__in=ids[1:])
    assert {(d.status, d.attempts) for d in rest} == {("pending", 0)}
    assert len(enqueued) == 1  # enqueued again on commit
    assert len(mail.outbox) + Notification.objects.count() == 1


def test_one_dispatch_task_fans_out_its_events_in_queries_that_do_not_grow_with_them(
    recruiter: Any,
) -> None:
    few, many = pings(3, recruiter), pings(30, recruiter)

    with CaptureQueriesContext(connection) as three:
        outbox_events_dispatch(event_ids=few)
    with CaptureQueriesContext(connection) as thirty:
        due = outbox_events_dispatch(event_ids=many)

    assert len(due) == 30
    assert len(thirty) == len(three)
    assert OutboxEvent.objects.filter(status="pending").count() == 0


def test_an_event_that_cannot_be_fanned_out_does_not_hold_back_its_batch(
    recruiter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from candidates.notifications import dispatch

    ids = pings(4, recruiter)
    real = dispatch.recipients_for

    def recipients_for(event: OutboxEvent, audience: str) -> Any:
        if str(event.pk) == ids[1]:
            raise RuntimeError("a recipient lookup failed")
        return real(event, audience)

    monkeypatch.setattr(dispatch, "recipients_for", recipients_for)

    due = outbox_events_dispatch(event_ids=ids)

    assert len(due) == 3
    stuck = OutboxEvent.objects.get(pk=ids[1])
    assert (stuck.status, stuck.attempts) == ("pending", 1)
    assert OutboxEvent.objects.filter(status="dispatched").count() == 3


def test_sending_a_batch_of_emails_costs_one_query_per_email_beyond_a_fixed_few(
    recruiter: Any,
) -> None:
    outbox_events_dispatch(event_ids=pings(20, recruiter))
    ids = pending_ids()

    with CaptureQueriesContext(connection) as five:
        deliveries_send(delivery_ids=ids[:5])
    with CaptureQueriesContext(connection) as fifteen:
        deliveries_send(delivery_ids=ids[5:])

    assert len(fifteen) - len(five) == 10
    assert len(mail.outbox) == 20


def test_the_emails_of_a_batch_share_one_smtp_connection(
    recruiter: Any, settings: Any, smtp_inbox: SMTPInbox
) -> None:
    settings.EMAIL_BACKEND = "candidates.notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_inbox.host, smtp_inbox.port
    outbox_events_dispatch(event_ids=pings(6, recruiter))
    ids = pending_ids()

    deliveries_send(delivery_ids=ids[:3])
    deliveries_send(delivery_ids=ids[3:])

    assert smtp_inbox.by_delivery() == {pk: 1 for pk in ids}
    peers = smtp_inbox.peers
    assert len(set(peers[:3])) == len(set(peers[3:])) == 1
    assert peers[0] != peers[3]


def test_the_webhooks_of_a_batch_share_one_connection(
    world: Any, recruiter: Any, endpoint: WebhookEndpoint, http_receiver: HTTPReceiver
) -> None:
    for _ in range(2):
        fast_tracked(world, recruiter)
    dispatch_all()

    deliveries_send(delivery_ids=pending_ids(channel="webhook"))

    requests = http_receiver.snapshot()
    assert len(requests) == 4
    assert len({r.client for r in requests}) == 1
    assert http_receiver.accepted_by_delivery() == {
        str(pk): 1 for pk in Delivery.objects.filter(channel="webhook").values_list("pk", flat=True)
    }


def test_a_kept_alive_connection_the_receiver_closed_is_replaced_once(settings: Any) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    receiver = HTTPReceiver().start()
    connections = Connections()
    try:
        first = post(
            receiver.url,
            b"{}",
            {"X-Recruiting-Delivery-Id": "a"},
            timeout=5,
            connections=connections,
        )
        receiver.drop_connections()  # as a receiver does when its keep-alive ends

        second = post(
            receiver.url,
            b"{}",
            {"X-Recruiting-Delivery-Id": "b"},
            timeout=5,
            connections=connections,
        )
    finally:
        connections.close()
        receiver.stop()

    assert (first.ok, second.ok) == (True, True)
    requests = receiver.snapshot()
    assert [r.headers["X-Recruiting-Delivery-Id"] for r in requests] == ["a", "b"]
    assert requests[0].client != requests[1].client
