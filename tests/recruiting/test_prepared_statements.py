"""On PostgreSQL a statement a connection runs again and again is prepared once."""

from __future__ import annotations

import pytest
from django.db import connection

from recruiting.models import Specialty

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_run_five_times_is_prepared_and_keeps_answering_with_new_values() -> None:
    nlp = Specialty.objects.create(name="NLP", slug="nlp")
    vision = Specialty.objects.create(name="Computer vision", slug="cv")

    found = [Specialty.objects.filter(pk=pk).first() for pk in [nlp.pk] * 5 + [vision.pk]]

    assert any('"recruiting_specialty"' in sql and "$1" in sql for sql in prepared_statements())
    assert found == [nlp] * 5 + [vision]
