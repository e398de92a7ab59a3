"""Tests for perfkit.analysis.targets: RAG ratings and direction of travel.

The year-end forecasts (perfkit.analysis.forecast) are tested in test_forecast.py.

Expected values are worked by hand in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perfkit.analysis.targets import RagRule, direction_of_travel, rag_status
from perfkit.polarity import polarity_sign

HIGHER, LOWER, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"


def _rag(values, target, polarity, **options) -> list[str]:
    return rag_status(pd.Series(values, dtype=float), target, polarity, **options)["rag"].tolist()


# -- RAG: classic rule --------------------------------------------------------------
def test_classic_rag_higher_is_better_at_the_boundaries():
    # target 60, tolerance 5% of 60 = 3.0: on target and above are green, a miss of
    # exactly 3.0 (57) is inside the tolerance (inclusive) so amber, 56.9 misses by 3.1: red.
    assert _rag([60, 63, 57, 56.9], 60, HIGHER) == ["green", "green", "amber", "red"]


def test_classic_rag_lower_is_better_flips():
    # target 20, tolerance 5% of 20 = 1.0: 19 beats it, 21 misses by exactly 1.0 (amber),
    # 21.5 misses by 1.5 (red), and 57-style "above" values are now the bad side.
    assert _rag([20, 19, 21, 21.5], 20, LOWER) == ["green", "green", "amber", "red"]


def test_relative_and_absolute_tolerance_differ():
    # relative 5% of 60 = 3.0 lets 57.5 (miss 2.5) be amber; absolute 2 (units) does not.
    assert _rag([57.5, 58], 60, HIGHER) == ["amber", "amber"]
    absolute = {"tolerance": 2, "tolerance_type": "absolute"}
    assert _rag([57.5, 58], 60, HIGHER, **absolute) == ["red", "amber"]  # 58 misses by exactly 2
    assert _rag([57.5], 60, HIGHER, rule=RagRule(2, "absolute")) == ["red"]


def test_per_row_tolerances_override_the_rule_where_given():
    # row 0: 10% of 50 = 5 -> miss 4 amber; row 1: missing tolerance -> rule's 5% of 50 = 2.5,
    # miss 4 red; row 2: absolute 4 -> miss 4 amber (inclusive).
    result = rag_status(pd.Series([46.0, 46.0, 46.0]), 50, HIGHER,
                        tolerance=pd.Series([10, np.nan, 4]),
                        tolerance_type=pd.Series(["relative", None, "absolute"]))
    assert result["rag"].tolist() == ["amber", "red", "amber"]
    assert result["tolerance_allowed"].tolist() == [5.0, 2.5, 4.0]


def test_rag_reasons_are_plain_english():
    result = rag_status(pd.Series([60.0, 63.0, 56.8, 50.0]), 60, HIGHER)
    assert result["rag_reason"].tolist() == [
        "meets the target of 60.0",
        "beats the target of 60.0 by 3.0",
        "misses the target of 60.0 by 3.2, more than the tolerance of 5% of the target (3.0)",
        "misses the target of 60.0 by 10.0, more than the tolerance of 5% of the target (3.0)",
    ]
    amber = rag_status(pd.Series([8.0]), 6, LOWER, tolerance=3, tolerance_type="absolute")
    assert amber["rag_reason"].iloc[0] == (
        "misses the target of 6.0 by 2.0, within the tolerance of 3")


def test_target_gap_is_signed_so_positive_is_better():
    # higher: 63 - 60 = +3; lower: (63 - 60) x -1 = -3.
    assert rag_status(pd.Series([63.0]), 60, HIGHER)["target_gap"].iloc[0] == 3.0
    assert rag_status(pd.Series([63.0]), 60, LOWER)["target_gap"].iloc[0] == -3.0


def test_missing_value_missing_target_and_neutral_give_none():
    result = rag_status(pd.Series([np.nan, 50.0, 50.0]), pd.Series([60.0, np.nan, 60.0]),
                        pd.Series([HIGHER, HIGHER, NEUTRAL]))
    assert result["rag"].tolist() == ["none", "none", "none"]
    assert result["rag_reason"].tolist() == [
        "no value for this period",
        "no target set",
        "no better direction (neutral polarity), so no RAG",
    ]
    assert result["target_gap"].isna().all()


def test_zero_tolerance_has_no_amber():
    assert _rag([59.99, 60, 60.01], 60, HIGHER, rule=RagRule(0)) == ["red", "green", "green"]


# -- RAG: improvement rule -------------------------------------------------------
def test_improvement_rule_green_within_tolerance_amber_if_better_than_last_year():
    rule = RagRule.improvement(tolerance=10)  # 10% of 60 = 6
    values = pd.Series([60.0, 54.0, 50.0, 50.0, 50.0])
    last_year = pd.Series([70.0, 70.0, 45.0, 50.0, np.nan])
    result = rag_status(values, 60, HIGHER, last_year_value=last_year, rule=rule)
    # 54 misses by exactly 6 -> green; 50 misses by 10 but 50 > 45 -> amber;
    # 50 = 50 last year is no better -> red; no value last year -> red.
    assert result["rag"].tolist() == ["green", "green", "amber", "red", "red"]
    assert result["rag_reason"].tolist()[2:] == [
        "misses the target of 60.0 by 10.0, more than the tolerance of 10% of the target (6.0),"
        " but better than the same period last year (45.0)",
        "misses the target of 60.0 by 10.0, more than the tolerance of 10% of the target (6.0),"
        " and no better than the same period last year (50.0)",
        "misses the target of 60.0 by 10.0, more than the tolerance of 10% of the target (6.0),"
        " and there is no value for the same period last year",
    ]


def test_improvement_rule_lower_is_better():
    # target 10, 10% = 1.0; 12 misses by 2: 12 < 13 last year is better -> amber,
    # 12 > 11 last year is worse -> red.
    result = rag_status(pd.Series([12.0, 12.0]), 10, LOWER,
                        last_year_value=pd.Series([13.0, 11.0]),
                        rule=RagRule.improvement(tolerance=10))
    assert result["rag"].tolist() == ["amber", "red"]


def test_classic_rule_ignores_last_year():
    assert _rag([50], 60, HIGHER, last_year_value=40) == ["red"]


def test_rules_are_checked():
    assert RagRule() == RagRule.classic()
    assert RagRule.improvement().amber_if_improved_on_last_year
    with pytest.raises(ValueError, match="at least 0"):
        RagRule(-1)
    with pytest.raises(ValueError, match="tolerance_type"):
        RagRule(5, "percent")
    with pytest.raises(ValueError, match="unknown polarity"):
        rag_status(pd.Series([1.0]), 1, "up")
    with pytest.raises(ValueError, match="unknown tolerance_type"):
        rag_status(pd.Series([1.0]), 1, HIGHER, tolerance_type="percent")


def test_polarity_sign():
    signs = polarity_sign(pd.Series([HIGHER, LOWER, NEUTRAL]), pd.RangeIndex(3))
    assert signs.tolist()[:2] == [1.0, -1.0] and math.isnan(signs.iloc[2])


# -- RAG: symmetries -------------------------------------------------------------
_amounts = st.integers(-1_000_000, 1_000_000).map(lambda n: n / 100)  # 2 decimal places
_rows = st.lists(st.tuples(_amounts, _amounts, _amounts), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(_rows)
def test_swapping_polarity_swaps_green_and_red_without_tolerance(rows):
    values, targets, _ = (pd.Series(column) for column in zip(*rows, strict=True))
    assume((values != targets).all())
    higher = rag_status(values, targets, HIGHER, rule=RagRule(0))["rag"]
    lower = rag_status(values, targets, LOWER, rule=RagRule(0))["rag"]
    assert set(higher) <= {"green", "red"}
    assert (lower == higher.map({"green": "red", "red": "green"})).all()


@settings(max_examples=200, deadline=None)
@given(_rows, _amounts, st.sampled_from([HIGHER, LOWER]), st.integers(0, 20),
       st.booleans())
def test_adding_a_constant_leaves_rag_unchanged(rows, shift, polarity, tolerance, improve):
    values, targets, last_year = (pd.Series(column) for column in zip(*rows, strict=True))
    rule = RagRule(tolerance, "absolute", amber_if_improved_on_last_year=improve)
    before = rag_status(values, targets, polarity, last_year_value=last_year, rule=rule)
    after = rag_status(values + shift, targets + shift, polarity,
                       last_year_value=last_year + shift, rule=rule)
    assert (before["rag"] == after["rag"]).all()


@settings(max_examples=200, deadline=None)
@given(_rows, st.floats(0.01, 100), st.sampled_from([HIGHER, LOWER]), st.integers(0, 20),
       st.booleans())
def test_scaling_leaves_rag_unchanged_with_relative_tolerance(rows, k, polarity, tolerance,
                                                             improve):
    values, targets, last_year = (pd.Series(column) for column in zip(*rows, strict=True))
    rule = RagRule(tolerance, "relative", amber_if_improved_on_last_year=improve)
    before = rag_status(values, targets, polarity, last_year_value=last_year, rule=rule)
    after = rag_status(values * k, targets * k, polarity, last_year_value=last_year * k,
                       rule=rule)
    assert (before["rag"] == after["rag"]).all()


# -- direction of travel ----------------------------------------------------------
def test_direction_of_travel_inside_and_outside_noise():
    current = pd.Series([51.5, 52.0, 52.5, 52.5, np.nan])
    result = direction_of_travel(current, 50, HIGHER, noise=2.0)
    # changes 1.5 and exactly 2.0 are within the noise (inclusive); 2.5 is not.
    assert result.tolist() == ["no_significant_change", "no_significant_change", "improving",
                               "improving", "not_comparable"]
    assert direction_of_travel(pd.Series([52.5]), 50, LOWER, noise=2.0).tolist() == ["worsening"]
    assert direction_of_travel(pd.Series([47.5]), 50, LOWER, noise=2.0).tolist() == ["improving"]


def test_direction_of_travel_without_noise_goes_by_sign():
    result = direction_of_travel(pd.Series([50.0, 50.1, 49.9]), 50, HIGHER,
                                 noise=pd.Series([np.nan, np.nan, np.nan]))
    assert result.tolist() == ["no_significant_change", "improving", "worsening"]
    assert direction_of_travel(pd.Series([49.9]), 50, HIGHER, noise=None).tolist() == [
        "worsening"]


def test_direction_of_travel_neutral_and_per_row_noise():
    result = direction_of_travel(pd.Series([60.0, 40.0, 55.0]), pd.Series([50.0, 50.0, 50.0]),
                                 NEUTRAL, noise=pd.Series([5.0, 5.0, 5.0]))
    assert result.tolist() == ["increased", "decreased", "no_significant_change"]
    assert result.name == "direction"
