from __future__ import annotations

from django.conf import settings
from django.db import models

from recruiting.models.base import TimeStamped


class ApiToken(TimeStamped):
    """A credential for the API, `Authorization: Token <key>`, until `expires_at`.

    Only a SHA-256 digest of the key is kept: a copy of the table authenticates no one.
    `auth_hash` seals the user's password hash at issue (recruiting/tokens.py), so a
    password change ends every token issued before it, whichever way it was changed.
    """

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    auth_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="apitoken_user_expiry")]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
