"""Throughput under gunicorn, the API against its baselines, runs interleaved round by round."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from statistics import median
from typing import Any

from candidates.models import Application, Transition
from tests.bench.database import SetupError
from tests.bench.load import CONNECTIONS, LoadResult, advance_load, get_load
from tests.bench.report import Report

LIST_PATH = "/api/v1/applications/?page_size=50"
BASELINE_LIST_PATH = "/bench/applications/?page_size=50"
ADVANCE_PATH = "/api/v1/applications/%d/advance/"
BASELINE_ADVANCE_PATH = "/bench/applications/%d/advance/"
ROUNDS = 3
WARMUP_SECONDS = 2.0
LIST_SECONDS = 6.0
MOVES_SECONDS = 6.0
WARMUP_BLOCK = 2_000
TARGET_LIST_RATIO = 0.45
TARGET_MOVES = 300.0

Run = Callable[[int], LoadResult]


def interleaved(runs: dict[str, Run], rounds: int = ROUNDS) -> dict[str, list[LoadResult]]:
    """Each run once per round, the order flipped every round so none always goes first."""
    results: dict[str, list[LoadResult]] = {name: [] for name in runs}
    names = list(runs)
    for round_index in range(rounds):
        for name in names if round_index % 2 == 0 else names[::-1]:
            results[name].append(runs[name](round_index))
    for name, measured in results.items():
        if not any(r.ok for r in measured):
            status = measured[-1].last_bad_status
            raise SetupError(f"{name}: no 2xx answer under load (last status {status}).")
    return results


def rate(results: list[LoadResult]) -> float:
    """Successful requests per second over all rounds."""
    return sum(r.ok for r in results) / sum(r.seconds for r in results)


def paired_ratio(numerator: list[LoadResult], denominator: list[LoadResult]) -> float:
    """The median over rounds of one run's rate over the other's, measured back to back:
    steadier than a ratio of totals when the machine's load changes during the bench."""
    return median(
        a.ok_per_second / b.ok_per_second
        for a, b in zip(numerator, denominator, strict=True)
        if b.ok_per_second
    )


def details(results: dict[str, list[LoadResult]]) -> dict[str, Any]:
    return {
        name: {
            "runs": [r.as_dict() for r in runs],
            "ok_per_second": round(rate(runs), 1),
            "median_run_ok_per_second": round(median(r.ok_per_second for r in runs), 1),
        }
        for name, runs in results.items()
    }


def _list_run(url: str, token: str) -> Run:
    return lambda _round: get_load(url, token, LIST_SECONDS)


def _advance_run(url_format: str, blocks: list[list[int]], token: str) -> Run:
    """Round i advances the applications of blocks[i]."""
    return lambda i: advance_load(url_format, blocks[i], token, MOVES_SECONDS)


def step_list_load(report: Report, base: str, token: str) -> None:
    urls = {
        "api": base + LIST_PATH,
        "baseline": base + BASELINE_LIST_PATH,
    }
    for url in urls.values():
        get_load(url, token, WARMUP_SECONDS)
    results = interleaved({name: _list_run(url, token) for name, url in urls.items()})
    api, baseline = rate(results["api"]), rate(results["baseline"])
    ratio = paired_ratio(results["api"], results["baseline"])
    report.section(f"Applications list under load  gunicorn -w 2, wrk -c{CONNECTIONS}")
    report.add("list_api_rps", "API, page_size=50", api, "req/s")
    report.add("list_baseline_rps", "baseline: one auth query + the page's SQL", baseline, "req/s")
    report.add(
        "list_ratio",
        f"API / baseline, median of {ROUNDS} paired rounds",
        ratio,
        target=f">= {TARGET_LIST_RATIO}",
        ok=ratio >= TARGET_LIST_RATIO,
    )
    bad = sum(r.bad + r.socket_errors for runs in results.values() for r in runs)
    report.add("list_errors", "non-2xx answers and socket errors", bad, target="0", ok=bad == 0)
    report.details["list_load"] = details(results)


def _blocks(ids: list[int], count: int) -> tuple[list[list[int]], list[list[int]]]:
    """Two warm-up blocks, then `count` blocks for measured runs: disjoint, never reused."""
    warmups = [ids[:WARMUP_BLOCK], ids[WARMUP_BLOCK : 2 * WARMUP_BLOCK]]
    rest = ids[2 * WARMUP_BLOCK :]
    size = len(rest) // count
    return warmups, [rest[i * size : (i + 1) * size] for i in range(count)]


def _http_advance_check(base: str, path: str, pk: int, token: str) -> None:
    request = urllib.request.Request(
        base + path % pk,
        data=b'{"version": 1}',
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        if json.load(response)["version"] != 2:
            raise SetupError(f"POST {path % pk} did not bump the version.")


def step_moves_load(
    report: Report, base: str, token: str, checked: list[int], ids: list[int], *, workers: int
) -> list[int]:
    """Advance fresh applications, each once: `checked` one by one first, then `ids` under
    load. Returns the ids handed to the API (not all of them reached before time ran out)."""
    paths = {"api": ADVANCE_PATH, "baseline": BASELINE_ADVANCE_PATH}
    for path, pk in zip(paths.values(), checked, strict=True):
        _http_advance_check(base, path, pk, token)
    warmups, blocks = _blocks(ids, len(paths) * ROUNDS)
    for path, block in zip(paths.values(), warmups, strict=True):
        advance_load(base + path, block, token, WARMUP_SECONDS)
    # Round i of the k-th endpoint takes block len(paths) * i + k.
    results = interleaved(
        {
            name: _advance_run(base + path, blocks[k :: len(paths)], token)
            for k, (name, path) in enumerate(paths.items())
        }
    )
    api, baseline = rate(results["api"]), rate(results["baseline"])
    report.section(
        f"Moves under load  POST .../advance/, gunicorn -w {workers}, wrk -c{CONNECTIONS}"
    )
    report.add(
        "moves_api_per_s",
        "API, successful moves",
        api,
        "moves/s",
        target=f">= {TARGET_MOVES:g}/s",
        ok=api >= TARGET_MOVES,
    )
    report.add(
        "moves_baseline_per_s", "baseline: the same transaction in raw SQL", baseline, "moves/s"
    )
    report.add(
        "moves_ratio",
        f"API / baseline, median of {ROUNDS} paired rounds",
        paired_ratio(results["api"], results["baseline"]),
    )
    for name, runs in results.items():
        bad = sum(r.bad + r.socket_errors for r in runs)
        label = f"{name}: non-2xx answers"
        report.add(f"moves_{name}_refused", label, bad, target="0", ok=bad == 0)
    exhausted = sum(r.exhausted for runs in results.values() for r in runs)
    if exhausted:
        report.add("moves_exhausted", "requests after a block ran out of fresh ids", exhausted)
    report.details["moves_load"] = details(results)
    return [checked[0], *warmups[0], *(pk for block in blocks[:: len(paths)] for pk in block)]


def step_moves_written(report: Report, ids: list[int], api_ids: list[int], queued: int) -> None:
    """Every committed move bumped the version once and wrote one `moved` Transition; the
    API's moves also put their notification tasks on the broker."""
    moved = Application.objects.filter(pk__in=ids, version=2).count()
    history = Transition.objects.filter(application_id__in=ids, kind="moved").count()
    report.details["moves_written"] = {"moved": moved, "transitions": history}
    report.add(
        "moves_consistent",
        "moved applications / their moved Transitions",
        f"{moved:,} / {history:,}",
        target="equal",
        ok=moved == history,
    )
    api_moved = Application.objects.filter(pk__in=api_ids, version=2).count()
    report.details["moves_written"] |= {"api_moved": api_moved, "tasks_queued": queued}
    report.add(
        "moves_tasks_queued",
        "notification tasks left on Redis / API moves",
        f"{queued:,} / {api_moved:,}",
    )
