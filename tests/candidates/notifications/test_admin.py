"""The Django admin: templates refused when they do not render, previewed when they do;
dead deliveries replayed by an action."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from candidates.notifications.models import Delivery, MessageTemplate
from tests.candidates.notifications.helpers import dispatch_all, fast_tracked

pytestmark = pytest.mark.usefixtures("defaults")


@pytest.fixture
def site(admin: Any) -> Client:
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_refuses_a_template_that_does_not_render(site: Client) -> None:
    template = MessageTemplate.objects.get(
        event_type="application.created", audience="candidate", language="en"
    )
    url = f"/admin/notifications/messagetemplate/{template.pk}/change/"

    answer = site.post(
        url,
        {
            "event_type": template.event_type,
            "audience": template.audience,
            "language": template.language,
            "subject": "Hello {{ salary }}",
            "body_text": template.body_text,
            "body_html": template.body_html,
            "is_active": "on",
        },
    )

    assert answer.status_code == 200
    assert "does not provide" in answer.content.decode()
    template.refresh_from_db()
    assert template.subject == "We received your application for {{ job_title }}"


def test_the_admin_previews_a_template_with_sample_values(site: Client) -> None:
    template = MessageTemplate.objects.get(
        event_type="application.created", audience="candidate", language="zh-hans"
    )

    page = site.get(f"/admin/notifications/messagetemplate/{template.pk}/change/").content.decode()

    assert "我们已收到您应聘NLP Research Engineer的申请" in page
    assert "<iframe sandbox" in page


def test_the_admin_replays_dead_deliveries(site: Client, world: Any, recruiter: Any) -> None:
    fast_tracked(world, recruiter)
    dispatch_all()
    dead = Delivery.objects.filter(channel="email").first()
    assert dead is not None
    Delivery.objects.filter(pk=dead.pk).update(status="dead", attempts=3)

    answer = site.post(
        "/admin/notifications/delivery/",
        {"action": "replay_deliveries", "_selected_action": [str(dead.pk)]},
        follow=True,
    )

    assert "1 deliveries queued again." in answer.content.decode()
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) in {("pending", 0), ("sent", 1)}
