from __future__ import annotations

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_generates_and_validates_without_warnings() -> None:
    out = StringIO()

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    assert "/api/v1/applications/{id}/advance/" in out.getvalue()


@pytest.mark.django_db
def test_the_schema_is_generated_once_per_rendering_and_served_from_memory() -> None:
    from rest_framework.test import APIClient

    from recruiting.api import schema

    schema._RENDERED.clear()
    client = APIClient()
    with patch.object(
        schema.SchemaView, "generator_class", wraps=schema.SchemaView.generator_class
    ) as generator:
        first = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        again = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        unknown = client.get(
            "/api/schema/?lang=xx-nowhere", HTTP_ACCEPT="application/vnd.oai.openapi+json"
        )

    assert first.status_code == again.status_code == unknown.status_code == 200
    assert first.content == again.content == unknown.content
    assert "/api/v1/applications/{id}/advance/" in first.json()["paths"]
    assert generator.call_count == 1
