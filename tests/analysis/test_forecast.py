"""Tests for perfkit.analysis.forecast: year-end forecasts from each series' recent
straight-line trend, and the change per period needed to reach a target.

Expected values are worked by hand in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from perfkit.analysis.forecast import forecast_year_end, forecast_year_ends

HIGHER, LOWER = "higher_is_better", "lower_is_better"


QUARTERS = ["2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2"]


def test_forecast_on_a_straight_line_is_exact():
    # y = 10, 12, 14, 16: slope 2 a quarter; latest 2024-25 Q2, year end is Q4, 2 ahead:
    # 16 + 2 x 2 = 20. To reach 25: (25 - 16) / 2 = 4.5 a quarter; 20 < 25: not on track.
    result = forecast_year_end([10, 12, 14, 16], QUARTERS, target=25)
    assert result["forecast_period"] == "2024-25 Q4"
    assert result["periods_ahead"] == 2
    assert result["trend_per_period"] == pytest.approx(2.0)
    assert result["forecast"] == pytest.approx(20.0)
    assert result["change_needed_per_period"] == pytest.approx(4.5)
    assert not result["on_track"]
    assert forecast_year_end([10, 12, 14, 16], QUARTERS, target=20)["on_track"]


def test_forecast_lower_is_better_on_track():
    # falling 3 a quarter: 30, 27, 24, 21 -> Q4 = 21 - 6 = 15 <= target 16: on track;
    # needed (16 - 21) / 2 = -2.5 a quarter.
    result = forecast_year_end([30, 27, 24, 21], QUARTERS, target=16, polarity=LOWER)
    assert result["forecast"] == pytest.approx(15.0)
    assert result["change_needed_per_period"] == pytest.approx(-2.5)
    assert result["on_track"]


def test_forecast_least_squares_on_a_noisy_series():
    # x = -3..0, y = 1, 3, 2, 4: mean x -1.5, mean y 2.5; Sxy = (-1.5)(-1.5) + (-0.5)(0.5)
    # + (0.5)(-0.5) + (1.5)(1.5) = 4; Sxx = 5; slope 0.8; value at x = 0: 2.5 + 0.8 x 1.5 = 3.7;
    # Q4 is 2 ahead: 3.7 + 1.6 = 5.3.
    result = forecast_year_end([1, 3, 2, 4], QUARTERS)
    assert result["trend_per_period"] == pytest.approx(0.8)
    assert result["forecast"] == pytest.approx(5.3)
    assert pd.isna(result["on_track"])


def test_forecast_uses_only_the_last_points_and_respects_gaps():
    # 10 quarters: two wild early values, then y = 2 x (quarter number) with a missing quarter.
    periods = [f"{year}-{(year + 1) % 100:02d} Q{q}" for year in (2022, 2023, 2024)
               for q in (1, 2, 3, 4)][:11]
    values = [500, -500] + [2.0 * n for n in range(2, 11)]
    del periods[5], values[5]  # 2023-24 Q2 missing: the line still fits exactly
    result = forecast_year_end(values, periods)  # latest 2024-25 Q3 (n = 10, y = 20)
    assert result["points_used"] == 8
    assert result["forecast_period"] == "2024-25 Q4"
    assert result["forecast"] == pytest.approx(22.0)
    assert forecast_year_end(values, periods, points=3)["forecast"] == pytest.approx(22.0)


def test_forecast_from_a_year_end_looks_to_the_next_one_and_annual_to_the_next_year():
    q4 = forecast_year_end([1, 2, 3], ["2023-24 Q2", "2023-24 Q3", "2023-24 Q4"])
    assert (q4["forecast_period"], q4["periods_ahead"], q4["forecast"]) == ("2024-25 Q4", 4, 7)
    annual = forecast_year_end([50, 52, 54], ["2021/22", "2022/23", "2023/24"])
    assert (annual["forecast_period"], annual["periods_ahead"]) == ("2024/25", 1)
    assert annual["forecast"] == pytest.approx(56.0)
    months = forecast_year_end([1, 2, 3], ["2024-10", "2024-11", "2024-12"])
    assert (months["forecast_period"], months["periods_ahead"]) == ("2025-03", 3)


def test_forecast_needs_three_points_and_clamps_percentages():
    short = forecast_year_end([10, 12], QUARTERS[:2], target=20)
    assert math.isnan(short["forecast"]) and pd.isna(short["on_track"])
    # 85, 90, 95, 100 -> 110 by Q4, clamped to 100 for a percentage.
    assert forecast_year_end([85, 90, 95, 100], QUARTERS, unit="percent")["forecast"] == 100
    assert forecast_year_end([85, 90, 95, 100], QUARTERS)["forecast"] == pytest.approx(110)
    assert forecast_year_end([85, 90, 95, 100], QUARTERS, bounds=(0, 105))["forecast"] == 105
    with pytest.raises(ValueError, match="at least 3"):
        forecast_year_end([1, 2, 3], QUARTERS[:3], points=2)


def test_forecast_year_ends_many_series_at_once():
    observations = pd.DataFrame({
        "area_code": ["A"] * 4 + ["B"] * 4 + ["B"] * 2,
        "indicator_id": ["pct"] * 8 + ["days"] * 2,
        "period": QUARTERS * 2 + QUARTERS[:2],
        "value": [10, 12, 14, 16, 40, 38, 36, 34, 5, 6],
    })
    indicators = pd.DataFrame({"indicator_id": ["pct", "days"],
                               "polarity": [HIGHER, LOWER], "unit": ["percent", "days"]})
    targets = pd.DataFrame({"indicator_id": ["pct", "pct"], "area_code": ["A", "B"],
                            "period": ["2024-25 Q4", "2024-25 Q4"], "target": [20.0, 35.0]})
    result = forecast_year_ends(observations, indicators, targets).set_index(
        ["area_code", "indicator_id"])
    # A: 16 + 2 x 2 = 20 meets 20; B: 34 - 2 x 2 = 30 misses 35 (higher is better).
    assert result.loc[("A", "pct"), "forecast"] == pytest.approx(20.0)
    assert result.loc[("A", "pct"), "on_track"]
    assert result.loc[("B", "pct"), "forecast"] == pytest.approx(30.0)
    assert not result.loc[("B", "pct"), "on_track"]
    assert result.loc[("B", "pct"), "change_needed_per_period"] == pytest.approx(0.5)
    assert math.isnan(result.loc[("B", "days"), "forecast"])  # only 2 points
    assert result.loc[("A", "pct"), "breakdown_category"] == "all"
