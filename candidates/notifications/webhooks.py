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
from django.db.models import Count, F
from django.utils import timezone

from candidates.models import OutboxEvent
from candidates.notifications.catalogue import webhook_disabled
from candidates.notifications.deliveries import delivery_end, delivery_fail, delivery_mark_sent
from candidates.notifications.models import Channel, Delivery, DeliveryAttempt, WebhookEndpoint
from candidates.notifications.netguard import Target, UnsafeURL, resolve
from candidates.outbox import outbox_write
from recruiting import rows
from recruiting.clock import iso_required
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
        "created_at": iso_required(event.created_at),
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


def _connect(address: str, port: int, timeout: float | None) -> socket.socket:
    sock = socket.create_connection((address, port), timeout)
    # http.client writes the headers and the body apart: on a kept-alive connection
    # Nagle would hold the body until the receiver's delayed ACK, 40 ms a post.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = _connect(self._address, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    duration_ms: int


_Connection = http.client.HTTPConnection
# A reused connection the receiver had already closed fails like this before any answer.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class Connections:
    """Open connections to webhook receivers, one per checked address, kept alive from
    one post to the next of a batch. Close them when the batch is done."""

    def __init__(self) -> None:
        self._open: dict[Target, _Connection] = {}

    def take(self, target: Target, timeout: float) -> tuple[_Connection, bool]:
        """A connection to exactly this checked address, and whether it was used before."""
        connection = self._open.pop(target, None)
        if connection is not None and connection.sock is not None:
            return connection, True
        cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        return cls(target, timeout), False

    def give_back(self, target: Target, connection: _Connection) -> None:
        self._open[target] = connection

    def close(self) -> None:
        for connection in self._open.values():
            connection.close()
        self._open.clear()


def _exchange(
    connection: _Connection, target: Target, body: bytes, headers: dict[str, str]
) -> tuple[http.client.HTTPResponse, str]:
    connection.request("POST", target.path, body=body, headers=headers)
    response = connection.getresponse()
    return response, response.read(RESPONSE_LIMIT).decode("utf-8", "replace")


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float,
    connections: Connections | None = None,
) -> Outcome:
    """POST once, no redirects followed; any 2xx answer is a success.

    The address is checked on every post; with `connections`, an open connection to
    that same address is used again and kept open for the next post when the receiver
    allows it. A reused connection the receiver had closed meanwhile is replaced once,
    with the same delivery id, which receivers drop if they did see the first.
    """
    started = time.monotonic()

    def outcome(ok: bool, code: int | None, error: str) -> Outcome:
        return Outcome(ok, code, error[:RESPONSE_LIMIT], int((time.monotonic() - started) * 1000))

    try:
        target = resolve(url)
    except UnsafeURL as exc:
        return outcome(False, None, f"Refused: {exc}")
    pool = connections or Connections()
    connection, reused = pool.take(target, timeout)
    try:
        try:
            response, text = _exchange(connection, target, body, headers)
        except _STALE:
            if not reused:
                raise
            connection.close()
            connection, _ = pool.take(target, timeout)
            response, text = _exchange(connection, target, body, headers)
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        return outcome(False, None, f"{type(exc).__name__}: {exc}")
    if connections is not None and response.isclosed() and not response.will_close:
        # Read to the end and not closing: fit for the next post of the batch.
        connections.give_back(target, connection)
    else:
        connection.close()
    if 200 <= response.status < 300:
        return outcome(True, response.status, "")
    return outcome(False, response.status, f"HTTP {response.status}: {text}")


class WebhookSender:
    """Posts the webhook deliveries of one batch, over connections kept alive between
    them, with each delivery's logged attempts counted once for the batch."""

    def __init__(self, deliveries: list[Delivery]) -> None:
        ids = [d.pk for d in deliveries if d.channel == Channel.WEBHOOK]
        self._logged: dict[Any, int] = dict(
            DeliveryAttempt.objects.filter(delivery_id__in=ids)
            .values_list("delivery_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        self._connections = Connections()

    def send(self, delivery: Delivery) -> str:
        """Post a claimed webhook delivery once and record the attempt; on failure,
        retry per NOTIFY_WEBHOOK_RETRY_SCHEDULE, then dead. Returns the new status."""
        endpoint = delivery.endpoint
        assert endpoint is not None
        if not endpoint.is_active:
            delivery_end(
                delivery=delivery, status=Delivery.Status.DEAD, error="The endpoint is disabled."
            )
            return delivery.status
        body = body_of(delivery.event)
        headers = headers_for(delivery, endpoint.secret, body, now=time.time())
        result = post(
            endpoint.url,
            body,
            headers,
            timeout=settings.NOTIFY_WEBHOOK_TIMEOUT,
            connections=self._connections,
        )
        number = self._logged.get(delivery.pk, 0) + 1
        self._logged[delivery.pk] = number
        return _record(delivery, endpoint, result, number=number)

    def close(self) -> None:
        self._connections.close()


def _record(delivery: Delivery, endpoint: WebhookEndpoint, result: Outcome, *, number: int) -> str:
    now = timezone.now()
    attempt = DeliveryAttempt(
        delivery=delivery,
        number=number,
        at=now,
        status_code=result.status_code,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    if result.ok:
        # The attempt first, then the mark, each committed on its own: a worker killed
        # between them leaves the delivery to be posted again (same id) and that
        # attempt logged too, which is what happened.
        rows.insert([attempt])
        delivery_mark_sent(delivery=delivery, now=now)
        if endpoint.failure_count:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failure_count=0, updated_at=now)
            endpoint.failure_count = 0
        return delivery.status
    with transaction.atomic():
        attempt.save(force_insert=True)
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
    event = webhook_disabled(
        endpoint_id=endpoint.pk,
        user_id=endpoint.owner_id,
        url=endpoint.url,
        failures=endpoint.failure_count,
        last_error=error[:300],
    )
    outbox_write([event], at=now)


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
