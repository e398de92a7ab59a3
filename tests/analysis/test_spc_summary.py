"""Tests for perfkit.analysis.spc_summary: :func:`variation` and :func:`assurance`,
the plain-English summaries of an XmR result.

Expected values are worked by hand in the comments (``BASE``: mean 11, limits
5.68 and 16.32).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.spc import xmr
from perfkit.analysis.spc_summary import assurance, variation
from tests.analysis.spc_examples import BASE, RNORM_123

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")


# -- variation -------------------------------------------------------------------------
def test_all_missing():
    result = xmr([np.nan] * 4)
    assert result["point_type"].isna().all()
    assert variation(result).code is None


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


# -- assurance -------------------------------------------------------------------------
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
