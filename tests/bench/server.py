"""gunicorn as production runs it (2 sync workers, DEBUG off), on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.database import SetupError

WORKERS = 2
READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str, broker_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
        DATABASE_URL=database_url,
        REDIS_URL=broker_url,
        DEBUG="false",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    return env


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"gunicorn exited with {process.returncode}:\n{_tail(log)}")
        try:
            # Any answer (401 without a token) means a worker serves requests.
            urllib.request.urlopen(f"{base}/bench/applications/", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SetupError(f"gunicorn did not answer within {READY_TIMEOUT:.0f}s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the master stop its workers; its own process group catches stragglers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@contextmanager
def gunicorn(database_url: str, broker_url: str, *, workers: int = WORKERS) -> Iterator[str]:
    """Serve the project with the bench URLs; yields the base URL; always stops it."""
    with serving(database_url, broker_url, workers=workers) as (base, _):
        yield base


@contextmanager
def serving(
    database_url: str, broker_url: str, *, workers: int = WORKERS
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As `gunicorn`, yielding the master process too (to find its workers)."""
    port = free_port()
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log") as log_file:
        log = Path(log_file.name)
        command = [str(gunicorn_bin), "recruiting.project.wsgi", "-w", str(workers)]
        command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
        process = subprocess.Popen(
            command,
            env=_environment(database_url, broker_url),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, process, log)
            yield base, process
        finally:
            _stop(process)


def worker_pids(master: int) -> list[int]:
    """The master's child processes (its workers), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (VmRSS of /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
