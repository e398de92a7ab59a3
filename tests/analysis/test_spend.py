"""Spend per head (perfkit/analysis/spend.py): spending in pounds divided by a
published population, never an estimated one. Expected values are worked by
hand in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.spend import spend_per_head


def _observations(rows) -> pd.DataFrame:
    """rows: (area_code, indicator_id, period, value)."""
    frame = pd.DataFrame(rows, columns=["area_code", "indicator_id", "period", "value"])
    frame["breakdown_dimension"] = frame["breakdown_category"] = "all"
    return frame


AREAS = pd.DataFrame({"area_code": ["X", "Y"], "area_name": ["Exton", "Wyton"]})


def test_spend_per_head_by_hand():
    observations = _observations([("X", "spend", "2017-18", 1_500.0),
                                  ("Y", "spend", "2017-18", 800.0),
                                  ("X", "spend", "2016-17", 9_999.0)])
    population = pd.Series({"X": 50_000, "Y": 0})
    table = spend_per_head(observations, AREAS, "spend", "2017-18", population)
    # X: £1,500 thousand = £1,500,000 / 50,000 people = £30 a head; Y: no population
    assert table["spend_gbp"].tolist() == [1_500_000, 800_000]
    assert table.loc[0, "spend_per_head_gbp"] == 30.0
    assert np.isnan(table.loc[1, "spend_per_head_gbp"])
    assert table["area_name"].tolist() == ["Exton", "Wyton"]


def test_spend_per_head_reads_units_from_indicators():
    observations = _observations([("X", "spend", "2017-18", 3.0)])
    indicators = pd.DataFrame({"indicator_id": ["spend"], "unit": ["gbp_millions"]})
    table = spend_per_head(observations, AREAS, ["spend"], "2017-18", pd.Series({"X": 60_000}),
                           indicators=indicators)
    assert table.loc[0, "spend_per_head_gbp"] == 50.0       # £3,000,000 / 60,000
    with pytest.raises(ValueError, match="pounds"):
        spend_per_head(observations, AREAS, ["spend"], "2017-18", pd.Series({"X": 1}),
                       indicators=indicators.assign(unit="percent"))


def test_spend_per_head_never_invents_a_population():
    observations = _observations([("X", "spend", "2017-18", 3.0)])
    with pytest.raises(ValueError, match="published"):
        spend_per_head(observations, AREAS, "spend", "2017-18")
    with_population = AREAS.assign(population=[1_000, 2_000])
    table = spend_per_head(observations, with_population, "spend", "2017-18")
    assert table.loc[0, "spend_per_head_gbp"] == 3.0        # £3,000 / 1,000
