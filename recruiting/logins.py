"""Logging in with a password, and what a client that failed too often is told.

Every login path — the API's token endpoint, the Django admin, any future page that
calls Django's `authenticate()` — goes through django-axes' authentication backend,
which counts failures per username and per address and refuses both for
AXES_COOLOFF_TIME once either reaches AXES_FAILURE_LIMIT, before the password is even
checked. `lockout_response` is the answer axes gives then.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from recruiting.errors import TooManyRequests, Unauthenticated, json_error
from recruiting.tokens import IssuedToken, token_create

API_PREFIX = "/api/"


def token_obtain(*, request: HttpRequest, username: str, password: str) -> IssuedToken:
    """Log in with a password and issue a token. Goes through Django's `authenticate`,
    so every authentication backend's checks apply, and sends `user_logged_in` (the
    user's `last_login` is set) as a session login would.

    Raises Unauthenticated for a wrong username or password, or an inactive user, and
    TooManyRequests while the username or the address is locked out.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        # Set by axes on this request when it refused, or when this failure locked out.
        if getattr(request, "axes_locked_out", False):
            raise locked_out()
        raise Unauthenticated("Wrong username or password.")
    issued = token_create(user=user)
    user_logged_in.send(sender=type(user), request=request, user=user)
    return issued


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def locked_out() -> TooManyRequests:
    # Every failure during the lockout starts the cool-off again, so the whole of it
    # is what is left.
    seconds = cool_off_seconds()
    return TooManyRequests(
        "Too many failed logins for this account or from this address; try again in "
        f"{math.ceil(seconds / 60)} minutes.",
        retry_after=seconds,
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After; JSON on the API, a page elsewhere."""
    if original_response is not None and original_response.status_code == 429:
        return original_response  # the API's own answer already says it
    error = locked_out()
    if request.path_info.startswith(API_PREFIX):
        return json_error(error)
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": math.ceil(error.retry_after / 60)},
        status=error.status,
    )
    for name, value in error.headers().items():
        response[name] = value
    return response
