"""Token authentication that reads the user and their roles in one statement.

DRF's TokenAuthentication loads the token with its user, and the first permission
check then asks for the user's groups: two round trips, and two compiled queries, on
every API request. Here one statement, its SQL built once, brings the user's columns
and the names of their role groups; the roles are cached on the user as
`user_roles` would cache them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.contrib.auth.models import Group, User
from django.db import connection
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from recruiting.roles import ALL_GROUP_ROLES, remember_roles
from recruiting.rows import Columns, current

# Role names hold no comma, and the statement reads only role groups: splitting is safe.
_SEPARATOR = ","
_USER = Columns(User, "u")


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
        f"WHERE m.{quote('user_id')} = {_USER.column('id')} AND g.{quote('name')} IN ({roles})) "
        f"FROM {quote(Token._meta.db_table)} t JOIN {_USER.table} u "
        f"ON {_USER.column('id')} = t.{quote('user_id')} WHERE t.{quote('key')} = %s"
    )


class RoleTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, with the roles read alongside the user."""

    def authenticate_credentials(self, key: Any) -> tuple[User, Token]:
        conn = current()
        with conn.cursor() as cursor:
            cursor.execute(_sql(conn.vendor), [*ALL_GROUP_ROLES, str(key)])
            row = cursor.fetchone()
        if row is None:
            raise AuthenticationFailed("Invalid token.")
        user = cast(User, _USER.build(row, 0, conn))
        if not user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        names = row[_USER.width]
        remember_roles(user, names.split(_SEPARATOR) if names else [])
        return user, Token(key=key, user=user)
