"""Weighted scores and panel verdicts: the documented threshold rules."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from candidates.assessments.aggregate import (
    LABELS,
    SCALE,
    AssessorScore,
    PanelResult,
    aggregate,
    label,
    validate_thresholds,
    weighted_score,
)

ratings_st = st.sampled_from(SCALE)
weights_st = st.one_of(
    st.floats(min_value=0.01, max_value=1000, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2),
)


@st.composite
def scorecards(draw: st.DrawFn) -> tuple[dict[int, int], dict[int, float | Decimal]]:
    criteria = draw(st.lists(st.integers(1, 500), min_size=1, max_size=8, unique=True))
    ratings = {c: draw(ratings_st) for c in criteria}
    weights = {c: draw(weights_st) for c in criteria}
    return ratings, weights


panel_st = st.lists(
    st.builds(
        AssessorScore,
        assessor_id=st.integers(1, 10_000),
        weighted=st.floats(min_value=1, max_value=4),
    ),
    min_size=1,
    max_size=7,
    unique_by=lambda s: s.assessor_id,
)

STAGE = {"pass_threshold": Decimal("3.00"), "fail_threshold": Decimal("2.00")}


def panel(*weighted: float) -> list[AssessorScore]:
    return [AssessorScore(assessor_id=i, weighted=w) for i, w in enumerate(weighted, start=1)]


# -- the scale ----------------------------------------------------------------


def test_the_scale_runs_from_strong_no_to_strong_yes() -> None:
    assert SCALE == (1, 2, 3, 4)
    assert [label(r) for r in SCALE] == ["strong no", "no", "yes", "strong yes"]
    assert dict(LABELS) == {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}
    with pytest.raises(ValueError, match="outside the scale 1-4"):
        label(5)


# -- weighted_score -------------------------------------------------------------


def test_a_weighted_score_is_the_weighted_mean_of_the_ratings() -> None:
    assert weighted_score({1: 4, 2: 2}, {1: 3, 2: 1}) == 3.5
    assert weighted_score({1: 4, 2: 2}, {1: Decimal("0.75"), 2: Decimal("0.25")}) == 3.5
    assert weighted_score({7: 1, 8: 2, 9: 4}, {7: 1, 8: 1, 9: 1}) == pytest.approx(7 / 3)


@given(scorecards())
def test_a_weighted_score_lies_between_the_lowest_and_highest_rating(
    card: tuple[dict[int, int], dict[int, float | Decimal]],
) -> None:
    ratings, weights = card
    assert min(ratings.values()) <= weighted_score(ratings, weights) <= max(ratings.values())


@given(scorecards(), ratings_st)
def test_all_equal_ratings_give_exactly_that_rating(
    card: tuple[dict[int, int], dict[int, float | Decimal]], rating: int
) -> None:
    _, weights = card
    assert weighted_score(dict.fromkeys(weights, rating), weights) == rating


@given(scorecards(), st.integers(1, 1000))
def test_scaling_all_weights_by_a_whole_number_changes_nothing(
    card: tuple[dict[int, int], dict[int, float | Decimal]], k: int
) -> None:
    ratings, weights = card
    decimal_weights = {c: Decimal(str(w)) for c, w in weights.items()}
    scaled = {c: w * k for c, w in decimal_weights.items()}
    assert weighted_score(ratings, scaled) == weighted_score(ratings, decimal_weights)


@given(scorecards(), st.floats(min_value=1e-3, max_value=1e3))
def test_weights_are_normalised_so_scaling_them_by_any_positive_factor_changes_nothing(
    card: tuple[dict[int, int], dict[int, float | Decimal]], k: float
) -> None:
    ratings, weights = card
    scaled = {c: float(w) * k for c, w in weights.items()}
    assert weighted_score(ratings, scaled) == pytest.approx(
        weighted_score(ratings, weights), rel=1e-12
    )


@given(scorecards(), st.randoms(use_true_random=False))
def test_the_order_of_criteria_does_not_change_a_weighted_score(
    card: tuple[dict[int, int], dict[int, float | Decimal]], rnd: random.Random
) -> None:
    ratings, weights = card
    keys = list(weights)
    rnd.shuffle(keys)
    assert weighted_score({c: ratings[c] for c in keys}, {c: weights[c] for c in keys}) == (
        weighted_score(ratings, weights)
    )


@pytest.mark.parametrize(
    ("ratings", "weights", "message"),
    [
        ({1: 3}, {1: 1, 2: 1}, r"missing ratings for criteria \[2\]"),
        ({1: 3, 2: 3, 9: 4}, {1: 1, 2: 1}, r"ratings for criteria not on the scorecard \[9\]"),
        ({1: 5, 2: 3}, {1: 1, 2: 1}, r"criterion 1: rating 5 is outside the scale 1-4"),
        ({1: 0, 2: 3}, {1: 1, 2: 1}, r"criterion 1: rating 0 is outside the scale 1-4"),
        ({1: 2.5, 2: 3}, {1: 1, 2: 1}, r"criterion 1: rating 2.5 is outside the scale 1-4"),
        ({1: True, 2: 3}, {1: 1, 2: 1}, r"criterion 1: rating True is outside the scale 1-4"),
        ({1: 3, 2: 3}, {1: 0, 2: 1}, r"criterion 1: weight must be positive, got 0"),
        ({1: 3, 2: 3}, {1: 1, 2: -2}, r"criterion 2: weight must be positive, got -2"),
        (
            {1: 3, 2: 3},
            {1: 1, 2: float("nan")},
            r"criterion 2: weight must be positive, got nan",
        ),
        (
            {1: 3, 2: 3},
            {1: Decimal("NaN"), 2: 1},
            r"criterion 1: weight must be positive, got Decimal\('NaN'\)",
        ),
        ({}, {}, r"the scorecard has no criteria"),
    ],
)
def test_invalid_ratings_or_weights_raise_a_value_error_naming_the_problem(
    ratings: dict[int, int], weights: dict[int, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        weighted_score(ratings, weights)


def test_every_problem_with_a_scorecard_is_reported_at_once() -> None:
    with pytest.raises(ValueError, match=r"missing ratings .*; ratings for criteria not on"):
        weighted_score({1: 3, 3: 4}, {1: 1, 2: 1})


# -- aggregate: statistics ------------------------------------------------------


def test_a_panel_reports_median_mean_and_spread() -> None:
    result = aggregate(panel(3.5, 2.0, 3.25), **STAGE, spread_threshold=Decimal("1.0"))
    assert result.median == 3.25
    assert result.mean == 2.917
    assert result.spread == 1.5
    assert result.calibration_needed is True
    assert result.result == "pass"


def test_an_even_panel_takes_the_mean_of_the_two_middle_scores_as_median() -> None:
    result = aggregate(panel(1.0, 2.5, 3.5, 4.0), **STAGE, spread_threshold=3)
    assert result.median == 3.0
    assert result.result == "pass"


def test_scores_are_reported_sorted_by_assessor_id() -> None:
    scores = [AssessorScore(9, 2.0), AssessorScore(3, 4.0), AssessorScore(5, 3.0)]
    result = aggregate(scores, **STAGE, spread_threshold=2)
    assert [s.assessor_id for s in result.scores] == [3, 5, 9]


@given(panel_st, st.randoms(use_true_random=False))
def test_the_order_of_assessors_does_not_change_the_result(
    scores: list[AssessorScore], rnd: random.Random
) -> None:
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    kwargs = {"pass_threshold": 3, "fail_threshold": 2, "spread_threshold": 1}
    assert aggregate(shuffled, **kwargs) == aggregate(scores, **kwargs)


@given(panel_st)
def test_reported_numbers_are_rounded_to_three_decimals(scores: list[AssessorScore]) -> None:
    result = aggregate(scores, pass_threshold=3, fail_threshold=2, spread_threshold=1)
    for number in [result.median, result.mean, result.spread, *(s.weighted for s in result.scores)]:
        assert round(number, 3) == number
    assert min(s.weighted for s in result.scores) <= result.median
    assert result.median <= max(s.weighted for s in result.scores)


def test_reported_numbers_round_half_away_from_zero() -> None:
    result = aggregate(panel(2.0625), **STAGE, spread_threshold=1)
    assert result.median == 2.063


# -- aggregate: the verdict ------------------------------------------------------


@given(st.floats(min_value=1, max_value=4), st.floats(min_value=1, max_value=4))
def test_the_verdict_follows_the_median_and_both_thresholds(a: float, b: float) -> None:
    fail_threshold, pass_threshold = Decimal("2.25"), Decimal("3.10")
    result = aggregate(
        panel(a, b),
        pass_threshold=pass_threshold,
        fail_threshold=fail_threshold,
        spread_threshold=3,
    )
    median = (a + b) / 2
    if median >= float(pass_threshold):
        assert result.result == "pass"
    elif median <= float(fail_threshold):
        assert result.result == "fail"
    else:
        assert result.result == "discuss"


def test_a_median_exactly_on_the_pass_threshold_passes() -> None:
    assert aggregate(panel(2.5, 3.0, 3.5), **STAGE, spread_threshold=3).result == "pass"
    assert aggregate(panel(3.0), pass_threshold=3, fail_threshold=2, spread_threshold=0).result == (
        "pass"
    )


def test_a_median_exactly_on_the_fail_threshold_fails() -> None:
    assert aggregate(panel(1.5, 2.0, 3.5), **STAGE, spread_threshold=3).result == "fail"


def test_a_median_strictly_between_the_thresholds_is_discussed() -> None:
    assert aggregate(panel(2.001), **STAGE, spread_threshold=3).result == "discuss"
    assert aggregate(panel(2.999), **STAGE, spread_threshold=3).result == "discuss"


def test_the_verdict_is_decided_on_the_unrounded_median() -> None:
    result = aggregate(panel(2.9996), **STAGE, spread_threshold=3)
    assert result.median == 3.0  # reported rounded
    assert result.result == "discuss"  # but 2.9996 < 3
    assert aggregate(panel(2.0004), **STAGE, spread_threshold=3).result == "discuss"


def test_a_median_on_a_threshold_up_to_floating_point_noise_counts_as_on_it() -> None:
    # Equal weights give 14/5 and 17/5; their mean is exactly 3.1, but in floating
    # point (2.8 + 3.4) / 2 falls just below 3.1.
    equal = dict.fromkeys(range(5), 1)
    low = weighted_score(dict(enumerate([4, 3, 3, 2, 2])), equal)
    high = weighted_score(dict(enumerate([4, 4, 3, 3, 3])), equal)
    assert (low + high) / 2 < 3.1
    result = aggregate(
        panel(low, high), pass_threshold=Decimal("3.1"), fail_threshold=2, spread_threshold=3
    )
    assert result.median == 3.1
    assert result.result == "pass"


def test_thresholds_given_as_decimals_and_floats_decide_alike() -> None:
    score = weighted_score({1: 2, 2: 4}, {1: Decimal("0.3"), 2: Decimal("0.7")})  # 3.4
    assert (
        aggregate(
            panel(score), pass_threshold=Decimal("3.4"), fail_threshold=2, spread_threshold=0
        ).result
        == "pass"
    )
    assert (
        aggregate(panel(score), pass_threshold=3.4, fail_threshold=2, spread_threshold=0).result
        == "pass"
    )


# -- aggregate: calibration ------------------------------------------------------


def test_a_spread_equal_to_the_threshold_does_not_flag_calibration() -> None:
    result = aggregate(panel(2.0, 3.5), **STAGE, spread_threshold=Decimal("1.5"))
    assert result.spread == 1.5
    assert result.calibration_needed is False


def test_a_spread_above_the_threshold_flags_calibration() -> None:
    result = aggregate(panel(2.0, 3.501), **STAGE, spread_threshold=Decimal("1.5"))
    assert result.calibration_needed is True


def test_a_spread_equal_to_the_threshold_up_to_floating_point_noise_does_not_flag() -> None:
    # Equal weights give 7/3 and 4/3: exactly 1 apart, 1.0000000000000002 in floating point.
    equal = {1: 1, 2: 1, 3: 1}
    high = weighted_score({1: 3, 2: 2, 3: 2}, equal)
    low = weighted_score({1: 2, 2: 1, 3: 1}, equal)
    assert high - low > 1
    result = aggregate(panel(high, low), **STAGE, spread_threshold=1)
    assert result.spread == 1.0
    assert result.calibration_needed is False


@given(panel_st)
def test_calibration_is_flagged_exactly_when_the_spread_exceeds_the_threshold(
    scores: list[AssessorScore],
) -> None:
    values = [s.weighted for s in scores]
    spread = max(values) - min(values)
    at = aggregate(scores, pass_threshold=3, fail_threshold=2, spread_threshold=spread)
    assert at.calibration_needed is False
    if spread >= 0.001:
        below = aggregate(
            scores, pass_threshold=3, fail_threshold=2, spread_threshold=spread - 0.001
        )
        assert below.calibration_needed is True


def test_a_single_assessor_has_no_spread() -> None:
    result = aggregate(panel(3.2), **STAGE, spread_threshold=0)
    assert result.spread == 0.0
    assert result.calibration_needed is False
    assert result.mean == result.median == 3.2


# -- aggregate: invalid input ----------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "thresholds", "message"),
    [
        ([], {**STAGE, "spread_threshold": 1}, "no scores to aggregate"),
        (
            panel(3.0),
            {"pass_threshold": 2, "fail_threshold": 2, "spread_threshold": 1},
            "fail threshold 2 must be below pass threshold 2",
        ),
        (
            panel(3.0),
            {"pass_threshold": 2, "fail_threshold": 3, "spread_threshold": 1},
            "fail threshold 3 must be below pass threshold 2",
        ),
        (
            [AssessorScore(1, 3.0), AssessorScore(1, 2.0)],
            {**STAGE, "spread_threshold": 1},
            "assessor 1 is scored more than once",
        ),
        (
            [AssessorScore(4, 4.5)],
            {**STAGE, "spread_threshold": 1},
            r"assessor 4: weighted score 4.5 is outside the scale 1-4",
        ),
        (
            [AssessorScore(4, float("nan"))],
            {**STAGE, "spread_threshold": 1},
            r"assessor 4: weighted score nan is outside the scale 1-4",
        ),
        (
            panel(3.0),
            {**STAGE, "spread_threshold": 4},
            r"spread threshold 4 is outside 0-3",
        ),
    ],
)
def test_invalid_panels_raise_a_value_error_naming_the_problem(
    scores: list[AssessorScore], thresholds: dict[str, Decimal], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        aggregate(scores, **thresholds)


# -- validate_thresholds ---------------------------------------------------------


def test_valid_thresholds_have_no_problems() -> None:
    assert validate_thresholds(Decimal("3.00"), Decimal("2.00"), Decimal("1.00")) == []
    assert validate_thresholds(4, 1, 0) == []
    assert validate_thresholds(4, 1, 3) == []
    assert validate_thresholds(1.01, 1.0, 2.5) == []


@pytest.mark.parametrize(
    ("pass_threshold", "fail_threshold", "spread_threshold", "problems"),
    [
        (4.5, 2, 1, ["pass threshold 4.5 is outside the scale 1-4"]),
        (3, 0.5, 1, ["fail threshold 0.5 is outside the scale 1-4"]),
        (2, 3, 1, ["fail threshold 3 must be below pass threshold 2"]),
        (3, 3, 1, ["fail threshold 3 must be below pass threshold 3"]),
        (3, 2, -0.1, ["spread threshold -0.1 is outside 0-3"]),
        (3, 2, Decimal("3.01"), ["spread threshold 3.01 is outside 0-3"]),
        (
            0,
            5,
            7,
            [
                "pass threshold 0 is outside the scale 1-4",
                "fail threshold 5 is outside the scale 1-4",
                "fail threshold 5 must be below pass threshold 0",
                "spread threshold 7 is outside 0-3",
            ],
        ),
        (
            float("nan"),
            None,
            "1",
            [
                "pass threshold must be a finite number, got nan",
                "fail threshold must be a finite number, got None",
                "spread threshold must be a finite number, got '1'",
            ],
        ),
    ],
)
def test_invalid_thresholds_are_listed_as_problems(
    pass_threshold: float, fail_threshold: float, spread_threshold: float, problems: list[str]
) -> None:
    assert validate_thresholds(pass_threshold, fail_threshold, spread_threshold) == problems


# -- serialisation ---------------------------------------------------------------


def test_a_panel_result_serialises_to_json() -> None:
    result = aggregate(
        [AssessorScore(2, 10 / 3), AssessorScore(1, 2.5)],
        pass_threshold=Decimal("3.00"),
        fail_threshold=Decimal("2.00"),
        spread_threshold=Decimal("0.50"),
    )
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == {
        "scores": [{"assessor_id": 1, "weighted": 2.5}, {"assessor_id": 2, "weighted": 3.333}],
        "median": 2.917,
        "mean": 2.917,
        "spread": 0.833,
        "calibration_needed": True,
        "result": "discuss",
        "pass_threshold": 3.0,
        "fail_threshold": 2.0,
        "spread_threshold": 0.5,
    }
    assert isinstance(result, PanelResult)
