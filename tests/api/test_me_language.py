"""Staff choose the language of their emails on `/api/v1/me/`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from candidates.notifications.models import StaffPreference
from candidates.services import applications as svc
from tests.candidates.notifications.helpers import deliver_due, dispatch_all, fast_tracked
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("defaults")


@pytest.fixture(autouse=True)
def _sender(settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "recruiting@example.com"


@pytest.fixture
def defaults(db: Any) -> None:
    from candidates.notifications.defaults import seed_subscriptions
    from candidates.notifications.message_defaults import seed_templates
    from candidates.notifications.models import MessageTemplate, Subscription

    seed_subscriptions(Subscription)
    seed_templates(MessageTemplate)


def test_english_until_chosen_then_the_choice(world: World, viewer: Any, api: Any) -> None:
    client = api(viewer)
    assert client.get("/api/v1/me/").json()["language"] == "en"
    response = client.patch("/api/v1/me/", {"language": "zh-hans"}, format="json")
    assert response.status_code == 200
    assert response.json()["language"] == "zh-hans"
    assert client.get("/api/v1/me/").json()["language"] == "zh-hans"
    assert StaffPreference.objects.get(user=viewer).language == "zh-hans"


@pytest.mark.parametrize("body", [{"language": "fr"}, {"language": 7}, {"language": None}])
def test_a_language_we_do_not_write_is_refused(
    world: World, recruiter: Any, api: Any, body: Any
) -> None:
    response = api(recruiter).patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert "language" in response.json()["extra"]["fields"]
    assert not StaffPreference.objects.exists()


def test_anonymous_may_not_choose(world: World, api: Any) -> None:
    assert api(None).patch("/api/v1/me/", {"language": "en"}, format="json").status_code == 401


def test_an_assessor_who_chose_chinese_is_assigned_in_chinese(
    world: World, recruiter: Any, assessor: Any, api: Any
) -> None:
    api(assessor).patch("/api/v1/me/", {"language": "zh-hans"}, format="json")
    application = fast_tracked(world, recruiter, full_name="Li Wei")
    svc.application_advance(application_id=application.pk, expected_version=1, actor=recruiter)
    dispatch_all()

    deliver_due()

    to_assessor = [m for m in mail.outbox if any(assessor.email in to for to in m.to)]
    assert [m.subject for m in to_assessor] == [
        "新的评估任务：Li Wei（NLP Research Engineer）"  # noqa: RUF001
    ]
