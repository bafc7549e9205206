"""The project as it is deployed: gunicorn, Celery and `manage.py` in processes of their
own, with the environment a production host would give them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.integration.receivers import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# A key as production would have one: long, random, not in any file of this repository.
PRODUCTION_KEY = "kq3V9x1Zr7Tn5Lw2Ye8Pc4Hs6Jm0Ud9Fb3Ga7Qe5Xt1Ri8Ko2Nv6Sy4Wz0Mj"


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment with the project's own settings (not the suite's),
    DEBUG off, and the overrides."""
    inherited = dict(os.environ)
    # Set for Playwright by the browser tests in this process; never in production.
    inherited.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "recruiting.project.settings",
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_KEY,
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def run(
    command: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@dataclass
class Server:
    base: str
    log: Path
    process: subprocess.Popen[bytes]

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_gunicorn(env: dict[str, str], log: Path, *, config: Path | None = None) -> Server:
    """gunicorn with one worker on a free loopback port; not waited for."""
    port = free_port()
    command = [str(BIN / "gunicorn")]
    if config is not None:
        command += ["-c", str(config)]
    command += ["recruiting.project.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(f"http://127.0.0.1:{port}", log, process)


@contextmanager
def gunicorn(env: dict[str, str], log: Path, *, config: Path | None = None) -> Iterator[Server]:
    """gunicorn serving until the block ends, once its worker answers /healthz."""
    server = start_gunicorn(env, log, config=config)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.process.poll() is None, f"gunicorn exited:\n{server.output()[-3000:]}"
            assert time.monotonic() < deadline, f"gunicorn never answered:\n{server.output()}"
            try:
                urllib.request.urlopen(server.base + "/healthz", timeout=2)
            except OSError:
                time.sleep(0.1)
                continue
            break
        yield server
    finally:
        stop(server.process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
