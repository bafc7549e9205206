"""Scoring a panel: one weighted score per assessor, then one verdict per panel.

This module is the product's documentation of how scores and thresholds work.
It is plain Python (no Django) so the rules can be read and tested on their own.

The scale
    Every criterion of a scorecard is rated on ``SCALE = (1, 2, 3, 4)``:
    1 strong no, 2 no, 3 yes, 4 strong yes.

An assessor's weighted score (``weighted_score``)
    The weighted mean of the assessor's ratings: each criterion's weight is
    divided by the sum of all weights (weights are any positive numbers; only
    their proportions matter), so the score always lies between the assessor's
    lowest and highest rating, and equal ratings give exactly that rating.
    Every criterion of the scorecard must be rated, and nothing else.

A panel's verdict (``aggregate``)
    * ``median`` of the assessors' weighted scores decides the verdict:
      ``"pass"`` when median >= pass threshold, ``"fail"`` when
      median <= fail threshold, ``"discuss"`` strictly in between.
      Both thresholds are inclusive: a median exactly on a threshold takes
      that threshold's verdict.
    * ``spread`` = highest minus lowest weighted score. Calibration is needed
      when the spread is strictly greater than the scorecard's spread
      threshold; a spread exactly equal to the threshold does not flag.
    * ``mean`` is reported for information only; it decides nothing.

Numbers
    Arithmetic is done in binary floating point (``float``); ``Decimal``
    inputs (weights and thresholds from the database) are accepted and
    converted. A weighted score is computed exactly with ``fractions.Fraction``
    and rounded once to the nearest float. Decisions are taken on the
    *unrounded* values; comparisons treat two numbers closer than
    ``TOLERANCE`` (1e-9) as equal, which absorbs floating-point noise such as
    float(7/3) - float(4/3) == 1.0000000000000002 (exactly 1) but is a million
    times finer than the reporting precision. Reported numbers (``PanelResult``)
    are rounded to 3 decimals, half away from zero (2.0625 -> 2.063). Because
    the verdict uses the unrounded median, a median reported as 3.0 may really
    be 2.9996 and then does not reach a pass threshold of 3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, Literal

SCALE: Final = (1, 2, 3, 4)
SCALE_MIN: Final = SCALE[0]
SCALE_MAX: Final = SCALE[-1]

LABELS: Final[Mapping[int, str]] = MappingProxyType(
    {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}
)

# Largest spread a panel can have on the 1-4 scale.
MAX_SPREAD: Final = SCALE_MAX - SCALE_MIN

# Two numbers closer than this are equal when deciding (see the module docstring).
TOLERANCE: Final = 1e-9

# Reported numbers are rounded to this many decimals.
DECIMALS: Final = 3

PASS: Final = "pass"
FAIL: Final = "fail"
DISCUSS: Final = "discuss"

Verdict = Literal["pass", "fail", "discuss"]
Number = float | Decimal


def label(rating: int) -> str:
    """The label of a rating on the scale ("strong no" ... "strong yes")."""
    if isinstance(rating, bool) or rating not in LABELS:
        raise ValueError(f"rating {rating!r} is outside the scale {SCALE_MIN}-{SCALE_MAX}")
    return LABELS[rating]


def _finite(value: object) -> bool:
    """Whether value is a real, finite number (bool is not a number here)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, int | float):
        return math.isfinite(value)
    return False


def weighted_score(ratings: Mapping[int, int], weights: Mapping[int, Number]) -> float:
    """One assessor's weighted score: sum(weight * rating) / sum(weight).

    ``ratings`` maps criterion id -> rating (an int on ``SCALE``), ``weights``
    maps criterion id -> the criterion's weight (any positive number; weights
    are normalised to sum to 1, so scaling them all by the same factor changes
    nothing). The result lies between the lowest and highest rating given and
    is computed exactly, then rounded once to the nearest float; it is not
    rounded to 3 decimals.

    Raises ValueError when the scorecard has no criteria, a criterion is
    missing a rating, a rating is given for a criterion not on the scorecard,
    a rating is not an int on the scale, or a weight is not a positive finite
    number.
    """
    if not weights:
        raise ValueError("the scorecard has no criteria")
    missing = sorted(set(weights) - set(ratings))
    extra = sorted(set(ratings) - set(weights))
    problems: list[str] = []
    if missing:
        problems.append(f"missing ratings for criteria {missing}")
    if extra:
        problems.append(f"ratings for criteria not on the scorecard {extra}")
    for criterion in sorted(weights):
        weight = weights[criterion]
        if not _finite(weight) or weight <= 0:
            problems.append(f"criterion {criterion}: weight must be positive, got {weight!r}")
    for criterion in sorted(ratings):
        rating = ratings[criterion]
        if isinstance(rating, bool) or not isinstance(rating, int) or rating not in SCALE:
            problems.append(
                f"criterion {criterion}: rating {rating!r} is outside the scale "
                f"{SCALE_MIN}-{SCALE_MAX}"
            )
    if problems:
        raise ValueError("; ".join(problems))
    total = sum(Fraction(w) for w in weights.values())
    weighted = sum(Fraction(weights[c]) * ratings[c] for c in weights)
    return float(weighted / total)


def validate_thresholds(
    pass_threshold: Number, fail_threshold: Number, spread_threshold: Number
) -> list[str]:
    """Problems with a stage's and scorecard's thresholds; empty when they are valid.

    * the pass and fail thresholds are numbers within the scale, 1 to 4 inclusive;
    * the fail threshold is strictly below the pass threshold;
    * the spread threshold is a number from 0 to 3 inclusive (3 is the largest
      spread possible on a 1-4 scale).
    """
    problems: list[str] = []
    for name, value in (("pass", pass_threshold), ("fail", fail_threshold)):
        if not _finite(value):
            problems.append(f"{name} threshold must be a finite number, got {value!r}")
        elif not SCALE_MIN <= value <= SCALE_MAX:
            problems.append(
                f"{name} threshold {value} is outside the scale {SCALE_MIN}-{SCALE_MAX}"
            )
    if _finite(pass_threshold) and _finite(fail_threshold) and fail_threshold >= pass_threshold:
        problems.append(
            f"fail threshold {fail_threshold} must be below pass threshold {pass_threshold}"
        )
    if not _finite(spread_threshold):
        problems.append(f"spread threshold must be a finite number, got {spread_threshold!r}")
    elif not 0 <= spread_threshold <= MAX_SPREAD:
        problems.append(f"spread threshold {spread_threshold} is outside 0-{MAX_SPREAD}")
    return problems


@dataclass(frozen=True)
class AssessorScore:
    """One assessor's weighted score (see ``weighted_score``)."""

    assessor_id: int
    weighted: float


@dataclass(frozen=True)
class PanelResult:
    """A panel's aggregate; numbers rounded to 3 decimals, verdict decided unrounded.

    ``scores`` are sorted by assessor id, so the order the scores were given in
    never matters. The thresholds the verdict was decided with are kept so the
    result explains itself.
    """

    scores: tuple[AssessorScore, ...]
    median: float
    mean: float
    spread: float
    calibration_needed: bool
    result: Verdict
    pass_threshold: float
    fail_threshold: float
    spread_threshold: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (only str, int, float, bool and lists)."""
        return {
            "scores": [{"assessor_id": s.assessor_id, "weighted": s.weighted} for s in self.scores],
            "median": self.median,
            "mean": self.mean,
            "spread": self.spread,
            "calibration_needed": self.calibration_needed,
            "result": self.result,
            "pass_threshold": self.pass_threshold,
            "fail_threshold": self.fail_threshold,
            "spread_threshold": self.spread_threshold,
        }


def _report(value: float) -> float:
    """Round for reporting: 3 decimals, half away from zero on the shortest repr."""
    quantum = Decimal(1).scaleb(-DECIMALS)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _median(sorted_values: Sequence[float]) -> float:
    n = len(sorted_values)
    middle = n // 2
    if n % 2:
        return sorted_values[middle]
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


def verdict(median: float, *, pass_threshold: Number, fail_threshold: Number) -> Verdict:
    """``"pass"`` when median >= pass, ``"fail"`` when median <= fail, else ``"discuss"``.

    Both thresholds are inclusive; values within ``TOLERANCE`` of a threshold
    count as on it. Thresholds are not validated here (``aggregate`` does).
    """
    if median >= float(pass_threshold) - TOLERANCE:
        return PASS
    if median <= float(fail_threshold) + TOLERANCE:
        return FAIL
    return DISCUSS


def calibration_needed(spread: float, spread_threshold: Number) -> bool:
    """Whether spread is strictly greater than the threshold (equal does not flag).

    Values within ``TOLERANCE`` of the threshold count as equal to it.
    """
    return spread > float(spread_threshold) + TOLERANCE


def aggregate(
    scores: Sequence[AssessorScore],
    *,
    pass_threshold: Number,
    fail_threshold: Number,
    spread_threshold: Number,
) -> PanelResult:
    """The panel's median, mean, spread, calibration flag and verdict.

    * verdict: ``"pass"`` when median >= pass_threshold, ``"fail"`` when
      median <= fail_threshold, otherwise ``"discuss"`` (both inclusive);
    * ``calibration_needed`` when spread (max - min) > spread_threshold
      (strictly; equal does not flag).

    Decided on unrounded values, reported rounded to 3 decimals (see the module
    docstring). Raises ValueError when there are no scores, an assessor appears
    twice, a score is not a finite number within 1-4, or the thresholds are
    invalid (see ``validate_thresholds``; in particular fail >= pass).
    """
    problems = validate_thresholds(pass_threshold, fail_threshold, spread_threshold)
    if not scores:
        problems.insert(0, "no scores to aggregate")
    seen: set[int] = set()
    for score in scores:
        if score.assessor_id in seen:
            problems.append(f"assessor {score.assessor_id} is scored more than once")
        seen.add(score.assessor_id)
        if not _finite(score.weighted) or not SCALE_MIN <= score.weighted <= SCALE_MAX:
            problems.append(
                f"assessor {score.assessor_id}: weighted score {score.weighted!r} is outside "
                f"the scale {SCALE_MIN}-{SCALE_MAX}"
            )
    if problems:
        raise ValueError("; ".join(problems))

    ordered = sorted(scores, key=lambda s: s.assessor_id)
    values = sorted(float(s.weighted) for s in ordered)
    median = _median(values)
    mean = math.fsum(values) / len(values)
    spread = values[-1] - values[0]
    return PanelResult(
        scores=tuple(AssessorScore(s.assessor_id, _report(float(s.weighted))) for s in ordered),
        median=_report(median),
        mean=_report(mean),
        spread=_report(spread),
        calibration_needed=calibration_needed(spread, spread_threshold),
        result=verdict(median, pass_threshold=pass_threshold, fail_threshold=fail_threshold),
        pass_threshold=float(pass_threshold),
        fail_threshold=float(fail_threshold),
        spread_threshold=float(spread_threshold),
    )
