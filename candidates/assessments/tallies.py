"""The calibration reports' running tallies, kept by the transactions that score.

An assessment adds to its unit's tallies what the reports would read of it: for each
assessor with a submitted scorecard, their latest weighted score, and once decided
whether it passed and how far that score lies from the panel's median; for the panel,
when at least two have submitted, the sums Krippendorff's alpha is made of. A
submission or an amendment (and the decision it may bring) reads the assessment's
contribution after locking it, again at the end, and adds the difference: a few rows
per change, and the reports read a few rows per assessor and unit however long the
history. The sums are exact decimals, so the figures are the ones a full read gives.

Rows changed around the services (bulk loads, cascading deletes, a job moved to
another unit) leave the tallies wrong: `tallies_recount()` rebuilds them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from candidates.models import AgreementTally, Assessment, CalibrationTally, Score

ZERO = Decimal(0)
TALLY = ("scored", "score_sum", "decided", "passed", "deviated", "deviation_sum")
AGREEMENT = ("panels", "total", "squares", "spread")


@dataclass(frozen=True)
class Contribution:
    unit_id: int
    # assessor id -> weighted score of their latest submitted revision
    values: dict[int, Decimal]
    decided: bool
    passed: bool
    median: Decimal | None


def latest_values(scores: Any) -> dict[int, dict[int, Decimal]]:
    """assessment id -> assessor id -> latest submitted weighted score, from rows of
    (assessment id, assessor id, revision, weighted) of submitted seats' scores."""
    latest: dict[int, dict[int, tuple[int, Decimal]]] = defaultdict(dict)
    for assessment_id, assessor_id, revision, weighted in scores:
        seen = latest[assessment_id].get(assessor_id)
        if seen is None or revision > seen[0]:
            latest[assessment_id][assessor_id] = (revision, weighted or ZERO)
    return {a: {r: v for r, (_, v) in raters.items()} for a, raters in latest.items()}


def _submitted(queryset: Any) -> Any:
    return queryset.filter(is_submitted=True, seat__status="submitted").values_list(
        "seat__assessment_id", "seat__assessor_id", "revision", "weighted"
    )


def contribution_of(assessment: Assessment) -> Contribution:
    """What the reports read of this assessment now (one query for its scores)."""
    values = latest_values(_submitted(Score.objects.filter(seat__assessment=assessment)))
    return _contribution(
        assessment.application.job.unit_id,
        values.get(assessment.pk, {}),
        assessment.status,
        assessment.result,
        assessment.aggregate,
    )


def _contribution(
    unit_id: int, values: dict[int, Decimal], status: str, result: str, aggregate: Any
) -> Contribution:
    decided = status == Assessment.Status.DECIDED
    median = aggregate.get("median") if decided and isinstance(aggregate, dict) else None
    return Contribution(
        unit_id=unit_id,
        values=values,
        decided=decided,
        passed=decided and result == Assessment.Result.PASS,
        median=Decimal(str(median)) if median is not None else None,
    )


def _tallies(c: Contribution, sign: int) -> dict[tuple[int, int], list[Any]]:
    rows = {}
    for assessor_id, value in c.values.items():
        deviated = c.median is not None
        rows[(assessor_id, c.unit_id)] = [
            sign,
            sign * value,
            sign * c.decided,
            sign * c.passed,
            sign * deviated,
            sign * abs(value - c.median) if c.median is not None else ZERO,
        ]
    return rows


def _agreement(c: Contribution, sign: int) -> dict[tuple[int, int], list[Any]]:
    values = list(c.values.values())
    size = len(values)
    if size < 2:
        return {}
    total = sum(values, ZERO)
    squares = sum((v * v for v in values), ZERO)
    spread = 2 * (size * squares - total * total)
    return {(c.unit_id, size): [sign, sign * total, sign * squares, sign * spread]}


def _merged(*parts: dict[tuple[int, int], list[Any]]) -> dict[tuple[int, int], list[Any]]:
    """The parts added up, without the rows that cancel out."""
    merged: dict[tuple[int, int], list[Any]] = {}
    for part in parts:
        _add(merged, part)
    return {key: row for key, row in merged.items() if any(row)}


def tallies_change(before: Contribution, after: Contribution) -> None:
    """Add `after` and take away `before`, in the caller's transaction."""
    _upsert(
        CalibrationTally, ("assessor_id", "unit_id"), TALLY,
        _merged(_tallies(before, -1), _tallies(after, 1)),
    )  # fmt: skip
    _upsert(
        AgreementTally, ("unit_id", "size"), AGREEMENT,
        _merged(_agreement(before, -1), _agreement(after, 1)),
    )  # fmt: skip


def _upsert(
    model: Any,
    keys: tuple[str, str],
    columns: tuple[str, ...],
    rows: dict[tuple[int, int], list[Any]],
) -> None:
    """Add each row to its tally in one statement, keys in order (a fixed lock order)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in (*keys, *columns))
    values = ", ".join(["(" + ", ".join(["%s"] * (len(keys) + len(columns))) + ")"] * len(rows))
    added = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns)
    params = [value for key in sorted(rows) for value in (*key, *rows[key])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {values} "
            f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {added}",
            params,
        )


def _add(into: dict[tuple[int, int], list[Any]], rows: dict[tuple[int, int], list[Any]]) -> None:
    for key, row in rows.items():
        seen = into.get(key)
        into[key] = row if seen is None else [a + b for a, b in zip(seen, row, strict=True)]


def tallies_recount() -> None:
    """Rebuild every tally from the scorecards and assessments (after bulk loads)."""
    submitted = _submitted(Score.objects.all())
    values = latest_values(submitted.iterator(chunk_size=10_000))
    scored = Assessment.objects.filter(pk__in=submitted.values("seat__assessment_id"))
    tallies: dict[tuple[int, int], list[Any]] = {}
    agreement: dict[tuple[int, int], list[Any]] = {}
    for pk, unit_id, status, result, aggregate in scored.values_list(
        "pk", "application__job__unit_id", "status", "result", "aggregate"
    ).iterator(chunk_size=10_000):
        c = _contribution(unit_id, values.get(pk, {}), status, result, aggregate)
        _add(tallies, _tallies(c, 1))
        _add(agreement, _agreement(c, 1))
    with transaction.atomic():
        CalibrationTally.objects.all().delete()
        AgreementTally.objects.all().delete()
        CalibrationTally.objects.bulk_create(
            CalibrationTally(assessor_id=a, unit_id=u, **dict(zip(TALLY, row, strict=True)))
            for (a, u), row in tallies.items()
        )
        AgreementTally.objects.bulk_create(
            AgreementTally(unit_id=u, size=n, **dict(zip(AGREEMENT, row, strict=True)))
            for (u, n), row in agreement.items()
        )
