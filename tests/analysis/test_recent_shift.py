"""A sustained shift in the latest values (perfkit/analysis/recent_shift.py),
checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.recent_shift import recent_shift


def _series(values, per_year=12):
    charted = pd.DataFrame({"area_code": "A", "indicator_id": "m",
                            "breakdown_dimension": "all", "breakdown_category": "all",
                            "period_index": range(len(values)), "value": values})
    latest = charted.tail(1).assign(periods_per_year=per_year).reset_index(drop=True)
    return recent_shift(charted, latest).iloc[0]


def test_a_shift_by_hand():
    # 12 earlier values alternating 10, 12: mean 11, every moving range 2, so
    # sigma = 2 / 1.128 = 1.773; the last 6 (half a year of months) are all 14
    earlier = [10, 12] * 6
    row = _series(earlier + [14] * 6)
    assert row["recent_window"] == 6
    assert row["recent_mean"] == 14 and row["earlier_mean"] == 11
    error = (2 / 1.128) * np.sqrt(1 / 6 + 1 / 12)
    assert np.isclose(row["recent_shift_z"], 3 / error)  # 3.38 standard errors


def test_yearly_series_use_a_window_of_three():
    row = _series([10, 12] * 4 + [9, 9, 9], per_year=1)
    assert row["recent_window"] == 3
    assert row["recent_mean"] == 9 and row["earlier_mean"] == 11


def test_too_short_or_flat_series_are_not_tested():
    assert np.isnan(_series([10, 12, 11, 14, 14, 14], per_year=1)["recent_shift_z"])
    assert np.isnan(_series([5.0] * 12 + [6.0] * 6)["recent_shift_z"])  # no spread before
