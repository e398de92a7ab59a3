"""The target columns of the assessment table (perfkit/analysis/target_columns.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.target_columns import apply_targets

HIGHER = "higher_is_better"
QUARTERS = ["2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2"]


def test_apply_targets_adds_rag_forecast_and_just_over_counts():
    series = pd.DataFrame({"area_code": "A", "indicator_id": "x", "period": QUARTERS,
                           "value": [10.0, 12.0, 14.0, 16.0], "breakdown_dimension": "all",
                           "breakdown_category": "all", "period_index": [0, 1, 2, 3]})
    female = series.iloc[[3]].assign(breakdown_dimension="sex", breakdown_category="female",
                                      value=15.0)
    observations = pd.concat([series, female], ignore_index=True).assign(
        polarity=HIGHER, unit="percent")
    latest = observations.iloc[[3, 4]].reset_index(drop=True).assign(last_year_value=np.nan)
    targets = pd.DataFrame({"indicator_id": "x", "area_code": "A",
                            "period": ["2024-25 Q1", "2024-25 Q2", "2024-25 Q4"],
                            "target": [13.9, 17.0, 20.0], "tolerance": 10.0,
                            "tolerance_type": "relative", "synthetic": True})
    result = apply_targets(latest, observations, targets)
    whole, part = result.iloc[0], result.iloc[1]
    # 16 misses 17 by 1, within 10% of 17 = 1.7: amber. The breakdown has no target.
    assert (whole["target"], whole["rag"], part["rag"]) == (17.0, "amber", "none")
    assert bool(whole["target_synthetic"]) and pd.isna(part["target"])
    # trend 2 a quarter: Q4 = 16 + 2 x 2 = 20 meets the Q4 target of 20; (20 - 16) / 2 = 2.
    assert whole["forecast_period"] == "2024-25 Q4"
    assert whole["forecast_value"] == pytest.approx(20.0)
    assert whole["change_needed_per_period"] == pytest.approx(2.0)
    assert whole["on_track"]
    # Q1: 14 beats 13.9 by 0.1, within half the tolerance (0.5 x 1.39): just over, once.
    assert whole["periods_just_over_target"] == 1
    empty = apply_targets(latest, observations, None)
    assert empty["rag"].tolist() == ["none", "none"]
