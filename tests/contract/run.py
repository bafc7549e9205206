"""One fuzz run: the API served by gunicorn, and schemathesis against its schema as one
persona. `tests/contract/test_fuzz.py` starts it in a network namespace of its own
(`unshare --net`), where loopback is the only network: whatever URL the fuzzer
registers as a webhook, nothing leaves the machine. PostgreSQL is reached by its Unix
socket, which a network namespace does not cut off.

    python -m tests.contract.run --database URL --static-root DIR --persona admin \
        --report-dir DIR --budget 150 --examples 20 --seed 1

Exits with schemathesis' exit code: 0 when no check failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.deployment.conftest import ROOT, environment, stop

BIN = Path(sys.executable).parent
PORT = 8000
CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
)


def server_environment(database: str, static_root: Path) -> dict[str, str]:
    """Production settings (DEBUG off), with what would throttle a fuzzer turned off:
    the API's rate limits, and the login lockout (a limit no run reaches). Mail goes
    nowhere; tasks run in the web process, as without a broker."""
    return environment(
        DJANGO_SETTINGS_MODULE="tests.contract.settings",
        FUZZ_STATIC_ROOT=str(static_root),
        DATABASE_URL=database,
        API_THROTTLE_AUTHENTICATED="off",
        API_THROTTLE_ANONYMOUS="off",
        AXES_FAILURE_LIMIT="1000000000",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        REDIS_URL="",
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--static-root", type=Path, required=True)
    parser.add_argument("--persona", required=True)
    parser.add_argument("--report-dir", type=Path, required=True)
    parser.add_argument("--budget", type=int, required=True, help="seconds of fuzzing")
    parser.add_argument("--examples", type=int, required=True, help="most cases per operation")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's")
    return parser.parse_args()


def start_server(args: argparse.Namespace, log: Path) -> subprocess.Popen[bytes]:
    # The image's gunicorn settings, on loopback and with the run's workers.
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "docker" / "gunicorn.conf.py")]
    command += ["recruiting.project.wsgi:application", "--bind", f"127.0.0.1:{PORT}"]
    command += ["--workers", str(args.workers), "--timeout", "60"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_environment(args.database, args.static_root),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            sys.exit(f"gunicorn did not start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)


def schemathesis(args: argparse.Namespace, base: str, phases: str, seconds: int) -> int:
    command = [str(BIN / "schemathesis"), "--config-file", str(CONFIG), "--no-color", "run"]
    command += [f"{base}/api/schema/", "--phases", phases]
    command += ["--checks", ",".join(CHECKS)]
    command += ["--max-examples", str(args.examples), "--max-time", str(seconds)]
    # One thread: on this Python (3.11.7), hypothesis' ast.parse in two threads at once
    # can fail with a spurious SystemError (CPython gh-106905, fixed in 3.11.8).
    command += ["--seed", str(args.seed), "--workers", "1"]
    command += ["--report", "ndjson", "--report-dir", str(args.report_dir)]
    environment = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.contract.hooks",
        "FUZZ_BASE_URL": base,
        "FUZZ_USERNAME": args.persona,
    }
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def fuzz(args: argparse.Namespace, base: str) -> int:
    """Each operation on its own first (its examples, the schema's boundaries, then
    random cases), at most two thirds of the budget; then sequences of calls that feed
    one answer's ids into the next request, for what is left (a minute at least)."""
    started = time.monotonic()
    single = schemathesis(args, base, "examples,coverage,fuzzing", args.budget * 2 // 3)
    left = max(60, args.budget - int(time.monotonic() - started))
    chained = schemathesis(args, base, "stateful", left)
    return single or chained


def main() -> None:
    args = arguments()
    args.report_dir.mkdir(parents=True, exist_ok=True)
    # A new network namespace starts with loopback down.
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    log = args.report_dir / "server.log"
    server = start_server(args, log)
    try:
        code = fuzz(args, f"http://127.0.0.1:{PORT}")
    finally:
        stop(server)
    sys.exit(code)


if __name__ == "__main__":
    main()
