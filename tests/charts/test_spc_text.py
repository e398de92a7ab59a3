"""What an SPC chart says in words and as a table (perfkit/charts/spc_text.py),
from a small hand-made series: the text alternative names the latest value,
the usual range, the signal, the target and the polarity; the table has one
row per point."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.spc import xmr
from perfkit.charts.spc_text import (
    Measure,
    label_periods,
    name_subject,
    read_targets,
    tabulate_values,
    write_alt_text,
)

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")

# 12 steady values, then one far above the upper limit (special cause).
VALUES = [50, 52, 49, 51, 53, 50, 48, 52, 51, 50, 49, 52, 70]
YEARS = [f"{2012 + i}-{(13 + i) % 100:02d}" for i in range(len(VALUES))]
EHC_PLANS = Measure("EHC plans issued within 20 weeks", "percent", 1, "higher_is_better",
                    None, "period", "Trafford")


def _measure(title: str) -> Measure:
    return Measure(title, "percent", 1, "higher_is_better", None, "period", None)


@pytest.fixture
def series() -> pd.DataFrame:
    return xmr(VALUES, "increase", periods=YEARS, target=55, baseline=12).reset_index(drop=True)


def test_spc_alt_text_gives_latest_value_range_and_signal(series):
    alt = write_alt_text(series, EHC_PLANS)
    assert alt.startswith("Line chart of EHC plans issued within 20 weeks in Trafford, "
                          "2012-13 to 2024-25")
    assert "The latest value, 70.0% in 2024-25, is above the usual range of" in alt
    assert "real improvement" in alt and "upward triangle" in alt
    assert "The target is 55.0%." in alt
    assert "Higher is better." in alt


def test_the_council_is_named_once_when_the_title_names_it(series):
    # as a report titles its charts: "<measure>, <council>"
    titled = Measure("EHC plans issued within 20 weeks, Trafford", "percent", 1,
                     "higher_is_better", None, "period", "Trafford")
    alt = write_alt_text(series, titled)
    assert alt.startswith("Line chart of EHC plans issued within 20 weeks, Trafford, "
                          "2012-13 to 2024-25")
    assert alt.count("Trafford") == 1
    assert write_alt_text(series, EHC_PLANS).count("Trafford") == 1


@pytest.mark.parametrize(("title", "area", "expected"), [
    ("Forecast spend", "Trafford", "forecast spend in Trafford"),
    ("Forecast spend, Trafford", "Trafford", "forecast spend, Trafford"),
    ("Forecast spend (TRAFFORD)", "Trafford", "forecast spend (TRAFFORD)"),
    ("Forecast spend in Traffordshire", "Trafford", "forecast spend in Traffordshire in Trafford"),
    ("Forecast spend", None, "forecast spend"),
])
def test_name_subject_names_the_council_once(title, area, expected):
    measure = Measure(title, "gbp", 0, "lower_is_better", None, "period", area)
    assert name_subject(measure) == expected


def test_spc_data_has_one_row_per_point(series):
    data = tabulate_values(series, EHC_PLANS)
    assert len(data) == len(series)
    assert list(data.columns) == ["Period", "Value", "Average", "Lower process limit",
                                  "Upper process limit", "Target", "Signal"]
    assert data.iloc[-1].tolist()[:2] == ["2024-25", "70.0%"]
    assert data.iloc[-1]["Signal"] == "Real improvement (special cause)"


def test_trial_limits_are_named_in_the_text():
    short = xmr([1.0, 2.0, 3.0], periods=["2022", "2023", "2024"])
    alt = write_alt_text(short, _measure("Short series"))
    assert "fewer than 12 values, so read them with caution" in alt


def test_a_series_without_values_says_so():
    empty = xmr([1.0, 2.0, 3.0], periods=["2022", "2023", "2024"]).iloc[0:0]
    assert write_alt_text(empty, _measure("Nothing yet")) == (
        "Line chart of nothing yet: there are no values to show.")


def test_points_without_periods_are_numbered():
    frame = pd.DataFrame({"value": [1.0, 2.0, 3.0]})
    assert label_periods(frame, _measure("Numbered")) == ["1", "2", "3"]


def test_the_measures_own_target_comes_before_the_target_column():
    frame = pd.DataFrame({"value": [1.0, 2.0], "target": [5.0, np.nan]})
    assert read_targets(frame, _measure("Column")).tolist()[0] == 5.0
    own = Measure("Own", "percent", 1, "higher_is_better", 7.0, "period", None)
    assert read_targets(frame, own).tolist() == [7.0, 7.0]
    assert read_targets(frame.drop(columns="target"), own).tolist() == [7.0, 7.0]
    assert read_targets(frame.drop(columns="target"), _measure("None")).isna().all()
