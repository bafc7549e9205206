"""Token authentication: one statement for the token, the user and their roles; tokens
that expired, whose user left or whose password changed since are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from recruiting.models import ApiToken
from recruiting.roles import Role, user_roles
from tests import factories as f

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {f.token_for(user)}")
    return client


def authenticated_user(client: APIClient) -> Any:
    response = client.get("/api/v1/jobs/")
    return response.wsgi_request.user, response  # type: ignore[attr-defined]


def test_a_token_brings_the_user_and_only_role_groups_in_one_statement() -> None:
    user = f.UserFactory(username="both", roles=[Role.RECRUITER, Role.UNIT_LEAD])
    # Groups that are not roles, one with a comma in its name, give nothing.
    user.groups.add(Group.objects.create(name="admin,viewer"), Group.objects.create(name="x"))
    client = token_client(user)

    with CaptureQueriesContext(connection) as queries:
        seen, response = authenticated_user(client)

    assert response.status_code == 200
    assert (seen.pk, seen.username) == (user.pk, "both")
    assert user_roles(seen) == {Role.RECRUITER, Role.UNIT_LEAD}
    statements = [q["sql"] for q in queries.captured_queries]
    token_table = ApiToken._meta.db_table
    assert token_table in statements[0]
    # Nothing after it reads the token, the user or their groups again.
    assert not [
        sql
        for sql in statements[1:]
        if token_table in sql or '"auth_user"' in sql or "auth_user_groups" in sql
    ]


def test_authentication_costs_one_query_per_request() -> None:
    user = f.UserFactory(username="counted", roles=[Role.VIEWER])
    by_token = token_client(user)
    # The same request, authenticated without a query, with the roles already known.
    by_fiat = APIClient()
    by_fiat.force_authenticate(user)
    user_roles(user)
    by_token.get("/api/v1/me/")  # Warm per-process caches first.

    with CaptureQueriesContext(connection) as with_token:
        assert by_token.get("/api/v1/me/").status_code == 200
    with CaptureQueriesContext(connection) as without:
        assert by_fiat.get("/api/v1/me/").status_code == 200

    assert len(with_token) == len(without) + 1


def test_the_user_comes_back_with_aware_datetimes_and_every_field() -> None:
    user = f.UserFactory(username="dated", roles=[Role.VIEWER], email="dated@example.com")
    seen, _ = authenticated_user(token_client(user))
    assert seen.date_joined == user.date_joined
    assert seen.date_joined.tzinfo is not None
    assert (seen.email, seen.is_staff, seen.is_superuser) == (user.email, False, False)


def test_a_superuser_without_groups_is_an_admin() -> None:
    user = f.UserFactory(username="root", is_superuser=True)
    seen, response = authenticated_user(token_client(user))
    assert response.status_code == 200
    assert user_roles(seen) == {Role.ADMIN}


def test_a_user_without_a_role_is_authenticated_but_refused() -> None:
    user = f.UserFactory(username="nobody")
    seen, response = authenticated_user(token_client(user))
    assert seen.pk == user.pk
    assert response.status_code == 403
    assert response.json()["message"] == "Your account has no role in this system."


@pytest.mark.parametrize(
    "header",
    ["Token nope", "Token " + "x" * 4000, "Token ünïcode", "Token a b", "Token"],
)
def test_an_unknown_or_malformed_token_answers_401_json(header: str) -> None:
    f.UserFactory(username="someone", roles=[Role.ADMIN])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/jobs/")
    assert response.status_code == 401
    assert response.json()["message"]


def test_an_inactive_users_token_answers_401() -> None:
    user = f.UserFactory(username="gone", roles=[Role.ADMIN], is_active=False)
    response = token_client(user).get("/api/v1/jobs/")
    assert response.status_code == 401
    assert "inactive" in response.json()["message"]


def test_only_a_digest_of_the_key_is_stored() -> None:
    user = f.UserFactory(username="kept", roles=[Role.VIEWER])

    key = f.token_for(user)

    row = ApiToken.objects.values().get(user=user)
    assert key not in {str(value) for value in row.values()}
    assert token_client_with(key).get("/api/v1/jobs/").status_code == 200


def test_an_expired_token_answers_401_saying_it_expired() -> None:
    user = f.UserFactory(username="late", roles=[Role.VIEWER])
    key = f.token_for(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now())

    response = token_client_with(key).get("/api/v1/jobs/")

    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_a_token_expires_auth_token_ttl_after_it_is_issued(settings: Any) -> None:
    settings.AUTH_TOKEN_TTL = timedelta(hours=3)
    user = f.UserFactory(username="timed", roles=[Role.VIEWER])

    before = timezone.now()
    f.token_for(user)

    expires_at = ApiToken.objects.get(user=user).expires_at
    assert before + timedelta(hours=3) <= expires_at <= timezone.now() + timedelta(hours=3)


def test_a_password_change_ends_every_token_issued_before_it() -> None:
    user = f.UserFactory(username="changed", roles=[Role.VIEWER])
    old = token_client(user)
    assert old.get("/api/v1/jobs/").status_code == 200

    user.set_password("a-new-password-2026")
    user.save()

    response = old.get("/api/v1/jobs/")
    assert response.status_code == 401
    assert "password changed" in response.json()["message"]
    assert token_client(user).get("/api/v1/jobs/").status_code == 200


def test_a_token_issued_under_a_previous_secret_key_still_holds(settings: Any) -> None:
    user = f.UserFactory(username="rotated", roles=[Role.VIEWER])
    client = token_client(user)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40

    assert client.get("/api/v1/jobs/").status_code == 200


def test_deactivating_a_user_deletes_their_tokens_for_good() -> None:
    user = f.UserFactory(username="leaver", roles=[Role.VIEWER])
    client = token_client(user)

    user.is_active = False
    user.save()
    user.is_active = True
    user.save()

    assert not ApiToken.objects.filter(user=user).exists()
    assert client.get("/api/v1/jobs/").status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_a_bearer_header_is_told_that_the_scheme_is_token(scheme: str) -> None:
    key = f.token_for(f.UserFactory(username="bearer", roles=[Role.VIEWER]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")

    response = client.get("/api/v1/jobs/")

    assert response.status_code == 401
    assert "Token" in response.json()["message"]
    assert response["WWW-Authenticate"] == "Token"


def token_client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
