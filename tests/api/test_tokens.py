"""Logging in and out of the API: a token that expires, revoked one at a time or all."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from recruiting.models import ApiToken
from tests import factories as f
from tests.api.tables import API, error_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


def log_in(username: str, password: str = f.PASSWORD, **extra: Any) -> Any:
    return APIClient().post(
        f"{API}/auth/token/", {"username": username, "password": password}, **extra
    )


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_logging_in_answers_a_token_and_when_it_expires(recruiter: Any, settings: Any) -> None:
    settings.AUTH_TOKEN_TTL = timedelta(hours=8)

    response = log_in("recruiter", format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert abs(expires_at - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)
    assert with_token(body["token"]).get(f"{API}/me/").json()["username"] == "recruiter"


def test_logging_in_takes_a_form_as_curl_sends_it(recruiter: Any) -> None:
    response = APIClient().post(
        f"{API}/auth/token/",
        "username=recruiter&password=" + f.PASSWORD,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert response.json()["token"]


def test_logging_in_records_the_last_login(recruiter: Any) -> None:
    assert recruiter.last_login is None

    log_in("recruiter", format="json")

    recruiter.refresh_from_db()
    assert recruiter.last_login is not None


@pytest.mark.parametrize(
    ("username", "password"),
    [("recruiter", "wrong-password"), ("nobody-of-that-name", f.PASSWORD)],
    ids=["a wrong password", "an unknown user"],
)
def test_wrong_credentials_answer_401_with_one_message_for_both(
    recruiter: Any, username: str, password: str
) -> None:
    response = log_in(username, password, format="json")

    assert response.status_code == 401
    assert error_of(response)["message"] == "Wrong username or password."
    assert response["WWW-Authenticate"] == "Token"
    assert not ApiToken.objects.exists()


def test_an_inactive_user_cannot_log_in(recruiter: Any) -> None:
    get_user_model().objects.filter(pk=recruiter.pk).update(is_active=False)

    response = log_in("recruiter", format="json")

    assert response.status_code == 401


def test_a_missing_password_answers_400_naming_the_field(recruiter: Any) -> None:
    response = APIClient().post(f"{API}/auth/token/", {"username": "recruiter"}, format="json")

    assert response.status_code == 400
    assert "password" in error_of(response)["extra"]["fields"]


def test_logging_out_revokes_this_token_and_no_other(recruiter: Any) -> None:
    this, other = log_in("recruiter").json()["token"], log_in("recruiter").json()["token"]

    response = with_token(this).delete(f"{API}/auth/token/")

    assert response.status_code == 204
    assert with_token(this).get(f"{API}/jobs/").status_code == 401
    assert with_token(other).get(f"{API}/jobs/").status_code == 200
    assert with_token(this).delete(f"{API}/auth/token/").status_code == 401


def test_logging_out_without_a_token_answers_401(recruiter: Any) -> None:
    response = APIClient().delete(f"{API}/auth/token/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_revoking_all_ends_every_token_of_the_user_and_only_theirs(
    recruiter: Any, viewer: Any
) -> None:
    mine = [log_in("recruiter").json()["token"] for _ in range(3)]
    theirs = log_in("viewer").json()["token"]

    response = with_token(mine[0]).post(f"{API}/auth/token/revoke-all/")

    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    assert [with_token(key).get(f"{API}/jobs/").status_code for key in mine] == [401] * 3
    assert with_token(theirs).get(f"{API}/jobs/").status_code == 200


def test_a_browser_session_revokes_all_tokens_too(world: World, recruiter: Any) -> None:
    key = log_in("recruiter").json()["token"]
    browser = APIClient(enforce_csrf_checks=False)
    browser.force_login(recruiter)

    response = browser.post(f"{API}/auth/token/revoke-all/")

    assert response.json() == {"revoked": 1}
    assert with_token(key).get(f"{API}/jobs/").status_code == 401


def test_revoking_all_needs_a_user(world: World) -> None:
    response = APIClient().post(f"{API}/auth/token/revoke-all/")

    assert response.status_code == 401


def test_logging_in_again_clears_the_users_expired_tokens(recruiter: Any) -> None:
    log_in("recruiter")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    log_in("recruiter")

    assert ApiToken.objects.filter(user=recruiter).count() == 1
