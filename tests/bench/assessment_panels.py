"""Seating, scoring and deciding 10,000 panels through the real services.

Each run starts from 10,000 fresh applications at the stage before the business-unit
assessment of `Panel Bench` (40 assessors). Advancing each through the engine as the
recruiter opens its assessment and seats a panel of 3 from the pool for real; then two
assessors of each panel submit complete scorecards, the second reaching the quorum, so
the service aggregates and records the decision. Last, `aggregate()` alone is timed
over the same 10,000 panels in memory.

The work is split over BENCH_PANEL_PROCESSES worker processes (2 by default, one per
core of the bench machine), interleaved so that all of them work in the one unit all
along, as concurrent requests would. Panel assignment locks the unit's membership rows,
so the advances of one unit partly serialise: the wall time is the figure.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from candidates.assessments.aggregate import AssessorScore, aggregate
from candidates.models import Assessment, Assignment, OutboxEvent, Score
from candidates.services.applications import application_advance
from tests.bench import panel_data, panel_workers
from tests.bench.assessment_org import PANEL_SIZE, QUORUM, AssessmentWorld
from tests.bench.database import SetupError
from tests.bench.explain import explain_analyze
from tests.bench.organisation import Organisation

Say = Callable[[str], None]
T = TypeVar("T")
PROCESSES = int(os.environ.get("BENCH_PANEL_PROCESSES") or 2)
# Calls at each end of a phase, to show how the cost per call moves as panels fill up.
EDGE = 1_000
AGGREGATE_ROUNDS = 5
# How the statement that counts the pool's open seats (`panel.load_pool`) begins.
POOL_LOAD_SQL = 'SELECT "candidates_assignment"."assessor_id"'


@dataclass(frozen=True)
class Phase:
    wall_seconds: float
    # One per item, in the order each worker did them.
    durations: list[list[float]]

    @property
    def items(self) -> int:
        return sum(len(d) for d in self.durations)

    @property
    def per_item_ms(self) -> float:
        """Wall time per item: what the throughput of the whole run amounts to."""
        return self.wall_seconds / self.items * 1000

    def edge_ms(self, last: bool) -> float:
        """Mean duration of one call among each worker's first (or last) share of EDGE."""
        share = EDGE // len(self.durations)
        calls = [x for d in self.durations for x in (d[-share:] if last else d[:share])]
        return statistics.fmean(calls) * 1000


@dataclass(frozen=True)
class PanelFigures:
    processes: int
    assessments: int
    advance: Phase
    advance_queries: list[str]
    # The pool's open-load query (see POOL_LOAD_SQL) after the first assignment and
    # after the last, in ms of execution; None when the engine no longer runs it.
    pool_load_ms: tuple[float, float] | None
    seated_full: int
    understaffed: int
    open_load: tuple[int, int]
    submit: Phase
    decided: int
    results: dict[str, int]
    aggregate_seconds: float
    aggregate_panels: int
    aggregate_agrees: int
    reset_seconds: float


def run(
    world: Organisation, aw: AssessmentWorld, broker: Callable[[], None], say: Say
) -> PanelFigures:
    """The whole figure; `broker` empties the broker between phases (no worker runs)."""
    started = time.monotonic()
    panel_data.reset(aw)
    ids = panel_data.fresh_applications(world, aw)
    reset_seconds = time.monotonic() - started
    statements = _one_advance(world, ids[0])
    load_sql = next((s for s in statements if s.startswith(POOL_LOAD_SQL)), None)
    load_first = explain_analyze(load_sql).execution_ms if load_sql else 0.0
    say(f"panels: advancing {len(ids) - 1:,} more applications into the assessment stage…")
    jobs = [(chunk, world.recruiter.pk) for chunk in _split(ids[1:])]
    advance = _phase(panel_workers.advance, jobs)
    broker()
    load_last = explain_analyze(load_sql).execution_ms if load_sql else 0.0
    seated_full, understaffed = _seats(aw)
    open_load = _open_load(aw)
    panels = _panels(aw)
    say(f"panels: submitting {QUORUM} scorecards for each of {len(panels):,} assessments…")
    criteria = [c.pk for c in aw.criteria]
    submit = _phase(panel_workers.submit, [(chunk, criteria) for chunk in _split(panels)])
    broker()
    results = _results(aw)
    aggregate_seconds, aggregated, agrees = _aggregate_in_memory(aw)
    # The next core run deletes every outbox row; leave it only the core's own.
    OutboxEvent.objects.filter(payload__unit_id=aw.panel_unit.pk).delete()
    return PanelFigures(
        processes=PROCESSES,
        assessments=len(ids),
        advance=advance,
        advance_queries=statements,
        pool_load_ms=(load_first, load_last) if load_sql else None,
        seated_full=seated_full,
        understaffed=understaffed,
        open_load=open_load,
        submit=submit,
        decided=sum(results.values()),
        results=results,
        aggregate_seconds=aggregate_seconds,
        aggregate_panels=aggregated,
        aggregate_agrees=agrees,
        reset_seconds=reset_seconds,
    )


def _one_advance(world: Organisation, pk: int) -> list[str]:
    """The first advance, alone, with its SQL; a fresh user object, as in a request."""
    actor = get_user_model().objects.get(pk=world.recruiter.pk)
    with CaptureQueriesContext(connection) as captured:
        application_advance(application_id=pk, expected_version=1, actor=actor)
    return [q["sql"] for q in captured.captured_queries]


def _split(items: Sequence[T]) -> list[list[T]]:
    """Interleaved, so every worker works on the unit from the first call to the last."""
    return [list(items[n::PROCESSES]) for n in range(PROCESSES)]


def _phase(work: Callable[[Any], list[float]], jobs: list[Any]) -> Phase:
    if PROCESSES == 1:
        started = time.perf_counter()
        durations = [work(jobs[0])]
        return Phase(time.perf_counter() - started, durations)
    # Spawned, not forked: a child must not share this process's database or broker
    # sockets. An executor, not a Pool: a child that cannot start breaks it (and the
    # bench says why) rather than being started again forever.
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        PROCESSES, mp_context=context, initializer=panel_workers.start
    ) as pool:
        # Every worker set up and connected before the clock starts.
        list(pool.map(panel_workers.ready, range(PROCESSES)))
        started = time.perf_counter()
        durations = list(pool.map(work, jobs))
        wall = time.perf_counter() - started
    return Phase(wall, durations)


def _unit_assessments(aw: AssessmentWorld) -> Any:
    return Assessment.objects.filter(application__job__unit=aw.panel_unit)


def _seats(aw: AssessmentWorld) -> tuple[int, int]:
    """Assessments with a full panel, and those flagged understaffed."""
    counted = _unit_assessments(aw).annotate(n=Count("seats"))
    full = counted.filter(n=PANEL_SIZE, understaffed=False).count()
    return full, _unit_assessments(aw).filter(understaffed=True).count()


def _open_load(aw: AssessmentWorld) -> tuple[int, int]:
    """The fewest and the most open seats a member of the pool holds."""
    loads = dict(
        Assignment.objects.filter(assessment__application__job__unit=aw.panel_unit)
        .values_list("assessor_id")
        .annotate(n=Count("id"))
        .values_list("assessor_id", "n")
    )
    counts = [loads.get(user_id, 0) for user_id in aw.panel_members]
    return min(counts), max(counts)


def _results(aw: AssessmentWorld) -> dict[str, int]:
    """Decided assessments by result."""
    decided = _unit_assessments(aw).filter(status=Assessment.Status.DECIDED).exclude(result="")
    return dict(Counter(decided.values_list("result", flat=True)))


def _panels(aw: AssessmentWorld) -> list[panel_workers.Panel]:
    """Each assessment with the first QUORUM of its seats, by seat id."""
    seats: dict[int, list[int]] = defaultdict(list)
    for assessment_id, assessor_id in (
        Assignment.objects.filter(assessment__application__job__unit=aw.panel_unit)
        .order_by("assessment_id", "id")
        .values_list("assessment_id", "assessor_id")
    ):
        seats[assessment_id].append(assessor_id)
    if not seats:
        raise SetupError("No panel was seated: the advances opened no assessment.")
    return [(pk, tuple(assessors[:QUORUM])) for pk, assessors in sorted(seats.items())]


def _aggregate_in_memory(aw: AssessmentWorld) -> tuple[float, int, int]:
    """The median of a few rounds of `aggregate()` over every panel's submitted scores,
    the number of panels, and how many verdicts equal the result the service recorded."""
    stage = aw.assessment
    panels: dict[int, list[AssessorScore]] = defaultdict(list)
    for assessment_id, assessor_id, weighted in (
        Score.objects.filter(
            seat__assessment__application__job__unit=aw.panel_unit, is_submitted=True
        )
        .filter(~Q(weighted=None))
        .values_list("seat__assessment_id", "seat__assessor_id", "weighted")
    ):
        panels[assessment_id].append(AssessorScore(assessor_id, float(weighted)))
    thresholds = {
        "pass_threshold": float(stage.pass_threshold),
        "fail_threshold": float(stage.fail_threshold),
        "spread_threshold": float(stage.scorecard.spread_threshold) if stage.scorecard else 1.0,
    }
    rounds = []
    verdicts: dict[int, str] = {}
    for _ in range(AGGREGATE_ROUNDS):
        started = time.perf_counter()
        verdicts = {pk: aggregate(scores, **thresholds).result for pk, scores in panels.items()}
        rounds.append(time.perf_counter() - started)
    recorded = dict(_unit_assessments(aw).values_list("pk", "result"))
    agrees = sum(verdicts[pk] == recorded.get(pk) for pk in verdicts)
    return statistics.median(rounds), len(panels), agrees
