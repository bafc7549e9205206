"""What gunicorn, as the image runs it, refuses before the application sees a request is
answered in the API's JSON error body, as the application's own refusals are."""

from __future__ import annotations

import json
from pathlib import Path

from tests.deployment.conftest import ROOT, environment, gunicorn

CONFIG = ROOT / "docker" / "gunicorn.conf.py"
BODY_414 = {
    "message": "The address is too long: at most 4,096 characters of path and query.",
    "extra": {"limit": 4096},
}


def test_an_address_too_long_is_a_json_414_below_and_above_gunicorns_own_limit(
    tmp_path: Path,
) -> None:
    with gunicorn(environment(), tmp_path / "gunicorn.log", config=CONFIG) as server:
        # 5,000 characters: the application's refusal; 10,000: past gunicorn's 8,190.
        answers = [
            server.get("/api/v1/candidates/?q=" + "x" * length) for length in (5_000, 10_000)
        ]
        # The worker still serves after answering a refusal itself.
        after = server.get("/healthz")

    for status, headers, body in answers:
        assert status == 414
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == BODY_414
    assert after[0] == 200


def test_headers_too_large_are_a_json_431(tmp_path: Path) -> None:
    with gunicorn(environment(), tmp_path / "gunicorn.log", config=CONFIG) as server:
        status, headers, body = server.get("/api/v1/candidates/", {"X-Big": "y" * 9_000})

    assert status == 431
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"message": "The request's headers are too large.", "extra": {}}
