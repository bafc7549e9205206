"""Krippendorff's alpha: published values, properties, and a brute-force reference."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from candidates.assessments.agreement import (
    METRICS,
    AgreementResult,
    Metric,
    krippendorff_alpha,
)

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers,
# 12 units, missing values (unit 12 has a single value and is not pairable).
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}

# Same paper, binary data, two observers, no missing values: alpha_nominal = 0.095.
KRIPPENDORFF_2011_BINARY = {
    "A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
}


def by_unit(rows: Mapping[str, Sequence[int | None]]) -> list[dict[str, int | None]]:
    length = len(next(iter(rows.values())))
    return [{rater: values[i] for rater, values in rows.items()} for i in range(length)]


def reference_alpha(units: list[dict[int, int]], metric: Metric) -> float | None:
    """Krippendorff's coincidence-matrix definition, computed the slow, literal way."""
    pairable = [list(u.values()) for u in units if len(u) >= 2]
    coincidences: dict[tuple[int, int], Fraction] = {}
    for values in pairable:
        m = len(values)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[(c, k)] = coincidences.get((c, k), Fraction(0)) + Fraction(
                        1, m - 1
                    )
    n_c: dict[int, Fraction] = {}
    for (c, _k), o in coincidences.items():
        n_c[c] = n_c.get(c, Fraction(0)) + o
    n = sum(n_c.values(), Fraction(0))
    if n == 0:
        return None
    ordered = sorted(n_c)

    def delta2(c: int, k: int) -> Fraction:
        if metric == "nominal":
            return Fraction(0 if c == k else 1)
        if metric == "interval":
            return Fraction((c - k) ** 2)
        lo, hi = min(c, k), max(c, k)
        between = sum(n_c[g] for g in ordered if lo <= g <= hi)
        return (between - Fraction(n_c[c] + n_c[k], 2)) ** 2

    d_o = sum(o * delta2(c, k) for (c, k), o in coincidences.items()) / n
    d_e = sum(n_c[c] * n_c[k] * delta2(c, k) for c in ordered for k in ordered) / (n * (n - 1))
    return None if d_e == 0 else float(1 - d_o / d_e)


ratings = st.integers(min_value=1, max_value=4)
unit_strategy = st.dictionaries(st.integers(min_value=1, max_value=6), ratings, max_size=5)
units_strategy = st.lists(unit_strategy, max_size=12)
metrics = st.sampled_from(METRICS)


@pytest.mark.parametrize(
    ("metric", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)],
)
def test_alpha_matches_the_published_values_of_krippendorffs_2011_example(
    metric: Metric, published: float
) -> None:
    result = krippendorff_alpha(by_unit(KRIPPENDORFF_2011), metric)
    assert result.alpha is not None
    assert round(result.alpha, 3) == published
    assert result.units == 11
    assert result.pairable_values == 40
    assert result.metric == metric


def test_alpha_matches_the_published_value_of_krippendorffs_binary_example() -> None:
    result = krippendorff_alpha(by_unit(KRIPPENDORFF_2011_BINARY), "nominal")
    assert result.alpha is not None
    assert round(result.alpha, 3) == 0.095
    assert result.pairable_values == 20


def test_the_interval_metric_is_the_default() -> None:
    assert krippendorff_alpha(by_unit(KRIPPENDORFF_2011)).metric == "interval"


@pytest.mark.parametrize("metric", METRICS)
def test_perfect_agreement_gives_one(metric: Metric) -> None:
    units = [{1: 1, 2: 1}, {1: 3, 2: 3, 3: 3}, {2: 4, 3: 4}, {1: 2, 3: 2}]
    assert krippendorff_alpha(units, metric).alpha == 1.0


@given(
    st.lists(
        st.tuples(ratings, st.integers(min_value=2, max_value=5)), min_size=2, max_size=10
    ).filter(lambda units: len({value for value, _ in units}) >= 2),
    metrics,
)
def test_any_perfect_agreement_with_some_variation_gives_one(
    units: list[tuple[int, int]], metric: Metric
) -> None:
    data = [dict.fromkeys(range(raters), value) for value, raters in units]
    assert krippendorff_alpha(data, metric).alpha == 1.0


@pytest.mark.parametrize("metric", METRICS)
def test_systematic_disagreement_gives_alpha_below_zero(metric: Metric) -> None:
    units = [{1: 1, 2: 4}, {1: 4, 2: 1}, {1: 1, 2: 4}, {1: 4, 2: 1}, {1: 2, 2: 3}]
    alpha = krippendorff_alpha(units, metric).alpha
    assert alpha is not None
    assert alpha < 0


def test_opposite_extremes_on_every_unit_give_the_hand_computed_alpha() -> None:
    # n = 8, D_o sum = 4 units * 2 pairs * 9 = 72, D_e sum = 2 * (8 * 68 - 20^2) = 288,
    # alpha = 1 - 7 * 72 / 288 = -0.75.
    units = [{1: 1, 2: 4}, {1: 4, 2: 1}, {1: 1, 2: 4}, {1: 4, 2: 1}]
    assert krippendorff_alpha(units, "interval").alpha == -0.75


@given(units_strategy, metrics, st.randoms(use_true_random=False))
def test_alpha_is_invariant_to_the_order_of_units(
    units: list[dict[int, int]], metric: Metric, rnd: random.Random
) -> None:
    shuffled = list(units)
    rnd.shuffle(shuffled)
    assert krippendorff_alpha(shuffled, metric) == krippendorff_alpha(units, metric)


@given(units_strategy, metrics, st.randoms(use_true_random=False))
def test_alpha_is_invariant_to_the_order_and_naming_of_raters(
    units: list[dict[int, int]], metric: Metric, rnd: random.Random
) -> None:
    raters = list(range(1, 7))
    renamed = dict(zip(raters, rnd.sample(raters, len(raters)), strict=True))
    relabelled = []
    for unit in units:
        items = list(unit.items())
        rnd.shuffle(items)
        relabelled.append({renamed[rater]: value for rater, value in items})
    assert krippendorff_alpha(relabelled, metric) == krippendorff_alpha(units, metric)


@given(units_strategy, metrics)
def test_alpha_equals_the_literal_coincidence_matrix_definition(
    units: list[dict[int, int]], metric: Metric
) -> None:
    alpha = krippendorff_alpha(units, metric).alpha
    expected = reference_alpha(units, metric)
    if expected is None:
        assert alpha is None
    else:
        assert alpha == pytest.approx(expected, rel=1e-12, abs=1e-12)


@given(units_strategy, metrics)
def test_alpha_is_at_most_one(units: list[dict[int, int]], metric: Metric) -> None:
    alpha = krippendorff_alpha(units, metric).alpha
    assert alpha is None or alpha <= 1.0


@given(units_strategy, st.integers(min_value=-5, max_value=5).filter(bool), st.integers(-9, 9))
def test_interval_alpha_is_invariant_to_a_linear_change_of_scale(
    units: list[dict[int, int]], a: int, b: int
) -> None:
    rescaled = [{rater: a * value + b for rater, value in unit.items()} for unit in units]
    assert krippendorff_alpha(rescaled) == krippendorff_alpha(units)


@given(units_strategy)
def test_ordinal_alpha_depends_only_on_the_order_of_values(units: list[dict[int, int]]) -> None:
    monotone = {1: -7, 2: 0, 3: 0.5, 4: 100}
    transformed = [{rater: monotone[value] for rater, value in unit.items()} for unit in units]
    assert krippendorff_alpha(transformed, "ordinal") == krippendorff_alpha(units, "ordinal")


@given(units_strategy, metrics)
def test_counts_cover_only_units_with_at_least_two_values(
    units: list[dict[int, int]], metric: Metric
) -> None:
    result = krippendorff_alpha(units, metric)
    assert result.units == sum(1 for u in units if len(u) >= 2)
    assert result.pairable_values == sum(len(u) for u in units if len(u) >= 2)


def test_missing_values_count_as_absent_raters() -> None:
    with_none = [{1: 1, 2: None, 3: 2}, {1: 3, 2: 3, 3: None}, {1: None, 2: 4, 3: None}]
    without = [{1: 1, 3: 2}, {1: 3, 2: 3}, {2: 4}]
    assert krippendorff_alpha(with_none) == krippendorff_alpha(without)


def test_units_with_fewer_than_two_values_are_ignored() -> None:
    base = by_unit(KRIPPENDORFF_2011)
    padded: list[dict[str, int | None]] = [*base, {"A": 1}, {}, {"B": None, "C": 4}]
    assert krippendorff_alpha(padded) == krippendorff_alpha(base)


@pytest.mark.parametrize("metric", METRICS)
def test_alpha_is_none_without_pairable_units(metric: Metric) -> None:
    units: list[dict[int, int | None]] = [{1: 3}, {}, {2: 4, 3: None}]
    result = krippendorff_alpha(units, metric)
    assert result == AgreementResult(alpha=None, units=0, pairable_values=0, metric=metric)
    assert krippendorff_alpha([], metric).alpha is None


@pytest.mark.parametrize("metric", METRICS)
def test_alpha_is_none_when_all_values_are_identical(metric: Metric) -> None:
    result = krippendorff_alpha([{1: 3, 2: 3}, {1: 3, 3: 3, 4: 3}], metric)
    assert result.alpha is None
    assert result.units == 2
    assert result.pairable_values == 5


def test_weighted_scores_as_floats_and_decimals_give_the_same_alpha() -> None:
    from decimal import Decimal

    floats = [{1: 3.25, 2: 3.5}, {1: 1.75, 2: 2.0, 3: 1.5}, {2: 4.0, 3: 3.75}]
    decimals = [{r: Decimal(str(v)) for r, v in unit.items()} for unit in floats]
    assert krippendorff_alpha(floats) == krippendorff_alpha(decimals)
    assert krippendorff_alpha(floats).alpha is not None


def test_an_unknown_metric_raises_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="unknown metric 'ratio'"):
        krippendorff_alpha([{1: 1, 2: 2}], "ratio")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "3", True])
def test_a_value_that_is_not_a_finite_number_raises_a_clear_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match=r"unit 1, rater 2: value .* is not a"):
        krippendorff_alpha([{1: 1, 2: 2}, {1: 3, 2: bad}])  # type: ignore[arg-type]


def test_the_result_serialises_to_a_plain_dict() -> None:
    result = krippendorff_alpha(by_unit(KRIPPENDORFF_2011), "nominal")
    assert result.to_dict() == {
        "alpha": result.alpha,
        "units": 11,
        "pairable_values": 40,
        "metric": "nominal",
    }
