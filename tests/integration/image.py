"""The production image and its compose file, read from docker/ so the smoke test follows
them: the Dockerfile's environment, build steps and command, and each compose service's
command, environment and volumes.

Only what these two files use is understood; anything else fails loudly rather than
being guessed at.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"


@dataclass(frozen=True)
class Image:
    env: dict[str, str]
    workdir: str
    # RUN steps after `COPY . .`: the build steps over the application's own files (the
    # ones before install packages or make users, which the test's machine provides).
    build_steps: list[str]
    cmd: list[str]
    # What `COPY --from=<stage> /app/<path> <path>` brings from a build stage (the pages'
    # libraries, the compiled catalogue): paths in the application, which `make` builds
    # on the test's machine the same way.
    from_stages: list[str] = field(default_factory=list)


def _instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = "\n".join(kept).replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        if line.strip():
            name, _, rest = line.strip().partition(" ")
            found.append((name.upper(), rest.strip()))
    return found


def read_image(dockerfile: Path = DOCKER / "Dockerfile") -> Image:
    env: dict[str, str] = {}
    workdir = "/"
    build_steps: list[str] = []
    cmd: list[str] = []
    from_stages: list[str] = []
    copied = False
    instructions = _instructions(dockerfile.read_text())
    # Only the last stage is the image; earlier ones build what it copies from them.
    last_from = max(n for n, (name, _) in enumerate(instructions) if name == "FROM")
    for name, rest in instructions[last_from:]:
        if name == "COPY" and rest.startswith("--from="):
            _, source, target = rest.split()
            assert source == f"/app/{target}", f"COPY --from is read as /app/<path> <path>: {rest}"
            from_stages.append(target)
        elif name == "ENV":
            for pair in shlex.split(rest):
                key, sep, value = pair.partition("=")
                assert sep, f"ENV without '=' is not understood: {rest}"
                env[key] = value
        elif name == "WORKDIR":
            workdir = rest
        elif name == "COPY":
            copied = copied or rest.split() == [".", "."]
        elif name == "RUN" and copied:
            build_steps.append(rest)
        elif name == "CMD":
            cmd = json.loads(rest)
    assert cmd, "the Dockerfile has no CMD in exec form"
    return Image(env, workdir, build_steps, cmd, from_stages)


class UnsetVariable(LookupError):
    pass


_VARIABLE = re.compile(r"\$(?:\$|\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\})")


def interpolate(value: str, env: Mapping[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`,
    `${NAME?error}` and `$$`, against the environment compose runs in."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"] or "", match["arg"] or ""
        if name is None:
            return "$"
        present = name in env and (env[name] != "" or not op.startswith(":"))
        if present:
            return env[name]
        if op.endswith("?"):
            raise UnsetVariable(f"{name}: {arg}")
        return arg if op.endswith("-") else ""

    return _VARIABLE.sub(one, value)


@dataclass(frozen=True)
class Service:
    name: str
    command: list[str]
    environment: dict[str, str]
    # Whether the service reads an env file: the operator's settings file, which the
    # test stands in for with the settings it passes.
    reads_env_file: bool
    # Container path -> named volume.
    volumes: dict[str, str] = field(default_factory=dict)


def read_services(
    operator: Mapping[str, str], image: Image, compose: Path = DOCKER / "compose.yaml"
) -> dict[str, Service]:
    """Each service that runs the image, with `${...}` resolved against `operator`."""
    spec = yaml.safe_load(compose.read_text())
    services = {}
    for name, service in spec["services"].items():
        if "build" not in service:
            continue
        environment = service.get("environment") or {}
        assert isinstance(environment, dict), "environment as a mapping is understood"
        volumes = {}
        for volume in service.get("volumes") or []:
            source, target = volume.split(":")[:2]
            volumes[target] = source
        command = service.get("command", image.cmd)
        assert isinstance(command, list), "commands in exec form (a list) are understood"
        services[name] = Service(
            name=name,
            command=[interpolate(str(arg), operator) for arg in command],
            environment={
                key: interpolate(str(value), operator) for key, value in environment.items()
            },
            reads_env_file=bool(service.get("env_file")),
            volumes=volumes,
        )
    return services
