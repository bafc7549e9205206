"""Calibration reports: how each assessor scores against their panels, and how much
a unit's panels agree (Krippendorff's alpha; see `agreement.py` for why).

Both read the tallies the scoring transactions keep (`tallies.py`): a few rows per
assessor and unit, however many scorecards the units have collected. The `*_from_history`
functions compute the same figures from every scorecard; tests hold the two equal.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from statistics import mean
from typing import Any

from candidates.assessments.agreement import interval_alpha_from_sums, krippendorff_alpha
from candidates.assessments.tallies import latest_values
from candidates.models import AgreementTally, Assessment, CalibrationTally, Score


def _mean(total: Any, count: int) -> float | None:
    return round(float(Fraction(total) / count), 3) if count else None


def assessor_report(unit_ids: list[int] | None) -> list[dict[str, Any]]:
    """Per assessor: assessments scored, mean weighted score, pass rate of the panels
    they sat on, mean absolute deviation from their panels' median."""
    tallies = CalibrationTally.objects.all()
    if unit_ids is not None:
        tallies = tallies.filter(unit_id__in=unit_ids)
    per: dict[int, list[Any]] = {}
    for assessor_id, *row in tallies.values_list(
        "assessor_id", "scored", "score_sum", "decided", "passed", "deviated", "deviation_sum"
    ):
        seen = per.get(assessor_id)
        per[assessor_id] = row if seen is None else [a + b for a, b in zip(seen, row, strict=True)]
    return [
        {
            "assessor_id": assessor_id,
            "assessments_scored": scored,
            "mean_score": _mean(score_sum, scored),
            "pass_rate": _mean(passed, decided),
            "mean_deviation_from_median": _mean(deviation_sum, deviated),
        }
        for assessor_id, (scored, score_sum, decided, passed, deviated, deviation_sum) in sorted(
            per.items()
        )
        if scored
    ]


def unit_report(unit_ids: list[int]) -> list[dict[str, Any]]:
    """Per unit: Krippendorff's alpha (interval metric) over the weighted scores of
    every panel with at least two submitted scorecards."""
    sums: dict[int, list[Any]] = defaultdict(lambda: [0, 0, Fraction(0), Fraction(0), Fraction(0)])
    for unit_id, size, panels, total, squares, spread in AgreementTally.objects.filter(
        unit_id__in=unit_ids, panels__gt=0
    ).values_list("unit_id", "size", "panels", "total", "squares", "spread"):
        row = sums[unit_id]
        row[0] += panels
        row[1] += panels * size
        row[2] += Fraction(total)
        row[3] += Fraction(squares)
        row[4] += Fraction(spread) / (size - 1)
    rows = []
    for unit_id in unit_ids:
        units, values, total, squares, observed = sums[unit_id]
        agreement = interval_alpha_from_sums(
            units=units, values=values, total=total, squares=squares, observed=observed
        )
        rows.append(_unit_row(unit_id, agreement))
    return rows


def _unit_row(unit_id: int, agreement: Any) -> dict[str, Any]:
    return {
        "unit_id": unit_id,
        "statistic": "krippendorff_alpha",
        **agreement.to_dict(),
        "alpha": round(agreement.alpha, 3) if agreement.alpha is not None else None,
    }


def _latest_scores(unit_ids: list[int] | None) -> dict[int, dict[int, float]]:
    """assessment id -> assessor id -> weighted score of their latest submitted revision."""
    scores = Score.objects.filter(is_submitted=True, seat__status="submitted")
    if unit_ids is not None:
        scores = scores.filter(seat__assessment__application__job__unit_id__in=unit_ids)
    rows = scores.values_list("seat__assessment_id", "seat__assessor_id", "revision", "weighted")
    return {
        a: {r: float(v) for r, v in raters.items()} for a, raters in latest_values(rows).items()
    }


def assessor_report_from_history(unit_ids: list[int] | None) -> list[dict[str, Any]]:
    """`assessor_report` computed from every submitted scorecard (the reference)."""
    latest = _latest_scores(unit_ids)
    closed = Assessment.objects.filter(status="decided")
    if unit_ids is not None:
        closed = closed.filter(application__job__unit_id__in=unit_ids)
    decided: dict[int, str] = {}
    medians: dict[int, Any] = {}
    for pk, result, aggregate in closed.values_list("pk", "result", "aggregate"):
        if pk in latest:
            decided[pk] = result
            if isinstance(aggregate, dict):
                medians[pk] = aggregate.get("median")
    per: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for assessment_id, raters in latest.items():
        for assessor_id, value in raters.items():
            row = per[assessor_id]
            row["scores"].append(value)
            if assessment_id in decided:
                row["passes"].append(1.0 if decided[assessment_id] == "pass" else 0.0)
            median = medians.get(assessment_id)
            if median is not None:
                row["deviation"].append(abs(value - float(median)))
    return [
        {
            "assessor_id": assessor_id,
            "assessments_scored": len(row["scores"]),
            "mean_score": round(mean(row["scores"]), 3),
            "pass_rate": round(mean(row["passes"]), 3) if row["passes"] else None,
            "mean_deviation_from_median": round(mean(row["deviation"]), 3)
            if row["deviation"]
            else None,
        }
        for assessor_id, row in sorted(per.items())
    ]


def unit_report_from_history(unit_ids: list[int]) -> list[dict[str, Any]]:
    """`unit_report` computed from every submitted scorecard (the reference)."""
    return [
        _unit_row(
            unit_id,
            krippendorff_alpha(list(_latest_scores([unit_id]).values()), metric="interval"),
        )
        for unit_id in unit_ids
    ]
