"""Notifications end to end with a real Celery worker on Redis, a real SMTP server and
a real HTTP receiver on loopback: exactly once, through outages and crashes."""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from candidates.models import OutboxEvent
from candidates.notifications.models import Delivery, MessageTemplate, Notification
from candidates.notifications.webhooks import verify, webhook_endpoint_create
from candidates.services import applications as svc
from tests import factories as f
from tests.integration.conftest import settle
from tests.integration.receivers import HTTPReceiver, SMTPInbox, free_port, wait_for

pytestmark = pytest.mark.integration


def fast_tracked(world: Any, actor: Any, **candidate: Any) -> Any:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    f.PublicationFactory(candidate=person, specialty=world.nlp, tier="top")
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def all_done() -> bool:
    """No event left to dispatch and no delivery left to send."""
    return (
        not OutboxEvent.objects.filter(status="pending").exists()
        and not Delivery.objects.filter(status__in=["pending", "sending"]).exists()
    )


def emails_landed(smtp_inbox: SMTPInbox) -> bool:
    """Every email marked sent has reached the server: a delivery is marked sent just
    before the server accepts it, so the last ones may still be on their way."""
    sent = Delivery.objects.filter(channel="email", status="sent").count()
    return smtp_inbox.received() >= sent


def email_deliveries(*filters: Q) -> set[str]:
    return {
        str(pk)
        for pk in Delivery.objects.filter(*filters, channel="email").values_list("pk", flat=True)
    }


def assert_every_email_arrived_once(smtp_inbox: SMTPInbox, *, since: Any = None) -> None:
    """Every email delivery sent (of events since `since`) arrived, and only once."""
    expected = email_deliveries(Q(status="sent"), Q(event__created_at__gte=since) if since else Q())
    arrived = smtp_inbox.by_delivery()
    assert set(arrived) == expected
    assert [d for d, n in arrived.items() if n > 1] == []


def test_a_move_sends_exactly_the_expected_emails_and_a_signed_webhook(
    world: Any,
    recruiter: Any,
    assessor: Any,
    unit_lead: Any,
    admin: Any,
    start_worker: Any,
    machine_redis: str,
    smtp_inbox: SMTPInbox,
    http_receiver: HTTPReceiver,
) -> None:
    endpoint = webhook_endpoint_create(
        url=http_receiver.url, owner=admin, event_types=["application.moved"]
    )
    start_worker(machine_redis)
    application = fast_tracked(world, recruiter, full_name="Zhang Min")
    assert wait_for(lambda: all_done() and emails_landed(smtp_inbox), timeout=30)
    assert len(smtp_inbox.snapshot()) == 2
    smtp_inbox.clear()

    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)

    assert wait_for(all_done, timeout=30)
    assert wait_for(lambda: emails_landed(smtp_inbox), timeout=10)
    time.sleep(0.5)  # anything extra would arrive now
    mails = {(str(m["To"]), str(m["Subject"])) for m in smtp_inbox.snapshot()}
    assert len(smtp_inbox.snapshot()) == 3
    assert mails == {
        (
            f"Zhang Min <{application.candidate.email}>",
            "Your application for NLP Research Engineer: Bu Assessment",
        ),
        (f"assessor <{assessor.email}>", "New assessment: Zhang Min for NLP Research Engineer"),
        (f"unit_lead <{unit_lead.email}>", "Panel short: 1 of 3 for Zhang Min"),
    }
    to_candidate = smtp_inbox.to(application.candidate.email)[0]
    text = to_candidate.get_body(preferencelist=("plain",)).get_content()
    html = to_candidate.get_body(preferencelist=("html",)).get_content()
    assert "has moved to the Bu Assessment stage" in text
    assert "<p>Dear Zhang Min,</p>" in html
    [request] = http_receiver.snapshot()
    assert verify(
        endpoint.secret,
        request.headers["X-Recruiting-Timestamp"],
        request.body,
        request.headers["X-Recruiting-Signature"],
    )
    assert json.loads(request.body)["type"] == "application.moved"
    assert Notification.objects.filter(user=recruiter).count() >= 4


def test_with_redis_down_every_move_succeeds_and_every_notification_arrives_once_after(
    world: Any,
    recruiter: Any,
    start_worker: Any,
    private_redis: Any,
    smtp_inbox: SMTPInbox,
) -> None:
    world.unit.memberships.update(weekly_capacity=200)
    start_worker(private_redis.url)
    applications = [fast_tracked(world, recruiter) for _ in range(100)]
    assert settle(all_done, timeout=60)
    assert wait_for(lambda: emails_landed(smtp_inbox), timeout=10)
    smtp_inbox.clear()
    since = timezone.now()

    private_redis.stop()
    started = time.monotonic()
    for application in applications:
        svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)
    took = time.monotonic() - started
    assert OutboxEvent.objects.filter(status="pending").count() >= 300
    private_redis.start()

    assert settle(all_done, timeout=120, sweep_every=2), Counter(
        Delivery.objects.values_list("status", flat=True)
    )
    assert wait_for(lambda: emails_landed(smtp_inbox), timeout=10)
    time.sleep(0.5)  # anything extra would arrive now
    assert took < 60
    assert_every_email_arrived_once(smtp_inbox, since=since)
    for application in applications:
        [moved] = smtp_inbox.to(application.candidate.email)
        assert moved["Subject"] == "Your application for NLP Research Engineer: Bu Assessment"
    assert len(smtp_inbox.to("assessor@example.com")) == 100


def test_a_killed_worker_sends_nothing_twice_and_loses_at_most_the_emails_mid_commit(
    world: Any,
    recruiter: Any,
    admin: Any,
    start_worker: Any,
    machine_redis: str,
    smtp_inbox: SMTPInbox,
    http_receiver: HTTPReceiver,
) -> None:
    """The email backend marks a delivery sent, then sends the line that lets the server
    accept it (see candidates/notifications/smtp.py). A SIGKILL anywhere else loses
    nothing; a SIGKILL in the fraction of a millisecond between that commit and that
    line loses the one email each pool process was committing, and never sends one
    twice. So: no email twice, and any email lost was marked sent before the kill."""
    webhook_endpoint_create(url=http_receiver.url, owner=admin, event_types=[])
    # A receiver taking 20 ms an answer keeps each delivery batch in flight a while.
    http_receiver.delay = 0.02
    # Concurrency 2 (the default): at most two emails can be mid-commit at the kill.
    worker = start_worker(machine_redis)

    for _ in range(60):
        fast_tracked(world, recruiter)
    in_flight = Delivery.objects.filter(status="sending")
    assert wait_for(lambda: smtp_inbox.count() >= 15 and in_flight.exists(), timeout=30)
    worker.kill()
    killed = timezone.now()
    killed_at = smtp_inbox.count()
    interrupted = Delivery.objects.filter(status="sending").count()
    unfinished = Delivery.objects.exclude(status="sent").count()
    start_worker(machine_redis)

    assert settle(all_done, timeout=120, sweep_every=2), Counter(
        Delivery.objects.values_list("status", flat=True)
    )
    sent = email_deliveries(Q(status="sent"))
    wait_for(lambda: set(smtp_inbox.by_delivery()) >= sent, timeout=10)
    time.sleep(0.5)  # anything extra would arrive now
    assert killed_at < 120, "the kill came after the batch; nothing was tested"
    assert unfinished > 0
    # Claimed by a delivery batch that never finished: the sweep took them back.
    assert interrupted > 0, "no delivery batch was cut short; nothing was tested"
    arrived = smtp_inbox.by_delivery()
    assert [d for d, n in arrived.items() if n > 1] == []
    assert set(arrived) <= sent
    lost = sent - set(arrived)
    assert len(lost) <= 2, "more than one email per killed pool process was lost"
    assert email_deliveries(Q(pk__in=lost), Q(sent_at__lte=killed)) == lost
    assert len(sent) == 120
    webhooks = {
        str(pk) for pk in Delivery.objects.filter(channel="webhook").values_list("pk", flat=True)
    }
    assert len(webhooks) == 120
    # As the receiver sees it: every delivery id accepted, each event under one id only
    # (a sender killed between our answer and its commit repeats the same id, dropped).
    accepted = http_receiver.accepted_by_delivery()
    assert set(accepted) == webhooks
    events = Counter(
        {
            r.headers["X-Recruiting-Delivery-Id"]: r.headers["X-Recruiting-Event-Id"]
            for r in http_receiver.snapshot()
        }.values()
    )
    assert set(events.values()) == {1}
    repeats = sum(accepted.values()) - len(accepted)
    print(
        f"killed after {killed_at} emails; {interrupted} deliveries were being sent; "
        f"{len(lost)} emails lost in the commit window; "
        f"{repeats} webhook repeats dropped by delivery id"
    )
    assert Notification.objects.filter(user=recruiter).count() == 120


def test_a_receiver_answering_500_twice_then_200_gets_it_once_with_the_attempts_recorded(
    world: Any,
    recruiter: Any,
    admin: Any,
    start_worker: Any,
    machine_redis: str,
    http_receiver: HTTPReceiver,
) -> None:
    http_receiver.script = [500, 500]
    webhook_endpoint_create(url=http_receiver.url, owner=admin, event_types=["application.created"])
    start_worker(machine_redis)

    fast_tracked(world, recruiter)

    assert settle(all_done, timeout=30)
    delivery = Delivery.objects.get(channel="webhook")
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 500, 200]
    assert [r.headers["X-Recruiting-Delivery-Id"] for r in http_receiver.snapshot()] == [
        str(delivery.pk)
    ] * 3
    assert http_receiver.accepted_by_delivery() == {str(delivery.pk): 1}


def test_a_receiver_that_is_down_makes_the_delivery_dead_and_a_replay_delivers_it(
    world: Any,
    recruiter: Any,
    admin: Any,
    api: Any,
    start_worker: Any,
    machine_redis: str,
) -> None:
    down = HTTPReceiver(port=free_port())
    webhook_endpoint_create(url=down.url, owner=admin, event_types=["application.created"])
    start_worker(machine_redis)

    fast_tracked(world, recruiter)

    assert settle(all_done, timeout=60)
    delivery = Delivery.objects.get(channel="webhook")
    assert (delivery.status, delivery.attempts) == ("dead", 8)
    assert "Connection" in delivery.last_error
    down.start()
    try:
        answer = api(admin).post(f"/api/v1/deliveries/{delivery.pk}/replay/")
        assert answer.status_code == 200
        assert settle(all_done, timeout=30)
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        assert down.accepted_by_delivery() == {str(delivery.pk): 1}
        assert delivery.attempt_log.count() == 9
    finally:
        down.stop()


def test_one_template_that_does_not_render_fails_its_delivery_visibly_and_the_others_go_on(
    world: Any,
    recruiter: Any,
    start_worker: Any,
    machine_redis: str,
    smtp_inbox: SMTPInbox,
) -> None:
    MessageTemplate.objects.filter(
        event_type="application.fast_tracked", audience="candidate", language="en"
    ).update(subject="{{ candidate_name|no_such_filter }}")
    start_worker(machine_redis)

    applications = [fast_tracked(world, recruiter) for _ in range(3)]

    assert settle(all_done, timeout=30)
    dead = Delivery.objects.filter(status="dead")
    assert {d.event.type for d in dead} == {"application.fast_tracked"}
    assert dead.count() == 3
    assert all("does not render" in d.last_error for d in dead)
    assert {str(m["Subject"]) for m in smtp_inbox.snapshot()} == {
        "We received your application for NLP Research Engineer"
    }
    assert len(smtp_inbox.snapshot()) == len(applications)
