"""The project's settings plus the baseline views' URLs, for the bench runner and gunicorn."""

from __future__ import annotations

import warnings

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
# API responses need no static files; WhiteNoise would warn that none were collected.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# The benches' own Redis databases (read before Django is set up, so kept apart).
from tests.bench.redis_settings import (  # noqa: E402, F401
    BENCH_NOTIFY_REDIS_URL,
    BENCH_REDIS_URL,
    OTHER_WORKLOADS_REDIS_DATABASES,
)
