"""API tokens: obtained with a password, valid until they expire or are revoked.

The client keeps a random key; the database keeps its SHA-256 digest (a fast hash is
enough for 256 random bits, and it lets authentication find the row by index). Each
token also carries `auth_hash`, an HMAC of the user's password hash at issue: a
password change through any path (admin, `changepassword`, a future reset form)
changes the password hash, and every token issued before it stops matching. A
deactivated user's tokens are deleted, so that reactivation does not revive them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from recruiting.models import ApiToken

KEY_BYTES = 32
_AUTH_HASH_SALT = "recruiting.tokens.ApiToken.auth_hash"


@dataclass(frozen=True)
class IssuedToken:
    key: str
    token: ApiToken


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _auth_hash(password_hash: str, secret: str | bytes | None = None) -> str:
    return salted_hmac(
        _AUTH_HASH_SALT, password_hash, secret=secret, algorithm="sha256"
    ).hexdigest()


def auth_hash_holds(token: ApiToken, user: AbstractBaseUser) -> bool:
    """The user's password is still the one the token was issued under. Checked with
    the current secret key, then its fallbacks, as Django checks a session's hash."""
    if constant_time_compare(token.auth_hash, _auth_hash(user.password)):
        return True
    return any(
        constant_time_compare(token.auth_hash, _auth_hash(user.password, secret=fallback))
        for fallback in settings.SECRET_KEY_FALLBACKS
    )


def token_create(*, user: User) -> IssuedToken:
    """Issue a token for `user`, valid for AUTH_TOKEN_TTL from now, and delete the user's
    expired ones. Returns the key, which is never stored and cannot be read again."""
    now = timezone.now()
    key = secrets.token_urlsafe(KEY_BYTES)
    with transaction.atomic():
        ApiToken.objects.filter(user_id=user.pk, expires_at__lte=now).delete()
        token = ApiToken.objects.create(
            digest=key_digest(key),
            user=user,
            auth_hash=_auth_hash(user.password),
            expires_at=now + settings.AUTH_TOKEN_TTL,
        )
    return IssuedToken(key, token)


def token_revoke(*, token: ApiToken) -> None:
    """Delete one token: its key authenticates nothing from now on."""
    ApiToken.objects.filter(pk=token.pk).delete()


def user_tokens_revoke(*, user_id: int) -> int:
    """Delete every token of a user; returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user_id=user_id).delete()
    return deleted


def revoke_tokens_of_inactive_user(sender: Any, instance: AbstractBaseUser, **kwargs: Any) -> None:
    """`post_save` of the user model: an inactive user holds no token.

    A signal rather than a service because users are deactivated in Django's admin
    and shell, which call no service of ours; authentication refuses inactive users
    anyway, this only makes sure that reactivating someone gives back no old token.
    """
    if not instance.is_active:
        user_tokens_revoke(user_id=instance.pk)
