"""The filter form is built only for requests that name a filter."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.filters import ApplicationFilter
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []
    original = ApplicationFilter.__init__

    def counting(self: Any, data: Any = None, *args: Any, **kwargs: Any) -> None:
        made.append(dict(data or {}))
        original(self, data, *args, **kwargs)

    monkeypatch.setattr(ApplicationFilter, "__init__", counting)
    return made


@pytest.mark.parametrize("query", ["", "?page_size=5", "?ordering=-created_at"])
def test_no_filter_named_no_form_built(
    world: World, recruiter: Any, api: Any, built: list[Any], query: str
) -> None:
    response = api(recruiter).get(f"/api/v1/applications/{query}")
    assert response.status_code == 200
    assert built == []


@pytest.mark.parametrize(
    ("query", "status"),
    [("?status=active", 200), ("?status=bogus", 400), ("?created_after=yesterday", 400)],
)
def test_a_named_filter_goes_through_the_form(
    world: World, recruiter: Any, api: Any, built: list[Any], query: str, status: int
) -> None:
    response = api(recruiter).get(f"/api/v1/applications/{query}")
    assert response.status_code == status
    assert len(built) == 1
