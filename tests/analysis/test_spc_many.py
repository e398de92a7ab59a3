"""Tests for perfkit.analysis.spc_many: :func:`xmr_many`, many series at once,
each judged as :func:`perfkit.analysis.spc.xmr` would judge it alone.

Expected values are published reference values from NHSRplotthedots
(nhs-r-community/NHSRplotthedots), cited where used, or come from ``xmr``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.spc import SPCWarning, xmr
from perfkit.analysis.spc_many import xmr_many
from tests.analysis.spc_examples import BASE, RNORM_123, SERIES_VALUES, types

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")


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


# -- published reference values ----------------------------------------------------
def test_facets_match_nhsrplotthedots_snapshot():
    # tests/testthat/_snaps/ptd_spc.md, facet_field = rep(c(0, 1), each = 10):
    # facet 0: mean 0.0746, lpl -2.60, upl 2.75; facet 1: 0.209, -3.28, 3.70
    frame = pd.DataFrame({"facet": [0] * 10 + [1] * 10, "t": range(20), "value": RNORM_123})
    result = xmr_many(frame, by="facet", order="t").groupby("facet").first()
    assert result["mean"].round(4).tolist() == [0.0746, 0.2086]
    assert result["lpl"].round(2).tolist() == [-2.60, -3.28]
    assert result["upl"].round(2).tolist() == [2.75, 3.70]


# -- many series -------------------------------------------------------------------------
def test_signal_points_stay_within_each_series():
    # two series of the run example end to end: the second starts counting afresh
    one = [*BASE, *[12.0] * 6]
    frame = pd.DataFrame({"series": ["a"] * 18 + ["b"] * 18, "period_end": list(range(18)) * 2,
                          "value": one + one})
    result = xmr_many(frame, by="series", baseline=12)
    assert result["signal_points"].tolist() == ([0] * 11 + [1, 2, 3, 4, 5, 6, 7]) * 2


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
@settings(max_examples=60, deadline=None)
@given(st.lists(SERIES_VALUES, min_size=1, max_size=5))
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
