"""gunicorn's access log, as the image writes it, names paths without query strings."""

from __future__ import annotations

from pathlib import Path

from tests.deployment.conftest import ROOT, environment, gunicorn

CONFIG = ROOT / "docker" / "gunicorn.conf.py"
EMAIL = "li.wei@example.com"


def test_the_access_log_records_the_path_and_never_the_query(tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"

    with gunicorn(environment(), log, config=CONFIG) as server:
        searched = server.get(
            f"/api/v1/candidates/?q={EMAIL}&page_size=5",
            {"Referer": "http://127.0.0.1/api/v1/candidates/?q=zhang.min%40example.com"},
        )
        probed = server.get("/healthz?token=secret-value")
    lines = log.read_text().splitlines()

    assert searched[0] == 401
    assert probed[0] == 200
    access = [line for line in lines if '"GET /' in line]
    assert any('"GET /api/v1/candidates/ HTTP/1.1" 401' in line for line in access), lines
    assert any('"GET /healthz HTTP/1.1" 200' in line for line in access), lines
    assert not [line for line in lines if "example.com" in line or "?" in line]
    assert "secret-value" not in log.read_text()
