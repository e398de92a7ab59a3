"""Comparisons with a benchmark, Fingertips style (perfkit/analysis/significance.py).
Expected values are worked by hand in the comments; z = 1.959964 at 95%
(z² = 3.841459) and z = 3.090232 at 99.8%."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.significance import (
    COMPARISON_COLUMNS,
    STRICT_CONFIDENCE,
    add_comparisons,
    byar_interval,
    compare_with,
    national_values,
    value_interval,
)

Z95, Z998 = 1.959964, 3.090232


def _rows(*rows) -> pd.DataFrame:
    """(value, numerator, denominator, unit, polarity) tuples as a frame."""
    return pd.DataFrame(rows, columns=["value", "numerator", "denominator", "unit", "polarity"])


# -- the intervals ---------------------------------------------------------------------
def test_wilson_interval_for_30_out_of_100_in_percent():
    # centre = (30 + 3.841459/2) / (100 + 3.841459) = 31.920730 / 103.841459 = 0.307399
    # half = 1.959964 x sqrt(30 x 70 / 100 + 3.841459 / 4) / 103.841459
    #      = 1.959964 x sqrt(21.960365) / 103.841459 = 1.959964 x 4.686189 / 103.841459
    #      = 0.088450, so 0.218949 to 0.395849: 21.89% to 39.58%
    lower, upper = value_interval(_rows((30.0, 30, 100, "percent", "higher_is_better")))
    assert lower[0] == pytest.approx(21.8949, abs=1e-4)
    assert upper[0] == pytest.approx(39.5849, abs=1e-4)


def test_byar_for_ten_events():
    # lower: 1/(9 x 10) = 0.011111; z/(3 sqrt 10) = 1.959964 / 9.486833 = 0.206598
    #        10 x (1 - 0.011111 - 0.206598)³ = 10 x 0.782291³ = 10 x 0.478745 = 4.78745
    # upper: 1/(9 x 11) = 0.010101; z/(3 sqrt 11) = 1.959964 / 9.949874 = 0.196984
    #        11 x (1 - 0.010101 + 0.196984)³ = 11 x 1.186883³ = 11 x 1.671951 = 18.39146
    lower, upper = byar_interval(10, 1, 1, Z95)
    assert float(lower) == pytest.approx(4.78745, abs=1e-5)
    assert float(upper) == pytest.approx(18.39146, abs=1e-5)
    # as a rate: 10 events in 5,000 people per 10,000 is 20, from 9.5749 to 36.7829
    lower, upper = byar_interval(10, 5_000, 10_000, Z95)
    assert float(lower) == pytest.approx(9.5749, abs=1e-4)
    assert float(upper) == pytest.approx(36.7829, abs=1e-4)


def test_byar_for_no_events():
    # lower: 0 by definition; upper: 1 x (1 - 1/9 + 1.959964/3)³ = 1.542210³ = 3.668012
    lower, upper = byar_interval(0, 1, 1, Z95)
    assert float(lower) == 0.0
    assert float(upper) == pytest.approx(3.668012, abs=1e-6)


def test_byar_matches_a_published_example():
    # The byar gem's documentation (github.com/florish/byar, lib/byar.rb), z = 1.96:
    # Byar.new(100).upper_bound = 121.628347271806 and Byar.lower(100, 90) =
    # 0.9040199067337297, so a lower bound of 0.9040199067337297 x 90 = 81.361792.
    lower, upper = byar_interval(100, 1, 1, 1.96)
    assert float(upper) == pytest.approx(121.628347271806, abs=1e-9)
    assert float(lower) == pytest.approx(0.9040199067337297 * 90, abs=1e-9)


def test_byar_never_goes_below_zero_and_needs_a_population():
    # one event at 99.8%: 1 - 1/9 - 3.090232/3 = -0.141188, so the formula is negative
    lower, upper = byar_interval([1, 5, 5, np.nan], [1, 0, np.nan, 1], 1, Z998)
    assert lower[0] == 0.0 and upper[0] > 1
    assert np.isnan(lower[1:]).all() and np.isnan(upper[1:]).all()


# -- the comparisons -----------------------------------------------------------------
@pytest.mark.parametrize(("polarity", "benchmark", "expected"), [
    # 30/100 is 21.89% to 39.58% at 95%
    ("higher_is_better", 20.0, "better"),    # all above 20
    ("higher_is_better", 30.0, "similar"),
    ("higher_is_better", 42.0, "worse"),     # all below 42
    ("lower_is_better", 20.0, "worse"),
    ("lower_is_better", 30.0, "similar"),
    ("lower_is_better", 42.0, "better"),
    ("neutral", 20.0, "higher"),
    ("neutral", 30.0, "similar"),
    ("neutral", 42.0, "lower"),
])
def test_a_percentage_against_a_benchmark(polarity, benchmark, expected):
    frame = _rows((30.0, 30, 100, "percent", polarity))
    assert compare_with(frame, pd.Series([benchmark])).tolist() == [expected]


@pytest.mark.parametrize(("polarity", "benchmark", "expected"), [
    # 10 in 5,000 per 10,000 is 9.5749 to 36.7829 at 95%
    ("lower_is_better", 40.0, "better"),
    ("lower_is_better", 20.0, "similar"),
    ("lower_is_better", 5.0, "worse"),
    ("higher_is_better", 40.0, "worse"),
    ("higher_is_better", 5.0, "better"),
    ("neutral", 5.0, "higher"),
])
def test_a_rate_against_a_benchmark(polarity, benchmark, expected):
    frame = _rows((20.0, 10, 5_000, "rate_per_10000", polarity))
    assert compare_with(frame, pd.Series([benchmark])).tolist() == [expected]


def test_the_stricter_level_can_turn_worse_into_similar():
    # 30/100 at 99.8%: centre = (30 + 9.549534/2) / 109.549534 = 0.317436
    # half = 3.090232 x sqrt(21 + 9.549534/4) / 109.549534 = 3.090232 x 4.835743 / 109.549534
    #      = 0.136410, so 18.10% to 45.39%: 42% is inside it, though outside 39.58%
    frame = _rows((30.0, 30, 100, "percent", "higher_is_better"))
    lower, upper = value_interval(frame, confidence=STRICT_CONFIDENCE)
    assert (lower[0], upper[0]) == pytest.approx((18.1016, 45.3852), abs=1e-4)
    assert compare_with(frame, pd.Series([42.0])).tolist() == ["worse"]
    assert compare_with(frame, pd.Series([42.0]),
                        confidence=STRICT_CONFIDENCE).tolist() == ["similar"]


def test_a_benchmark_on_the_limit_is_inside_it():
    # no events: the lower limit is exactly 0, so a benchmark of 0 is "similar"
    frame = _rows((0.0, 0, 5_000, "rate_per_10000", "lower_is_better"))
    assert compare_with(frame, pd.Series([0.0])).tolist() == ["similar"]


def test_rows_that_cannot_be_compared_are_none():
    frame = _rows(
        (30.0, np.nan, 100, "percent", "higher_is_better"),     # no numerator
        (30.0, 30, np.nan, "percent", "higher_is_better"),      # no denominator
        (30.0, 30, 0, "percent", "higher_is_better"),           # nobody counted
        (120.0, 120, 100, "percent", "higher_is_better"),       # not a proportion
        (np.nan, 30, 100, "percent", "higher_is_better"),       # no value
        (30.0, 30, 100, "percent", "higher_is_better"),         # no benchmark (below)
        (512.0, 30, 100, "gbp", "neutral"),                     # money has no interval
        (30.0, 30, 100, "score", "higher_is_better"),
    )
    benchmark = pd.Series([20.0] * 5 + [np.nan] + [20.0] * 2)
    result = compare_with(frame, benchmark)
    assert result.dtype == object
    assert result.isna().all()
    assert all(word is None for word in result)


def test_the_benchmark_is_aligned_on_the_index():
    frame = _rows((30.0, 30, 100, "percent", "higher_is_better"),
                  (30.0, 30, 100, "percent", "higher_is_better")).set_axis([7, 3])
    result = compare_with(frame, pd.Series({3: 42.0, 7: 20.0}))
    assert result.to_dict() == {7: "better", 3: "worse"}


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.floats(0, 100), st.sampled_from(["percent", "rate_per_1000"]))
def test_swapping_the_polarity_swaps_better_and_worse(counts, benchmark, unit):
    x, n = counts
    frame = _rows((100 * x / n, x, n, unit, "higher_is_better"),
                  (100 * x / n, x, n, unit, "lower_is_better"),
                  (100 * x / n, x, n, unit, "neutral"))
    up, down, neutral = compare_with(frame, pd.Series([benchmark] * 3))
    swap = {"better": "worse", "worse": "better", "similar": "similar"}
    assert down == swap[up]
    assert neutral == {"better": "higher", "worse": "lower", "similar": "similar"}[up]


# -- England's value and the assessment columns -----------------------------------------
def _observations() -> pd.DataFrame:
    return pd.DataFrame({
        "area_code": ["E92000001", "E92000001", "E92000001", "E08000009"],
        "indicator_id": ["ehcp_20_weeks"] * 3 + ["ehcp_20_weeks"],
        "period": ["2023", "2024", "2024", "2024"],
        "value": [49.2, 46.4, 38.0, 30.0],
        "breakdown_dimension": ["all", "all", "sex", "all"],
        "breakdown_category": ["all", "all", "Male", "all"],
    })


def _latest() -> pd.DataFrame:
    return pd.DataFrame({
        "area_code": ["E08000009"] * 4,
        "indicator_id": ["ehcp_20_weeks", "ehcp_20_weeks", "ehcp_20_weeks", "cla_rate"],
        "period": ["2024", "2024", "2023", "2024"],
        "breakdown_dimension": ["all", "sex", "all", "all"],
        "breakdown_category": ["all", "Male", "all", "all"],
        "value": [30.0, 30.0, 30.0, 80.0],
        "numerator": [30, 30, 30, np.nan],
        "denominator": [100, 100, 100, np.nan],
        "unit": ["percent"] * 3 + ["rate_per_10000"],
        "polarity": ["higher_is_better"] * 3 + ["neutral"],
        "peer_median": [31.0, 20.0, np.nan, 70.0],
    }, index=[10, 11, 12, 13])


def test_national_values_match_indicator_breakdown_and_period():
    found = national_values(_latest(), _observations(), "E92000001")
    assert found.index.tolist() == [10, 11, 12, 13]
    assert found.iloc[:3].tolist() == [46.4, 38.0, 49.2]
    assert np.isnan(found.iloc[3])                   # England has no cla_rate here
    # each row's own nation: a row with no national row has no national value
    codes = pd.Series(["E92000001", None, "E92000001", "E92000001"], index=[10, 11, 12, 13])
    found = national_values(_latest(), _observations(), codes)
    assert found.iloc[0] == 46.4 and np.isnan(found.iloc[1])


def test_add_comparisons_adds_the_documented_columns():
    latest = _latest()
    out = add_comparisons(latest, national_values(latest, _observations(), "E92000001"))
    assert list(out.columns) == [*latest.columns, *COMPARISON_COLUMNS]
    assert "national_value" not in latest                  # the input is left alone
    # 21.89-39.58 at 95% and 18.10-45.39 at 99.8%, against 46.4, 38.0 and 49.2
    assert out["national_comparison"].tolist() == ["worse", "similar", "worse", None]
    assert out["national_comparison_998"].tolist() == ["worse", "similar", "worse", None]
    # against the peer medians 31, 20 and none; cla_rate has no counts
    assert out["peer_comparison"].tolist() == ["similar", "better", None, None]
    assert out["peer_comparison_998"].tolist() == ["similar", "similar", None, None]
