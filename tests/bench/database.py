"""The bench's own PostgreSQL database: created when missing, dropped to rebuild.

These run before Django is set up, so they talk to PostgreSQL with psycopg directly,
through the maintenance database `postgres` of the same server.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/recruiting_bench"
# Benches create, reset and drop data: never point them at a database someone else uses.
# Its name has "bench" as a word: recruiting_bench, or one per area (recruiting_bench_profiles).
REQUIRED_WORD = "bench"
# The 1M dataset's database, beside the 100k one unless told otherwise.
SCALE_SUFFIX = "_1m"


class SetupError(Exception):
    """The bench cannot run here; the message says why."""


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SetupError(f"The bench needs PostgreSQL; DATABASE_URL is {url!r}.")
    if REQUIRED_WORD not in database_name(url).split("_"):
        raise SetupError(
            f"Refusing to use database {database_name(url)!r}: the bench rewrites its data, so "
            f"its name must have {REQUIRED_WORD!r} as a word (e.g. {DEFAULT_URL})."
        )
    return url


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """The server's maintenance database `postgres`, to create and drop others."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def ensure_database(url: str) -> bool:
    """Create the database when missing; True when it was created."""
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def recreate_database(url: str) -> None:
    """Drop and create again, for a dataset built by an older version of the bench."""
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def scale_database_url(url: str) -> str:
    """The 1M database: BENCH_SCALE_DATABASE_URL, else the 100k one's name + `_1m`."""
    given = os.environ.get("BENCH_SCALE_DATABASE_URL")
    if given:
        if REQUIRED_WORD not in database_name(given) or given == url:
            raise SetupError(
                f"BENCH_SCALE_DATABASE_URL {given!r} must be a bench database of its own."
            )
        return given
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path + SCALE_SUFFIX, parts.query, ""))
