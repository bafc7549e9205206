"""Logging in to the API with a password."""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpRequest

from recruiting.errors import Unauthenticated
from recruiting.tokens import IssuedToken, token_create


def token_obtain(*, request: HttpRequest, username: str, password: str) -> IssuedToken:
    """Log in with a password and issue a token. Goes through Django's `authenticate`,
    so every authentication backend's checks apply, and sends `user_logged_in` (the
    user's `last_login` is set) as a session login would.

    Raises Unauthenticated for a wrong username or password, or an inactive user.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise Unauthenticated("Wrong username or password.")
    issued = token_create(user=user)
    user_logged_in.send(sender=type(user), request=request, user=user)
    return issued
