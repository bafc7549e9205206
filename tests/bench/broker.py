"""The bench's own Redis database as the Celery broker, emptied before and after a run.

In production the web process only puts notification tasks on Redis and workers on
other machines deliver them. Without a broker the project runs tasks in-process
(eagerly), inside the request: a development convenience the bench must not measure.
No worker runs here, so the tasks the moves enqueue are dropped with the database.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import redis

from tests.bench.database import SetupError

DEFAULT_URL = "redis://127.0.0.1:6379/15"


def broker_url() -> str:
    url = os.environ.get("BENCH_REDIS_URL") or DEFAULT_URL
    if not urlsplit(url).path.strip("/"):
        raise SetupError(f"BENCH_REDIS_URL {url!r} must name a database the bench may empty.")
    return url


def empty_broker(url: str) -> None:
    """Drop every queued task; also proves Redis answers."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as error:
        message = f"Redis at {url} does not answer ({error}); `make services` starts it."
        raise SetupError(message) from error


def queued_tasks(url: str, queue: str) -> int:
    """Tasks waiting in one queue (Celery's Redis transport keeps each queue in a list)."""
    return int(redis.Redis.from_url(url, socket_connect_timeout=3).llen(queue))
