"""Series bookkeeping at an indicator's own gap (perfkit/analysis/history.py):
a two-yearly survey misses nothing in its off years and is out of date only
after two of its rounds; an irregular one never misses a period."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis import history
from perfkit.analysis.spc import SPCWarning
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.data.loading import load_data

COUNCIL = "E08000009"
SERIES = {  # indicator: (frequency, {year: value})
    "two_yearly": ("two_yearly", {2017: 60, 2019: 62, 2021: 61, 2023: 64}),
    "irregular": ("irregular", {2014: 50, 2017: 52, 2023: 55}),
    "annual_gap": ("calendar_year", {2019: 40, 2020: 41, 2022: 43, 2023: 44}),
}


def _frame(indicator: str) -> pd.DataFrame:
    frequency, values = SERIES[indicator]
    frame = pd.DataFrame({"area_code": COUNCIL, "indicator_id": indicator,
                          "breakdown_dimension": "all", "breakdown_category": "all",
                          "period": [str(y) for y in values], "value": list(values.values()),
                          "frequency": frequency})
    return history.index_periods(frame)


def _missing(indicator: str) -> int:
    frame = _frame(indicator)
    return int(history.missing_in_window(frame, history.latest_rows(frame)).iloc[0])


def test_release_steps_follow_the_frequency():
    frame = pd.DataFrame({"frequency": ["calendar_year", "two_yearly", "irregular", None]})
    steps = history.release_steps(frame)
    assert steps[:2].tolist() == [1.0, 2.0] and np.isnan(steps[2]) and steps[3] == 1.0
    assert history.release_steps(pd.DataFrame(index=[0, 1])).tolist() == [1.0, 1.0]


@pytest.mark.parametrize(("indicator", "missing"), [
    ("two_yearly", 0), ("irregular", 0), ("annual_gap", 1)])
def test_missing_periods_are_counted_at_the_indicators_gap(indicator, missing):
    assert _missing(indicator) == missing


def test_a_two_yearly_survey_that_skips_a_round_misses_one():
    frame = _frame("two_yearly")
    frame = frame[frame["period"] != "2021"]
    assert int(history.missing_in_window(frame, history.latest_rows(frame)).iloc[0]) == 1


# -- end to end: the assessment table --------------------------------------------------
@pytest.fixture(scope="module")
def assessment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "areas.csv").write_text(
        "area_code,area_name,area_type,region,nation\n"
        f"{COUNCIL},Trafford,metropolitan_district,North West,England\n", encoding="utf-8")
    indicators = [{"indicator_id": name, "title": name, "short_title": name, "unit": "percent",
                   "polarity": "higher_is_better", "decimal_places": 0, "frequency": frequency,
                   "source": "test", "licence": "OGL v3", "enquiry_lines": "trends"}
                  for name, (frequency, _) in SERIES.items()]
    pd.DataFrame(indicators).to_csv(folder / "indicators.csv", index=False)
    observations = [{"area_code": COUNCIL, "indicator_id": name, "period": str(year),
                     "value": value} for name, (_, values) in SERIES.items()
                    for year, value in values.items()]
    pd.DataFrame(observations).to_csv(folder / "observations.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)  # short series: trial limits
        table = assess(load_data(folder, cache=False), AssessmentOptions(period="2027"))
    return table.set_index("indicator_id")


def test_a_two_yearly_survey_is_not_a_series_break(assessment):
    assert assessment.loc["two_yearly", "missing_periods"] == 0
    assert "series_break" not in assessment.loc["two_yearly", "flags"]
    assert "series_break" not in assessment.loc["irregular", "flags"]
    assert "1 missing period(s)" in assessment.loc["annual_gap", "flag_reasons"]


def test_a_two_yearly_survey_is_out_of_date_only_after_two_rounds(assessment):
    # 2023 to 2027: 4 years, two rounds of a two-yearly survey but 4 years of an annual one
    assert assessment.loc["two_yearly", "periods_behind"] == 2
    assert assessment.loc["two_yearly", "verdict"] != "stale"
    assert assessment.loc["annual_gap", "periods_behind"] == 4
    assert assessment.loc["annual_gap", "verdict"] == "stale"


def test_the_previous_figure_of_a_two_yearly_survey_is_two_years_back(assessment):
    row = assessment.loc["two_yearly"]
    assert (row["previous_period"], row["previous_value"]) == ("2021", 61)
