# The Chinese digest line uses full-width punctuation.
# ruff: noqa: RUF001
"""The notifications API: your in-app notifications, templates with a preview,
webhooks and deliveries for admins."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.notifications.models import Delivery, MessageTemplate, Notification, Subscription
from tests.candidates.notifications.helpers import deliver_due, dispatch_all, fast_tracked
from tests.integration.receivers import HTTPReceiver

pytestmark = pytest.mark.usefixtures("defaults")


def _notifications(user: Any, n: int) -> None:
    Notification.objects.bulk_create(
        Notification(user=user, event_type="application.created", title=f"n{i}") for i in range(n)
    )


def test_you_list_your_notifications_count_the_unread_and_mark_them_read(
    world: Any, recruiter: Any, api: Any
) -> None:
    fast_tracked(world, recruiter, full_name="Zhang Min")
    dispatch_all()
    deliver_due()
    client = api(recruiter)

    listed = client.get("/api/v1/notifications/").json()
    count = client.get("/api/v1/notifications/unread-count/").json()
    first = listed["results"][0]
    marked = client.post(f"/api/v1/notifications/{first['id']}/read/").json()
    unread = client.get("/api/v1/notifications/?unread=true").json()

    titles = {n["title"] for n in listed["results"]}
    assert titles == {
        "New application: Zhang Min for NLP Research Engineer",
        "Zhang Min is on the fast track for NLP Research Engineer",
    }
    assert count == {"unread": 2}
    assert marked == {"unread": 1}
    assert [n["id"] for n in unread["results"]] != [first["id"]]
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1, "unread": 0}


def test_another_users_notification_is_not_found(recruiter: Any, viewer: Any, api: Any) -> None:
    _notifications(recruiter, 1)
    theirs = Notification.objects.get()

    answer = api(viewer).post(f"/api/v1/notifications/{theirs.pk}/read/")

    assert answer.status_code == 404
    assert Notification.objects.get().read_at is None


def test_the_notification_list_costs_the_same_queries_for_any_page_size(
    recruiter: Any, api: Any
) -> None:
    _notifications(recruiter, 30)
    client = api(recruiter)
    client.get("/api/v1/notifications/")  # the user's roles are read once, then cached

    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/notifications/?page_size=2")
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/notifications/?page_size=30")

    assert len(small) == len(large)


def test_anonymous_requests_for_notifications_are_refused(api: Any) -> None:
    assert api(None).get("/api/v1/notifications/").status_code == 401


def test_a_template_that_does_not_render_is_refused_when_saved(admin: Any, api: Any) -> None:
    template = MessageTemplate.objects.get(
        event_type="application.created", audience="candidate", language="en"
    )

    broken = api(admin).patch(
        f"/api/v1/message-templates/{template.pk}/",
        {"body_text": "Dear {{ salary_expectation }}"},
        format="json",
    )
    syntax = api(admin).patch(
        f"/api/v1/message-templates/{template.pk}/",
        {"subject": "{% if job_title %}unclosed"},
        format="json",
    )

    assert broken.status_code == 400
    assert "does not provide" in broken.json()["extra"]["fields"]["body_text"][0]
    assert syntax.status_code == 400
    assert "subject" in syntax.json()["extra"]["fields"]
    template.refresh_from_db()
    assert template.body_text.startswith("Dear {{ candidate_name }}")


def test_an_admin_previews_a_draft_with_the_events_sample_values(admin: Any, api: Any) -> None:
    answer = api(admin).post(
        "/api/v1/message-templates/preview/",
        {
            "event_type": "application.moved",
            "subject": "{{ candidate_name }} → {{ stage_name }}",
            "body_text": "Hi {{ recipient_name }}",
            "body_html": "<b>{{ job_title }}</b>",
        },
        format="json",
    )

    assert answer.status_code == 200
    assert answer.json() == {
        "subject": "Zhang Min → Business-unit assessment",
        "text": "Hi Zhang Min",
        "html": "<b>NLP Research Engineer</b>",
    }


def test_a_saved_template_previews_and_html_values_are_escaped(admin: Any, api: Any) -> None:
    digest = MessageTemplate.objects.get(
        event_type="digest.overdue_assessments", audience="unit_lead", language="zh-hans"
    )
    received = MessageTemplate.objects.get(
        event_type="application.created", audience="candidate", language="en"
    )

    answer = api(admin).get(f"/api/v1/message-templates/{digest.pk}/preview/")
    escaped = api(admin).get(f"/api/v1/message-templates/{received.pk}/preview/")
    variables = api(admin).get("/api/v1/message-variables/").json()["events"]

    assert answer.status_code == 200
    assert answer.json()["subject"] == "Large Models & NLP有1项评估逾期"
    assert "- Zhang Min，NLP Research Engineer" in answer.json()["text"]
    assert "with Large Models &amp; NLP in Beijing" in escaped.json()["html"]
    assert "with Large Models & NLP in Beijing" in escaped.json()["text"]
    assert "candidate_name" in variables["application.moved"]


def test_only_an_admin_sees_or_registers_webhooks(
    admin: Any, recruiter: Any, api: Any, settings: Any
) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False

    refused = api(recruiter).get("/api/v1/webhooks/")
    private = api(admin).post(
        "/api/v1/webhooks/", {"url": "http://10.0.0.8/hook", "event_types": ["*"]}, format="json"
    )
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    made = api(admin).post(
        "/api/v1/webhooks/",
        {"url": "http://127.0.0.1:9/hook", "event_types": ["application.*"]},
        format="json",
    )
    bad_filter = api(admin).post(
        "/api/v1/webhooks/",
        {"url": "http://127.0.0.1:9/hook", "event_types": ["app*cation"]},
        format="json",
    )

    assert refused.status_code == 403
    assert private.status_code == 400
    assert "private address" in private.json()["message"]
    assert made.status_code == 201
    assert made.json()["owner"] == admin.pk
    assert len(made.json()["secret"]) >= 40
    assert bad_filter.status_code == 400


def test_an_admin_lists_dead_deliveries_and_replays_one(
    world: Any, recruiter: Any, admin: Any, api: Any, settings: Any, http_receiver: HTTPReceiver
) -> None:
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
    api(admin).post("/api/v1/webhooks/", {"url": http_receiver.url}, format="json")
    fast_tracked(world, recruiter)
    dispatch_all()
    dead = Delivery.objects.filter(channel="webhook").first()
    assert dead is not None
    Delivery.objects.filter(pk=dead.pk).update(status="dead", last_error="HTTP 500", attempts=4)

    listed = api(admin).get("/api/v1/deliveries/?status=dead&channel=webhook").json()
    replayed = api(admin).post(f"/api/v1/deliveries/{dead.pk}/replay/")
    again = api(admin).post(f"/api/v1/deliveries/{dead.pk}/replay/")

    assert [d["id"] for d in listed["results"]] == [str(dead.pk)]
    assert replayed.status_code == 200
    # In-process, the replay is sent at once, with the same delivery id.
    assert replayed.json()["status"] in ("pending", "sent")
    assert again.status_code == 409
    assert api(recruiter).post(f"/api/v1/deliveries/{dead.pk}/replay/").status_code == 403


def test_an_admin_changes_who_hears_what(admin: Any, recruiter: Any, api: Any) -> None:
    rejection = Subscription.objects.get(
        event_type="application.rejected", audience="candidate", channel="email"
    )

    changed = api(admin).patch(
        f"/api/v1/subscriptions/{rejection.pk}/", {"delay": "00:30:00"}, format="json"
    )
    refused = api(recruiter).patch(
        f"/api/v1/subscriptions/{rejection.pk}/", {"is_active": False}, format="json"
    )

    assert changed.status_code == 200
    assert changed.json()["delay"] == "00:30:00"
    assert refused.status_code == 403
