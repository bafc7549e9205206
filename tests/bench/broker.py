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


def broker_url(name: str = "BENCH_REDIS_URL") -> str:
    """The bench's own Redis database, from its settings (`tests.bench.settings`), once
    it is known not to be another workload's."""
    from tests.bench import redis_settings as settings

    url: str = getattr(settings, name)
    database = urlsplit(url).path.strip("/")
    if not database.isdigit():
        raise SetupError(f"{name} {url!r} must name a database the bench may empty.")
    taken = set(settings.OTHER_WORKLOADS_REDIS_DATABASES)
    project = os.environ.get("REDIS_URL")
    if project and urlsplit(project).path.strip("/").isdigit():
        taken.add(int(urlsplit(project).path.strip("/")))
    if int(database) in taken:
        raise SetupError(
            f"{name} {url!r} is a database another workload uses ({sorted(taken)}); "
            "give the bench its own."
        )
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
