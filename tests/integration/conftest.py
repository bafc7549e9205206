"""Real components for the notification tests: a Celery worker process on Redis, an
SMTP server and an HTTP receiver on loopback, all sharing pytest's test database.

The worker uses Redis database 5 of the machine's Redis (flushed before and after,
nothing else touched), or a private redis-server the test starts on another port.
Every process a test starts is stopped when it ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection
from kombu import pools

from candidates.notifications.defaults import seed_subscriptions
from candidates.notifications.message_defaults import seed_templates
from candidates.notifications.models import MessageTemplate, Subscription
from recruiting.project.celery import app as celery_app
from tests.integration.receivers import HTTPReceiver, SMTPInbox, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
MACHINE_REDIS = "redis://127.0.0.1:6379/5"


def redis_available(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def use_broker(url: str | None) -> None:
    """Point this process's Celery app at a broker (None: back to in-process)."""
    # The app reads Django's CELERY_-prefixed settings, so these are the keys to change.
    celery_app.conf.update(
        CELERY_BROKER_URL=url or "memory://", CELERY_TASK_ALWAYS_EAGER=url is None
    )
    # Connection pools are kept per broker URL in kombu's registry: start afresh.
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@dataclass
class Worker:
    """A `celery -A recruiting.project worker` process in its own process group."""

    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *, concurrency: int = 2, timeout: float = 30) -> Worker:
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "recruiting.project",
                    "worker",
                    f"--concurrency={concurrency}",
                    "--pool=prefork",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"notify-test-{os.getpid()}-{len(self.started)}@%h",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(self.process)
        ready = wait_for(lambda: b" ready." in self.log.read_bytes()[offset:], timeout=timeout)
        assert ready, f"the worker did not start:\n{self.log.read_text()[-3000:]}"
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crash would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


@dataclass
class PrivateRedis:
    """A redis-server of the test's own, which the test may stop and start again."""

    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert wait_for(lambda: redis_available(self.url), timeout=10), "redis did not start"
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def notify_world(transactional_db: Any, settings: Any) -> None:
    """Defaults seeded (a flush between transactional tests drops them), and this
    process's settings in step with the worker's."""
    seed_subscriptions(Subscription)
    seed_templates(MessageTemplate)
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    settings.NOTIFY_SWEEP_GRACE = 0
    settings.NOTIFY_CLAIM_TIMEOUT = 2
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.DEFAULT_FROM_EMAIL = "recruiting@example.com"


@pytest.fixture
def smtp_inbox() -> Iterator[SMTPInbox]:
    inbox = SMTPInbox().start()
    yield inbox
    inbox.stop()


@pytest.fixture
def http_receiver() -> Iterator[HTTPReceiver]:
    receiver = HTTPReceiver().start()
    yield receiver
    receiver.stop()


def flushed_redis(url: str) -> Iterator[str]:
    """A database of the machine's Redis, emptied before and after (nothing else touched)."""
    if not redis_available(url):
        pytest.skip("Redis is not running on 127.0.0.1:6379 (make services starts it)")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def machine_redis() -> Iterator[str]:
    yield from flushed_redis(MACHINE_REDIS)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def start_worker(
    notify_world: None, smtp_inbox: SMTPInbox, tmp_path: Path
) -> Iterator[Callable[..., Worker]]:
    """`start_worker(broker_url)` starts a worker on the test database and that broker,
    sending mail to the loopback SMTP server; this process publishes there too."""
    workers: list[Worker] = []
    database = connection.settings_dict["NAME"]

    def start(broker_url: str, **extra_env: str) -> Worker:
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "CONN_MAX_AGE": "0",
            "REDIS_URL": broker_url,
            "EMAIL_BACKEND": "candidates.notifications.smtp.EmailBackend",
            "EMAIL_HOST": smtp_inbox.host,
            "EMAIL_PORT": str(smtp_inbox.port),
            "DEFAULT_FROM_EMAIL": "recruiting@example.com",
            "NOTIFY_WEBHOOK_ALLOW_PRIVATE": "true",
            "NOTIFY_WEBHOOK_RETRY_SCHEDULE": "1,1,1,1,1,1,1",
            "NOTIFY_CLAIM_TIMEOUT": "2",
            "NOTIFY_SWEEP_GRACE": "1",
            "LOG_LEVEL": "INFO",
            **extra_env,
        }
        use_broker(broker_url)
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    use_broker(None)
    # Shown by pytest when the test failed.
    for worker in workers:
        print(f"--- {worker.log.name}\n{worker.log.read_text()[-4000:]}")


def settle(predicate: Callable[[], bool], *, timeout: float, sweep_every: float = 0) -> bool:
    """Wait for `predicate`; with `sweep_every`, send the sweep task as beat would."""
    from candidates.notifications import tasks

    deadline = time.monotonic() + timeout
    last_sweep = 0.0
    while time.monotonic() < deadline:
        if predicate():
            return True
        if sweep_every and time.monotonic() - last_sweep >= sweep_every:
            # The broker may still be coming back; the next round tries again.
            with contextlib.suppress(Exception):
                tasks.sweep.apply_async(retry=False)
            last_sweep = time.monotonic()
        time.sleep(0.1)
    return predicate()
