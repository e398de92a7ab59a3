"""Exceptional periods (perfkit/analysis/exceptional.py): which figures fall in
them, and what the assessment does with them: no target rating, and the SPC
limits set from the other figures."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis import spc
from perfkit.analysis.exceptional import exceptional_reason, in_exceptional
from perfkit.analysis.spc_many import xmr_many

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")
PANDEMIC = pd.DataFrame({"period": ["2020-21"], "reason": ["the COVID-19 pandemic"]})


@pytest.mark.parametrize(("label", "inside"), [
    ("2020-21", True), ("2020-21 Q1", True), ("2021-03", True), ("2020-04", True),
    ("2020", True),        # its middle, 1 July 2020, is inside
    ("2020/21", True),     # September 2020 to August 2021: middle in March 2021
    ("2019/20", False), ("2019-20", False), ("2021-22", False), ("2021-04", False),
    ("2021", False), ("2020-03", False),
])
def test_a_figure_is_exceptional_when_the_middle_of_its_period_is_inside(label, inside):
    assert bool(in_exceptional(pd.Series([label]), PANDEMIC).iloc[0]) is inside


def test_the_reason_names_the_period_and_why():
    found = exceptional_reason(pd.Series(["2020-21 Q2", "2022-23"]), PANDEMIC)
    assert found.iloc[0] == "2020-21 (the COVID-19 pandemic)"
    assert pd.isna(found.iloc[1])


def test_no_table_means_nothing_is_exceptional():
    assert not in_exceptional(pd.Series(["2020-21"]), None).any()


def test_an_excluded_value_sets_no_limits_and_gets_no_signal():
    values = [10.0, 11, 10, 11, 10, 40, 11, 10, 11, 10]  # 40 would be a special cause
    periods = [f"20{15 + i}-{16 + i}" for i in range(10)]
    judged = spc.xmr(pd.Series(values, index=periods), "increase")
    assert judged["point_type"].iloc[5] == "special_cause_improvement"
    left_out = spc.xmr(pd.Series(values, index=periods), "increase", exclude=["2020-21"])
    assert left_out["excluded"].tolist() == [i == 5 for i in range(10)]
    assert pd.isna(left_out["point_type"].iloc[5])
    assert left_out["value"].iloc[5] == 40  # the figure is kept, to be shown
    kept = [v for i, v in enumerate(values) if i != 5]
    assert left_out["mean"].iloc[0] == pytest.approx(np.mean(kept))
    # no moving range spans the gap: 4 ranges before it and 3 after, each of 1
    assert left_out["upl"].iloc[0] == pytest.approx(np.mean(kept) + 2.66 * 1.0)


def test_many_series_leave_out_the_same_points_as_one():
    values = [10.0, 11, 10, 11, 10, 40, 11, 10, 11, 10]
    frame = pd.DataFrame({"series": "a", "order": range(10), "value": values,
                          "left_out": [i == 5 for i in range(10)]})
    many = xmr_many(frame, by="series", order="order", exclude="left_out")
    one = spc.xmr(values, exclude=[5])
    assert many["upl"].tolist() == pytest.approx(one["upl"].tolist())
    assert many["excluded"].tolist() == one["excluded"].tolist()


@pytest.fixture(scope="module")
def pandemic_data(tmp_path_factory):
    """One council, one quarterly measure with a target, 2018-19 to 2021-22,
    2020-21 set aside as exceptional."""
    from perfkit.data.loading import load_data

    folder = tmp_path_factory.mktemp("data")
    pd.DataFrame([{"area_code": "E08000001", "area_name": "Bolton", "area_type":
                   "metropolitan_district", "region": "North West", "nation": "England"}]
                 ).to_csv(folder / "areas.csv", index=False)
    pd.DataFrame([{"indicator_id": "visits", "title": "Visits in time", "short_title": "Visits",
                   "unit": "percent", "polarity": "higher_is_better", "decimal_places": 0,
                   "frequency": "financial_quarter", "source": "test", "licence": "OGL v3",
                   "enquiry_lines": "trends"}]).to_csv(folder / "indicators.csv", index=False)
    quarters = [f"{y}-{(y + 1) % 100:02d} Q{q}" for y in (2018, 2019, 2020, 2021)
                for q in (1, 2, 3, 4)]
    values = [80, 82, 81, 80, 82, 81, 80, 82, 20, 30, 40, 50, 81, 80, 82, 81]
    pd.DataFrame({"area_code": "E08000001", "indicator_id": "visits", "period": quarters,
                  "value": values}).to_csv(folder / "observations.csv", index=False)
    pd.DataFrame({"indicator_id": "visits", "area_code": "E08000001",
                  "period": ["2020-21 Q4", "2021-22 Q4"], "target": [80, 80],
                  "tolerance": [5, 5]}).to_csv(folder / "targets.csv", index=False)
    PANDEMIC.to_csv(folder / "exceptional_periods.csv", index=False)
    return load_data(folder)


def _assess(data, period):
    from perfkit.analysis.verdict import AssessmentOptions, assess

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spc.SPCWarning)
        return assess(data, AssessmentOptions(period=period, peer_group=None)).iloc[0]


def test_the_pandemic_quarters_do_not_widen_the_usual_range(pandemic_data):
    row = _assess(pandemic_data, "2021-22 Q4")
    assert row["exceptional"] is None or pd.isna(row["exceptional"])
    # limits from the 12 ordinary quarters only (80 to 82), not from the fall to 20
    assert row["spc_mean"] == pytest.approx(81.0)
    assert row["spc_upl"] < 85 and row["spc_lpl"] > 77
    assert row["rag"] == "green"


def test_a_figure_in_the_exceptional_period_gets_no_rating_and_no_verdict(pandemic_data):
    row = _assess(pandemic_data, "2020-21 Q4")
    assert row["exceptional"] == "2020-21 (the COVID-19 pandemic)"
    assert row["rag"] == "none"  # 50% against a target of 80%: would be red
    assert "exceptional" in row["rag_reason"]
    assert row["verdict"] == "context"
    assert "set aside as an exceptional period" in row["verdict_reason"]
