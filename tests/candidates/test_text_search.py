"""Text search finds a fragment as typed (quotes, % and _ are plain characters), and on
PostgreSQL each term is planned for itself: it travels as a literal, not a parameter."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from candidates.filters import ApplicationFilter
from candidates.models import Application
from tests import factories as f
from tests.api.tables import API, client_as
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("o'brien", ["Máire O'Brien"]),
        ("100%", ["Ann 100%_sure"]),
        ("%", ["Ann 100%_sure"]),
        ("_", ["Ann 100%_sure"]),
        ("zz", []),
    ],
)
def test_the_candidate_search_takes_every_character_literally(
    recruiter: Any, term: str, found: list[str]
) -> None:
    for name in ("Máire O'Brien", "Ann 100%_sure", "Ann 1000 sure"):
        f.CandidateFactory(full_name=name)

    response = client_as(recruiter).get(f"{API}/candidates/", {"q": term})

    assert sorted(row["full_name"] for row in response.json()["results"]) == found


def test_on_postgresql_the_term_travels_inside_the_statement(world: World) -> None:
    search = ApplicationFilter({"q": "O'Hara"}, queryset=Application.objects.all())

    sql, params = search.qs.query.sql_with_params()

    assert "Hara" in sql if connection.vendor == "postgresql" else "Hara" not in sql
    assert any("Hara" in str(p) for p in params) == (connection.vendor != "postgresql")
