"""Production settings come from the environment: `check --deploy` can be made clean,
every response carries a Content-Security-Policy, and no server starts with DEBUG off
and the development secret key."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.test import Client

from recruiting.project.startup import DEVELOPMENT_SECRET_KEY
from tests.deployment.conftest import ROOT, environment, run, start_gunicorn, stop

BEHIND_TLS = {
    "ALLOWED_HOSTS": "recruiting.example.com",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}
REFUSAL = "SECRET_KEY is the published development key"


def test_check_deploy_is_clean_with_a_production_environment() -> None:
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        environment(**BEHIND_TLS),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_proxy_ssl_header_setting_is_read_as_header_and_value() -> None:
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"

    good = run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        environment(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO, https"),
    )
    bad = run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        environment(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"),
    )

    assert good.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert bad.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER is <header" in bad.stderr


def test_gunicorn_refuses_to_start_with_debug_off_and_the_development_key(
    tmp_path: Path,
) -> None:
    server = start_gunicorn(environment(SECRET_KEY=DEVELOPMENT_SECRET_KEY), tmp_path / "log")
    try:
        exited = server.process.wait(timeout=30)
    finally:
        stop(server.process)

    assert exited != 0
    assert REFUSAL in server.output()


def test_a_celery_worker_refuses_to_start_with_debug_off_and_the_development_key() -> None:
    env = environment(SECRET_KEY=DEVELOPMENT_SECRET_KEY, REDIS_URL="redis://127.0.0.1:6379/8")

    result = run(
        [sys.executable, "-m", "celery", "-A", "recruiting.project", "worker", "--pool=solo"],
        env,
        timeout=60,
    )

    assert result.returncode != 0
    assert REFUSAL in result.stdout + result.stderr


@pytest.mark.parametrize("module", ["recruiting.project.wsgi", "recruiting.project.asgi"])
def test_the_development_key_serves_with_debug_on_only(module: str) -> None:
    load = [sys.executable, "-c", f"import {module}"]

    in_development = run(load, environment(SECRET_KEY=DEVELOPMENT_SECRET_KEY, DEBUG="true"))
    in_production = run(load, environment(SECRET_KEY=DEVELOPMENT_SECRET_KEY))
    with_a_real_key = run(load, environment())

    assert in_development.returncode == 0, in_development.stderr
    assert REFUSAL in in_production.stderr
    assert with_a_real_key.returncode == 0, with_a_real_key.stderr


def test_compose_requires_a_secret_key_of_its_own() -> None:
    compose = (ROOT / "docker" / "compose.yaml").read_text()

    assert "SECRET_KEY: ${SECRET_KEY:?" in compose
    assert "change-me" not in compose


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/jobs/", "/admin/login/", "/api/docs/"])
def test_every_response_carries_a_strict_content_security_policy(path: str) -> None:
    response = Client().get(path)

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_or_style() -> None:
    html = Client().get("/api/docs/").content.decode()

    assert "<script>" not in html
    assert "<style" not in html
    script = Client().get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
