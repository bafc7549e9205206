"""Token authentication that reads the token, the user and their roles in one statement.

DRF's TokenAuthentication loads the token with its user, and the first permission
check then asks for the user's groups: two round trips, and two compiled queries, on
every API request. Here one statement, its SQL built once, brings the token's columns,
the user's and the names of their role groups; expiry, deactivation and a password
changed since the token was issued are checked on that row in Python, and the roles
are cached on the user as `user_roles` would cache them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from recruiting.models import ApiToken
from recruiting.roles import ALL_GROUP_ROLES, remember_roles
from recruiting.rows import Columns, current
from recruiting.tokens import auth_hash_holds, key_digest

# Role names hold no comma, and the statement reads only role groups: splitting is safe.
_SEPARATOR = ","
_USER = Columns(User, "u")
_TOKEN = Columns(ApiToken, "t")


@cache
def _sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    memberships = quote(User.groups.through._meta.db_table)
    aggregate = "string_agg" if vendor == "postgresql" else "group_concat"
    roles = ", ".join(["%s"] * len(ALL_GROUP_ROLES))
    return (
        f"SELECT {_USER.select()}, "
        f"(SELECT {aggregate}(g.{quote('name')}, '{_SEPARATOR}') FROM {memberships} m "
        f"JOIN {quote(Group._meta.db_table)} g ON g.{quote('id')} = m.{quote('group_id')} "
        f"WHERE m.{quote('user_id')} = {_USER.column('id')} AND g.{quote('name')} IN ({roles})), "
        f"{_TOKEN.select()} "
        f"FROM {_TOKEN.table} t JOIN {_USER.table} u "
        f"ON {_USER.column('id')} = {_TOKEN.column('user')} WHERE {_TOKEN.column('digest')} = %s"
    )


class RoleTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, with the roles read alongside the user."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        scheme = get_authorization_header(request).split(maxsplit=1)[:1]
        # Left alone, a Bearer header would fall through to "no credentials provided".
        # Other schemes pass by: a proxy in front may use Basic for its own purposes.
        if scheme and scheme[0].lower() == b"bearer":
            raise AuthenticationFailed(
                'The API takes "Authorization: Token <key>", not Bearer: '
                "send the same key with the Token scheme."
            )
        return cast(tuple[User, ApiToken] | None, super().authenticate(request))

    def authenticate_credentials(self, key: Any) -> tuple[User, ApiToken]:
        conn = current()
        with conn.cursor() as cursor:
            cursor.execute(_sql(conn.vendor), [*ALL_GROUP_ROLES, key_digest(str(key))])
            row = cursor.fetchone()
        if row is None:
            raise AuthenticationFailed("Invalid token.")
        user = cast(User, _USER.build(row, 0, conn))
        token = cast(ApiToken, _TOKEN.build(row, _USER.width + 1, conn))
        if token.expires_at <= timezone.now():
            raise AuthenticationFailed(
                "This token has expired; obtain a new one with POST /api/v1/auth/token/."
            )
        if not user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        if not auth_hash_holds(token, user):
            raise AuthenticationFailed(
                "This token ended when the password changed; obtain a new one."
            )
        names = row[_USER.width]
        remember_roles(user, names.split(_SEPARATOR) if names else [])
        token.user = user
        return user, token
