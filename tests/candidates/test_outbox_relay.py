"""The relay gathers the events a process commits and publishes them in batches."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from candidates import outbox as relay_module
from candidates.outbox import Relay


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[list[str]]:
    """What the relay hands to `dispatch_soon`, call by call (the broker's side of
    it is tested with a real worker in tests/integration)."""
    calls: list[list[str]] = []
    lock = threading.Lock()

    def record(ids: list[str]) -> int:
        with lock:
            calls.append(list(ids))
        return len(ids)

    monkeypatch.setattr(relay_module, "dispatch_soon", record)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFY_RELAY_LINGER = 0.05
    return calls


def wait_for(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the relay did not publish in time"
        time.sleep(0.01)


def test_commits_close_together_go_out_in_one_batch(published: list[list[str]]) -> None:
    relay = Relay()
    for n in range(20):
        relay.add([f"e{n}"])
    wait_for(lambda: sum(map(len, published)) == 20)
    assert len(published) < 20
    assert sorted(i for batch in published for i in batch) == sorted(f"e{n}" for n in range(20))


def test_many_threads_committing_lose_and_repeat_nothing(published: list[list[str]]) -> None:
    relay = Relay()

    def commit(worker: int) -> None:
        for n in range(200):
            relay.add([f"w{worker}-{n}", f"w{worker}-{n}b"])

    threads = [threading.Thread(target=commit, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: sum(map(len, published)) >= 3200)
    time.sleep(0.1)
    handed = [i for batch in published for i in batch]
    assert len(handed) == len(set(handed)) == 3200


def test_flush_hands_over_what_is_held_at_once(published: list[list[str]], settings: Any) -> None:
    settings.NOTIFY_RELAY_LINGER = 60  # the thread would wait a minute
    relay = Relay()
    relay.add(["a", "b"])
    assert relay.flush() == 2
    assert published == [["a", "b"]]
    assert relay.flush() == 0


@pytest.mark.parametrize(("eager", "linger"), [(True, 0.05), (False, 0)])
def test_in_process_or_without_linger_it_publishes_at_once(
    published: list[list[str]], settings: Any, eager: bool, linger: float
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    settings.NOTIFY_RELAY_LINGER = linger
    Relay().add(["now"])
    assert published == [["now"]]


def test_a_failing_publish_does_not_stop_the_relay(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFY_RELAY_LINGER = 0.01
    calls: list[list[str]] = []

    def flaky(ids: list[str]) -> int:
        calls.append(list(ids))
        if len(calls) == 1:
            raise RuntimeError("serialiser broke")
        return len(ids)

    monkeypatch.setattr(relay_module, "dispatch_soon", flaky)
    relay = Relay()
    relay.add(["lost-to-the-sweep"])
    wait_for(lambda: len(calls) == 1)
    relay.add(["next"])
    wait_for(lambda: len(calls) == 2)
    assert calls == [["lost-to-the-sweep"], ["next"]]
