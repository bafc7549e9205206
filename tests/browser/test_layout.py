"""The frame of the pages in Chromium: logging in, each role's dashboard, the language
switch (the whole page in Chinese, with a CJK font), all under the CSP."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.services import applications as svc
from tests import factories as f
from tests.browser.conftest import log_in, policy_violations, shoot, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_recruiter_logs_in_sees_their_work_and_switches_to_chinese(
    live_server: Any, page: Any, world: Any, recruiter: Any
) -> None:
    for _ in range(3):
        person = f.CandidateFactory(specialties=[world.nlp])
        svc.application_create(candidate=person, job=world.job, actor=recruiter)
    violations = policy_violations(page)

    page.goto(f"{live_server.url}/")
    shoot(page, "login")
    log_in(page, live_server, "recruiter")
    assert page.locator("h1").inner_text().startswith("Hello")
    shoot(page, "dashboard-recruiter")
    switch_language(page, "zh-hans")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "等待您处理" in page.content()
    shoot(page, "dashboard-recruiter-zh")
    page.reload()
    assert "等待您处理" in page.content()
    assert violations == []


@pytest.mark.parametrize("role", ["unit_lead", "assessor", "viewer"])
def test_each_role_sees_its_dashboard(
    live_server: Any, page: Any, world: Any, request: pytest.FixtureRequest, role: str
) -> None:
    user = request.getfixturevalue(role)

    log_in(page, live_server, user.username)

    assert page.locator("main h1").count() == 1
    assert page.locator(".site-header .role").inner_text()
    shoot(page, f"dashboard-{role}")


def test_the_bell_opens_the_latest_notifications(
    live_server: Any, page: Any, recruiter: Any
) -> None:
    from candidates.notifications.models import Notification

    Notification.objects.create(
        user=recruiter, event_type="application.created", title="New application: Li Na"
    )
    log_in(page, live_server, "recruiter")

    page.click("#bell summary")
    page.wait_for_selector("#bell-panel >> text=New application: Li Na")
    page.click("#bell-panel button:has-text('Mark read')")
    page.wait_for_selector("#bell-panel li:not(.unread)")

    assert Notification.objects.get().read_at is not None
