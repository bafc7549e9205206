"""Rate limits on the API: per token (per user for a browser session) and per anonymous
address, with `X-RateLimit-Limit`, `-Remaining` and `-Reset` on every API response.

Each client has a counter per fixed window in the cache. DRF's own throttles keep a
list of timestamps per client and rewrite it on every request: at generous limits
(thousands an hour) that list becomes the cost of each request, where a counter is one
atomic increment and its window's end is the `Reset` a client wants. Each client's
windows are offset by a hash of its key, so they do not all reset in the same second.

The cache must be shared by the processes (`CACHE_URL=redis://…`): with the default
local-memory cache each process counts alone. When the cache cannot be reached,
requests pass uncounted, with a warning in the log: a rate limit is not worth an outage.
"""

from __future__ import annotations

import logging
import math
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.checks import CheckMessage, Error
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from recruiting.addresses import client_network
from recruiting.errors import json_error, too_many_requests
from recruiting.models import ApiToken

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RATE_SETTINGS = ("API_THROTTLE_AUTHENTICATED", "API_THROTTLE_ANONYMOUS")
_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$", re.IGNORECASE)
_OFF = {"", "off", "none"}
# Where a request's counted window is kept for the headers.
_WINDOW = "_recruiting_rate_limit"


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int


@lru_cache(maxsize=32)
def parse_rate(text: str | None) -> Rate | None:
    """`"1000/hour"` is Rate(1000, 3600); None, empty or `off` is no limit.
    Raises ValueError for anything else."""
    if text is None or text.strip().lower() in _OFF:
        return None
    match = _RATE.match(text)
    if match is None or int(match[1]) < 1:
        raise ValueError(f"a rate is <count>/<second|minute|hour|day> or off, not {text!r}")
    return Rate(int(match[1]), _PERIODS[match[2].lower()])


def check_rates(**kwargs: Any) -> list[CheckMessage]:
    """System check: every rate setting parses."""
    problems: list[CheckMessage] = []
    for name in RATE_SETTINGS:
        try:
            parse_rate(getattr(settings, name))
        except ValueError as exc:
            problems.append(Error(f"{name}: {exc}.", id="recruiting.E001"))
    return problems


@dataclass(frozen=True)
class Window:
    limit: int
    used: int
    reset: int  # Unix time at which the window ends

    @property
    def allowed(self) -> bool:
        return self.used <= self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset - time.time()))


def count_request(scope: str, ident: str, rate: Rate) -> Window | None:
    """Count one request of a client in its current window; None when the cache
    cannot be reached."""
    offset = zlib.crc32(ident.encode()) % rate.period
    start = (int(time.time()) - offset) // rate.period * rate.period + offset
    key = f"ratelimit:{scope}:{ident}:{start}"
    try:
        # add() makes the window's counter only if it is missing; incr() is atomic
        # (in Redis, and under LocMemCache's lock), so concurrent requests all count.
        cache.add(key, 0, timeout=rate.period + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.add(key, 1, timeout=rate.period + 60)
            used = 1
    except Exception:
        logger.warning("Rate limits not counted: the cache is unreachable.", exc_info=True)
        return None
    return Window(limit=rate.limit, used=used, reset=start + rate.period)


class _CountingThrottle(BaseThrottle):
    scope: ClassVar[str]
    setting: ClassVar[str]
    window: Window | None = None

    def ident(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        rate = parse_rate(getattr(settings, self.setting))
        ident = self.ident(request)
        if rate is None or ident is None:
            return True
        self.window = count_request(self.scope, ident, rate)
        if self.window is None:
            return True
        setattr(request._request, _WINDOW, self.window)
        return self.window.allowed

    def wait(self) -> float | None:
        return self.window.retry_after() if self.window else None


class TokenRateThrottle(_CountingThrottle):
    """Authenticated requests, counted per token (per user for a browser session)."""

    scope = "authenticated"
    setting = "API_THROTTLE_AUTHENTICATED"

    def ident(self, request: Request) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        if isinstance(request.auth, ApiToken):
            return f"token:{request.auth.pk}"
        return f"user:{request.user.pk}"


class AddressRateThrottle(_CountingThrottle):
    """Anonymous requests, counted per client address (an IPv6 client per /64)."""

    scope = "anonymous"
    setting = "API_THROTTLE_ANONYMOUS"

    def ident(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return client_network(request._request)


class RateLimitHeadersMiddleware:
    """`X-RateLimit-*` on every API response (`Reset` in Unix time).

    A request refused before DRF's throttles ran — a bad or expired token, no
    credentials at all, an unknown path, a body a middleware refused — is counted here
    against its address, and answered 429 once that address is over its limit, so
    that failing early is no way around the limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        window: Window | None = getattr(request, _WINDOW, None)
        if window is None:
            rate = parse_rate(settings.API_THROTTLE_ANONYMOUS)
            if rate is None:
                return response
            window = count_request(AddressRateThrottle.scope, client_network(request), rate)
            if window is None:
                return response
            if not window.allowed:
                response = json_error(too_many_requests(window.retry_after()))
        response["X-RateLimit-Limit"] = str(window.limit)
        response["X-RateLimit-Remaining"] = str(window.remaining)
        response["X-RateLimit-Reset"] = str(window.reset)
        return response
