"""Tests for perfkit.analysis.spc and perfkit.analysis.spc_rules: XmR limits and the Making Data Count rules.

Expected values are worked by hand in the comments, or are published reference
values from NHSRplotthedots (nhs-r-community/NHSRplotthedots), cited where used.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.spc import LIMIT_FACTOR, MIN_POINTS_RELIABLE, SCREEN_FACTOR, SPCWarning, xmr
from perfkit.analysis.spc_many import xmr_many
from perfkit.analysis.spc_summary import assurance, variation
from perfkit.periods import parse_period

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")

# R: set.seed(123); rnorm(20) -- the data of NHSRplotthedots' own tests
# (tests/testthat/test-ptd_spc.R and test-ptd_spc_standard.R)
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip

# A baseline for the hand-worked rule examples: 12 points alternating 10, 12.
#   mean = 11; 11 moving ranges, each 2, so mean moving range = 2 (none screened:
#   2 < 3.267 x 2). Limits 11 +/- 2.66 x 2 = 5.68 and 16.32; two-thirds lines
#   11 +/- (2/3) x 5.32 = 7.4533 and 14.5467. Tests fix the limits with baseline=12,
#   so points added after the baseline are judged against these limits.
BASE = [10.0, 12.0] * 6


def flagged(result, column):
    """Positions where a boolean rule column is True."""
    return list(np.flatnonzero(result[column].to_numpy()))


def types(result):
    return [None if pd.isna(t) else str(t) for t in result["point_type"]]


# -- published reference values ----------------------------------------------------
def test_limits_match_nhsrplotthedots_snapshot():
    # tests/testthat/_snaps/ptd_spc_standard.md (r1): mean_col 0.1416238,
    # lpl -3.01138, upl 3.294627, no point outside the limits
    result = xmr(RNORM_123)
    assert result["mean"].iloc[0] == pytest.approx(0.1416238, abs=5e-8)
    assert result["lpl"].iloc[0] == pytest.approx(-3.01138, abs=5e-6)
    assert result["upl"].iloc[0] == pytest.approx(3.294627, abs=5e-7)
    assert not result["outside_limits"].any()
    # tests/testthat/_snaps/ptd_spc.md: summary says 20 common cause, 0 special cause
    assert set(types(result)) == {"common_cause"}


def test_screening_matches_nhsrplotthedots_snapshot():
    # same snapshot file, r2 and r3: y[15] <- 10, with and without screen_outliers
    values = list(RNORM_123)
    values[14] = 10.0
    screened = xmr(values)
    assert screened["mean"].iloc[0] == pytest.approx(0.6694159, abs=5e-8)
    assert screened["lpl"].iloc[0] == pytest.approx(-2.383666, abs=5e-7)
    assert screened["upl"].iloc[0] == pytest.approx(3.722497, abs=5e-7)
    unscreened = xmr(values, screen_outliers=False)
    assert unscreened["lpl"].iloc[0] == pytest.approx(-4.596625, abs=5e-7)
    assert unscreened["upl"].iloc[0] == pytest.approx(5.935457, abs=5e-7)
    # the two moving ranges either side of the 10 are the ones screened out
    assert flagged(screened, "moving_range_screened") == [14, 15]
    assert not unscreened["moving_range_screened"].any()


def test_facets_match_nhsrplotthedots_snapshot():
    # tests/testthat/_snaps/ptd_spc.md, facet_field = rep(c(0, 1), each = 10):
    # facet 0: mean 0.0746, lpl -2.60, upl 2.75; facet 1: 0.209, -3.28, 3.70
    frame = pd.DataFrame({"facet": [0] * 10 + [1] * 10, "t": range(20), "value": RNORM_123})
    result = xmr_many(frame, by="facet", order="t").groupby("facet").first()
    assert result["mean"].round(4).tolist() == [0.0746, 0.2086]
    assert result["lpl"].round(2).tolist() == [-2.60, -3.28]
    assert result["upl"].round(2).tolist() == [2.75, 3.70]


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


# -- limits by hand ------------------------------------------------------------------
def test_limits_by_hand():
    result = xmr(BASE)
    assert result["mean"].iloc[0] == 11
    assert math.isnan(result["moving_range"].iloc[0])
    assert result["moving_range"].iloc[1:].tolist() == [2.0] * 11
    assert result["lpl"].iloc[0] == pytest.approx(5.68)
    assert result["upl"].iloc[0] == pytest.approx(16.32)
    assert result["lpl_two_thirds"].iloc[0] == pytest.approx(11 - 2 / 3 * 5.32)
    assert result["upl_two_thirds"].iloc[0] == pytest.approx(11 + 2 / 3 * 5.32)
    assert LIMIT_FACTOR == 2.66 and SCREEN_FACTOR == 3.267


def test_screening_by_hand():
    # The data of NHSRplotthedots' "deviations" vignette (vignettes/deviations.Rmd).
    # mean = (9 x 1 + 8 x 2 + 10) / 18 = 35 / 18 = 1.9444
    # moving ranges: 15 of 1, then 8 and 9: mean 32 / 17 = 1.88235
    # screened: 8 and 9 >= 3.267 x 1.88235 = 6.15, so mean moving range = 15 / 15 = 1
    values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    screened = xmr(values)
    assert screened["lpl"].iloc[0] == pytest.approx(35 / 18 - 2.66)
    assert screened["upl"].iloc[0] == pytest.approx(35 / 18 + 2.66)
    unscreened = xmr(values, screen_outliers=False)
    assert unscreened["upl"].iloc[0] == pytest.approx(35 / 18 + 2.66 * 32 / 17)
    # the 10 is outside the limits either way
    assert flagged(screened, "outside_limits") == flagged(unscreened, "outside_limits") == [4]


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


def test_signal_points_stay_within_each_series():
    # two series of the run example end to end: the second starts counting afresh
    one = [*BASE, *[12.0] * 6]
    frame = pd.DataFrame({"series": ["a"] * 18 + ["b"] * 18, "period_end": list(range(18)) * 2,
                          "value": one + one})
    result = xmr_many(frame, by="series", baseline=12)
    assert result["signal_points"].tolist() == ([0] * 11 + [1, 2, 3, 4, 5, 6, 7]) * 2


# -- direction of improvement ----------------------------------------------------------
def test_lower_is_better_swaps_improvement_and_concern():
    result = xmr([*BASE, 17.0, 4.0], "decrease", baseline=12)
    assert types(result)[12:] == ["special_cause_concern", "special_cause_improvement"]


def test_neutral_reports_high_and_low():
    result = xmr([*BASE, 17.0, 4.0], "neutral", baseline=12)
    assert types(result)[12:] == ["special_cause_neutral_high", "special_cause_neutral_low"]


def test_unknown_improvement_and_options_are_refused():
    with pytest.raises(ValueError, match="improvement"):
        xmr(BASE, "up")
    with pytest.raises(ValueError, match="run_length"):
        xmr(BASE, run_length=1)
    with pytest.raises(ValueError, match="baseline"):
        xmr(BASE, baseline=0)


# -- edge cases ------------------------------------------------------------------------
@pytest.mark.parametrize("level", [5.0, 0.1, 1e6 / 3])
def test_constant_series_has_no_signals(level):
    result = xmr([level] * 15)
    assert result["lpl"].iloc[0] == result["upl"].iloc[0] == pytest.approx(level)
    assert set(types(result)) == {"common_cause"}


def test_screening_never_removes_all_variation():
    # 14 fives then a 6: the only non-zero moving range (1) is >= 3.267 x 1/14, but
    # screening it would leave no variation, so it stays: mean moving range 1/14,
    # mean 76/15 = 5.0667, upl = 5.0667 + 2.66/14 = 5.2567, and the 6 is outside
    result = xmr([5.0] * 14 + [6.0])
    assert not result["moving_range_screened"].any()
    assert result["upl"].iloc[0] == pytest.approx(76 / 15 + 2.66 / 14)
    assert flagged(result, "outside_limits") == [14]


@pytest.mark.parametrize("values", [[], [3.0], [3.0, 4.0]])
def test_too_few_points_have_no_limits(values):
    with pytest.warns(SPCWarning) if values else contextlib.nullcontext():
        result = xmr(values)
    assert len(result) == len(values)
    assert result["lpl"].isna().all() and result["upl"].isna().all()
    assert set(types(result)) <= {"common_cause"}


def test_short_series_warns_of_trial_limits():
    with pytest.warns(SPCWarning, match="trial limits"):
        result = xmr(BASE[:8])
    assert result["lpl"].notna().all()
    assert result["trial_limits"].all()
    assert result.attrs["short_series"] is True
    assert "trial limits" in result.attrs["warnings"][0]
    assert issubclass(SPCWarning, UserWarning)


def test_enough_points_do_not_warn(recwarn):
    result = xmr(RNORM_123)
    assert not [w for w in recwarn if issubclass(w.category, SPCWarning)]
    assert result.attrs["warnings"] == [] and not result["trial_limits"].any()
    assert MIN_POINTS_RELIABLE == 12


def test_missing_values_are_skipped():
    # 10, 12, NaN, 12, 10, ...: the NaN is left out of the mean, and there is no
    # moving range either side of it (a gap breaks the moving range)
    values = [10.0, 12.0, None, *BASE]
    result = xmr(values)
    assert result["mean"].iloc[0] == pytest.approx(sum(BASE + [10, 12]) / 14)
    assert result["moving_range"].iloc[2:4].isna().all()
    assert result["moving_range"].notna().sum() == 12  # 1 before the gap, 11 after
    assert pd.isna(result["point_type"].iloc[2])
    assert not result.loc[2, ["outside_limits", "run", "trend", "two_of_three"]].any()


def test_a_gap_does_not_break_a_run():
    # the baseline's last 12 and six more above the mean of 11, with a suppressed
    # value among them: seven observed values in a row, so still a run
    result = xmr([*BASE, 12.0, 12.0, np.nan, 12.0, 12.0, 12.0, 12.0], baseline=12)
    assert flagged(result, "run") == [11, 12, 13, 15, 16, 17, 18]


def test_all_missing():
    result = xmr([np.nan] * 4)
    assert result["point_type"].isna().all()
    assert variation(result).code is None


# -- baseline and rebase -----------------------------------------------------------------
def test_baseline_fixes_limits_from_the_first_points():
    result = xmr([*BASE, 20.0, 20.0, 20.0], baseline=12)
    assert result["mean"].iloc[-1] == 11
    assert result["in_baseline"].tolist() == [True] * 12 + [False] * 3
    assert xmr([*BASE, 20.0, 20.0, 20.0])["mean"].iloc[0] == pytest.approx(192 / 15)


def test_baseline_counts_observed_values():
    result = xmr([np.nan, *BASE, 20.0], baseline=12)
    assert result["mean"].iloc[0] == 11
    assert result["in_baseline"].sum() == 12


def test_rebase_starts_new_limits():
    periods = [f"{2010 + i}-{(11 + i) % 100:02d}" for i in range(24)]  # financial years
    values = BASE + [v + 10 for v in BASE]
    result = xmr(values, periods=periods, rebase=["2022-23"])
    assert result["segment"].tolist() == [0] * 12 + [1] * 12
    assert result["mean"].tolist() == [11.0] * 12 + [21.0] * 12
    assert math.isnan(result["moving_range"].iloc[12])  # no moving range across a rebase
    assert set(types(result)) == {"common_cause"}
    assert xmr(values)["run"].all()  # without the rebase, two long runs


def test_rebase_by_position_and_by_period_object():
    values = BASE + [v + 10 for v in BASE]
    assert xmr(values, rebase=[12])["segment"].iloc[12] == 1
    periods = [parse_period(f"{2000 + i}") for i in range(24)]
    assert xmr(values, periods=periods, rebase=["2012"])["segment"].iloc[12] == 1


def test_rebase_at_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="rebase"):
        xmr(BASE, periods=[str(2000 + i) for i in range(12)], rebase=["1999"])


def test_rules_do_not_cross_a_rebase():
    # four 12s end the first segment, three 12s start the second: no run of 7
    first = [10.0, 12.0] * 5 + [12.0] * 4
    second = [12.0] * 3 + [10.0, 12.0] * 5
    result = xmr(first + second, rebase=[len(first)])
    assert not result["run"].any()


# -- periods -------------------------------------------------------------------------------
def test_series_indexed_by_period_keeps_and_orders_them():
    values = pd.Series([2.0, 1.0, 3.0], index=["2024-25 Q2", "2024-25 Q1", "2024-25 Q3"])
    result = xmr(values)
    assert result["period"].tolist() == ["2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]
    assert result["value"].tolist() == [1.0, 2.0, 3.0]


def test_periods_must_match_and_be_distinct():
    with pytest.raises(ValueError, match="periods"):
        xmr([1.0, 2.0], periods=["2024"])
    with pytest.raises(ValueError, match="same period"):
        xmr([1.0, 2.0], periods=["2024", "2024"])


def test_values_without_periods_have_no_period_column():
    assert "period" not in xmr([1.0, 2.0, 3.0])


# -- variation and assurance -------------------------------------------------------------
def test_variation_of_the_latest_point():
    common = variation(xmr(RNORM_123))
    assert common.code == "common_cause" and common.label.startswith("No significant change")
    outside = variation(xmr([*BASE, 4.0], baseline=12))
    assert outside.code == "special_cause_concern"
    assert "below the lower process limit" in outside.label
    assert outside.rule == "outside_limits" and outside.value == 4.0
    run = variation(xmr([*BASE, *[12.0] * 6], "decrease", baseline=12))
    assert run.code == "special_cause_concern" and "7 or more in a row above" in run.label


def test_variation_skips_a_missing_latest_value_and_notes_trial_limits():
    result = xmr(pd.Series([1.0, 2.0, 1.5, np.nan], index=["2021", "2022", "2023", "2024"]))
    summary = variation(result)
    assert summary.period == "2023" and summary.trial_limits
    assert "fewer than 12" in summary.label
    assert "too few values" in variation(xmr([1.0])).label
    # values never next to each other give no moving range, so no limits either
    gappy = xmr([1.0, None, 2.0, None, 3.0, None, 4.0])
    assert gappy["upl"].isna().all() and "too few values" in variation(gappy).label


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("increase", 17.0, "consistently_fails"),  # above upl 16.32: never reached
        ("increase", 5.0, "consistently_passes"),  # below lpl 5.68: always beaten
        ("increase", 11.0, "hit_and_miss"),
        ("decrease", 17.0, "consistently_passes"),
        ("decrease", 5.0, "consistently_fails"),
        ("decrease", 16.32, "hit_and_miss"),  # on the limit is within it
    ],
)
def test_assurance(improvement, target, expected):
    result = xmr(BASE, improvement)
    summary = assurance(result, target)
    assert summary.code == expected and summary.target == target
    assert summary.label


def test_assurance_without_a_judgement():
    assert assurance(xmr(BASE)).code is None  # no target
    assert "Neither" in assurance(xmr(BASE, "neutral"), 11.0).label
    assert assurance(xmr([1.0, 2.0]), 1.0).code is None  # no limits


def test_target_adds_columns_and_is_remembered():
    result = xmr(BASE, target=17.0)
    assert set(result["assurance"]) == {"consistently_fails"}
    assert assurance(result).code == "consistently_fails"


# -- many series -------------------------------------------------------------------------
def _long_frame(seed=0, n_series=30):
    rng = np.random.default_rng(seed)
    rows = []
    for series in range(n_series):
        n = int(rng.integers(1, 25))
        values = rng.normal(50, 10, n).round(1)
        values[rng.random(n) < 0.1] = np.nan
        polarity = ["increase", "decrease", "neutral"][series % 3]
        for i, value in enumerate(values):
            rows.append((f"E{series:03d}", "ind", pd.Timestamp(2000 + i, 3, 31), value, polarity))
    frame = pd.DataFrame(rows, columns=["council", "indicator", "period_end", "value", "polarity"])
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


def test_xmr_many_matches_xmr_for_each_series():
    frame = _long_frame()
    many = xmr_many(frame, by=["council", "indicator"], improvement="polarity", target=50.0)
    for council, rows in many.groupby("council"):
        polarity = rows["polarity"].iloc[0]
        single = xmr(rows["value"].tolist(), polarity, target=50.0)
        for column in ["mean", "lpl", "upl", "moving_range", "upl_two_thirds"]:
            assert np.allclose(rows[column], single[column], equal_nan=True), (council, column)
        for column in ["point_type", "special_cause", "assurance", "run", "trend", "segment"]:
            assert rows[column].astype(object).tolist() == single[column].astype(object).tolist()


def test_xmr_many_warns_once_and_rebases():
    frame = _long_frame(seed=1, n_series=10)
    frame["rebase"] = frame["period_end"].dt.year == 2010
    with pytest.warns(SPCWarning) as caught:
        many = xmr_many(frame, by="council", rebase="rebase")
    assert len(caught) <= 2  # one for series without limits, one for trial limits
    assert many.loc[many["rebase"], "segment"].eq(1).all()
    assert many["segment"].max() == 1
    assert many.attrs["short_segments"] > 0


def test_xmr_many_refuses_duplicates_and_bad_polarity():
    frame = pd.DataFrame({"g": ["a", "a"], "period_end": [1, 1], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="same series"):
        xmr_many(frame, by="g")
    frame["period_end"] = [1, 2]
    frame["polarity"] = ["up", "up"]
    with pytest.raises(ValueError, match="polarity"):
        xmr_many(frame, by="g", improvement="polarity")


def test_xmr_many_orders_by_period_labels():
    frame = pd.DataFrame({"period": ["2024-25 Q2", "2024-25 Q1"], "value": [2.0, 1.0]})
    assert xmr_many(frame)["value"].tolist() == [1.0, 2.0]


# -- properties ----------------------------------------------------------------------------
series_values = st.lists(
    st.one_of(st.integers(-500, 500).map(float), st.just(float("nan"))), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(series_values)
def test_swapping_direction_swaps_improvement_and_concern(values):
    up = types(xmr(values, "increase"))
    down = types(xmr(values, "decrease"))
    swap = {"special_cause_improvement": "special_cause_concern"}
    swap.update({b: a for a, b in swap.items()})
    assert down == [swap.get(t, t) for t in up]
    neutral = types(xmr(values, "neutral"))
    assert [t == "common_cause" for t in neutral] == [t == "common_cause" for t in up]


@settings(max_examples=150, deadline=None)
@given(series_values, st.sampled_from([0.25, 0.5, 2.0, 8.0]), st.floats(0.01, 1000))
def test_scaling_scales_mean_and_limits(values, exact, any_k):
    before = xmr(values)
    for k in (exact, any_k):
        after = xmr([v * k for v in values])
        for column in ["mean", "lpl", "upl", "lpl_two_thirds", "moving_range"]:
            expected = before[column].to_numpy() * k
            assert np.allclose(after[column], expected, rtol=1e-9, equal_nan=True)
    # scaling by a power of two is exact, so every judgement is unchanged
    assert types(xmr([v * exact for v in values])) == types(before)


@settings(max_examples=150, deadline=None)
@given(series_values, st.integers(-500, 500))
def test_shifting_shifts_mean_and_limits(values, shift):
    before = xmr(values)
    after = xmr([v + shift for v in values])
    for column in ["mean", "lpl", "upl", "upl_two_thirds"]:
        expected = before[column].to_numpy() + shift
        assert np.allclose(after[column], expected, rtol=0, atol=1e-9, equal_nan=True)
    assert np.allclose(after["moving_range"], before["moving_range"], equal_nan=True)
    assert types(after) == types(before)


@settings(max_examples=60, deadline=None)
@given(st.lists(series_values, min_size=1, max_size=5))
def test_many_equals_one_at_a_time(all_values):
    frame = pd.DataFrame(
        [(s, i, v) for s, values in enumerate(all_values) for i, v in enumerate(values)],
        columns=["series", "period_end", "value"],
    )
    many = xmr_many(frame, by="series")
    for s, values in enumerate(all_values):
        rows = many[many["series"] == s]
        assert types(rows) == types(xmr(values))
        assert np.allclose(rows["upl"], xmr(values)["upl"], equal_nan=True)
