"""Notification throughput: events fanned out by one worker (concurrency 2) to an SMTP
server and an HTTP receiver on loopback, against a no-op task on the same broker, in
interleaved rounds.

    .venv/bin/python -m tests.bench.notify [--events 10000]

Each event becomes one email and one webhook. The events are published as the pipeline
publishes them (dispatch tasks of NOTIFY_DISPATCH_BATCH events, each enqueueing tasks of
NOTIFY_DELIVERY_BATCH deliveries). The figure is deliveries per second divided by no-op
tasks per second, the median over ROUNDS rounds, each a quarter of the events beside as
many no-op tasks, in alternating order: the no-op tasks from the first publish until the
queue is empty and nothing is left unacknowledged; the deliveries from the first publish
until every email and webhook has arrived and every delivery is recorded as sent. Then each
email and each webhook must have arrived exactly once, or the bench fails. The bench
uses its own database and Redis database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import django
import redis

from tests.bench.broker import broker_url
from tests.bench.database import SetupError, recreate_database

DATABASE = os.environ.get(
    "BENCH_NOTIFY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recruiting_notify_bench"
)
ROOT = Path(__file__).resolve().parents[2]
TARGET = 0.3
ROUNDS = 4
# A file for the worker's log at INFO (each task's time); empty: no log.
WORKER_LOG = os.environ.get("BENCH_NOTIFY_WORKER_LOG", "")


def say(message: str) -> None:
    print(f"[notify bench] {message}", flush=True)


def drained(client: redis.Redis, queue: str = "celery") -> bool:
    """Nothing queued and nothing delivered to a worker but not yet acknowledged."""
    return client.llen(queue) == 0 and client.hlen("unacked") == 0


def wait(predicate: Any, timeout: float) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise SetupError(f"still not done after {timeout:.0f}s")
        time.sleep(0.02)
    return time.monotonic() - started


def noop_rate(app: Any, client: redis.Redis, count: int) -> float:
    """Tasks per second of Celery's built-in `celery.accumulate`, which does nothing."""
    started = time.monotonic()
    with app.producer_or_acquire() as producer:
        for _ in range(count):
            app.send_task("celery.accumulate", args=(1,), producer=producer)
    wait(lambda: drained(client), timeout=600)
    return count / (time.monotonic() - started)


def all_arrived(smtp: Any, http: Any, each: int) -> bool:
    """Enough emails and 2xx-answered webhooks have arrived (counted in memory, so the
    waiting costs the machine nothing); whether once each is checked afterwards."""
    return smtp.count() >= each and http.accepted() >= each


def exactly_once_problems(smtp: Any, http: Any) -> list[str]:
    """What breaks exactly-once: a delivery not sent, or not arrived, or arrived twice."""
    from candidates.notifications.models import Delivery

    problems = []
    unsent = Delivery.objects.exclude(status="sent").count()
    if unsent:
        problems.append(f"{unsent} deliveries not sent")
    received = {"email": smtp.by_delivery(), "webhook": http.accepted_by_delivery()}
    for channel, arrived in received.items():
        expected = {
            str(pk) for pk in Delivery.objects.filter(channel=channel).values_list("pk", flat=True)
        }
        twice = sum(1 for n in arrived.values() if n > 1)
        if set(arrived) != expected or twice:
            problems.append(
                f"{channel}: {len(expected - set(arrived))} missing, "
                f"{len(set(arrived) - expected)} unknown, {twice} arrived twice"
            )
    return problems


def prepare(events: int) -> list[str]:
    """A reader subscribed to `bench.ping` by email, its template, and the events."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from candidates.models import OutboxEvent
    from candidates.notifications.models import MessageTemplate, Subscription

    Subscription.objects.all().delete()
    Subscription.objects.create(event_type="bench.ping", audience="user", channel="email")
    MessageTemplate.objects.create(
        event_type="bench.ping",
        audience="user",
        language="en",
        subject="Ping for {{ recipient_name }}",
        body_text="Hello {{ recipient_name }}, this is a bench message.",
        body_html="<p>Hello {{ recipient_name }}</p>",
    )
    reader = User.objects.create(username="reader", email="reader@example.com")
    now = timezone.now()
    written = OutboxEvent.objects.bulk_create(
        OutboxEvent(type="bench.ping", payload={"user_id": reader.pk}, created_at=now)
        for _ in range(events)
    )
    return [str(e.pk) for e in written]


def interleaved_rounds(
    app: Any, client: redis.Redis, smtp: Any, http: Any, ids: list[str]
) -> list[tuple[float, float]]:
    """(deliveries/s, no-op tasks/s) per round: the events split into ROUNDS parts, each
    part's fan-out measured beside a no-op run of as many tasks, the order flipped every
    round, so both see the same machine (measured once, before, the no-op rate swung
    1.7x between runs while the real one stayed put)."""
    from candidates.notifications.models import Delivery
    from candidates.outbox import dispatch_soon

    size = -(-len(ids) // ROUNDS)
    rounds = []
    done = 0
    for index in range(ROUNDS):
        part = ids[index * size : (index + 1) * size]
        if not part:
            break
        done += len(part)

        def fan_out(part: list[str] = part, expected: int = done) -> float:
            started = time.monotonic()
            dispatch_soon(part)
            wait(lambda: all_arrived(smtp, http, expected), timeout=3600)
            sent = Delivery.objects.filter(status="sent")
            wait(lambda: sent.count() >= 2 * expected, timeout=60)
            return 2 * len(part) / (time.monotonic() - started)

        if index % 2 == 0:
            noop, rate = noop_rate(app, client, len(part)), fan_out()
        else:
            rate, noop = fan_out(), noop_rate(app, client, len(part))
        say(f"round {index + 1}: {rate:,.0f} deliveries/s, no-op {noop:,.0f} tasks/s")
        rounds.append((rate, noop))
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args(argv)

    import subprocess

    from tests.integration.receivers import HTTPReceiver, SMTPInbox

    try:
        broker = broker_url("BENCH_NOTIFY_REDIS_URL")
    except SetupError as error:
        print(f"notify bench cannot run: {error}", file=sys.stderr)
        return 2
    os.environ.update(
        DATABASE_URL=DATABASE,
        REDIS_URL=broker,
        DJANGO_SETTINGS_MODULE="recruiting.project.settings",
        # The worker runs with DEBUG off, which refuses the published development key.
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-notify-only-4d2f8a6c1e9b3d5f7a0c2e4b6",
        NOTIFY_WEBHOOK_ALLOW_PRIVATE="true",
        LOG_LEVEL="WARNING",
        DEBUG="false",
    )
    try:
        recreate_database(DATABASE)
        client = redis.Redis.from_url(broker, socket_connect_timeout=3)
        client.flushdb()
    except (SetupError, redis.RedisError) as error:
        print(f"notify bench cannot run: {error}", file=sys.stderr)
        return 2
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    smtp, http = SMTPInbox().start(), HTTPReceiver().start()
    from django.contrib.auth.models import User

    from candidates.notifications.models import WebhookEndpoint
    from recruiting.project.celery import app

    owner = User.objects.create(username="owner", email="owner@example.com")
    WebhookEndpoint.objects.create(url=http.url, owner=owner, event_types=["bench.*"])
    env = {
        **os.environ,
        "EMAIL_BACKEND": "candidates.notifications.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "CONN_MAX_AGE": "60",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruiting.project",
            "worker",
            "--concurrency=2",
            f"--loglevel={'INFO' if WORKER_LOG else 'WARNING'}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(WORKER_LOG, "wb") if WORKER_LOG else subprocess.DEVNULL,  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        time.sleep(5)  # the worker connects and its pool starts
        ids = prepare(args.events)
        rounds = interleaved_rounds(app, client, smtp, http, ids)
        problems = exactly_once_problems(smtp, http)
        if problems:
            print(f"notify bench FAILED: {'; '.join(problems)}", file=sys.stderr)
            return 1
        say(f"exactly once: {len(ids)} emails and {len(ids)} webhooks, none twice")
        ratio = statistics.median(rate / noop for rate, noop in rounds)
        verdict = "meets" if ratio >= TARGET else "misses"
        noops = ", ".join(f"{noop:,.0f}" for _, noop in rounds)
        rates = ", ".join(f"{rate:,.0f}" for rate, _ in rounds)
        print(f"no-op tasks/s by round: {noops}; deliveries/s by round: {rates}")
        print(
            f"deliveries/s ÷ no-op tasks/s = {ratio:.2f}, median of {len(rounds)} paired "
            f"rounds ({verdict} the {TARGET} target)"
        )
        return 0
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        smtp.stop()
        http.stop()
        client.flushdb()


if __name__ == "__main__":
    sys.exit(main())
