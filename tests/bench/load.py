"""Load with wrk: 8 connections on 2 threads, a Lua script counting answers by status."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.database import SetupError

HERE = Path(__file__).resolve().parent
THREADS = 2
CONNECTIONS = 8


@dataclass(frozen=True)
class LoadResult:
    ok: int
    bad: int
    seconds: float
    p50_ms: float
    p99_ms: float
    last_bad_status: int
    socket_errors: int
    exhausted: int = 0

    @property
    def ok_per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "ok_per_second": round(self.ok_per_second, 1)}


def ensure_wrk() -> str:
    """wrk from Debian, installed on first use (apt-get update only when needed)."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") is None:
        raise SetupError("wrk is missing and there is no apt-get to install it with.")
    if _apt("install", "-y", "-q", "wrk") != 0:
        _apt("update", "-q")
        _apt("install", "-y", "-q", "wrk")
    found = shutil.which("wrk")
    if not found:
        raise SetupError("wrk is missing and `apt-get install -y wrk` did not install it.")
    return found


def _apt(*args: str) -> int:
    done = subprocess.run(["apt-get", *args], capture_output=True, check=False)
    return done.returncode


def _run(
    url: str,
    script: str,
    seconds: float,
    env: dict[str, str],
    *,
    threads: int = THREADS,
    connections: int = CONNECTIONS,
) -> LoadResult:
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"]
    command += ["--timeout", "10s", "-s", str(HERE / script), url]
    completed = subprocess.run(
        command,
        env={**os.environ, "BENCH_THREADS": str(threads), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(
        (ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None
    )
    if completed.returncode != 0 or line is None:
        raise SetupError(
            f"wrk failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    data = json.loads(line.removeprefix("BENCH_RESULT "))
    return LoadResult(
        ok=data["ok"],
        bad=data["bad"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_ms"],
        p99_ms=data["p99_ms"],
        last_bad_status=data["last_bad_status"],
        socket_errors=data["socket_errors"],
        exhausted=data.get("exhausted", 0),
    )


def get_load(url: str, token: str, seconds: float) -> LoadResult:
    return _run(url, "list.lua", seconds, {"BENCH_TOKEN": token})


def advance_load(url_format: str, ids: list[int], token: str, seconds: float) -> LoadResult:
    """POST advances to `url_format % id` for `ids`, each at most once, split by thread."""
    parts = urlsplit(url_format)
    with tempfile.NamedTemporaryFile("w", prefix="bench-ids-", suffix=".txt") as ids_file:
        ids_file.write("".join(f"{pk}\n" for pk in ids))
        ids_file.flush()
        env = {"BENCH_TOKEN": token, "BENCH_IDS_FILE": ids_file.name, "BENCH_PATH": parts.path}
        return _run(f"{parts.scheme}://{parts.netloc}", "advance.lua", seconds, env)


def create_load(
    base: str, paths: tuple[str, str], env: dict[str, str], seconds: float
) -> LoadResult:
    """Candidate-then-application pairs (create.lua) from CONNECTIONS clients, one thread
    each: a client's next request depends on its last answer. `ok` counts pairs."""
    candidates, applications = paths
    env = {**env, "BENCH_CANDIDATES_PATH": candidates, "BENCH_APPLICATIONS_PATH": applications}
    return _run(base, "create.lua", seconds, env, threads=CONNECTIONS, connections=CONNECTIONS)
