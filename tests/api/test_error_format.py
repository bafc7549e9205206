"""Every error the API gives is `{"message": str, "extra": {...}}` with the right status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from candidates.api import views as candidate_views
from tests import factories as f
from tests.api.tables import API, client_as, error_of, new_application
from tests.conftest import World

pytestmark = pytest.mark.django_db

Request = Callable[[World, Any], Any]


def as_admin(world: World, request: Any) -> APIClient:
    return client_as(request.getfixturevalue("admin"))


def stale_version(world: World, request: Any) -> Any:
    application = new_application(world)
    return as_admin(world, request).post(
        f"{API}/applications/{application.pk}/advance/", {"version": 7}, format="json"
    )


def protected_delete(world: World, request: Any) -> Any:
    return as_admin(world, request).delete(f"{API}/business-units/{world.unit.pk}/")


def duplicate_candidate(world: World, request: Any) -> Any:
    f.CandidateFactory(email="li@example.com")
    return as_admin(world, request).post(
        f"{API}/candidates/", {"full_name": "Li", "email": "LI@example.com"}, format="json"
    )


def bad_token(world: World, request: Any) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    return client.get(f"{API}/jobs/")


def token_of_a_user_without_a_role(world: World, request: Any) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {f.token_for(f.UserFactory())}")
    return client.get(f"{API}/jobs/")


ERRORS: dict[str, tuple[int, Request]] = {
    "a missing field": (
        400,
        lambda w, r: as_admin(w, r).post(f"{API}/specialties/", {}, format="json"),
    ),
    "malformed JSON": (
        400,
        lambda w, r: as_admin(w, r).generic(
            "POST", f"{API}/specialties/", b"{", content_type="application/json"
        ),
    ),
    "a bad filter": (400, lambda w, r: as_admin(w, r).get(f"{API}/applications/?job=abc")),
    "a NUL in the query": (400, lambda w, r: as_admin(w, r).get(f"{API}/candidates/?q=%00")),
    "a lone surrogate in the body": (
        400,
        lambda w, r: as_admin(w, r).generic(
            "POST",
            f"{API}/specialties/",
            b'{"slug": "x", "name": "\\udfff"}',
            content_type="application/json",
        ),
    ),
    "no credentials": (401, lambda w, r: client_as(None).get(f"{API}/jobs/")),
    "an unknown token": (401, bad_token),
    "a role that may not write": (
        403,
        lambda w, r: client_as(r.getfixturevalue("viewer")).post(
            f"{API}/specialties/", {"slug": "x", "name": "x"}, format="json"
        ),
    ),
    "no role at all": (403, token_of_a_user_without_a_role),
    "an unknown id": (404, lambda w, r: as_admin(w, r).get(f"{API}/jobs/99999999/")),
    "another unit's application": (
        404,
        lambda w, r: client_as(r.getfixturevalue("other_unit_lead")).get(
            f"{API}/applications/{new_application(w).pk}/"
        ),
    ),
    "an unknown path": (404, lambda w, r: as_admin(w, r).get(f"{API}/no-such-thing/")),
    "an id the URL pattern refuses": (
        404,
        lambda w, r: as_admin(w, r).post(f"{API}/applications/abc/advance/", {}, format="json"),
    ),
    "a method the endpoint lacks": (
        405,
        lambda w, r: as_admin(w, r).delete(f"{API}/candidates/{f.CandidateFactory().pk}/"),
    ),
    "GET on a command": (
        405,
        lambda w, r: as_admin(w, r).get(f"{API}/applications/{new_application(w).pk}/advance/"),
    ),
    "a stale version": (409, stale_version),
    "a delete of something in use": (409, protected_delete),
    "a duplicate candidate": (409, duplicate_candidate),
    "a body that is not JSON": (
        415,
        lambda w, r: as_admin(w, r).generic(
            "POST", f"{API}/specialties/", "slug=x", content_type="text/plain"
        ),
    ),
    "a body beyond the upload limit": (
        413,
        lambda w, r: as_admin(w, r).generic(
            "POST",
            f"{API}/specialties/",
            '{"name": "' + "x" * 3_000_000 + '"}',
            content_type="application/json",
        ),
    ),
}


# Errors about fields name them in extra.fields; the others have a message only.
VALIDATION_ERRORS = {"a missing field", "a bad filter", "a lone surrogate in the body"}


@pytest.mark.parametrize(("status", "send"), ERRORS.values(), ids=ERRORS.keys())
def test_every_error_is_json_with_a_message_and_extra(
    world: World, status: int, send: Request, request: pytest.FixtureRequest
) -> None:
    response = send(world, request)

    assert response.status_code == status, response.content[:300]
    body = error_of(response)
    if request.node.callspec.id in VALIDATION_ERRORS:
        assert body["extra"]["fields"]


def test_a_refusal_of_credentials_says_how_to_authenticate(world: World) -> None:
    response = client_as(None).get(f"{API}/applications/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_an_unexpected_failure_is_a_json_500_that_tells_nothing_of_the_inside(
    world: World, recruiter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(user: Any) -> Any:
        raise RuntimeError("secret detail of the inside")

    monkeypatch.setattr(candidate_views, "applications_for_list", broken)

    response = client_as(recruiter).get(f"{API}/applications/")

    assert response.status_code == 500
    body = error_of(response)
    assert "secret" not in response.content.decode()
    assert body["extra"] == {}


@override_settings(DEBUG=False)
def test_a_validation_error_names_the_first_problem_in_its_message(
    world: World, admin: Any
) -> None:
    response = client_as(admin).post(
        f"{API}/jobs/",
        {"title": "x", "unit": world.unit.pk, "salary_min": -1, "salary_max": 10},
        format="json",
    )

    body = error_of(response)
    assert response.status_code == 400
    assert body["message"].startswith("Invalid input. ")
    assert "salary_min" in body["extra"]["fields"]
    assert body["message"] != "Invalid input. "
