"""Disparity ratios and the equality tables (perfkit/analysis/equality.py).
Expected values are worked by hand in the comments; z = 1.959964,
z² = 3.841459. The intervals and suppression have their own tests
(test_intervals.py, test_suppression.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from perfkit.analysis.equality import (
    SUPPRESSION_THRESHOLD,
    disparity_ratios,
    equality_summary,
    fsm_gap,
)
from tests.paths import DATA


# -- disparity ratios ---------------------------------------------------------------
def _breakdown(rows) -> pd.DataFrame:
    """rows: (dimension, category, numerator, denominator); 'all' is the total."""
    return pd.DataFrame(rows, columns=["breakdown_dimension", "breakdown_category",
                                       "numerator", "denominator"])


SEX = _breakdown([("all", "all", 60, 100), ("sex", "Female", 20, 40), ("sex", "Male", 40, 60)])


def test_disparity_against_all_others_by_hand():
    table = disparity_ratios(SEX).set_index("category")
    female = table.loc["Female"]
    # others = total - Female = 40/60 = 66.667%; ratio = 50 / 66.667 = 0.75; gap = -16.667 points
    assert female["comparison"] == "all others"
    assert female["rate"] == 50.0
    assert female["comparison_rate"] == pytest.approx(200 / 3)
    assert female["ratio"] == pytest.approx(0.75)
    assert female["gap_points"] == pytest.approx(-50 / 3)
    # se = sqrt(1/20 - 1/40 + 1/40 - 1/60) = sqrt(0.033333) = 0.182574; z x se = 0.357839
    # 0.75 x exp(-0.357839) = 0.524389; 0.75 x exp(0.357839) = 1.072676 -> contains 1
    assert female["ratio_lower"] == pytest.approx(0.524389, abs=1e-5)
    assert female["ratio_upper"] == pytest.approx(1.072676, abs=1e-5)
    assert not female["significant"]
    # Wilson 20/40 in per cent: 35.1995 to 64.8005 (see test_wilson_by_hand)
    assert female["rate_lower"] == pytest.approx(35.1995, abs=1e-3)
    # the total row comes first and is compared with nothing
    assert table.index[0] == "all" and pd.isna(table.loc["all", "ratio"])


def test_disparity_against_the_total():
    female = disparity_ratios(SEX, reference="all").set_index("category").loc["Female"]
    # 50% against 60/100 = 60%: ratio 0.8333, gap -10 points
    # se = sqrt(1/20 - 1/40 + 1/60 - 1/100) = 0.177951 -> 0.587958 to 1.181112
    assert female["comparison"] == "all"
    assert female["ratio"] == pytest.approx(5 / 6)
    assert female["gap_points"] == pytest.approx(-10.0)
    assert female["ratio_lower"] == pytest.approx(0.587958, abs=1e-5)


def test_disparity_against_a_named_group():
    table = disparity_ratios(SEX, reference="Male").set_index("category")
    assert table.loc["Female", "ratio"] == pytest.approx(0.75)      # 50% / 66.7%
    assert table.loc["Male", "comparison"] == "reference group"
    assert table.loc["Male", "ratio"] == 1.0 and pd.isna(table.loc["Male", "ratio_lower"])


def test_a_clear_disparity_is_significant():
    frame = _breakdown([("all", "all", 400, 1000), ("sex", "Female", 100, 400),
                        ("sex", "Male", 300, 600)])
    table = disparity_ratios(frame).set_index("category")
    # 25% against 50%: ratio 0.5; se = sqrt(1/100 - 1/400 + 1/300 - 1/600) = 0.095743
    # upper = 0.5 x exp(1.959964 x 0.095743) = 0.5 x 1.206 = 0.603 < 1
    assert table.loc["Female", "ratio_upper"] == pytest.approx(0.60318, abs=1e-4)
    assert table.loc["Female", "significant"]
    assert table.loc["Male", "significant"]


def test_disparity_hides_what_suppressed_counts_would_reveal():
    frame = _breakdown([("all", "all", 43, 100), ("sex", "Female", 3, 30),
                        ("sex", "Male", 40, 70)])
    table = disparity_ratios(frame).set_index("category")
    for category in ("Female", "Male"):   # 3 is primary; 40 is hidden so 43 - 40 cannot show 3
        assert table.loc[category, "suppressed"]
        assert table.loc[category, ["numerator", "rate", "ratio", "comparison_rate",
                                    "gap_points"]].isna().all()
    assert table.loc["Female", "denominator"] == 30          # denominators are safe to show
    unsuppressed = disparity_ratios(frame, threshold=None).set_index("category")
    assert unsuppressed.loc["Female", "rate"] == pytest.approx(10.0)


def test_disparity_keeps_areas_apart():
    frame = pd.concat([SEX.assign(area_code="A"),
                       SEX.assign(area_code="B", numerator=[30, 10, 20])], ignore_index=True)
    table = disparity_ratios(frame).set_index(["area_code", "category"])
    assert table.loc[("A", "Female"), "ratio"] == pytest.approx(0.75)
    # B: Female 10/40 = 25% against others 20/60 = 33.3%: ratio 0.75 too, gap -8.33
    assert table.loc[("B", "Female"), "gap_points"] == pytest.approx(25 - 100 / 3)


def test_categories_sorted_by_number_then_name_unknown_last():
    frame = _breakdown([("age", "Unknown", 0, 10), ("age", "age 10", 5, 10),
                        ("age", "age 2 and under", 5, 10), ("age", "age 3", 5, 10)])
    order = disparity_ratios(frame, threshold=None)["category"].tolist()
    assert order == ["age 2 and under", "age 3", "age 10", "Unknown"]


# -- the equality tables -------------------------------------------------------------
@pytest.fixture(scope="module")
def data():
    from perfkit.data.loading import load_data
    return load_data(DATA)


def test_equality_summary_on_real_ehcp_data(data):
    table = equality_summary(data, "E08000009", "ehcp_20_weeks")
    assert table.attrs["period"] == "2024"
    assert set(table["dimension"]) == {"all", "age", "sex", "ethnicity"}
    for column in ("numerator", "denominator"):
        shown = table[column].dropna()
        assert ((shown == 0) | (shown >= SUPPRESSION_THRESHOLD)).all()
    both = table[["numerator", "denominator"]].dropna()
    rest = both["denominator"] - both["numerator"]
    assert ((rest == 0) | (rest >= SUPPRESSION_THRESHOLD)).all()
    for _, cells in table[table["dimension"].ne("all")].groupby("dimension"):
        assert cells["numerator"].isna().sum() != 1
        assert cells["denominator"].isna().sum() != 1
    shown = table.dropna(subset=["rate"])
    assert (shown["rate_lower"] <= shown["rate"]).all()
    assert (shown["rate"] <= shown["rate_upper"]).all()
    # the total is DfE's 203 of 380 = 53.4%
    overall = table[table["dimension"].eq("all")].iloc[0]
    assert (overall["numerator"], overall["denominator"]) == (203, 380)
    assert overall["rate"] == pytest.approx(53.42, abs=0.01)


def test_equality_summary_for_a_chosen_year(data):
    table = equality_summary(data, "E08000009", "ehcp_20_weeks", "2023", reference="all")
    assert table.attrs["period"] == "2023"
    assert set(table.loc[table["dimension"].ne("all"), "comparison"].dropna()) == {"all"}
    # 2023 total: 291 of 497 = 58.55%
    assert table.loc[0, "rate"] == pytest.approx(291 / 497 * 100)


def test_fsm_gap_on_real_data(data):
    table = fsm_gap(data.observations, "E08000009", comparison_area="E92000001")
    latest = table.iloc[-1]
    # DfE/ONS 2024/25: Trafford FSM 29.09582 - all pupils 12.59563 = 16.50019 points;
    # England 32.03638 - 18.14307 = 13.89331; Trafford's gap is 2.60688 points wider
    assert latest["period"] == "2024/25"
    assert latest["gap_points"] == pytest.approx(16.50019, abs=1e-5)
    assert latest["national_gap_points"] == pytest.approx(13.89331, abs=1e-5)
    assert latest["gap_against_national_points"] == pytest.approx(2.60688, abs=1e-5)
    assert table["period"].iloc[0] == "2018/19"        # no FSM figure before 2018/19
    assert fsm_gap(data.observations, "E08000009", "2022/23")["period"].iloc[-1] == "2022/23"


def test_fsm_gap_by_hand():
    rows = [("X", "2023/24", "all", "all", 10.0), ("X", "2023/24", "pupil_group",
            "free school meals", 25.0), ("E92000001", "2023/24", "all", "all", 12.0),
            ("E92000001", "2023/24", "pupil_group", "free school meals", 24.0),
            ("X", "2022/23", "all", "all", 9.0)]
    observations = pd.DataFrame(rows, columns=["area_code", "period", "breakdown_dimension",
                                               "breakdown_category", "value"])
    observations["indicator_id"] = "persistent_absence"
    table = fsm_gap(observations, "X", comparison_area="E92000001")
    # 2022/23 has no FSM figure, so only 2023/24: 25 - 10 = 15; England 24 - 12 = 12; 15 - 12 = 3
    assert table["period"].tolist() == ["2023/24"]
    row = table.iloc[0]
    assert (row["gap_points"], row["national_gap_points"]) == (15.0, 12.0)
    assert row["gap_against_national_points"] == 3.0
    alone = fsm_gap(observations, "X").iloc[0]  # no national row: no comparison
    assert alone["gap_points"] == 15.0 and math.isnan(alone["national_gap_points"])
    assert math.isclose(row["all_pupils_rate"], 10.0)
