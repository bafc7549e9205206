"""Statements built once, for the few on the hottest paths.

The ORM compiles a query on every call; for a statement run on every request (the
token with its user, the engine's locked read and writes) that compilation costs
more than the round trip. `insert` and `update` write instances as `bulk_create` and
`save(update_fields=...)` would. `Columns` names a model's concrete columns under a
table alias and turns the matching slice of a result row back into an instance,
through the same database converters the ORM applies (datetimes on SQLite, JSON,
durations, …).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.fields import AutoFieldMixin

Converter = Callable[[Any, Any, Any], Any]


@dataclass
class Columns:
    model: type[Model]
    alias: str
    fields: tuple[Field[Any, Any], ...] = field(init=False)
    attnames: list[str] = field(init=False)
    pk_index: int = field(init=False)
    _converters: dict[str, list[tuple[int, Any, list[Converter]]]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.fields = tuple(self.model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.pk_index = next(i for i, f in enumerate(self.fields) if f.primary_key)

    @property
    def width(self) -> int:
        return len(self.fields)

    @property
    def table(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def column(self, name: str) -> str:
        """One column by field name, e.g. `column("id")` → `a."id"`."""
        target = cast(Field[Any, Any], self.model._meta.get_field(name))
        return f"{self.alias}.{connection.ops.quote_name(str(target.column))}"

    def select(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    def _converters_for(self, conn: BaseDatabaseWrapper) -> list[tuple[int, Any, list[Converter]]]:
        if conn.vendor not in self._converters:
            found = []
            for index, f in enumerate(self.fields):
                col = f.get_col(self.alias)
                chain = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
                if chain:
                    found.append((index, col, chain))
            self._converters[conn.vendor] = found
        return self._converters[conn.vendor]

    def build(
        self, row: Sequence[Any], start: int = 0, conn: BaseDatabaseWrapper | None = None
    ) -> Model | None:
        """The instance in row[start:start + width]; None when its primary key is NULL
        (the far side of a LEFT JOIN that found nothing). `conn` saves a lookup of the
        thread's connection when the caller has it."""
        conn = conn or current()
        values = list(row[start : start + self.width])
        if values[self.pk_index] is None:
            return None
        for index, col, chain in self._converters_for(conn):
            value = values[index]
            for convert in chain:
                value = convert(value, col, conn)
            values[index] = value
        return self.model.from_db(conn.alias, self.attnames, values)


def current() -> BaseDatabaseWrapper:
    """This thread's default connection itself: each attribute read through
    `django.db.connection` goes through a proxy and a thread-local lookup."""
    return connections[DEFAULT_DB_ALIAS]


@cache
def _insert_sql(
    model: type[Model], rows: int, vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin))
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(meta.pk.column)}" if isinstance(meta.pk, AutoFieldMixin) else ""
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([one] * rows)}{returning}"
    )
    return sql, fields


def insert(instances: Sequence[Model]) -> None:
    """Insert new instances of one model in one statement; auto ids are set on them.

    What `bulk_create` does for a few rows, without building the query each time: the
    values are prepared by their fields (`pre_save`, `get_db_prep_save`) as the ORM's
    insert does. No signals are sent (the models written here have no receivers).
    """
    if not instances:
        return
    model = type(instances[0])
    conn = current()
    sql, fields = _insert_sql(model, len(instances), conn.vendor)
    params = [
        f.get_db_prep_save(f.pre_save(instance, True), conn)
        for instance in instances
        for f in fields
    ]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        if isinstance(model._meta.pk, AutoFieldMixin):
            for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
                instance.pk = pk
    for instance in instances:
        instance._state.adding = False
        instance._state.db = conn.alias


@cache
def _update_sql(
    model: type[Model], names: tuple[str, ...], where: tuple[str, ...], vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[Field[Any, Any], ...]]:
    meta = model._meta
    fields = tuple(cast(Field[Any, Any], meta.get_field(name)) for name in names)
    matched = tuple(cast(Field[Any, Any], meta.get_field(name)) for name in where)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    conditions = " AND ".join(f"{quote(str(f.column))} = %s" for f in matched)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {conditions}"
    return sql, fields, matched


def update_where(model: type[Model], *, values: dict[str, Any], where: dict[str, Any]) -> int:
    """`model.objects.filter(**where).update(**values)` for equality conditions, without
    building the query each time; values are prepared by their fields. Returns the
    number of rows changed."""
    conn = current()
    sql, fields, matched = _update_sql(model, tuple(values), tuple(where), conn.vendor)
    params = [f.get_db_prep_save(values[f.name], conn) for f in fields]
    params += [f.get_db_prep_value(where[f.name], conn) for f in matched]
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def update(instance: Model, names: Sequence[str]) -> None:
    """`instance.save(update_fields=names)` without building the query each time: the
    values are prepared by their fields, `auto_now` ones stamped. No signals are sent."""
    fields = [cast(Field[Any, Any], instance._meta.get_field(name)) for name in sorted(names)]
    update_where(
        type(instance),
        values={f.name: f.pre_save(instance, False) for f in fields},
        where={instance._meta.pk.name: instance.pk},
    )


def remember(instance: Model, name: str, related: Sequence[Model]) -> None:
    """Keep `related` as the instance's `name` relation, as `prefetch_related` keeps it:
    `instance.<name>.all()` then reads nothing."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(related)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every row of one statement, on this thread's connection."""
    with current().cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


Statement = tuple[str, Sequence[Any]]


def fetch_all(statements: Sequence[Statement]) -> list[list[tuple[Any, ...]]]:
    """Every row of each statement, in order. On PostgreSQL they are sent together in
    psycopg's pipeline mode, and their answers come back together: one round trip for
    all of them rather than one each. Elsewhere (SQLite) one after the other."""
    db = current()
    if db.vendor != "postgresql":
        return [fetch(sql, params) for sql, params in statements]
    db.ensure_connection()
    cursors = [db.cursor() for _ in statements]
    try:
        # The pipeline's own errors (its sync, on leaving) as Django's, as the cursors' are.
        with db.wrap_database_errors, db.connection.pipeline():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
            return [list(cursor.fetchall()) for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
