"""The 1M dataset: a copy of the bench database grown tenfold in SQL, never row by row.

PostgreSQL clones the 100k database as a template (a file copy, seconds), then every
kept row of the core and inbox datasets is copied nine more times with
`INSERT … SELECT … generate_series(1, 9)`: candidates (new emails), their specialties,
publications and awards, their applications with their history, assessments, seats,
scorecards and ratings. A copy's ids are the original's plus k times a stride above
the table's largest id, so children find their copied parents by arithmetic, with no
mapping table. The setup (units, jobs, tracks, users) is shared, so a request names
the same ids in both databases; the moves pool and the panel run are left out (each
run makes its own). Counters and rollups kept by the services are recomputed last.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg
from django.contrib.auth import get_user_model
from django.db.models import Model
from psycopg import sql

from candidates.models import (
    Application,
    Assessment,
    Assignment,
    Award,
    Candidate,
    Publication,
    Rating,
    Score,
    Transition,
)
from recruiting.models import ApiToken, Drive
from tests.bench.database import database_name, maintenance_url

# Bump when what is copied changes: an older 1M database is then rebuilt.
VERSION = 2
MARKER = f"Scale bench x10 v{VERSION}"
COPIES = 9
# The datasets that grow: the core list's candidates and the inbox unit's.
DOMAINS = ("base.bench", "inbox.bench")

Say = Callable[[str], None]

# table, the column naming its parent, the parent's table: parents first.
_CHILDREN: tuple[tuple[type[Model], str, type[Model]], ...] = (
    (Candidate.specialties.through, "candidate_id", Candidate),
    (Publication, "candidate_id", Candidate),
    (Award, "candidate_id", Candidate),
    (Application, "candidate_id", Candidate),
    (Transition, "application_id", Application),
    (Assessment, "application_id", Application),
    (Assignment, "assessment_id", Assessment),
    (Score, "seat_id", Assignment),
    (Rating, "score_id", Score),
)


def is_current(url: str) -> bool:
    """The 1M database exists and this version of the module grew it."""
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
    with psycopg.connect(url) as conn:
        table = Drive._meta.db_table
        found = conn.execute(
            sql.SQL("SELECT 1 FROM {} WHERE name = %s").format(sql.Identifier(table)), [MARKER]
        ).fetchone()
    return found is not None


def copy_tokens(source_url: str, url: str) -> int:
    """This run's API tokens (each run logs in afresh, the 100k database keeps only their
    digests) into the 1M database, in place of the ones it was cloned with: those of the
    users the clone holds."""
    table = sql.Identifier(ApiToken._meta.db_table)
    users = sql.Identifier(get_user_model()._meta.db_table)
    with psycopg.connect(source_url) as source:
        cursor = source.execute(sql.SQL("SELECT * FROM {}").format(table))
        names = sql.SQL(", ").join(sql.Identifier(c.name) for c in cursor.description or ())
        rows = cursor.fetchall()
    with psycopg.connect(url) as target:
        target.execute(sql.SQL("DELETE FROM {}").format(table))
        target.execute(
            sql.SQL("CREATE TEMPORARY TABLE fresh (LIKE {}) ON COMMIT DROP").format(table)
        )
        with target.cursor().copy(sql.SQL("COPY fresh ({}) FROM STDIN").format(names)) as copy:
            for row in rows:
                copy.write_row(row)
        copied = target.execute(
            sql.SQL(
                "INSERT INTO {} ({}) SELECT {} FROM fresh WHERE user_id IN (SELECT id FROM {})"
            ).format(table, names, names, users)
        ).rowcount
    return copied


def build(source_url: str, url: str, say: Say) -> int:
    """Clone the 100k database into `url` and grow it; the applications it then holds.
    Nothing may be connected to the source while it is cloned."""
    name, source = database_name(url), database_name(source_url)
    started = time.monotonic()
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )
    say(f"scale: cloned {source} in {time.monotonic() - started:.0f}s; copying rows x{COPIES + 1}…")
    with psycopg.connect(url) as conn:
        _grow(conn, say)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        table = sql.Identifier(Application._meta.db_table)
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
    return int(row[0]) if row else 0


def _grow(conn: psycopg.Connection, say: Say) -> None:
    strides: dict[type[Model], int] = {}
    kept = " OR ".join(f"email_normalized LIKE '%@{d}'" for d in DOMAINS)
    _copy(conn, Candidate, f"({kept})", strides, overrides=_candidate_overrides())
    for model, parent_column, parent in _CHILDREN:
        started = time.monotonic()
        # Only rows whose parent was copied: the copy's parent is the parent's copy.
        where = f"{parent_column} IN (SELECT id FROM {_kept(parent)})"
        overrides = {parent_column: f"{parent_column} + k * {strides[parent]}"}
        rows = _copy(conn, model, where, strides, overrides=overrides)
        say(f"scale: {model._meta.db_table}: +{rows:,} rows ({time.monotonic() - started:.0f}s)")
    conn.execute(
        sql.SQL(
            "INSERT INTO {} (name, starts_on, target_headcount, channels, created_at, "
            "updated_at) VALUES (%s, now()::date, 0, '[]', now(), now())"
        ).format(sql.Identifier(Drive._meta.db_table)),
        [MARKER],
    )


def _kept(model: type[Model]) -> str:
    """The temporary table of the original ids of `model` that were copied."""
    return f"kept_{model._meta.db_table}"


def _candidate_overrides() -> dict[str, str]:
    # A new address per copy keeps one person, one record (the unique normalised email),
    # and one that does not contain the original's, so searching for an original's
    # address finds one person at either size. Names stay as they are: a name is ten
    # times as common in ten times the people.
    return {
        "email": "'x' || k || '.' || replace(email, 'cand', 'cnd')",
        "email_normalized": "'x' || k || '.' || replace(email_normalized, 'cand', 'cnd')",
    }


def _copy(
    conn: psycopg.Connection,
    model: type[Model],
    where: str,
    strides: dict[type[Model], int],
    *,
    overrides: dict[str, str],
) -> int:
    table = model._meta.db_table
    row = conn.execute(
        sql.SQL("SELECT coalesce(max(id), 0) + 1 FROM {}").format(sql.Identifier(table))
    ).fetchone()
    stride = int(row[0]) if row else 1
    strides[model] = stride
    kept = _kept(model)
    conn.execute(
        f'CREATE TEMPORARY TABLE {kept} AS SELECT id FROM "{table}" WHERE id < {stride} AND '
        f"{where}".encode()
    )
    conn.execute(f"ALTER TABLE {kept} ADD PRIMARY KEY (id)".encode())
    conn.execute(f"ANALYZE {kept}".encode())
    columns = [f.column for f in model._meta.concrete_fields]
    chosen = {"id": f"id + k * {stride}", **overrides}
    select = ", ".join(chosen.get(c, f'"{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    statement = (
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}", '
        f"generate_series(1, {COPIES}) AS k WHERE id IN (SELECT id FROM {kept})"
    )
    cursor = conn.execute(statement.encode())
    conn.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM "
        + f'"{table}"'
        + "))",
        [table],
    )
    return cursor.rowcount
