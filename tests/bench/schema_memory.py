"""The schema endpoint, which needs no login: its worker's memory over 200 calls and
the time of a call, on gunicorn with one worker (anyone could call it in a loop)."""

from __future__ import annotations

import statistics
import time
import urllib.request

from tests.bench.database import SetupError
from tests.bench.report import Report
from tests.bench.server import rss_mb, serving, worker_pids

CALLS = 200
# Memory may move a little (allocator, caches); a leak grows with every call.
TARGET_GROWTH_MB = 5.0


def _call(base: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(base + "/api/schema/", timeout=60) as response:
        if response.status != 200 or not response.read():
            raise SetupError(f"/api/schema/ answered {response.status}")
    return (time.perf_counter() - started) * 1000


def step_schema(report: Report, url: str, broker: str) -> None:
    with serving(url, broker, workers=1) as (base, master):
        pids = worker_pids(master.pid)
        if len(pids) != 1:
            raise SetupError(f"expected one gunicorn worker, found {pids}")
        worker = pids[0]
        started_mb = rss_mb(worker)
        times = [_call(base)]
        first_mb = rss_mb(worker)
        times += [_call(base) for _ in range(CALLS - 1)]
        last_mb = rss_mb(worker)
    growth = last_mb - first_mb
    report.section(f"Schema endpoint  GET /api/schema/ x {CALLS}, gunicorn -w 1, no login")
    report.add(
        "schema_rss_mb",
        f"worker memory: started / after the first call / after {CALLS}",
        f"{started_mb:.0f} / {first_mb:.0f} / {last_mb:.0f} MB",
    )
    report.add(
        "schema_growth_mb",
        f"growth over calls 2 to {CALLS}",
        f"{growth:.1f}",
        "MB",
        target=f"< {TARGET_GROWTH_MB:g} MB",
        ok=growth < TARGET_GROWTH_MB,
    )
    report.add(
        "schema_ms",
        "a call: the first (builds it) / median of the rest",
        f"{times[0]:.0f} / {statistics.median(times[1:]):.1f} ms",
    )
    report.details["schema"] = {
        "rss_mb": [round(started_mb, 1), round(first_mb, 1), round(last_mb, 1)],
        "first_ms": round(times[0], 1),
        "median_ms": round(statistics.median(times[1:]), 2),
    }
