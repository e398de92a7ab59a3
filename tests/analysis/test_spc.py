"""Tests for perfkit.analysis.spc: :func:`xmr` for one series (its options, periods,
rebasing, targets and warnings) and :func:`clip_limits`.

The arithmetic it wraps is tested beside its own modules: the limits in
test_spc_limits.py, the rules in test_spc_rules.py. Expected values are worked
by hand in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.spc import MIN_POINTS_RELIABLE, SPCWarning, clip_limits, xmr
from perfkit.analysis.spc_summary import assurance
from perfkit.periods import parse_period
from tests.analysis.spc_examples import BASE, RNORM_123, types

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")


# -- options ---------------------------------------------------------------------------
def test_unknown_improvement_and_options_are_refused():
    with pytest.raises(ValueError, match="improvement"):
        xmr(BASE, "up")
    with pytest.raises(ValueError, match="run_length"):
        xmr(BASE, run_length=1)
    with pytest.raises(ValueError, match="baseline"):
        xmr(BASE, baseline=0)


# -- warnings --------------------------------------------------------------------------
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


# -- rebase ------------------------------------------------------------------------------
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


# -- target ------------------------------------------------------------------------------
def test_target_adds_columns_and_is_remembered():
    result = xmr(BASE, target=17.0)
    assert set(result["assurance"]) == {"consistently_fails"}
    assert assurance(result).code == "consistently_fails"


# -- clipping the limits -----------------------------------------------------------------
def test_clip_limits_cuts_off_values_the_measure_cannot_take():
    # BASE: limits 5.68 and 16.32, two-thirds lines 7.4533 and 14.5467. Cut at 6 and 16,
    # the limits move to the bounds and the two-thirds lines, inside them, stay.
    result = xmr(BASE)
    clipped = clip_limits(result, 6.0, 16.0)
    assert clipped["lpl"].tolist() == [6.0] * 12 and clipped["upl"].tolist() == [16.0] * 12
    assert clipped["upl_two_thirds"].iloc[0] == pytest.approx(11 + 2 / 3 * 5.32)
    assert result["upl"].iloc[0] == pytest.approx(16.32)  # the result itself is not changed
    # only the rows chosen; missing limits stay missing
    rows = pd.Series([True] * 6 + [False] * 6)
    some = clip_limits(result, 6.0, 16.0, rows=rows)
    assert some["upl"].tolist() == pytest.approx([16.0] * 6 + [16.32] * 6)
    assert np.isnan(clip_limits(xmr([1.0, 2.0]), 0.0, 100.0)["upl"]).all()
