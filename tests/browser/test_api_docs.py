"""The interactive API docs work with no internet: every asset comes from the server."""

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
        lambda request: outside.append(request.url)
        if urlparse(request.url).hostname not in {"localhost", "127.0.0.1", None}
        and not request.url.startswith("data:")
        else None,
    )

    log_in(page, live_server, "docs-admin")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/v1/applications/", timeout=20_000)
    screenshot(page, "api-docs")
    tags = tags_seen_while_scrolling(page)

    assert outside == []
    assert {"applications", "candidates", "jobs", "tracks", "webhooks"} <= tags


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
