"""Rank, count, quartile, percentile, median and MAD distance of every row
within its group (perfkit/analysis/ranking.py). Expected values are worked by
hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.ranking import QUARTILE_BANDS, rank_among

HIGHER, LOWER, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"


def _ranked(values, polarity=HIGHER) -> pd.DataFrame:
    frame = pd.DataFrame({"group": "g", "value": pd.Series(values, dtype=float)})
    return rank_among(frame, polarity, "group")


# -- rank_among -------------------------------------------------------------------
def test_ties_share_the_best_rank():
    result = _ranked([90, 80, 80, 70])
    assert result["rank"].tolist() == [1, 2, 2, 4]
    assert result["count"].tolist() == [4, 4, 4, 4]
    # (4 - rank) / 3 x 100: 100, 66.7, 66.7, 0
    assert result["percentile"].tolist() == pytest.approx([100, 200 / 3, 200 / 3, 0])
    # > 75 -> 1; > 50 -> 2; <= 25 -> 4
    assert result["quartile"].tolist() == [1, 2, 2, 4]
    # median 80; |deviations| 10, 0, 0, 10 -> MAD = median(0, 0, 10, 10) = 5
    assert result["median"].tolist() == [80.0] * 4
    assert result["mad"].tolist() == [5.0] * 4
    assert result["mad_distance"].tolist() == [2.0, 0.0, 0.0, -2.0]
    assert result["rank_is_judgement"].all()


def test_lower_is_better_reverses_the_ranking():
    result = _ranked([90, 80, 80, 70], LOWER)
    assert result["rank"].tolist() == [4, 2, 2, 1]
    # signed so positive = better: (80 - 90) / 5 = -2 for the highest value
    assert result["mad_distance"].tolist() == [-2.0, 0.0, 0.0, 2.0]


def test_group_of_eight_percentiles_and_quartiles():
    result = _ranked([8, 7, 6, 5, 4, 3, 2, 1])
    assert result["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    # (8 - rank) / 7 x 100
    assert result["percentile"].tolist() == pytest.approx([100 * k / 7 for k in range(7, -1, -1)])
    # 100, 85.7 | 71.4, 57.1 | 42.9, 28.6 | 14.3, 0
    assert result["quartile"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    # median 4.5; |deviations| 3.5 2.5 1.5 0.5 0.5 1.5 2.5 3.5 -> MAD 2.0; (8 - 4.5) / 2 = 1.75
    assert result["mad"].iloc[0] == 2.0
    assert result["mad_distance"].tolist() == [1.75, 1.25, 0.75, 0.25, -0.25, -0.75, -1.25, -1.75]
    assert [QUARTILE_BANDS[q] for q in result["quartile"]] == list("AABBCCDD")


def test_an_area_on_a_quartile_boundary_goes_to_the_worse_quartile():
    # five areas: percentiles 100, 75, 50, 25, 0 -> 75 is not above 75, so quartile 2.
    result = _ranked([5, 4, 3, 2, 1])
    assert result["percentile"].tolist() == [100, 75, 50, 25, 0]
    assert result["quartile"].tolist() == [1, 2, 3, 4, 4]


def test_a_group_of_one_and_small_groups():
    one = _ranked([42])
    assert (one["rank"].iloc[0], one["count"].iloc[0]) == (1, 1)
    assert math.isnan(one["percentile"].iloc[0])
    assert pd.isna(one["quartile"].iloc[0])
    assert one["mad_distance"].iloc[0] == 0.0  # on its own median
    three = _ranked([3, 2, 1])
    assert three["percentile"].tolist() == [100, 50, 0]
    assert three["quartile"].isna().all()  # fewer than 4 areas: no quartiles


def test_mad_of_zero():
    # median 5; |deviations| 0, 0, 0, 2 -> MAD 0: on the median 0, off it NaN
    result = _ranked([5, 5, 5, 7])
    assert result["mad"].iloc[0] == 0.0
    assert result["mad_distance"].iloc[:3].tolist() == [0.0, 0.0, 0.0]
    assert math.isnan(result["mad_distance"].iloc[3])


def test_missing_values_are_not_ranked_or_counted():
    result = _ranked([10, np.nan, 30, 20])
    assert result["rank"].tolist() == [3, pd.NA, 1, 2]
    assert result["count"].tolist() == [3, 3, 3, 3]
    assert result["median"].iloc[0] == 20.0


def test_neutral_ranks_by_size_but_is_not_a_judgement():
    result = _ranked([1, 3, 2], NEUTRAL)
    assert result["rank"].tolist() == [3, 1, 2]
    assert not result["rank_is_judgement"].any()
    assert result["mad_distance"].tolist() == [-1.0, 1.0, 0.0]  # positive = above the median


def test_groups_and_polarities_per_row():
    frame = pd.DataFrame({"indicator_id": ["up", "up", "down", "down"],
                          "value": [1.0, 2.0, 1.0, 2.0]})
    polarity = pd.Series([HIGHER, HIGHER, LOWER, LOWER])
    assert rank_among(frame, polarity, ["indicator_id"])["rank"].tolist() == [2, 1, 1, 2]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-10_000, 10_000), min_size=2, max_size=30, unique=True))
def test_swapping_polarity_reverses_ranks(values):
    higher, lower = _ranked(values, HIGHER), _ranked(values, LOWER)
    assert (lower["rank"] == higher["count"] + 1 - higher["rank"]).all()
    assert lower["percentile"].to_numpy() == pytest.approx(100 - higher["percentile"].to_numpy())
    distances = pd.concat([lower["mad_distance"], -higher["mad_distance"]], axis=1).dropna()
    assert (distances.iloc[:, 0] == distances.iloc[:, 1]).all()
