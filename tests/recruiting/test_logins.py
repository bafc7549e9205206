"""Repeated failed logins lock the username and the address out for a cool-off, on the
API's token endpoint, the admin and anything else that calls `authenticate()`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.db.models import F
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from recruiting.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
LIMIT = 10
COOL_OFF = timedelta(minutes=15)


@pytest.fixture(autouse=True)
def _lockout_settings(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = COOL_OFF


@pytest.fixture
def staff(db: Any) -> Any:
    return f.UserFactory(username="staff", roles=[Role.ADMIN], is_staff=True)


def api_login(username: str, password: str, address: str = "203.0.113.7") -> Any:
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN, {"username": username, "password": password}, format="json"
    )


def admin_login(username: str, password: str, address: str = "203.0.113.7") -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def cool_off_passes() -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - COOL_OFF - timedelta(seconds=1))


def test_fifty_wrong_passwords_lock_the_token_endpoint_and_the_right_one_waits(
    staff: Any,
) -> None:
    statuses = [api_login("staff", f"wrong-{n}").status_code for n in range(50)]

    assert statuses[: LIMIT - 1] == [401] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    response = api_login("staff", f.PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(COOL_OFF.total_seconds()))
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert "try again in 15 minutes" in body["message"]
    assert body["extra"] == {"retry_after": 900}


def test_the_right_password_works_again_after_the_cool_off(staff: Any) -> None:
    for n in range(LIMIT):
        api_login("staff", f"wrong-{n}")
    assert api_login("staff", f.PASSWORD).status_code == 429

    cool_off_passes()

    assert api_login("staff", f.PASSWORD).status_code == 200


def test_fewer_failures_than_the_limit_lock_nothing(staff: Any) -> None:
    for n in range(LIMIT - 1):
        api_login("staff", f"wrong-{n}")

    assert api_login("staff", f.PASSWORD).status_code == 200


def test_a_username_is_locked_out_from_every_address(staff: Any) -> None:
    for n in range(LIMIT):
        api_login("staff", "wrong", address=f"198.51.100.{n}")

    assert api_login("staff", f.PASSWORD, address="192.0.2.200").status_code == 429


def test_an_address_trying_many_usernames_is_locked_out_of_all_of_them(staff: Any) -> None:
    for n in range(LIMIT):
        api_login(f"someone-{n}", "wrong", address="198.51.100.9")

    assert api_login("staff", f.PASSWORD, address="198.51.100.9").status_code == 429
    assert api_login("staff", f.PASSWORD, address="198.51.100.10").status_code == 200


def test_the_admin_login_is_locked_out_by_the_same_count(staff: Any) -> None:
    for n in range(LIMIT - 1):
        assert admin_login("staff", f"wrong-{n}").status_code == 200  # the form again
    assert api_login("staff", "wrong").status_code == 429

    response = admin_login("staff", f.PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response["Content-Type"].startswith("text/html")
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in Client().session


def test_fifty_wrong_admin_passwords_refuse_the_right_one(staff: Any) -> None:
    for n in range(50):
        admin_login("staff", f"wrong-{n}")

    response = admin_login("staff", f.PASSWORD)

    assert response.status_code == 429


def test_any_view_calling_authenticate_is_covered(staff: Any) -> None:
    # What a web login at /accounts/login/ will do with the posted form.
    for n in range(LIMIT):
        api_login("staff", f"wrong-{n}")
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.1")

    user = authenticate(request, username="staff", password=f.PASSWORD)

    assert user is None
    assert request.axes_locked_out  # type: ignore[attr-defined]


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(staff: Any, settings: Any) -> None:
    settings.NUM_PROXIES = 1
    for n in range(LIMIT):
        APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50").post(
            TOKEN, {"username": f"someone-{n}", "password": "wrong"}, format="json"
        )

    from_attacker = APIClient(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="forged, 203.0.113.50"
    ).post(TOKEN, {"username": "staff", "password": f.PASSWORD}, format="json")
    from_someone_else = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.51").post(
        TOKEN, {"username": "staff", "password": f.PASSWORD}, format="json"
    )

    assert from_attacker.status_code == 429
    assert from_someone_else.status_code == 200


def test_failures_are_logged_without_the_username(staff: Any, caplog: Any) -> None:
    api_login("staff", "wrong")

    assert "AXES" in caplog.text
    assert "staff" not in caplog.text
