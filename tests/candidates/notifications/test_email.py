"""The email channel: templates per language, claims, delays, unsubscribing, failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from candidates.notifications.dispatch import notifications_sweep
from candidates.notifications.models import CandidateContact, Delivery, MessageTemplate
from candidates.notifications.send import delivery_send
from candidates.notifications.smtp import EmailBackend
from candidates.notifications.unsubscribe import unsubscribe_token
from candidates.services import applications as svc
from tests.candidates.notifications.helpers import deliver_due, dispatch_all, fast_tracked
from tests.integration.receivers import SMTPInbox

pytestmark = pytest.mark.usefixtures("defaults")


def test_the_email_has_text_and_html_parts_and_the_delivery_id(world: Any, recruiter: Any) -> None:
    application = fast_tracked(world, recruiter, full_name="Zhang Min")
    dispatch_all()

    deliver_due()

    received = next(m for m in mail.outbox if "received" in m.subject)
    delivery = Delivery.objects.get(event__type="application.created", channel="email")
    assert "Dear Zhang Min," in received.body
    assert "NLP Research Engineer with Large Models & NLP" in received.body
    html, mime = received.alternatives[0]
    assert mime == "text/html"
    assert "<p>Dear Zhang Min,</p>" in html
    assert received.extra_headers["Message-ID"] == f"<{delivery.pk}@example.com>"
    assert received.to == [f"Zhang Min <{application.candidate.email}>"]


def test_a_candidate_who_reads_chinese_gets_the_chinese_template(
    world: Any, recruiter: Any
) -> None:
    application = fast_tracked(world, recruiter, full_name="张敏")
    CandidateContact.objects.create(candidate=application.candidate, language="zh-hans")
    dispatch_all()

    deliver_due()

    subjects = {m.subject for m in mail.outbox}
    assert "我们已收到您应聘NLP Research Engineer的申请" in subjects
    assert any("张敏您好" in m.body for m in mail.outbox)


def test_a_non_essential_email_carries_a_signed_unsubscribe_link(
    world: Any, recruiter: Any
) -> None:
    application = fast_tracked(world, recruiter)
    dispatch_all()

    deliver_due()

    fast = next(m for m in mail.outbox if "fast track" in m.subject)
    token = unsubscribe_token(application.candidate_id)
    url = f"https://jobs.example.com/api/v1/notifications/unsubscribe/{token}/"
    assert url in fast.body
    assert fast.extra_headers["List-Unsubscribe"] == f"<{url}>"


def test_delivering_the_same_delivery_twice_sends_one_email(world: Any, recruiter: Any) -> None:
    fast_tracked(world, recruiter)
    dispatch_all()
    delivery = Delivery.objects.get(event__type="application.created", channel="email")

    first = delivery_send(delivery_id=str(delivery.pk))
    second = delivery_send(delivery_id=str(delivery.pk))

    assert (first, second) == ("sent", "skipped")
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_template_that_does_not_render_kills_its_delivery_and_the_others_go_on(
    world: Any, recruiter: Any
) -> None:
    MessageTemplate.objects.filter(event_type="application.created", language="en").update(
        body_text="Dear {{ candidate_name }, {% if %}"
    )
    fast_tracked(world, recruiter)
    dispatch_all()

    deliver_due()

    broken = Delivery.objects.get(event__type="application.created", channel="email")
    assert broken.status == "dead"
    assert "does not render" in broken.last_error
    assert [m.subject for m in mail.outbox] == [
        "You are on our fast track for NLP Research Engineer"
    ]
    assert Delivery.objects.filter(channel="in_app", status="sent").count() == 2


def test_a_rejection_email_waits_for_the_delay_and_an_undone_rejection_sends_nothing(
    world: Any, recruiter: Any
) -> None:
    application = fast_tracked(world, recruiter)
    dispatch_all()
    deliver_due()
    mail.outbox.clear()
    svc.application_reject(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        rejection_reason=world.no_fit,
    )
    dispatch_all()
    rejection = Delivery.objects.get(event__type="application.rejected", channel="email")
    assert rejection.next_attempt_at > timezone.now() + timedelta(hours=1)
    assert deliver_due()[str(rejection.pk)] == "skipped"

    svc.application_unreject(
        application_id=application.pk, expected_version=2, actor=recruiter, reason="Mistake"
    )
    Delivery.objects.filter(pk=rejection.pk).update(next_attempt_at=timezone.now())
    deliver_due()

    rejection.refresh_from_db()
    assert rejection.status == "cancelled"
    assert "undone" in rejection.last_error
    assert not [m for m in mail.outbox if m.to and application.candidate.email in m.to[0]]


def test_a_rejection_that_stands_is_sent_by_the_sweep_when_due(
    world: Any, recruiter: Any, committed: Any
) -> None:
    application = fast_tracked(world, recruiter)
    svc.application_reject(
        application_id=application.pk,
        expected_version=1,
        actor=recruiter,
        rejection_reason=world.no_fit,
    )
    dispatch_all()
    Delivery.objects.filter(event__type="application.rejected").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    with committed():
        notifications_sweep()

    assert any(m.subject == "Your application for NLP Research Engineer" for m in mail.outbox)


def test_after_unsubscribing_only_essential_mail_is_sent(
    world: Any, recruiter: Any, api: Any
) -> None:
    application = fast_tracked(world, recruiter)
    token = unsubscribe_token(application.candidate_id)

    answer = api(None).post(f"/api/v1/notifications/unsubscribe/{token}/")
    dispatch_all()
    deliver_due()

    assert answer.status_code == 200
    assert answer.json() == {"unsubscribed": True}
    assert [m.subject for m in mail.outbox] == [
        "We received your application for NLP Research Engineer"
    ]
    assert Delivery.objects.get(event__type="application.fast_tracked", channel="email").status == (
        "cancelled"
    )


def test_an_altered_unsubscribe_link_is_refused(world: Any, recruiter: Any, api: Any) -> None:
    application = fast_tracked(world, recruiter)
    token = unsubscribe_token(application.candidate_id)

    answer = api(None).post(f"/api/v1/notifications/unsubscribe/{token[:-2]}xx/")
    looked = api(None).get(f"/api/v1/notifications/unsubscribe/{token}/")

    assert answer.status_code == 400
    assert answer.json()["message"] == "This unsubscribe link is not valid."
    assert not CandidateContact.objects.filter(unsubscribed_at__isnull=False).exists()
    assert looked.status_code == 200
    assert looked.json()["unsubscribed"] is False


def test_an_smtp_outage_is_retried_later_not_lost(
    world: Any, recruiter: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "candidates.notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    fast_tracked(world, recruiter)
    dispatch_all()

    deliver_due()

    failed = Delivery.objects.get(event__type="application.created", channel="email")
    assert failed.status == "pending"
    assert failed.attempts == 1
    assert "Connection refused" in failed.last_error or "ConnectionRefused" in failed.last_error
    assert failed.next_attempt_at > timezone.now() + timedelta(seconds=30)


def test_the_smtp_backend_commits_before_the_server_accepts_and_stuffs_dots(
    smtp_inbox: SMTPInbox,
) -> None:
    seen: list[int] = []

    def commit() -> bool:
        seen.append(len(smtp_inbox.snapshot()))
        return True

    backend = EmailBackend(host=smtp_inbox.host, port=smtp_inbox.port)
    message = mail.EmailMessage("Hello", "Body\n.\nwith a lone dot", "a@example.com", ["b@x.org"])
    backend.send_committing(message, commit=commit)

    assert seen == [0]
    assert len(smtp_inbox.snapshot()) == 1
    content = smtp_inbox.snapshot()[0].get_content().replace("\r\n", "\n")
    assert "Body\n.\nwith a lone dot" in content


def test_the_smtp_backend_abandons_a_message_whose_claim_was_lost(
    smtp_inbox: SMTPInbox,
) -> None:
    from candidates.notifications.smtp import ClaimLost

    backend = EmailBackend(host=smtp_inbox.host, port=smtp_inbox.port)
    message = mail.EmailMessage("Hello", "Body", "a@example.com", ["b@x.org"])

    with pytest.raises(ClaimLost):
        backend.send_committing(message, commit=lambda: False)
    backend.send_committing(message, commit=lambda: True)

    assert len(smtp_inbox.snapshot()) == 1


@pytest.mark.parametrize("pipelining", [True, False])
def test_the_smtp_backend_sends_the_envelope_pipelined_only_to_a_server_that_offers_it(
    pipelining: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib

    inbox = SMTPInbox(pipelining=pipelining).start()
    sequential: list[str] = []
    real_mail = smtplib.SMTP.mail

    def mail_one_by_one(self: smtplib.SMTP, sender: str, options: Any = ()) -> Any:
        sequential.append(sender)
        return real_mail(self, sender, options)

    monkeypatch.setattr(smtplib.SMTP, "mail", mail_one_by_one)
    backend = EmailBackend(host=inbox.host, port=inbox.port)
    message = mail.EmailMessage("Hello", "Body", "a@example.com", ["b@x.org", "c@x.org"])
    try:
        backend.open()
        backend.send_committing(message, commit=lambda: True)
        backend.send_committing(message, commit=lambda: True)
        backend.close()
    finally:
        inbox.stop()

    assert sequential == ([] if pipelining else ["a@example.com"] * 2)
    assert len(inbox.snapshot()) == 2
    assert len(set(inbox.peers)) == 1


@pytest.mark.parametrize("pipelining", [True, False])
def test_the_smtp_backend_refuses_a_message_whose_recipients_are_all_refused(
    pipelining: bool,
) -> None:
    import smtplib

    inbox = SMTPInbox(pipelining=pipelining, refuse={"b@x.org"}).start()
    backend = EmailBackend(host=inbox.host, port=inbox.port)
    refused = mail.EmailMessage("Hello", "Body", "a@example.com", ["b@x.org"])
    partly = mail.EmailMessage("Hello", "Body", "a@example.com", ["b@x.org", "c@x.org"])
    commits: list[str] = []
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
            backend.send_committing(refused, commit=lambda: commits.append("refused") or True)
        backend.send_committing(partly, commit=lambda: commits.append("partly") or True)
    finally:
        inbox.stop()

    assert raised.value.recipients == {"b@x.org": (550, b"5.1.1 No such mailbox")}
    assert commits == ["partly"]
    [arrived] = inbox.snapshot()
    assert arrived["To"] == "b@x.org, c@x.org"
