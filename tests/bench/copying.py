"""Fast bulk writes: unsaved model instances streamed to PostgreSQL with COPY.

Instances rather than raw tuples, so that a field someone adds with a default is
filled like `bulk_create` would; COPY rather than `bulk_create`, because the
dataset has a few hundred thousand rows and is rebuilt whenever it changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Take `count` primary keys from the table's sequence, so rows can point at each other."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def with_ids(objs: Sequence[Model]) -> Sequence[Model]:
    """Give every instance of one model a reserved primary key."""
    if objs:
        for obj, pk in zip(objs, reserve_ids(type(objs[0]), len(objs)), strict=True):
            obj.pk = pk
    return objs


def copy_instances(objs: Iterable[Model]) -> int:
    """COPY instances of one model, every concrete column included; returns the row count."""
    objs = list(objs)
    if not objs:
        return 0
    meta = objs[0]._meta
    fields = list(meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([_prepared(f, obj) for f in fields])
    return len(objs)


def _prepared(field: Any, obj: Model) -> Any:
    return field.get_db_prep_save(getattr(obj, field.attname), connection)
