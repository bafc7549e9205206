"""The production image's processes as docker/compose.yaml starts them, without a
container engine.

The image's situation is built on this machine: the build context (the project's files)
copied to a temporary directory, the Dockerfile's build steps run there, the copy made
root-owned and read-only, and the compose file's `migrate`, `web`, `worker` and `beat`
commands run in it as an unprivileged user, with the Dockerfile's and the compose file's
environment (read from docker/, not copied here) and DEBUG off, against the machine's
PostgreSQL (a database of the test's own) and Redis (database 7). Compose's service
names (`db`, `redis`) become the machine's addresses, its volumes directories owned by
that user. A move through the API must reach an SMTP server on loopback; beat must run
the sweep and stay up, two of them, as `--scale beat=2` by mistake would start them.

Needs root (to switch to `nobody`) and the image's packages on a Python that user may
run: `make image-venv`, which `make test` and `make smoke` build and name in IMAGE_VENV.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from tests.integration.conftest import flushed_redis
from tests.integration.image import read_image, read_services
from tests.integration.image_host import ROOT, Host, Running, on_port
from tests.integration.receivers import SMTPInbox, free_port, wait_for

pytestmark = pytest.mark.integration

SMOKE_REDIS = "redis://127.0.0.1:6379/7"
# Beat's sweep every few seconds rather than every minute, so the test sees it run.
SWEEP_INTERVAL = 2


@dataclass
class Api:
    base: str
    token: str = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Token {self.token}"} if self.token else {}),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def body_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def error_body(url: str) -> str:
    try:
        return body_of(url)
    except urllib.error.HTTPError as error:
        return str(error.read().decode(errors="replace"))


@pytest.fixture
def image_venv() -> Path:
    if os.geteuid() != 0:
        pytest.skip("runs the image's processes as another user: needs root")
    venv = Path(os.environ.get("IMAGE_VENV", "/nonexistent"))
    if not (venv / ".installed").exists():
        pytest.skip("the image's packages are missing: `make smoke` (or `make test`) builds them")
    return venv


@pytest.fixture
def smoke_database() -> Iterator[str]:
    """A database of the test's own beside the suite's: its name with `_image`."""
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres"):
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    name = f"{url.path.lstrip('/')}_image"
    server = urlunsplit(url._replace(path="/postgres"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(url._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(drop)


@pytest.fixture
def smoke_redis() -> Iterator[str]:
    yield from flushed_redis(SMOKE_REDIS)


@pytest.fixture
def host(
    image_venv: Path, smoke_database: str, smoke_redis: str, smtp_inbox: SMTPInbox
) -> Iterator[Host]:
    # What an operator sets in the environment and the env file.
    operator = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "EMAIL_BACKEND": "candidates.notifications.smtp.EmailBackend",
        "EMAIL_HOST": smtp_inbox.host,
        "EMAIL_PORT": str(smtp_inbox.port),
        "DEFAULT_FROM_EMAIL": "recruiting@example.com",
        "NOTIFY_SWEEP_INTERVAL": str(SWEEP_INTERVAL),
    }
    image = read_image()
    machine = Host(
        root=Path(tempfile.mkdtemp(prefix="recruiting-image-")),
        venv=image_venv,
        image=image,
        services=read_services(operator, image),
        operator=operator,
        addresses={"DATABASE_URL": smoke_database, "REDIS_URL": smoke_redis},
    )
    try:
        machine.build()
        yield machine
    finally:
        machine.stop_all()
        # Shown by pytest when the test failed.
        for running in machine.running:
            print(running.tail())
        shutil.rmtree(machine.root)


@dataclass
class Up:
    site: str
    web: Running
    worker: Running
    beats: list[Running]


def compose_up(host: Host) -> Up:
    """Migrate, then web, worker and two beats (as `--scale beat=2` by mistake would
    start them, on one volume), with the demo data seeded meanwhile; each must come up."""
    migrate = host.run("migrate", host.services["migrate"].command, host.env_of("migrate"), 120)
    assert migrate.process.returncode == 0, migrate.tail()
    port = free_port()
    seed = host.start("seed", ["python", "manage.py", "seed_demo"], host.env_of("web"))
    web = host.start("web", on_port(host.services["web"].command, port), host.env_of("web"))
    worker = host.start("worker", host.services["worker"].command, host.env_of("worker"))
    beats = [
        host.start(f"beat-{n}", host.services["beat"].command, host.env_of("beat")) for n in (1, 2)
    ]
    site = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: status_of(f"{site}/api/schema/") == 200, timeout=30), web.tail()
    assert wait_for(lambda: " ready." in worker.text(), timeout=30), worker.tail()
    wait_for(
        lambda: all(not b.alive() or "Sending due task" in b.text() for b in beats), timeout=15
    )
    for beat in beats:
        assert beat.alive(), beat.tail()
        assert "Sending due task" in beat.text(), beat.tail()
    assert seed.process.wait(timeout=90) == 0, seed.tail()
    return Up(site, web, worker, beats)


def assert_static_files_served(site: str) -> None:
    """From the manifest collected at build time, with DEBUG off."""
    for page in ("/api/docs/", "/admin/login/"):
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', body_of(site + page))
        assert assets, page
        assert {a: status_of(site + a) for a in assets} == {a: 200 for a in assets}
    assert status_of(f"{site}/no-such-page/") == 404
    assert "Django tried these URL patterns" not in error_body(f"{site}/no-such-page/")


def fast_tracked_application(api: Api) -> tuple[dict[str, Any], str]:
    """The README's tour: a candidate with a recent top NLP paper applies to an NLP job.
    Returns the application and the candidate's email address."""
    api.token = api.call(
        "POST", "/auth/token/", {"username": "recruiter", "password": "demo-pass-2026"}
    )["token"]
    nlp = api.call("GET", "/specialties/?slug=nlp")["results"][0]["id"]
    job = api.call("GET", f"/jobs/?specialty={nlp}&status=open")["results"][0]["id"]
    email = f"zhang.min.{secrets.token_hex(4)}@example.com"
    paper = {"title": "Sparse experts", "venue": "ACL", "year": 2025, "tier": "top"}
    candidate = api.call(
        "POST",
        "/candidates/",
        {
            "full_name": "Zhang Min",
            "email": email,
            "education": "phd",
            "years_experience": 4,
            "specialties": [nlp],
            "publications": [{**paper, "specialty": nlp}],
        },
    )["id"]
    return api.call("POST", "/applications/", {"candidate": candidate, "job": job}), email


def test_the_compose_processes_run_unprivileged_from_a_read_only_image_and_deliver_a_move(
    host: Host, smtp_inbox: SMTPInbox
) -> None:
    up = compose_up(host)
    assert_static_files_served(up.site)
    api = Api(f"{up.site}/api/v1")
    application, email = fast_tracked_application(api)

    moved = api.call(
        "POST", f"/applications/{application['id']}/advance/", {"version": application["version"]}
    )

    assert moved["version"] == application["version"] + 1

    def move_emails() -> list[Any]:
        subject_end = f": {moved['stage']['name']}"
        return [m for m in smtp_inbox.to(email) if str(m["Subject"]).endswith(subject_end)]

    assert wait_for(lambda: len(move_emails()) == 1, timeout=30), up.worker.tail()
    sweeps = re.compile(r"Task candidates\.notifications\.sweep\[[^]]+\] succeeded")
    assert wait_for(lambda: sweeps.search(up.worker.text()) is not None, timeout=20), (
        up.worker.tail()
    )
    assert wait_for(lambda: min(time.monotonic() - b.started for b in up.beats) > 5, timeout=10)
    for running in (up.web, up.worker, *up.beats):
        assert running.alive(), running.tail()
    assert len(move_emails()) == 1
    # On the volume, where a restart finds it.
    schedule = Path(host.env_of("beat")["CELERY_BEAT_SCHEDULE_FILENAME"])
    assert list(schedule.parent.glob(f"{schedule.name}*")), schedule

    host.stop_all()

    everything = (up.web, up.worker, *up.beats)
    assert {r.name: r.stopped_in_time for r in everything} == {r.name: True for r in everything}


def test_make_worker_and_beat_run_the_compose_files_commands() -> None:
    services = read_services({"SECRET_KEY": "unused"}, read_image())

    for name in ("worker", "beat"):
        printed = subprocess.run(
            ["make", "-n", "-s", name], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        [line] = [line for line in printed.splitlines() if " recruiting.project " in line]
        # Leading VAR=value words set the environment (make's processes run with DEBUG
        # on, to share `make run`'s development key); the command follows them.
        words = shlex.split(line)
        executable, *arguments = [w for w in words if "=" not in w or w.startswith("-")]
        assert Path(executable).name == services[name].command[0]
        assert arguments == services[name].command[1:]
