"""`/healthz` and `/readyz`, for load balancers, orchestrators and compose.

`/healthz` says the process answers, and nothing else: it touches no database, so a
database outage does not get every web process restarted. `/readyz` says the process
can serve: the database answers, and Redis does too when REDIS_URL is set; 503 with
what failed otherwise.

They are answered by the first middleware, before host validation (probes come by IP
address), HTTPS redirects, sessions and rate limits.
"""

from __future__ import annotations

from collections.abc import Callable

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from recruiting.errors import UNAVAILABLE_RETRY_AFTER, ServiceUnavailable, json_error

LIVENESS = frozenset({"/healthz", "/healthz/"})
READINESS = frozenset({"/readyz", "/readyz/"})
# A probe that waits longer than this has failed anyway.
REDIS_TIMEOUT = 2


def database_reachable() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def redis_reachable(url: str) -> bool:
    try:
        with redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        ) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


def readiness() -> HttpResponse:
    checks = {"database": database_reachable()}
    if settings.REDIS_URL:
        checks["redis"] = redis_reachable(settings.REDIS_URL)
    states = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        return json_error(
            ServiceUnavailable(
                f"Not ready: {' and '.join(failed)} unreachable.",
                retry_after=UNAVAILABLE_RETRY_AFTER,
                checks=states,
            )
        )
    return JsonResponse({"status": "ready", "checks": states})


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            if request.path_info in LIVENESS:
                return JsonResponse({"status": "alive"})
            if request.path_info in READINESS:
                return readiness()
        return self.get_response(request)
