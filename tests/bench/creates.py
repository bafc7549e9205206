"""Creates under load: a candidate and then their application through the API, against
the same rows written by hand in SQL (`create_views`), runs interleaved round by round.

gunicorn with 2 workers, 8 clients (wrk, one connection per thread), each client
posting a candidate, reading its id, posting the application. The candidates are
fresh every run (their own email domain); the last run's are deleted first.
"""

from __future__ import annotations

import time

from django.db import connection

from candidates.models import Candidate
from tests.bench.load import CONNECTIONS, LoadResult, create_load
from tests.bench.organisation import Organisation
from tests.bench.report import Report
from tests.bench.throughput import ROUNDS, WARMUP_SECONDS, details, interleaved, paired_ratio, rate

DOMAIN = "create.bench"
SECONDS = 6.0
TARGET_PAIRS = 250.0
TARGET_RATIO = 0.4
PATHS = {
    "api": ("/api/v1/candidates/", "/api/v1/applications/"),
    "baseline": ("/bench/candidates/", "/bench/applications/create/"),
}


def reset() -> int:
    """Delete the candidates (and their applications, history, outbox rows) of past runs."""
    deleted, _ = Candidate.objects.filter(email_normalized__endswith=f"@{DOMAIN}").delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) candidates_candidate, candidates_application")
    return deleted


def step_creates(report: Report, base: str, world: Organisation, *, workers: int) -> None:
    job = world.jobs[0]
    stamp = f"r{int(time.time())}"
    env = {"BENCH_TOKEN": world.token, "BENCH_JOB": str(job.pk)}
    env["BENCH_SPECIALTY"] = str(job.specialty_id)

    def run(name: str, label: str) -> LoadResult:
        return create_load(base, PATHS[name], {**env, "BENCH_RUN": f"{stamp}-{label}"}, SECONDS)

    for name in PATHS:
        create_load(base, PATHS[name], {**env, "BENCH_RUN": f"{stamp}-warm-{name}"}, WARMUP_SECONDS)
    results = interleaved({name: (lambda i, n=name: run(n, f"{n}{i}")) for name in PATHS})
    api, baseline = rate(results["api"]), rate(results["baseline"])
    ratio = paired_ratio(results["api"], results["baseline"])
    report.section(
        f"Creates under load  POST candidate, then POST application, gunicorn -w {workers}, "
        f"{CONNECTIONS} clients"
    )
    report.add(
        "creates_api_pairs_per_s",
        "API, candidate + application pairs",
        api,
        "pairs/s",
        target=f">= {TARGET_PAIRS:g}/s",
        ok=api >= TARGET_PAIRS,
    )
    report.add(
        "creates_baseline_pairs_per_s", "baseline: the same rows in hand-written SQL", baseline,
        "pairs/s",
    )  # fmt: skip
    report.add(
        "creates_ratio",
        f"API / baseline, median of {ROUNDS} paired rounds",
        ratio,
        target=f">= {TARGET_RATIO}",
        ok=ratio >= TARGET_RATIO,
    )
    bad = sum(r.bad + r.socket_errors for runs in results.values() for r in runs)
    report.add("creates_errors", "non-201 answers and socket errors", bad, target="0", ok=bad == 0)
    report.details["creates_load"] = details(results)
