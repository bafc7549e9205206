"""Inter-rater agreement of a unit's assessors: Krippendorff's alpha.

Why Krippendorff's alpha
    Assessment panels are small, differ from one assessment to the next, and
    not every assessor scores every candidate. Krippendorff's alpha is defined
    for exactly that kind of reliability data: any number of raters, panels
    that change per unit (assessment), missing values, and nominal, ordinal or
    interval data, with a metric that says how far apart two values are.
    Cohen's kappa only compares two fixed raters; Fleiss' kappa treats values
    as nominal categories and assumes the same number of raters for every
    item. Our ratings are ordered (1 strong no ... 4 strong yes) and weighted
    scores are interval numbers, so treating a 3-vs-4 disagreement like a
    1-vs-4 one (as nominal statistics do) would misstate agreement.

Definition (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011)
    alpha = 1 - D_o / D_e, observed over expected disagreement. Only *pairable*
    values count: those in units with at least 2 values (units with fewer are
    ignored). With n pairable values, n_c of them equal to c, and a unit u
    holding m_u values::

        D_o = 1/n            * sum_u 1/(m_u - 1) * sum_{i != j in u} delta^2(v_i, v_j)
        D_e = 1/(n (n - 1))  * sum_c sum_k n_c n_k delta^2(c, k)

    Metrics delta^2(c, k):
        * ``"interval"`` (default): (c - k)^2;
        * ``"ordinal"``: (sum_{g from c to k} n_g - (n_c + n_k) / 2)^2, i.e.
          the squared distance between the values' mid-ranks among all
          pairable values (only the order of values matters);
        * ``"nominal"``: 0 when c == k else 1.

    alpha is 1 for perfect agreement, 0 when agreement is what chance would
    give, and below 0 when raters disagree systematically (more than chance).

Undefined alpha
    ``alpha`` is None when there is no pairable unit, and when the expected
    disagreement is 0, i.e. all pairable values are identical. In that case
    raters do agree, but the data have no variation to tell agreement from
    chance (alpha would be 0/0); we report None rather than 1.0 and leave the
    wording ("everyone gave the same score") to the caller.

Numbers
    Values may be ints, floats or Decimals; they are converted exactly to
    ``fractions.Fraction`` and alpha is computed exactly, then rounded once to a
    float. So alpha does not depend, not even in the last bit, on the order of
    units or of raters. Expected disagreement uses the identity
    sum_c sum_k n_c n_k (x_c - x_k)^2 = 2 (n sum_c n_c x_c^2 - (sum_c n_c x_c)^2),
    so the cost is linear in the number of values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, TypeVar

Metric = Literal["interval", "ordinal", "nominal"]
METRICS: Final[tuple[Metric, ...]] = ("interval", "ordinal", "nominal")

Value = float | Decimal
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class AgreementResult:
    """Krippendorff's alpha over some reliability data.

    ``alpha`` is None when undefined (no pairable unit, or all pairable values
    identical); ``units`` counts the pairable units (at least 2 values) and
    ``pairable_values`` the values in them; ``metric`` is the metric used.
    """

    alpha: float | None
    units: int
    pairable_values: int
    metric: Metric

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "alpha": self.alpha,
            "units": self.units,
            "pairable_values": self.pairable_values,
            "metric": self.metric,
        }


def _exact(value: object, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{where}: value {value!r} is not a number")
    try:
        return Fraction(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{where}: value {value!r} is not a finite number") from None


def _squared_differences(values: list[Fraction]) -> Fraction:
    """sum over ordered pairs i != j of (x_i - x_j)^2, in linear time."""
    m = len(values)
    total = sum(values, Fraction(0))
    squares = sum((v * v for v in values), Fraction(0))
    return 2 * (m * squares - total * total)


def _mismatches(values: list[Fraction]) -> int:
    """Number of ordered pairs i != j with x_i != x_j."""
    m = len(values)
    return m * m - sum(c * c for c in Counter(values).values())


def krippendorff_alpha(
    units: Iterable[Mapping[K, Value | None]], metric: Metric = "interval"
) -> AgreementResult:
    """Krippendorff's alpha of ``units``, each a mapping rater id -> value.

    A value of None means the rater gave none (same as leaving the rater out).
    Units with fewer than 2 values are not pairable and are ignored. ``metric``
    is ``"interval"`` (default), ``"ordinal"`` or ``"nominal"``; see the module
    docstring for the definitions and for when alpha is None.

    Raises ValueError for an unknown metric or a value that is not a finite
    number.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")

    pairable: list[list[Fraction]] = []
    for index, unit in enumerate(units):
        values = [
            _exact(value, f"unit {index}, rater {rater!r}")
            for rater, value in unit.items()
            if value is not None
        ]
        if len(values) >= 2:
            pairable.append(values)

    n = sum(len(values) for values in pairable)
    if n == 0:
        return AgreementResult(alpha=None, units=0, pairable_values=0, metric=metric)
    counts = Counter(v for values in pairable for v in values)

    observed: Fraction  # n * D_o
    expected: Fraction  # n * (n - 1) * D_e
    if metric == "nominal":
        observed = sum(
            (Fraction(_mismatches(values), len(values) - 1) for values in pairable), Fraction(0)
        )
        expected = Fraction(n * n - sum(c * c for c in counts.values()))
    else:
        if metric == "ordinal":
            # Mid-rank of each distinct value among all pairable values: the
            # ordinal metric is the interval metric on mid-ranks.
            position: dict[Fraction, Fraction] = {}
            below = 0
            for value in sorted(counts):
                position[value] = below + Fraction(counts[value] - 1, 2)
                below += counts[value]
            pairable = [[position[v] for v in values] for values in pairable]
            counts = Counter({position[v]: c for v, c in counts.items()})
        observed = sum(
            (_squared_differences(values) / (len(values) - 1) for values in pairable),
            Fraction(0),
        )
        total = sum((v * c for v, c in counts.items()), Fraction(0))
        squares = sum((v * v * c for v, c in counts.items()), Fraction(0))
        expected = 2 * (n * squares - total * total)

    return _result(len(pairable), n, observed, expected, metric)


def _result(
    units: int, n: int, observed: Fraction, expected: Fraction, metric: Metric
) -> AgreementResult:
    alpha = None if expected == 0 else float(1 - (n - 1) * observed / expected)
    return AgreementResult(alpha=alpha, units=units, pairable_values=n, metric=metric)


def interval_alpha_from_sums(
    *, units: int, values: int, total: Fraction, squares: Fraction, observed: Fraction
) -> AgreementResult:
    """Interval alpha from sums kept elsewhere (the unit report's tallies): `units`
    pairable units holding `values` values, their sum and sum of squares, and
    `observed`, each unit's sum of squared differences over ordered pairs divided by
    its size less one, summed (n times D_o). Equal to `krippendorff_alpha` over the
    same values, to the last bit."""
    if values == 0:
        return AgreementResult(alpha=None, units=0, pairable_values=0, metric="interval")
    expected = 2 * (values * squares - total * total)
    return _result(units, values, observed, expected, "interval")
