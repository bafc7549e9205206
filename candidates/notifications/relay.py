"""Committed outbox events handed to the broker in batches, by one thread per process.

A web process committing many moves a second would otherwise publish one dispatch
task after each commit, and a publish costs more CPU than the move's own SQL. Here a
commit only adds its event ids to a list, and a thread publishes what has gathered
`NOTIFY_RELAY_LINGER` seconds later, in batches (`enqueue_dispatch`).

Nothing can be lost by the wait: the events are rows already. Ids held by a process
that dies, like ids whose publish failed, are dispatched by the sweep. In-process
(no broker: tasks run eagerly) or with a linger of 0, ids are published at once.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterable

from django.conf import settings

from candidates.notifications.queue import enqueue_dispatch

logger = logging.getLogger(__name__)


class Relay:
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
            enqueue_dispatch(list(event_ids))
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
            return enqueue_dispatch(ids)
        except Exception:
            # enqueue_dispatch never raises for a broker that is down; anything else
            # must not kill the thread. The rows stay pending for the sweep.
            logger.exception("Publishing %d outbox events failed", len(ids))
            return 0


relay = Relay()
# A forked child (a prefork worker, a gunicorn worker) starts with no ids and no thread.
os.register_at_fork(after_in_child=relay._reset)
# A process that exits normally publishes what it holds; one that is killed leaves it
# to the sweep.
atexit.register(relay.flush)
