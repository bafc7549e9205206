"""Rule evaluation: one candidate's facts against 20 compiled rules, and building the facts."""

from __future__ import annotations

import timeit
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Candidate
from candidates.pipeline.facts import FACT_PREFETCH, candidate_facts
from recruiting.models import Job
from recruiting.rules import CompiledRule, compile_rule
from recruiting.selectors import unit_member_ids
from tests.bench.rule_set import RULES

REPEAT = 5


@dataclass(frozen=True)
class RuleTimes:
    rules: int
    matched: int
    matches_us: float
    explain_us: float
    facts_db_ms: float
    facts_db_queries: int
    facts_memory_us: float


def _best_us(call: Callable[[], object], target_seconds: float = 0.4) -> float:
    """Microseconds per call: the best of REPEAT timings, each of about `target_seconds`."""
    timer = timeit.Timer(call)
    number, elapsed = timer.autorange()
    number = max(1, int(number * target_seconds / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=REPEAT, number=number)) / number * 1e6


def facts_from_db(candidate_id: int, job_id: int, now: datetime) -> dict[str, Any]:
    """What the router does for one candidate and one job, queries included."""
    candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=candidate_id)
    job = Job.objects.select_related("unit", "specialty").get(pk=job_id)
    return candidate_facts(candidate, job, unit_members=unit_member_ids(job.unit), now=now)


def measure(candidate_id: int, job_id: int) -> RuleTimes:
    now = timezone.now()
    compiled: list[CompiledRule] = [compile_rule(definition) for _, definition in RULES]
    facts = facts_from_db(candidate_id, job_id, now)

    def all_matches() -> None:
        for rule in compiled:
            rule.matches(facts)

    def all_explain() -> None:
        for rule in compiled:
            rule.explain(facts)

    with CaptureQueriesContext(connection) as captured:
        facts_from_db(candidate_id, job_id, now)
    candidate = Candidate.objects.prefetch_related(*FACT_PREFETCH).get(pk=candidate_id)
    job = Job.objects.select_related("unit", "specialty").get(pk=job_id)
    members = unit_member_ids(job.unit)
    return RuleTimes(
        rules=len(compiled),
        matched=sum(rule.matches(facts) for rule in compiled),
        matches_us=_best_us(all_matches),
        explain_us=_best_us(all_explain),
        facts_db_ms=_best_us(lambda: facts_from_db(candidate_id, job_id, now), 0.5) / 1000,
        facts_db_queries=len(captured.captured_queries),
        facts_memory_us=_best_us(
            lambda: candidate_facts(candidate, job, unit_members=members, now=now)
        ),
    )
