"""Contract fuzzing: schemathesis sends generated requests to every operation of the
published schema, on a real gunicorn serving the demo data, as an admin and as a
recruiter, and checks every answer: no server error, the status documented, the body
and its content type as the schema says. Any failure fails the test, with schemathesis'
report (each failure with a curl command that reproduces it).

Each persona gets a PostgreSQL database of its own, a copy of one seeded by
`manage.py seed_demo`, so what the admin deletes is never missing from the recruiter's
run. The server runs with production settings (its static files collected for the run),
the rate limits and the login lockout off (they would throttle the fuzzer), in a
network namespace with loopback only (`tests/contract/run.py`). Nothing is excluded
from the schema.

`make fuzz` runs it alone. FUZZ_BUDGET (seconds per persona, 150), FUZZ_EXAMPLES (most
cases per operation and phase, 20) and FUZZ_SEED (random; printed) change the run;
FUZZ_REPORT_DIR keeps its reports (schemathesis' output and NDJSON event streams, the
server's log), in a folder per persona.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from drf_spectacular.generators import SchemaGenerator
from psycopg import sql

from candidates.demo.catalogue import PASSWORD
from tests.contract.run import server_environment
from tests.deployment.conftest import ROOT, run

pytestmark = pytest.mark.contract

BUDGET = int(os.environ.get("FUZZ_BUDGET", "150"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
SEED = int(os.environ.get("FUZZ_SEED") or random.randrange(2**31))


@dataclass
class Databases:
    """The seeded database and its copies, named after the suite's (`_fuzz…`)."""

    server: str
    url: Any
    seeded: str
    copies: list[str] = field(default_factory=list)

    def execute(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self, name: str) -> None:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self.execute(drop.format(sql.Identifier(name)))

    def tcp(self, name: str) -> str:
        return str(urlunsplit(self.url._replace(path=f"/{name}")))

    def copy(self, suffix: str) -> str:
        """A fresh copy of the seeded database, by its Unix socket (reachable from the
        server's network namespace)."""
        name = f"{self.seeded}_{suffix}"
        self.drop(name)
        self.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(self.seeded)
            )
        )
        self.copies.append(name)
        with psycopg.connect(self.server) as connection:
            row = connection.execute("SHOW unix_socket_directories").fetchone()
        assert row is not None
        socket = str(row[0]).split(",")[0].strip()
        return f"postgres://{self.url.username or 'postgres'}@/{name}?host={socket}"


@dataclass
class Site:
    """What the servers share: the seeded database and the collected static files."""

    databases: Databases
    static_root: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres") or url.hostname not in ("127.0.0.1", "localhost"):
        pytest.skip("needs DATABASE_URL on this machine's PostgreSQL (its Unix socket)")
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("runs the server in a network namespace of its own: needs root and unshare")
    databases = Databases(
        server=str(urlunsplit(url._replace(path="/postgres"))),
        url=url,
        seeded=f"{url.path.lstrip('/')}_fuzz",
    )
    databases.drop(databases.seeded)
    databases.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(databases.seeded)))
    static_root = tmp_path_factory.mktemp("fuzz-static")
    env = server_environment(databases.tcp(databases.seeded), static_root)
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        done = run([sys.executable, "manage.py", *command], env, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    yield Site(databases, static_root)
    for name in [*databases.copies, databases.seeded]:
        databases.drop(name)


def schema_operations() -> set[str]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    methods = {"get", "post", "put", "patch", "delete"}
    return {f"{m.upper()} {path}" for path, item in paths.items() for m in item if m in methods}


@dataclass
class Figures:
    """What a run sent (the operations of the schema it reached), and what failed."""

    operations: set[str] = field(default_factory=set)
    requests: int = 0
    failures: set[tuple[str, str, str]] = field(default_factory=set)
    phases: dict[str, int] = field(default_factory=dict)

    def read(self, report: Path) -> Figures:
        """Counts from schemathesis' NDJSON event streams."""
        for path in sorted(report.glob("*.ndjson")):
            for line in path.read_text().splitlines():
                event = json.loads(line)
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished["recorder"]
                phase = finished["phase"]
                sent = recorder.get("interactions", {})
                self.requests += len(sent)
                self.phases[phase] = self.phases.get(phase, 0) + len(sent)
                for case in sent:
                    value = recorder["cases"][case]["value"]
                    self.operations.add(f"{value['method']} {value['path']}")
                for checks in recorder.get("checks", {}).values():
                    for check in checks:
                        if check["status"] == "failure":
                            failure = check["failure_info"]["failure"]
                            self.failures.add(
                                (failure["operation"], failure["code"], failure["message"])
                            )
        return self


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
def test_every_answer_to_generated_requests_keeps_to_the_schema(
    site: Site, persona: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = site.databases.copy(persona)
    report = Path(os.environ.get("FUZZ_REPORT_DIR") or tmp_path) / persona
    shutil.rmtree(report, ignore_errors=True)
    report.mkdir(parents=True)
    command = ["unshare", "--net", sys.executable, "-m", "tests.contract.run"]
    command += ["--database", database, "--static-root", str(site.static_root)]
    command += ["--persona", persona, "--report-dir", str(report)]
    command += ["--budget", str(BUDGET), "--examples", str(EXAMPLES), "--seed", str(SEED)]
    started = time.monotonic()

    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "FUZZ_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=BUDGET * 3 + 120,
        check=False,
    )

    seconds = time.monotonic() - started
    (report / "schemathesis.txt").write_text(done.stdout + done.stderr)
    figures = Figures().read(report)
    operations = schema_operations()
    phases = ", ".join(f"{name} {count}" for name, count in figures.phases.items())
    summary = (
        f"\nfuzz as {persona} (seed {SEED}): {len(figures.operations & operations)} of "
        f"{len(operations)} operations, "
        f"{figures.requests} requests ({phases}), {len(figures.failures)} failures, "
        f"{seconds:.0f} s"
    )
    with capsys.disabled():
        print(summary)
    if done.returncode != 0 or figures.failures:
        log = report / "server.log"
        server = log.read_text(errors="replace")[-6000:] if log.exists() else "(none)"
        pytest.fail(f"{summary}\n{done.stdout}\n{done.stderr}\nserver log:\n{server}")
    assert sorted(operations - figures.operations) == [], "operations the run never reached"
