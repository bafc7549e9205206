"""The interactive API docs work with no internet, every asset from the server, under
the Content-Security-Policy, which they do not break."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from recruiting.roles import Role
from tests import factories as f
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/api/docs/")
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.click("input[type=submit]")


def test_the_api_docs_render_from_local_assets_only(live_server: Any, page: Any) -> None:
    f.UserFactory(username="docs-admin", roles=[Role.ADMIN], is_staff=True)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlparse(request.url).hostname not in {"localhost", "127.0.0.1", None}
            and not request.url.startswith("data:")
            else None
        ),
    )
    refused = record_policy_violations(page)

    log_in(page, live_server, "docs-admin")
    docs = page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/v1/applications/", timeout=20_000)
    screenshot(page, "api-docs")
    tags = tags_seen_while_scrolling(page)
    # An operation opens and offers to be tried: Swagger UI's own scripts run.
    page.locator(".opblock .opblock-summary").first.click()
    page.wait_for_selector(".try-out__btn", timeout=10_000)

    assert outside == []
    assert {"applications", "candidates", "jobs", "tracks", "webhooks"} <= tags
    policy = docs.headers["content-security-policy"]
    # django-csp does not keep the directives in one order: read them by name.
    directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert refused == []
    # The page's own CSS rules came from its stylesheet, not an inline block.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


def record_policy_violations(page: Any) -> list[str]:
    """What the Content-Security-Policy refused on the page, as the browser reports it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def tags_seen_while_scrolling(page: Any) -> set[str]:
    # Swagger UI 5.3x keeps only the tags near the viewport in the page.
    seen: set[str] = set()
    for _ in range(200):
        seen |= {name.split()[0] for name in page.locator(".opblock-tag").all_inner_texts()}
        at_bottom = page.evaluate(
            "window.scrollY + window.innerHeight >= document.body.scrollHeight - 2"
        )
        if at_bottom:
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    return seen
