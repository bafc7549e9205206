"""Webhooks: endpoints admins register, signed JSON posts, retries kept in the database,
dead deliveries replayable, endpoints that keep failing disabled and their owner told.

Receivers verify `X-Recruiting-Signature` = "sha256=" + hex HMAC-SHA256 with the
endpoint's secret over `<X-Recruiting-Timestamp>.<raw body>`, reject old timestamps,
and drop a `X-Recruiting-Delivery-Id` they have already seen: a retry carries the same.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from candidates.models import Delivery, DeliveryAttempt, OutboxEvent, WebhookEndpoint
from candidates.notifications.deliveries import delivery_end, delivery_fail, delivery_mark_sent
from candidates.notifications.netguard import Target, UnsafeURL, resolve
from candidates.pipeline.events import outbox_write
from recruiting.errors import InvalidInput

logger = logging.getLogger(__name__)
USER_AGENT = "recruiting-webhooks/1"
RESPONSE_LIMIT = 2000


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (and what the tests do)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def body_of(event: OutboxEvent) -> bytes:
    document = {
        "id": str(event.pk),
        "type": event.type,
        "created_at": event.created_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def headers_for(delivery: Delivery, secret: str, body: bytes, *, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Recruiting-Event-Id": str(delivery.event_id),
        "X-Recruiting-Event-Type": delivery.event.type,
        "X-Recruiting-Delivery-Id": str(delivery.pk),
        "X-Recruiting-Timestamp": timestamp,
        "X-Recruiting-Signature": sign(secret, timestamp, body),
    }


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    duration_ms: int


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Outcome:
    """POST once, no redirects followed; any 2xx answer is a success."""
    started = time.monotonic()

    def outcome(ok: bool, code: int | None, error: str) -> Outcome:
        return Outcome(ok, code, error[:RESPONSE_LIMIT], int((time.monotonic() - started) * 1000))

    try:
        target = resolve(url)
    except UnsafeURL as exc:
        return outcome(False, None, f"Refused: {exc}")
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = cls(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(RESPONSE_LIMIT).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        return outcome(False, None, f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return outcome(True, response.status, "")
    return outcome(False, response.status, f"HTTP {response.status}: {text}")


def webhook_send(delivery: Delivery) -> str:
    """Post a claimed webhook delivery once and record the attempt; on failure, retry
    per NOTIFY_WEBHOOK_RETRY_SCHEDULE, then dead. Returns the new status."""
    endpoint = delivery.endpoint
    assert endpoint is not None
    if not endpoint.is_active:
        delivery_end(
            delivery=delivery, status=Delivery.Status.DEAD, error="The endpoint is disabled."
        )
        return delivery.status
    body = body_of(delivery.event)
    headers = headers_for(delivery, endpoint.secret, body, now=time.time())
    result = post(endpoint.url, body, headers, timeout=settings.NOTIFY_WEBHOOK_TIMEOUT)
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempt_log.count() + 1,
            at=now,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        if result.ok:
            delivery_mark_sent(delivery=delivery, now=now)
            if endpoint.failure_count:
                WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                    failure_count=0, updated_at=now
                )
            return delivery.status
        status = delivery_fail(
            delivery=delivery,
            error=result.error,
            schedule=settings.NOTIFY_WEBHOOK_RETRY_SCHEDULE,
            now=now,
        )
        _count_failure(endpoint.pk, result.error, now=now)
    logger.info("Webhook delivery %s failed (%s): %s", delivery.pk, status, result.error)
    return status


def _count_failure(endpoint_id: int, error: str, *, now: datetime) -> None:
    """One more failure in a row; at NOTIFY_WEBHOOK_DISABLE_AFTER the endpoint is
    disabled and `webhook.disabled` is written for its owner, in this transaction."""
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        failure_count=F("failure_count") + 1, updated_at=now
    )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    if not endpoint.is_active or endpoint.failure_count < settings.NOTIFY_WEBHOOK_DISABLE_AFTER:
        return
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = f"{endpoint.failure_count} failures in a row; last: {error}"[:300]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    payload = {
        "endpoint_id": endpoint.pk,
        "user_id": endpoint.owner_id,
        "url": endpoint.url,
        "failures": endpoint.failure_count,
        "last_error": error[:300],
    }
    outbox_write([("webhook.disabled", payload)], at=now)


def _checked(url: str) -> str:
    try:
        resolve(url)
    except UnsafeURL as exc:
        raise InvalidInput(str(exc), fields={"url": [str(exc)]}) from None
    return url


def webhook_endpoint_create(
    *, url: str, owner: User, event_types: list[str], description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint; its secret is generated. Raises InvalidInput for a URL
    that is not http(s) or reaches a private, loopback or link-local address."""
    return WebhookEndpoint.objects.create(
        url=_checked(url), owner=owner, event_types=event_types, description=description
    )


def webhook_endpoint_update(*, endpoint: WebhookEndpoint, data: dict[str, Any]) -> WebhookEndpoint:
    """Change an endpoint. Enabling it again clears its failures. Raises InvalidInput."""
    if "url" in data:
        data["url"] = _checked(data["url"])
    fields = ["updated_at"]
    for name, value in data.items():
        setattr(endpoint, name, value)
        fields.append(name)
    if data.get("is_active") is True:
        endpoint.failure_count, endpoint.disabled_at, endpoint.disabled_reason = 0, None, ""
        fields += ["failure_count", "disabled_at", "disabled_reason"]
    endpoint.save(update_fields=sorted(set(fields)))
    return endpoint
