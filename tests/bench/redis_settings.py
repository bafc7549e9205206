"""The Redis databases the benches empty and fill: their own, never another workload's.
Part of the bench settings (`tests.bench.settings`), kept in a module of its own so the
runner can read it before Django is set up."""

from __future__ import annotations

import os

# `make bench` takes BENCH_REDIS_URL (the broker of the web processes it measures);
# `make bench-notify` BENCH_NOTIFY_REDIS_URL. Both are flushed before and after a run.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/15"
BENCH_NOTIFY_REDIS_URL = os.environ.get("BENCH_NOTIFY_REDIS_URL") or "redis://127.0.0.1:6379/14"
# Databases other workloads on this Redis use, which a bench must refuse to flush: the
# integration tests (5), the image smoke test (7), and another team's workload (8);
# the project's own REDIS_URL is refused too.
OTHER_WORKLOADS_REDIS_DATABASES = (5, 7, 8)
