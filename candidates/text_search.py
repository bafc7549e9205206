"""Text search (`q`): a fragment anywhere in a name, an email or a phone number.

On PostgreSQL the pattern goes into the statement as a quoted literal, not as a
parameter. Statements bound on the server are prepared after a few runs and then
planned once for any value (`DATABASE_PREPARED_STATEMENTS`); for a LIKE that generic
plan cannot tell a rare term from a common one, and at a million applications it
walked the whole list in date order to find one rare email (6 s instead of 2 ms). With
the literal, each term is planned for itself: a rare one through the trigram indexes,
a common one along the list's order until the page is full. psycopg quotes it for the
connection. Elsewhere (SQLite) it is Django's own `contains` / `icontains`.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Lookup, Q
from django.db.models.lookups import Contains, IContains
from django.db.models.sql.compiler import SQLCompiler
from psycopg import sql


class _Fragment(Lookup):  # type: ignore[type-arg]
    prepare_rhs = False

    def __init__(self, lhs: Any, rhs: str, *, insensitive: bool) -> None:
        super().__init__(lhs, rhs)
        self.insensitive = insensitive

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        if connection.vendor != "postgresql":
            builtin = IContains if self.insensitive else Contains
            return builtin(self.lhs, self.rhs).as_sql(compiler, connection)
        column, params = self.process_lhs(compiler, connection)
        pattern = f"%{connection.ops.prep_for_like_query(self.rhs)}%"
        connection.ensure_connection()
        # Doubled: the statement goes to the driver with its other parameters.
        literal = sql.Literal(pattern).as_string(connection.connection).replace("%", "%%")
        if self.insensitive:
            return f"UPPER({column}::text) LIKE UPPER({literal})", params
        return f"{column}::text LIKE {literal}", params


def contains(field: str, value: str, *, insensitive: bool = False) -> Q:
    """`Q(<field>__contains=value)` (or `__icontains`), planned for this value."""
    return Q(_Fragment(F(field), value, insensitive=insensitive))
