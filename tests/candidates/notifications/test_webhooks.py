"""Webhooks: where they may point, signed bodies, retries in the database, dead and
replayed deliveries, endpoints disabled with their owner told."""

from __future__ import annotations

import json
from typing import Any

import pytest

from candidates.models import OutboxEvent
from candidates.notifications.models import Delivery, Notification, WebhookEndpoint
from candidates.notifications.netguard import UnsafeURL, resolve
from candidates.notifications.send import delivery_send
from candidates.notifications.webhooks import verify, webhook_endpoint_create
from recruiting.errors import InvalidInput
from tests.candidates.notifications.helpers import dispatch_all, fast_tracked
from tests.integration.receivers import HTTPReceiver

pytestmark = pytest.mark.usefixtures("defaults")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://hooks.example.com/x", "http:// or https://"),
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.5/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://0.0.0.0/hook", "reserved"),
        ("http://user:pw@93.184.216.34/hook", "password"),
        # Cloud metadata in the shared address space (100.64.0.0/10), and its neighbours.
        ("http://100.100.100.200/latest/meta-data/", "not globally routable"),
        ("http://100.64.0.1/", "not globally routable"),
        ("http://192.0.2.10/hook", "private"),
        ("http://198.18.0.1/hook", "private"),
        ("http://240.0.0.1/hook", "reserved"),
        # IPv4 addresses carried in IPv6 forms: 6to4 of 127.0.0.1, NAT64 of 10.0.0.1,
        # Teredo with a private client, IPv4-compatible ::10.0.0.1.
        ("http://[2002:7f00:1::]/", "loopback"),
        ("http://[64:ff9b::a00:1]/hook", "private"),
        ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook", "private"),
        ("http://[::a00:1]/hook", "private"),
    ],
)
def test_a_webhook_url_to_a_private_place_is_refused(url: str, why: str, settings: Any) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    with pytest.raises(UnsafeURL, match=why):
        resolve(url)


@pytest.mark.parametrize(
    "url", ["https://[2002:5db8:d822::1]/hook", "https://[64:ff9b::5db8:d822]/hook"]
)
def test_an_ipv6_form_of_a_public_ipv4_address_is_accepted(url: str, settings: Any) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    assert resolve(url).port == 443


def test_registration_refuses_the_metadata_address_and_changes_nothing(
    admin: Any, settings: Any
) -> None:
    from candidates.notifications.models import WebhookEndpoint

    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    with pytest.raises(InvalidInput, match="not globally routable"):
        webhook_endpoint_create(
            url="http://100.100.100.200/latest/meta-data/", owner=admin, event_types=[]
        )
    assert not WebhookEndpoint.objects.exists()


def test_a_public_address_is_accepted_and_pinned(settings: Any) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    target = resolve("https://93.184.216.34:8443/hooks?x=1")

    assert (target.address, target.port, target.path) == ("93.184.216.34", 8443, "/hooks?x=1")


def test_registering_a_loopback_webhook_is_refused_unless_the_setting_allows(
    admin: Any, settings: Any
) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(InvalidInput):
        webhook_endpoint_create(url="http://127.0.0.1:9/hook", owner=admin, event_types=[])

    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(url="http://127.0.0.1:9/hook", owner=admin, event_types=[])

    assert len(endpoint.secret) >= 40


def test_the_address_is_checked_again_when_sending(
    world: Any, recruiter: Any, admin: Any, settings: Any, http_receiver: HTTPReceiver
) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    webhook_endpoint_create(url=http_receiver.url, owner=admin, event_types=["application.created"])
    fast_tracked(world, recruiter)
    dispatch_all()
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    delivery = Delivery.objects.get(channel="webhook")
    delivery_send(delivery_id=str(delivery.pk))

    delivery.refresh_from_db()
    assert http_receiver.snapshot() == []
    assert delivery.status == "pending"
    assert "Refused" in delivery.last_error
    assert "loopback" in delivery.last_error


@pytest.fixture
def endpoint(admin: Any, settings: Any, http_receiver: HTTPReceiver) -> WebhookEndpoint:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    return webhook_endpoint_create(
        url=http_receiver.url, owner=admin, event_types=["application.created"]
    )


def _the_webhook(world: Any, recruiter: Any) -> Delivery:
    fast_tracked(world, recruiter)
    dispatch_all()
    return Delivery.objects.get(channel="webhook")


def test_the_body_is_signed_over_timestamp_and_body(
    world: Any, recruiter: Any, endpoint: WebhookEndpoint, http_receiver: HTTPReceiver
) -> None:
    delivery = _the_webhook(world, recruiter)

    assert delivery_send(delivery_id=str(delivery.pk)) == "sent"

    [request] = http_receiver.snapshot()
    headers = request.headers
    assert verify(
        endpoint.secret,
        headers["X-Recruiting-Timestamp"],
        request.body,
        headers["X-Recruiting-Signature"],
    )
    assert not verify(
        "wrong", headers["X-Recruiting-Timestamp"], request.body, headers["X-Recruiting-Signature"]
    )
    assert headers["X-Recruiting-Delivery-Id"] == str(delivery.pk)
    assert headers["X-Recruiting-Event-Id"] == str(delivery.event_id)
    body = json.loads(request.body)
    assert body["type"] == "application.created"
    assert body["data"]["application_id"] == delivery.event.payload["application_id"]
    assert Delivery.objects.filter(channel="webhook").count() == 1  # the filter held


def test_a_receiver_failing_twice_then_answering_200_gets_it_once_with_attempts_logged(
    world: Any,
    recruiter: Any,
    endpoint: WebhookEndpoint,
    http_receiver: HTTPReceiver,
    settings: Any,
) -> None:
    http_receiver.script = [500, 500]
    delivery = _the_webhook(world, recruiter)
    Delivery.objects.filter(pk=delivery.pk)

    statuses = []
    for _ in range(3):
        statuses.append(delivery_send(delivery_id=str(delivery.pk)))
        Delivery.objects.filter(pk=delivery.pk, status="pending").update(
            next_attempt_at=delivery.created_at
        )

    delivery.refresh_from_db()
    assert statuses == ["pending", "pending", "sent"]
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 500, 200]
    ids = {r.headers["X-Recruiting-Delivery-Id"] for r in http_receiver.snapshot()}
    assert ids == {str(delivery.pk)}
    assert http_receiver.accepted_by_delivery() == {str(delivery.pk): 1}
    endpoint.refresh_from_db()
    assert endpoint.failure_count == 0


def test_a_receiver_that_is_down_makes_it_dead_after_the_schedule_and_replay_delivers(
    world: Any, recruiter: Any, endpoint: WebhookEndpoint, http_receiver: HTTPReceiver
) -> None:
    http_receiver.default = 503
    delivery = _the_webhook(world, recruiter)

    for _ in range(4):  # the first try and three retries
        delivery_send(delivery_id=str(delivery.pk))
        Delivery.objects.filter(pk=delivery.pk, status="pending").update(
            next_attempt_at=delivery.created_at
        )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("dead", 4)

    http_receiver.default = 200
    from candidates.notifications.deliveries import delivery_replay

    delivery_replay(delivery_id=str(delivery.pk))
    assert delivery_send(delivery_id=str(delivery.pk)) == "sent"

    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 503, 503, 503, 200]
    assert {r.headers["X-Recruiting-Delivery-Id"] for r in http_receiver.snapshot()} == {
        str(delivery.pk)
    }


def test_an_endpoint_that_keeps_failing_is_disabled_and_its_owner_told(
    world: Any,
    recruiter: Any,
    admin: Any,
    endpoint: WebhookEndpoint,
    http_receiver: HTTPReceiver,
    settings: Any,
) -> None:
    settings.NOTIFY_WEBHOOK_DISABLE_AFTER = 2
    http_receiver.default = 500
    delivery = _the_webhook(world, recruiter)

    delivery_send(delivery_id=str(delivery.pk))
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    delivery_send(delivery_id=str(delivery.pk))
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    after = delivery_send(delivery_id=str(delivery.pk))

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "2 failures in a row" in endpoint.disabled_reason
    assert after == "dead"
    told = OutboxEvent.objects.get(type="webhook.disabled")
    assert told.payload["user_id"] == admin.pk
    dispatch_all()
    from tests.candidates.notifications.helpers import deliver_due

    deliver_due()
    assert Notification.objects.filter(user=admin, event_type="webhook.disabled").exists()
    from django.core import mail

    assert any(m.subject == f"Webhook disabled: {endpoint.url}" for m in mail.outbox)
