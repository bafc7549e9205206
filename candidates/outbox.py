"""The transactional outbox: events written with the change that caused them, and their
ids handed to the broker once that change has committed.

This module depends on the models alone. Producers (the pipeline engine, assessments,
notifications' periodic work) write events here inside their own transaction; nothing
is published inside it, so a rolled-back change tells no one. After commit the ids go
to the dispatch task, published by its registered name: the notifications app fans
them out. If the broker is down then, or the process dies first, the rows are still
pending and the periodic sweep dispatches them.

A web process committing many changes a second would otherwise publish one task after
each commit, and a publish costs more CPU than a move's own SQL. So a commit only adds
its ids to a list, and one thread per process publishes what has gathered
`NOTIFY_RELAY_LINGER` seconds later, in batches of `NOTIFY_DISPATCH_BATCH`. Nothing can
be lost by the wait: the events are rows already. In-process (no broker: tasks run
eagerly) or with a linger of 0, ids are published at once.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from candidates.models import OutboxEvent
from recruiting import rows

logger = logging.getLogger(__name__)

# The notifications app's task that fans a batch of events out into deliveries.
DISPATCH_TASK = "candidates.notifications.dispatch_events"


def outbox_write(
    events: Sequence[tuple[str, Mapping[str, Any]]], *, at: datetime
) -> list[OutboxEvent]:
    """Write `(type, payload)` events as outbox rows in the caller's transaction, and
    hand their ids to the relay once it commits. Payloads come from the event
    catalogue's builders (`candidates.notifications.catalogue`)."""
    if not events:
        return []
    written = [
        OutboxEvent(type=str(kind), payload=dict(payload), created_at=at)
        for kind, payload in events
    ]
    rows.insert(written)
    transaction.on_commit(partial(relay.add, [str(e.pk) for e in written]))
    return written


def _registered(name: str) -> Any:
    """The task registered under `name`, discovering the apps' tasks modules first if
    this process has not (a web process running tasks in-process)."""
    app = current_app
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def publish(
    name: str, ids: Iterable[Any], *, size: int, countdown: float | None = None
) -> list[str]:
    """Publish the task `name` once per `size` ids, never failing the caller; returns
    the ids left unpublished because the broker is down (their rows wait for the sweep).

    With a broker the task is sent by name; without one (`CELERY_TASK_ALWAYS_EAGER`) it
    runs here and now, and a failure is logged, the rows left for the sweep.
    """
    ids = [str(item) for item in ids]
    app = current_app
    eager = app.conf.task_always_eager
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        try:
            if eager:
                _registered(name).apply_async((batch,), countdown=countdown)
            else:
                app.send_task(name, (batch,), countdown=countdown, retry=False)
        except OperationalError as exc:
            # The broker is unreachable: stop trying, the sweep will find them all.
            logger.warning("Broker unavailable, %s left for the sweep: %s", name, exc)
            return ids[start:]
        except Exception:
            # Only in-process (eager) runs reach here; the rows stay for the sweep.
            logger.exception("Running %s for %d ids failed", name, len(batch))
    return []


def dispatch_soon(event_ids: Iterable[Any]) -> int:
    """Publish the dispatch of committed events now; returns how many were published."""
    ids = list(event_ids)
    unpublished = publish(DISPATCH_TASK, ids, size=settings.NOTIFY_DISPATCH_BATCH)
    return len(ids) - len(unpublished)


class Relay:
    """Gathers committed event ids and publishes them together, from one thread."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._ids: list[str] = []
        self._lock = threading.Lock()
        self._waiting = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, event_ids: Iterable[str]) -> None:
        """Publish these committed events' dispatch soon (at once in-process)."""
        linger = settings.NOTIFY_RELAY_LINGER
        if linger <= 0 or settings.CELERY_TASK_ALWAYS_EAGER:
            dispatch_soon(list(event_ids))
            return
        with self._lock:
            self._ids.extend(event_ids)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, args=(linger,), name="outbox-relay", daemon=True
                )
                self._thread.start()
        self._waiting.set()

    def _run(self, linger: float) -> None:
        while True:
            self._waiting.wait()
            # Let the commits of the next moments join this batch.
            threading.Event().wait(linger)
            self.flush()

    def flush(self) -> int:
        """Publish what has gathered now; returns how many ids were handed over."""
        with self._lock:
            ids, self._ids = self._ids, []
            self._waiting.clear()
        if not ids:
            return 0
        try:
            return dispatch_soon(ids)
        except Exception:
            # Publishing never raises for a broker that is down; anything else must not
            # kill the thread. The rows stay pending for the sweep.
            logger.exception("Publishing %d outbox events failed", len(ids))
            return 0


relay = Relay()
# A forked child (a prefork worker, a gunicorn worker) starts with no ids and no thread.
os.register_at_fork(after_in_child=relay._reset)
# A process that exits normally publishes what it holds; one that is killed leaves it
# to the sweep.
atexit.register(relay.flush)
