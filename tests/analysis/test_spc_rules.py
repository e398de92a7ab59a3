"""Tests for perfkit.analysis.spc_rules: the Making Data Count special cause rules,
their precedence, how many values make a signal, and the point type and assurance codes.

Expected values are worked by hand in the comments, or are published reference
values from NHSRplotthedots (nhs-r-community/NHSRplotthedots), cited where used.
The first tests call the rules on arrays; the rest go through
:func:`perfkit.analysis.spc.xmr`, with points judged against the limits of
``BASE`` (mean 11, limits 5.68 and 16.32, two-thirds lines 7.45 and 14.55).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from perfkit.analysis.spc import xmr
from perfkit.analysis.spc_rules import (
    HIGH,
    LOW,
    RULES,
    assurance_codes,
    outside_limits,
    point_type_codes,
    run_of_points,
    special_cause_side,
    trend_of_points,
    two_of_three,
)
from tests.analysis.spc_examples import BASE, SERIES_VALUES, flagged, types

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")


def _array(*numbers):
    return np.array(numbers, dtype=np.int8)


def _one_segment(n):
    return np.zeros(n, dtype=np.int64)


# -- each rule on arrays -------------------------------------------------------------
def test_outside_limits_on_arrays():
    # limits 0 and 10: 10.5 is above, -0.5 below, 10 on the limit is inside;
    # where there are no limits (NaN) nothing is flagged
    values = np.array([1.0, 10.0, 10.5, -0.5, 50.0])
    lpl = np.array([0.0, 0.0, 0.0, 0.0, np.nan])
    upl = np.array([10.0, 10.0, 10.0, 10.0, np.nan])
    assert outside_limits(values, lpl, upl, 0.0).tolist() == [0, 0, HIGH, LOW, 0]


def test_run_of_points_on_arrays():
    # runs of 3 above, then (after a point on the mean) 3 above, then 2 below
    side = _array(1, 1, 1, 0, 1, 1, 1, -1, -1)
    assert run_of_points(side, _one_segment(9), 3).tolist() == [1, 1, 1, 0, 1, 1, 1, 0, 0]
    assert not run_of_points(side, _one_segment(9), 4).any()
    # four above, but two in each segment: no run of 3
    assert not run_of_points(_array(1, 1, 1, 1), np.array([0, 0, 1, 1]), 3).any()


def test_trend_of_points_on_arrays():
    # 5, 4, then 5, 6, 7 (each higher: four points from the 4, three rises), then 6
    assert trend_of_points(np.array([5.0, 4, 5, 6, 7, 6]), _one_segment(6), 4).tolist() == [
        0, HIGH, HIGH, HIGH, HIGH, 0]
    # falling then rising: the lowest point (6) takes the later, rising trend's side
    values = np.array([9.0, 8, 7, 6, 7, 8, 9])
    assert trend_of_points(values, _one_segment(7), 4).tolist() == [LOW] * 3 + [HIGH] * 4
    # a new segment breaks the trend: three rises, but only two in each segment
    assert not trend_of_points(np.array([1.0, 2, 3, 4]), np.array([0, 0, 1, 1]), 3).any()


def test_two_of_three_on_arrays():
    # all above the mean, the 1st and 3rd beyond the line: only those two flagged;
    # the window 2, 3, 4 has one point beyond, so the 4th is not
    side = _array(1, 1, 1, 1)
    beyond = _array(1, 0, 1, 0)
    assert two_of_three(side, beyond, _one_segment(4)).tolist() == [1, 0, 1, 0]
    assert two_of_three(_array(-1, -1, -1), _array(-1, -1, 0), _one_segment(3)).tolist() == [
        -1, -1, 0]
    # one below the mean among them: not flagged
    assert not two_of_three(_array(1, -1, 1), _array(1, 0, 1), _one_segment(3)).any()


def test_special_cause_side_takes_the_rules_in_order():
    # point 0: no rule; 1: beyond the limit (high) beats a falling trend;
    # 2: the falling trend beats two of three and a run above; 3: a run below only
    outside = _array(0, 1, 0, 0)
    trend = _array(0, -1, -1, 0)
    two = _array(0, 0, 1, 0)
    run = _array(0, 1, 1, -1)
    side, rule = special_cause_side(outside, trend, two, run)
    assert side.tolist() == [0, HIGH, LOW, LOW]
    assert [RULES[r] if r >= 0 else None for r in rule] == [
        None, "outside_limits", "trend", "run"]


def test_point_type_codes():
    # 0 common cause, 1 improvement, 2 concern, 3 neutral high, 4 neutral low
    side = _array(0, 1, -1, 1, -1, 1, -1)
    direction = _array(1, 1, 1, -1, -1, 0, 0)
    assert point_type_codes(side, direction).tolist() == [0, 1, 2, 2, 1, 3, 4]


def test_assurance_codes():
    # limits 5.68 and 16.32 (BASE): 0 passes, 1 hit and miss, 2 fails, -1 no judgement
    rows = [  # target, direction, code
        (17.0, 1, 2), (5.0, 1, 0), (11.0, 1, 1),
        (17.0, -1, 0), (5.0, -1, 2), (16.32, -1, 1),  # on the limit is within it
        (11.0, 0, -1), (np.nan, 1, -1),
    ]
    target, direction, expected = (np.array(column) for column in zip(*rows, strict=True))
    lpl, upl = np.full(len(rows), 5.68), np.full(len(rows), 16.32)
    assert assurance_codes(target, lpl, upl, direction).tolist() == expected.tolist()
    # no limits, no judgement
    no_limits = assurance_codes(np.array([11.0]), np.array([np.nan]), np.array([np.nan]),
                                np.array([1]))
    assert no_limits.tolist() == [-1]


# -- published reference values ----------------------------------------------------
def test_two_of_three_needs_one_side_of_the_mean_as_in_nhsrplotthedots():
    # tests/testthat/test-ptd_spc_standard.R: rep(c(1, -1), 8) with points 15 and 16
    # set to 5.5 and -5.5: close to opposite limits, so both are common cause.
    # By hand: mean 0; moving ranges 13 x 2, 6.5, 11: mean 43.5 / 15 = 2.9; 11 >= 3.267
    # x 2.9 = 9.47 is screened, leaving 32.5 / 14 = 2.3214; upl 6.175, two-thirds 4.117.
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    result = xmr(values)
    assert result["upl"].iloc[0] == pytest.approx(2.66 * 32.5 / 14)
    assert types(result)[-2:] == ["common_cause", "common_cause"]


# -- each rule by hand ---------------------------------------------------------------
def test_outside_limits_by_hand():
    # 17 > upl 16.32: outside, high; with higher better that is an improvement
    result = xmr([*BASE, 17.0], baseline=12)
    assert flagged(result, "outside_limits") == [12]
    assert result["special_cause"].iloc[12] == "high"
    assert types(result)[12] == "special_cause_improvement"


def test_a_point_on_a_limit_is_inside():
    upl = xmr(BASE)["upl"].iloc[0]
    result = xmr([*BASE, upl], baseline=12)
    assert not result["outside_limits"].any()


def test_run_by_hand():
    # the last baseline point (12) and six more 12s: 7 in a row above the mean of 11
    result = xmr([*BASE, *[12.0] * 6], baseline=12)
    assert flagged(result, "run") == list(range(11, 18))
    assert set(result["special_cause"].iloc[11:]) == {"high"}
    # five more: 6 in a row, a run only if run_length is 6
    short = [*BASE, *[12.0] * 5]
    assert not xmr(short, baseline=12)["run"].any()
    assert flagged(xmr(short, baseline=12, run_length=6), "run") == list(range(11, 17))


def test_a_point_on_the_mean_breaks_a_run():
    # 12 | 12 12 12 | 11 (on the mean) | 12 12 12: runs of 4 and 3, neither counts
    result = xmr([*BASE, 12, 12, 12, 11, 12, 12, 12], baseline=12)
    assert not result["run"].any()


def test_a_gap_does_not_break_a_run():
    # the baseline's last 12 and six more above the mean of 11, with a suppressed
    # value among them: seven observed values in a row, so still a run
    result = xmr([*BASE, 12.0, 12.0, np.nan, 12.0, 12.0, 12.0, 12.0], baseline=12)
    assert flagged(result, "run") == [11, 12, 13, 15, 16, 17, 18]


def test_trend_by_hand():
    # after 12 comes 10.5 (a fall), then six rises: 7 points, 6 rises, all flagged.
    # None is beyond two-thirds (14.55) and the run above the mean is only 5 long.
    rising = [10.5, 11, 11.5, 12, 12.5, 13, 13.5]
    result = xmr([*BASE, *rising], baseline=12)
    assert flagged(result, "trend") == list(range(12, 19))
    assert not result[["outside_limits", "run", "two_of_three"]].any().any()
    assert set(types(result)[12:]) == {"special_cause_improvement"}
    # six points (5 rises) are not a trend of 7 points, but are a trend of 6
    assert not xmr([*BASE, *rising[:6]], baseline=12)["trend"].any()
    six = xmr([*BASE, *rising[:6]], baseline=12, trend_length=6)
    assert flagged(six, "trend") == list(range(12, 18))


def test_equal_values_break_a_trend():
    result = xmr([*BASE, 10.5, 11, 11, 11.5, 12, 12.5, 13], baseline=12)
    assert not result["trend"].any()


def test_falling_trend_is_low():
    result = xmr([*BASE, 13.5, 13, 12.5, 12, 11.5, 11, 10.5], baseline=12)
    assert set(result["special_cause"].iloc[12:]) == {"low"}


def test_two_of_three_by_hand():
    # 15 (beyond 14.55), 12 (above the mean, not beyond), 15: all three above the
    # mean and two beyond the line, so the two 15s are flagged and the 12 is not
    result = xmr([*BASE, 15.0, 12.0, 15.0], baseline=12)
    assert flagged(result, "two_of_three") == [12, 14]
    assert types(result)[12:] == [
        "special_cause_improvement",
        "common_cause",
        "special_cause_improvement",
    ]


def test_two_of_three_counts_a_point_beyond_the_limit():
    # Making Data Count's revised rule (NHSRplotthedots issue #194): 15 is beyond the
    # two-thirds line and 17 beyond the limit, both above the mean, so both count.
    result = xmr([*BASE, 15.0, 17.0], baseline=12)
    assert flagged(result, "two_of_three") == [12, 13]
    assert result["special_cause_rule"].tolist()[12:] == ["two_of_three", "outside_limits"]


def test_two_of_three_across_the_mean_is_not_flagged():
    # 15, 7 (below the mean), 15: two beyond a line but not all on one side
    assert not xmr([*BASE, 15.0, 7.0, 15.0], baseline=12)["two_of_three"].any()


def test_trend_takes_precedence_over_run():
    # 16, 15.5, ... 13: a falling trend of 7, all above the mean (with the baseline's
    # last 12, a run of 8 above), the first three beyond the two-thirds line (14.55).
    # The trend decides the side: falling is a concern where higher is better
    # (NHSRplotthedots PR #180, matching the Making Data Count spreadsheet).
    falling = [16.0, 15.5, 15.0, 14.5, 14.0, 13.5, 13.0]
    result = xmr([*BASE, *falling], baseline=12)
    assert flagged(result, "run") == list(range(11, 19))
    assert flagged(result, "two_of_three") == [12, 13, 14]
    assert set(result["special_cause_rule"].iloc[12:]) == {"trend"}
    assert set(types(result)[12:]) == {"special_cause_concern"}
    # the baseline's last point is only in the run, above the mean: improvement
    assert types(result)[11] == "special_cause_improvement"


def test_rules_do_not_cross_a_rebase():
    # four 12s end the first segment, three 12s start the second: no run of 7
    first = [10.0, 12.0] * 5 + [12.0] * 4
    second = [12.0] * 3 + [10.0, 12.0] * 5
    result = xmr(first + second, rebase=[len(first)])
    assert not result["run"].any()


# -- how long a signal is --------------------------------------------------------------
def test_signal_points_count_the_values_in_each_signal():
    # BASE: mean 11, limits 5.68 and 16.32, two-thirds lines 7.45 and 14.55.
    # A run: the baseline's last 12 (index 11) and six more 12s; the k-th value counts k
    run = xmr([*BASE, *[12.0] * 6], baseline=12)
    assert run["signal_points"].tolist() == [0] * 11 + [1, 2, 3, 4, 5, 6, 7]
    # a missing value is skipped, as the run skips it: the latest is still the 7th
    gappy = xmr([*BASE, 12.0, 12.0, np.nan, 12.0, 12.0, 12.0, 12.0], baseline=12)
    assert gappy["signal_points"].tolist()[11:] == [1, 2, 3, 0, 4, 5, 6, 7]
    # a trend: 10.5 starts it (its step out rises), then six rises: 1 to 7
    trend = xmr([*BASE, 10.5, 11, 11.5, 12, 12.5, 13, 13.5], baseline=12)
    assert trend["signal_points"].tolist()[12:] == [1, 2, 3, 4, 5, 6, 7]
    # two of three: 15, 12, 15. The first 15 has only itself beyond the line among
    # it and the two before (10, 12); the 12 is common cause; the last 15 has two
    two = xmr([*BASE, 15.0, 12.0, 15.0], baseline=12)
    assert two["signal_points"].tolist()[12:] == [1, 0, 2]
    # beyond the limit twice in a row: 17 then 18 count 1 then 2
    outside = xmr([*BASE, 17.0, 18.0], baseline=12)
    assert outside["special_cause_rule"].tolist()[12:] == ["outside_limits"] * 2
    assert outside["signal_points"].tolist()[12:] == [1, 2]
    # the trend decides (test_trend_takes_precedence_over_run): the falling trend of 7
    falling = xmr([*BASE, 16.0, 15.5, 15.0, 14.5, 14.0, 13.5, 13.0], baseline=12)
    assert falling["signal_points"].tolist()[12:] == [1, 2, 3, 4, 5, 6, 7]


# -- direction of improvement ----------------------------------------------------------
def test_lower_is_better_swaps_improvement_and_concern():
    result = xmr([*BASE, 17.0, 4.0], "decrease", baseline=12)
    assert types(result)[12:] == ["special_cause_concern", "special_cause_improvement"]


def test_neutral_reports_high_and_low():
    result = xmr([*BASE, 17.0, 4.0], "neutral", baseline=12)
    assert types(result)[12:] == ["special_cause_neutral_high", "special_cause_neutral_low"]


@settings(max_examples=150, deadline=None)
@given(SERIES_VALUES)
def test_swapping_direction_swaps_improvement_and_concern(values):
    up = types(xmr(values, "increase"))
    down = types(xmr(values, "decrease"))
    swap = {"special_cause_improvement": "special_cause_concern"}
    swap.update({b: a for a, b in swap.items()})
    assert down == [swap.get(t, t) for t in up]
    neutral = types(xmr(values, "neutral"))
    assert [t == "common_cause" for t in neutral] == [t == "common_cause" for t in up]
