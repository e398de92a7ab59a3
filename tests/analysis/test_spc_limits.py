"""Tests for perfkit.analysis.spc_limits: the XmR process limits, screening and baselines.

Expected values are worked by hand in the comments, or are published reference
values from NHSRplotthedots (nhs-r-community/NHSRplotthedots), cited where used.
Most go through :func:`perfkit.analysis.spc.xmr`, as a reader would; the first
tests call :func:`limits` on arrays directly.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.spc import SPCWarning, xmr
from perfkit.analysis.spc_limits import (
    LIMIT_FACTOR,
    MIN_POINTS_FOR_LIMITS,
    SCREEN_FACTOR,
    limits,
)
from tests.analysis.spc_examples import BASE, RNORM_123, SERIES_VALUES, flagged, types

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")


# -- limits() on arrays ----------------------------------------------------------------
def test_limits_per_segment_by_hand():
    # segment 0: 10 12 10 12 10: mean 54 / 5 = 10.8, four moving ranges of 2, so
    #   limits 10.8 -/+ 2.66 x 2 = 5.48 and 16.12, two-thirds lines 10.8 -/+ 3.5467;
    # segment 1: 1 2 3: mean 2, moving ranges 1 and 1: limits -0.66 and 4.66;
    # segment 2: 7 8: fewer than 3 values, so no limits.
    values = np.array([10.0, 12, 10, 12, 10, 1, 2, 3, 7, 8])
    segment = np.array([0] * 5 + [1] * 3 + [2] * 2)
    found = limits(values, segment)
    assert found["mean"][:8].tolist() == pytest.approx([10.8] * 5 + [2.0] * 3)
    assert found["lpl"][:8].tolist() == pytest.approx([5.48] * 5 + [-0.66] * 3)
    assert found["upl"][:8].tolist() == pytest.approx([16.12] * 5 + [4.66] * 3)
    assert found["upl_two_thirds"][0] == pytest.approx(10.8 + 2 / 3 * 5.32)
    assert found["lpl_two_thirds"][5] == pytest.approx(2 - 2 / 3 * 2.66)
    # no moving range at the start of a segment: it would look across it
    assert np.flatnonzero(np.isnan(found["moving_range"])).tolist() == [0, 5, 8]
    assert found["n_base"].tolist() == [5, 3, 2]
    assert found["has_limits"].tolist() == [True, True, False]
    assert np.isnan(found["lpl"][8:]).all() and np.isnan(found["upl"][8:]).all()
    assert MIN_POINTS_FOR_LIMITS == 3
    # rounding error is judged against each segment's largest value
    assert found["tolerance"][[0, 5]].tolist() == pytest.approx([12e-9, 3e-9])


def test_limits_from_a_baseline_on_arrays():
    # baseline 3: 10 12 10 set the limits (mean 32 / 3, moving ranges 2 and 2);
    # the 30s and the moving range of 20 into the first of them are left out
    values = np.array([10.0, 12, 10, 30, 30])
    found = limits(values, np.zeros(5, dtype=np.int64), baseline=3)
    assert found["in_baseline"].tolist() == [True, True, True, False, False]
    assert found["mean"][0] == pytest.approx(32 / 3)
    assert found["upl"][0] == pytest.approx(32 / 3 + 2.66 * 2)
    assert found["moving_range"][3] == 20  # still reported, only not used


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


# -- baseline ----------------------------------------------------------------------------
def test_baseline_fixes_limits_from_the_first_points():
    result = xmr([*BASE, 20.0, 20.0, 20.0], baseline=12)
    assert result["mean"].iloc[-1] == 11
    assert result["in_baseline"].tolist() == [True] * 12 + [False] * 3
    assert xmr([*BASE, 20.0, 20.0, 20.0])["mean"].iloc[0] == pytest.approx(192 / 15)


def test_baseline_counts_observed_values():
    result = xmr([np.nan, *BASE, 20.0], baseline=12)
    assert result["mean"].iloc[0] == 11
    assert result["in_baseline"].sum() == 12


# -- properties ----------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(SERIES_VALUES, st.sampled_from([0.25, 0.5, 2.0, 8.0]), st.floats(0.01, 1000))
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
@given(SERIES_VALUES, st.integers(-500, 500))
def test_shifting_shifts_mean_and_limits(values, shift):
    before = xmr(values)
    after = xmr([v + shift for v in values])
    for column in ["mean", "lpl", "upl", "upl_two_thirds"]:
        expected = before[column].to_numpy() + shift
        assert np.allclose(after[column], expected, rtol=0, atol=1e-9, equal_nan=True)
    assert np.allclose(after["moving_range"], before["moving_range"], equal_nan=True)
    assert types(after) == types(before)
