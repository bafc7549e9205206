"""Calibration reports: how each assessor scores against their panels, and how much
a unit's panels agree (Krippendorff's alpha; see `agreement.py` for why)."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from candidates.assessments.agreement import krippendorff_alpha
from candidates.models import Assessment, Score


def _latest_scores(unit_ids: list[int] | None) -> dict[int, dict[int, float]]:
    """assessment id -> assessor id -> weighted score of their latest submitted revision."""
    scores = Score.objects.filter(is_submitted=True, seat__status="submitted").values_list(
        "seat__assessment_id", "seat__assessor_id", "revision", "weighted"
    )
    if unit_ids is not None:
        scores = scores.filter(seat__assessment__application__job__unit_id__in=unit_ids)
    latest: dict[int, dict[int, tuple[int, float]]] = defaultdict(dict)
    for assessment_id, assessor_id, revision, weighted in scores.order_by("revision"):
        latest[assessment_id][assessor_id] = (revision, float(weighted or 0))
    return {a: {r: v for r, (_, v) in raters.items()} for a, raters in latest.items()}


def assessor_report(unit_ids: list[int] | None) -> list[dict[str, Any]]:
    """Per assessor: assessments scored, mean weighted score, pass rate of the panels
    they sat on, mean absolute deviation from their panels' median."""
    latest = _latest_scores(unit_ids)
    # Read by the same scope as the scores, not by a list of their ids: a unit's history
    # holds more assessments than one statement may name.
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


def unit_report(unit_ids: list[int]) -> list[dict[str, Any]]:
    """Per unit: Krippendorff's alpha (interval metric) over the weighted scores of
    every panel with at least two submitted scorecards."""
    rows = []
    for unit_id in unit_ids:
        units = list(_latest_scores([unit_id]).values())
        agreement = krippendorff_alpha(units, metric="interval")
        rows.append(
            {
                "unit_id": unit_id,
                "statistic": "krippendorff_alpha",
                **agreement.to_dict(),
                "alpha": round(agreement.alpha, 3) if agreement.alpha is not None else None,
            }
        )
    return rows
