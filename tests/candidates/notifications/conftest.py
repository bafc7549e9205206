"""A world with a fast track, a candidate on it, and the default subscriptions and
templates, plus helpers that run what a commit would have enqueued."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from candidates.notifications.defaults import seed_subscriptions
from candidates.notifications.message_defaults import seed_templates
from candidates.notifications.models import MessageTemplate, Subscription
from tests.integration.receivers import HTTPReceiver, SMTPInbox


@pytest.fixture(autouse=True)
def _notify_settings(settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "recruiting@example.com"
    settings.SITE_URL = "https://jobs.example.com"
    settings.NOTIFY_WEBHOOK_RETRY_SCHEDULE = [1, 1, 1]
    settings.NOTIFY_MAX_COUNTDOWN = 5


@pytest.fixture
def defaults(db: Any) -> None:
    """The seeded subscriptions and templates (a transactional test's flush drops them)."""
    seed_subscriptions(Subscription)
    seed_templates(MessageTemplate)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`with committed():` runs the on-commit callbacks of the block, as a commit would."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def http_receiver() -> Iterator[HTTPReceiver]:
    receiver = HTTPReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_inbox() -> Iterator[SMTPInbox]:
    inbox = SMTPInbox().start()
    yield inbox
    inbox.stop()
