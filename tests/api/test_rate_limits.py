"""The API is rate limited per token and per anonymous address, and says where a client
stands on every response."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from recruiting.throttling import Rate, parse_rate
from tests import factories as f
from tests.api.tables import API, error_of
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings: Any) -> Any:
    """Rate limits on, from an empty count (tests/settings.py turns them off)."""
    cache.clear()
    settings.API_THROTTLE_AUTHENTICATED = "5/hour"
    # Hour-long windows: a run of requests rarely straddles the end of one.
    settings.API_THROTTLE_ANONYMOUS = "3/hour"
    yield settings
    cache.clear()


def with_token(key: str, address: str = "203.0.113.7") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def anonymous(address: str = "203.0.113.7") -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def rate_headers(response: Any) -> tuple[int, int, int]:
    return (
        int(response["X-RateLimit-Limit"]),
        int(response["X-RateLimit-Remaining"]),
        int(response["X-RateLimit-Reset"]),
    )


def test_a_token_gets_its_limit_then_429_with_retry_after(
    world: World, recruiter: Any, limits: Any
) -> None:
    client = with_token(f.token_for(recruiter))
    sent_at = time.time()

    responses = [client.get(f"{API}/jobs/") for _ in range(6)]

    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert [rate_headers(r)[1] for r in responses] == [4, 3, 2, 1, 0, 0]
    limit, _, reset = rate_headers(responses[0])
    assert limit == 5
    assert sent_at < reset <= sent_at + 3600
    refused = responses[-1]
    assert 0 < int(refused["Retry-After"]) <= 3600
    body = error_of(refused)
    assert body["extra"] == {"retry_after": int(refused["Retry-After"])}
    assert "Too many requests" in body["message"]


def test_each_token_has_its_own_budget(world: World, recruiter: Any, limits: Any) -> None:
    first, second = with_token(f.token_for(recruiter)), with_token(f.token_for(recruiter))
    for _ in range(5):
        first.get(f"{API}/jobs/")

    assert first.get(f"{API}/jobs/").status_code == 429
    assert second.get(f"{API}/jobs/").status_code == 200


def test_an_anonymous_address_gets_its_limit_and_another_address_its_own(
    world: World, recruiter: Any, limits: Any
) -> None:
    logins = [
        anonymous().post(f"{API}/auth/token/", {"username": "recruiter", "password": f.PASSWORD})
        for _ in range(4)
    ]

    assert [r.status_code for r in logins] == [200, 200, 200, 429]
    assert rate_headers(logins[0])[:2] == (3, 2)
    other = anonymous("198.51.100.1").post(
        f"{API}/auth/token/", {"username": "recruiter", "password": f.PASSWORD}
    )
    assert other.status_code == 200


def test_refusals_before_the_throttles_count_against_the_address(world: World, limits: Any) -> None:
    bad_tokens = [with_token(f"not-a-token-{n}").get(f"{API}/jobs/") for n in range(3)]
    no_credentials = anonymous().get(f"{API}/applications/")
    other_address = anonymous("198.51.100.1").get(f"{API}/applications/")

    assert [r.status_code for r in bad_tokens] == [401] * 3
    assert [rate_headers(r)[1] for r in bad_tokens] == [2, 1, 0]
    assert no_credentials.status_code == 429
    assert no_credentials["Retry-After"]
    assert other_address.status_code == 401


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(lambda: anonymous().get(f"{API}/jobs/"), id="no credentials"),
        pytest.param(lambda: with_token("nope").get(f"{API}/jobs/"), id="an unknown token"),
        pytest.param(lambda: anonymous().get(f"{API}/no-such-thing/"), id="an unknown path"),
        pytest.param(lambda: anonymous().get(f"{API}/candidates/?q=%00"), id="a NUL byte"),
        pytest.param(lambda: anonymous().get("/api/schema/"), id="the schema"),
    ],
)
def test_every_api_response_carries_the_rate_limit_headers(
    world: World, limits: Any, request_: Any
) -> None:
    sent_at = time.time()
    response = request_()

    limit, remaining, reset = rate_headers(response)
    assert (limit, remaining) == (3, 2)
    # The window may end while the request runs (the schema takes a second), not before.
    assert sent_at < reset <= sent_at + 3600


def test_a_signed_in_response_carries_the_tokens_headers(
    world: World, recruiter: Any, limits: Any
) -> None:
    response = with_token(f.token_for(recruiter)).get(f"{API}/me/")

    assert response.status_code == 200
    assert rate_headers(response)[:2] == (5, 4)


def test_pages_outside_the_api_carry_no_rate_limit_headers(world: World, limits: Any) -> None:
    response = APIClient().get("/admin/login/")

    assert "X-RateLimit-Limit" not in response


def test_with_limits_off_nothing_is_counted(world: World, recruiter: Any, settings: Any) -> None:
    settings.API_THROTTLE_AUTHENTICATED = "off"
    client = with_token(f.token_for(recruiter))

    responses = [client.get(f"{API}/jobs/") for _ in range(20)]

    assert {r.status_code for r in responses} == {200}
    assert "X-RateLimit-Limit" not in responses[0]


def test_a_cache_that_cannot_be_reached_lets_requests_through(
    world: World, recruiter: Any, limits: Any
) -> None:
    client = with_token(f.token_for(recruiter))
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    with override_settings(CACHES=unreachable):
        response = client.get(f"{API}/jobs/")

    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("1000/hour", Rate(1000, 3600)),
        (" 20 / Minute ", Rate(20, 60)),
        ("5/second", Rate(5, 1)),
        ("100000/day", Rate(100000, 86400)),
        ("off", None),
        ("", None),
        (None, None),
    ],
)
def test_rates_are_read_as_count_per_period_or_off(text: str | None, rate: Rate | None) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["1000", "0/hour", "ten/hour", "5/fortnight", "-1/day"])
def test_a_rate_that_does_not_parse_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="count"):
        parse_rate(text)


def test_the_rates_come_from_the_environment_and_a_bad_one_fails_the_checks() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruiting.project.settings",
        "API_THROTTLE_AUTHENTICATED": "60/minute",
        "API_THROTTLE_ANONYMOUS": "often",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "API_THROTTLE_ANONYMOUS" in result.stderr
    assert "API_THROTTLE_AUTHENTICATED" not in result.stderr
