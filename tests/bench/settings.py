"""The project's settings plus the baseline views' URLs, for the bench runner and gunicorn."""

from __future__ import annotations

import os
import warnings

# gunicorn runs with DEBUG off, which refuses the published development key; processes
# the bench starts inherit this one through the environment.
os.environ.setdefault("SECRET_KEY", "bench-only-7c1e9a4f2b8d6e3a5c0f9b2d4e6a8c1f3b5d7e9a2c4f")

from recruiting.project.settings import *  # noqa: F403
from recruiting.project.settings import ALLOWED_HOSTS, LOGGING

ROOT_URLCONF = "tests.bench.urls"
# The in-process checks use Django's test client, which calls itself "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# Under load, every refused move would otherwise log a warning line per request.
LOGGING = {
    **LOGGING,
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "ERROR"}},
}
# The bench measures throughput from one token and one address, thousands of requests a
# second: rate limits would measure themselves.
API_THROTTLE_AUTHENTICATED = None
API_THROTTLE_ANONYMOUS = None
# API responses need no static files; WhiteNoise would warn that none were collected.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# The benches' own Redis databases (read before Django is set up, so kept apart).
from tests.bench.redis_settings import (  # noqa: E402, F401
    BENCH_NOTIFY_REDIS_URL,
    BENCH_REDIS_URL,
    OTHER_WORKLOADS_REDIS_DATABASES,
)
