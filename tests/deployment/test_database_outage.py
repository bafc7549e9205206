"""A database that is down, or was restarted, never makes gunicorn answer 500: requests
get 503 JSON with Retry-After while it is down, and the first one after a restart
reconnects. `/healthz` and `/readyz` say which of the two a probe is looking at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.test import Client

from recruiting.roles import Role
from tests import factories as f
from tests.deployment.conftest import ROOT, Server, environment, gunicorn
from tests.integration.receivers import free_port

REDIS = "redis://127.0.0.1:6379/8"
UNREACHABLE = "Temporarily unavailable: the database cannot be reached. Try again shortly."


def test_with_the_database_down_requests_answer_503_json_with_retry_after(
    tmp_path: Path,
) -> None:
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/recruiting"  # nothing listens

    with gunicorn(environment(DATABASE_URL=nowhere), tmp_path / "log") as server:
        api = server.get("/api/v1/jobs/", {"Authorization": "Token some-token"})
        page = server.get("/admin/", {"Cookie": "sessionid=some-session"})
        ready = server.get("/readyz")
        alive = server.get("/healthz")

    for status, headers, body in (api, page):
        assert status == 503, body
        assert headers["Retry-After"] == "5"
        assert json.loads(body) == {"message": UNREACHABLE, "extra": {}}
    assert ready[0] == 503
    assert json.loads(ready[2])["extra"] == {"checks": {"database": "unreachable"}}
    assert alive[0] == 200


@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_a_database_restart_reconnects(tmp_path: Path) -> None:
    key = f.token_for(f.UserFactory(username="steady", roles=[Role.VIEWER]))
    database = f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}"
    # The suite's key: the token was sealed with it.
    env = environment(DATABASE_URL=database, CONN_MAX_AGE="60", SECRET_KEY=settings.SECRET_KEY)

    with gunicorn(env, tmp_path / "log") as server:
        before = me(server, key)
        dropped = drop_other_connections()
        after = me(server, key)

    assert before[0] == 200
    assert dropped >= 1  # gunicorn's kept connection, as a restart would drop it
    assert after[0] == 200, after[2]


def me(server: Server, key: str) -> tuple[int, dict[str, str], bytes]:
    return server.get("/api/v1/me/", {"Authorization": f"Token {key}"})


def drop_other_connections() -> int:
    """End every connection to the test database but this process's own, as
    `pg_ctl restart` ends them all."""
    name = connection.settings_dict["NAME"]
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s",
            [name, _own_backend_pid()],
        ).fetchall()
    return len(rows)


def _own_backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_readyz_checks_the_database_and_redis_when_configured(settings: Any) -> None:
    settings.REDIS_URL = REDIS

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_readyz_answers_503_when_redis_is_configured_but_down(settings: Any) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["extra"]["checks"] == {"database": "ok", "redis": "unreachable"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_by_address_are_answered_whatever_the_host_and_the_scheme(
    path: str, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["recruiting.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    response = Client(HTTP_HOST="10.1.2.3:8000").get(path)

    assert response.status_code == 200


def test_composes_web_health_check_asks_readyz() -> None:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())

    check = compose["services"]["web"]["healthcheck"]["test"]

    assert any("/readyz" in part for part in check)
