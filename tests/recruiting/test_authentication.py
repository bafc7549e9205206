"""Token authentication reads the user and their roles in one statement."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from recruiting.roles import Role, user_roles
from tests import factories as f

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
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
    assert sum("authtoken_token" in sql for sql in statements) == 1
    assert not any("auth_user_groups" in sql for sql in statements[1:])


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
