"""Chromium from Debian, driven by Playwright; no browser download."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from it otherwise.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


WIDTHS = (1280, 360)


def shoot(page: Any, name: str) -> list[Path]:
    """The page as it stands, full length, at each width a page must work at (the wide
    and the phone layout), named `<name>-<width>.png`; the viewport is put back."""
    size = page.viewport_size
    shots = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shots.append(screenshot(page, f"{name}-{width}", full_page=True))
    page.set_viewport_size(size)
    return shots


def log_in(page: Any, live_server: Any, username: str, password: str | None = None) -> None:
    """Through the login page, as a person does; lands on the dashboard."""
    from tests import factories as f

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or f.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def switch_language(page: Any, code: str) -> None:
    """The header's language switch (it sends itself when changed)."""
    with page.expect_navigation():
        page.select_option("#language-select", code)


def policy_violations(page: Any) -> list[str]:
    """Content-Security-Policy violations the page reports (a list that fills up)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return found
