"""The machine standing in for a container engine in the smoke test (test_image.py):
the image's files laid out in a temporary directory, its volumes as directories owned
by the unprivileged user, and the processes started as that user and stopped as
`docker stop` stops a container."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.integration.image import Image, Service

ROOT = Path(__file__).resolve().parents[2]
# The image's processes run as its user `app`; here, as `nobody`.
USER = pwd.getpwnam("nobody")
# `docker stop` waits this long after SIGTERM before it kills.
STOP_GRACE = 10


@dataclass
class Running:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float = field(default_factory=time.monotonic)
    stopped_in_time: bool | None = None

    def alive(self) -> bool:
        return self.process.poll() is None

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self) -> str:
        """Its errors, then the end of its log."""
        text = self.text()
        errors = [line for line in text.splitlines() if re.search(r": (ERROR|CRITICAL)/", line)]
        state = "running" if self.alive() else f"exited {self.process.returncode}"
        return "\n".join([f"--- {self.name} ({state})", *errors[:20], "...", text[-3000:]])


@dataclass
class Host:
    """The machine standing in for the container engine: the image's files, its
    packages, the volumes, and the processes started as the unprivileged user."""

    root: Path
    venv: Path
    image: Image
    services: dict[str, Service]
    operator: dict[str, str]
    addresses: dict[str, str]
    running: list[Running] = field(default_factory=list)

    @property
    def app(self) -> Path:
        return self.root / "app"

    def volume(self, name: str) -> Path:
        return self.root / "volumes" / name

    def mounts(self) -> dict[str, Path]:
        paths = {self.image.workdir: self.app}
        for service in self.services.values():
            paths.update({target: self.volume(name) for target, name in service.volumes.items()})
        return paths

    def on_host(self, value: str) -> str:
        """A path in the container as the path that stands for it here."""
        for target, path in sorted(self.mounts().items(), key=lambda m: -len(m[0])):
            if value == target or value.startswith(target.rstrip("/") + "/"):
                return str(path) + value[len(target.rstrip("/")) :]
        return value

    def base_env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.venv}/bin:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": USER.pw_dir,
        }

    def env_of(self, name: str) -> dict[str, str]:
        """The environment compose gives the service's container: the image's, then
        the env file's, then the service's own, with compose's hosts replaced."""
        service = self.services[name]
        env = {**self.base_env(), **self.image.env}
        if service.reads_env_file:
            env.update(self.operator)
        env.update(service.environment)
        missing = set(self.addresses) - set(service.environment)
        assert not missing, f"{name} no longer sets {missing}: update the test's addresses"
        env.update(self.addresses)
        return {key: self.on_host(value) for key, value in env.items()}

    def build(self) -> None:
        """The build context copied, the Dockerfile's build steps run (as root, as the
        build does), then everything root-owned and read-only."""
        self.root.chmod(0o755)
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout.decode()
        for relative in filter(None, listed.split("\0")):
            source = ROOT / relative
            if source.is_file():
                (self.app / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, self.app / relative)
        for relative in self.image.from_stages:
            built = ROOT / relative
            assert built.exists(), f"{relative} is built by make (assets, translations)"
            if built.is_dir():
                shutil.copytree(built, self.app / relative, dirs_exist_ok=True)
            else:
                (self.app / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(built, self.app / relative)
        env = {**self.base_env(), **self.image.env}
        for step in self.image.build_steps:
            built = subprocess.run(
                ["/bin/sh", "-c", step], cwd=self.app, env=env, capture_output=True, text=True
            )
            assert built.returncode == 0, f"RUN {step}\n{built.stdout}{built.stderr}"
        subprocess.run(["chown", "-R", "root:root", str(self.app)], check=True)
        subprocess.run(["chmod", "-R", "a-w", str(self.app)], check=True)
        for path in self.mounts().values():
            if path != self.app:
                path.mkdir(parents=True)
                os.chown(path, USER.pw_uid, USER.pw_gid)
        (self.root / "logs").mkdir()

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Running:
        log = self.root / "logs" / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    "setpriv",
                    f"--reuid={USER.pw_uid}",
                    f"--regid={USER.pw_gid}",
                    "--clear-groups",
                    "--",
                    *[self.on_host(arg) for arg in argv],
                ],
                cwd=self.app,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        running = Running(name, process, log)
        self.running.append(running)
        return running

    def run(self, name: str, argv: list[str], env: dict[str, str], timeout: float) -> Running:
        running = self.start(name, argv, env)
        try:
            running.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(running)
        return running

    def stop(self, running: Running) -> None:
        """SIGTERM to the main process, as `docker stop` sends; whatever is left of its
        process group after the grace period is killed."""
        if running.alive():
            running.process.send_signal(signal.SIGTERM)
            try:
                running.process.wait(timeout=STOP_GRACE)
                running.stopped_in_time = True
            except subprocess.TimeoutExpired:
                running.stopped_in_time = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(running.process.pid, signal.SIGKILL)
        running.process.wait(timeout=10)

    def stop_all(self) -> None:
        for running in reversed(self.running):
            self.stop(running)


def on_port(argv: list[str], port: int) -> list[str]:
    """The web command bound to loopback on a free port instead of the container's: its
    own --bind replaced, or one added (a command-line option wins over gunicorn's
    config file)."""
    argv = list(argv)
    if "--bind" in argv:
        argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
        return argv
    return [argv[0], "--bind", f"127.0.0.1:{port}", *argv[1:]]
