"""Wilson intervals, disparity ratios, small-number suppression and the
equality tables (perfkit/equality.py). Expected values are worked by hand in
the comments; z = 1.959964, z² = 3.841459."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.equality import (
    SUPPRESSION_THRESHOLD,
    disparity_ratios,
    equality_summary,
    fsm_gap,
    ratio_interval,
    suppress_small_numbers,
    wilson_interval,
)
from perfkit.analysis.suppression import main_rule
from tests.paths import DATA

SMALL = "fewer than 5"
SECONDARY = "hidden so that the total does not reveal a smaller number"
COMPLEMENT = "hidden because the denominator minus the numerator is fewer than 5"


# -- Wilson interval -----------------------------------------------------------------
@pytest.mark.parametrize(("successes", "trials", "lower", "upper"), [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion:
    # comparison of seven methods", Statistics in Medicine 17, 857-872, Table I,
    # method 3 (score interval without continuity correction).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe_table(successes, trials, lower, upper):
    low, high = wilson_interval(successes, trials)
    assert float(low) == pytest.approx(lower, abs=5e-5)
    assert float(high) == pytest.approx(upper, abs=5e-5)


def test_wilson_by_hand():
    # 20/40: centre = (20 + 3.841459/2) / (40 + 3.841459) = 21.920729 / 43.841459 = 0.5
    # half = 1.959964 x sqrt(20 x 20 / 40 + 3.841459 / 4) / 43.841459
    #      = 1.959964 x sqrt(10.960365) / 43.841459 = 1.959964 x 3.310644 / 43.841459 = 0.148005
    low, high = wilson_interval(20, 40)
    assert float(low) == pytest.approx(0.351995, abs=1e-6)
    assert float(high) == pytest.approx(0.648005, abs=1e-6)
    # 0/20: the upper limit is z² / (n + z²) = 3.841459 / 23.841459 = 0.161125
    assert float(wilson_interval(0, 20)[1]) == pytest.approx(0.161125, abs=1e-6)


def test_wilson_edges_and_arrays():
    low, high = wilson_interval([0, 5, 0, 2], [10, 5, 0, np.nan])
    assert low[0] == 0.0 and high[1] == 1.0            # exactly 0 and exactly 1
    assert np.isnan(low[2]) and np.isnan(high[2])      # no trials: no interval
    assert np.isnan(low[3]) and np.isnan(high[3])      # missing trials
    # a 99% interval is wider than a 95% one
    assert wilson_interval(5, 10, 0.99)[0] < wilson_interval(5, 10)[0]


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError, match="between 0 and trials"):
        wilson_interval(6, 5)
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 5, confidence=95)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_contains_the_estimate_within_zero_and_one(counts, confidence):
    successes, trials = counts
    low, high = wilson_interval(successes, trials, confidence)
    estimate = successes / trials
    assert 0.0 <= low <= estimate + 1e-12
    assert estimate - 1e-12 <= high <= 1.0


# -- ratio of two proportions -------------------------------------------------------
def test_katz_ratio_by_hand():
    # 20/100 against 10/100: ratio = 0.2 / 0.1 = 2
    # se(log ratio) = sqrt(1/20 - 1/100 + 1/10 - 1/100) = sqrt(0.13) = 0.360555
    # z x se = 0.706676; exp(-0.706676) = 0.493282, exp(0.706676) = 2.027239
    ratio, low, high = ratio_interval(20, 100, 10, 100)
    assert float(ratio) == 2.0
    assert float(low) == pytest.approx(0.986563, abs=1e-5)
    assert float(high) == pytest.approx(4.054479, abs=1e-5)


def test_katz_ratio_undefined_at_zero_and_one_hundred_percent():
    ratio, low, high = ratio_interval([0, 6, 5, 3], [10, 6, 10, 0], [5, 5, 0, 1], [10, 10, 10, 2])
    assert ratio[0] == 0.0 and np.isnan(low[0]) and np.isnan(high[0])   # 0%: log 0
    assert ratio[1] == 2.0 and np.isnan(low[1])                        # 100%: no variance
    assert np.isnan(ratio[2]) and np.isnan(low[2])                     # divide by 0%
    assert np.isnan(ratio[3])                                          # no trials


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 5000).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n))),
       st.integers(2, 5000).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n))))
def test_ratio_interval_contains_the_ratio(first, second):
    ratio, low, high = ratio_interval(*first, *second)
    assert 0 < low <= ratio <= high


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


# -- suppression ---------------------------------------------------------------------
def _ethnicity(numerators, denominators, total=True) -> pd.DataFrame:
    rows = [("ethnicity", f"group {i}", n, d)
            for i, (n, d) in enumerate(zip(numerators, denominators, strict=True))]
    if total:
        rows.insert(0, ("all", "all", sum(numerators), sum(denominators)))
    frame = _breakdown(rows)
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    return frame


def _cells(result, column="numerator"):
    return result.loc[result["breakdown_dimension"].ne("all"), column].tolist()


def test_one_hidden_cell_triggers_secondary_suppression():
    frame = _ethnicity([3, 10, 20, 50], [40, 50, 60, 100])
    result = suppress_small_numbers(frame)
    # 3 is fewer than 5; 10 is the next smallest, hidden so that 83 - 20 - 50 = 13
    # is the sum of two hidden numbers and gives neither away
    assert _cells(result)[2:] == [20, 50]
    assert np.isnan(_cells(result)[:2]).all()
    assert _cells(result, "suppression_reason")[:2] == [SMALL, SECONDARY]
    assert np.isnan(_cells(result, "value")[:2]).all()      # their rates are hidden too
    assert _cells(result, "denominator") == [40, 50, 60, 100]
    total = result.loc[0, "numerator"]
    assert total - np.nansum(_cells(result)) == 13 != 3     # cannot recover the 3


def test_no_hidden_cells_means_no_suppression():
    frame = _ethnicity([5, 10, 0], [20, 30, 40])
    result = suppress_small_numbers(frame)
    assert not result["suppressed"].any()
    assert result["suppression_reason"].isna().all()
    # counts come back as floats (NaN where hidden), otherwise unchanged
    pd.testing.assert_frame_equal(result[frame.columns], frame, check_dtype=False)


def test_two_hidden_cells_need_no_secondary():
    result = suppress_small_numbers(_ethnicity([2, 3, 20, 50], [40, 50, 60, 100]))
    assert _cells(result, "suppressed") == [True, True, False, False]
    assert _cells(result, "suppression_reason")[:2] == [SMALL, SMALL]


def test_zero_is_shown_and_never_chosen_for_secondary():
    # hiding the 0 would leave 73 - 20 - 50 = 3: so 20, the smallest non-zero, goes
    result = suppress_small_numbers(_ethnicity([3, 0, 20, 50], [40, 50, 60, 100]))
    assert _cells(result)[1] == 0
    assert np.isnan(_cells(result)[2])


def test_complement_hides_a_count_close_to_its_denominator():
    # 38 of 40: the 2 not counted would be 40 - 38
    result = suppress_small_numbers(_ethnicity([38, 10, 20], [40, 50, 60]))
    assert np.isnan(_cells(result)[0])
    assert _cells(result, "suppression_reason")[0] == COMPLEMENT
    assert np.isnan(_cells(result)[1])                       # secondary: next smallest, 10
    assert result.loc[0, "numerator"] == 68                  # 68 - 20 = 48 = 38 + 10


def test_hidden_denominator_hides_the_row():
    result = suppress_small_numbers(_ethnicity([0, 12, 2, 30], [3, 50, 60, 70]))
    # 0 of 3: the denominator 3 is small, and 3 - 0 = 3 would show the 3 not counted
    assert _cells(result, "suppression_reason")[0] == f"{SMALL}; {COMPLEMENT}"
    # numerators: 0 (row above) and 2 are hidden, so no secondary is needed there.
    # denominators: only the 3 is hidden, so the next smallest, 50, goes; its
    # numerator 12 goes with it (the row is hidden whole, as its rate must be)
    second = result.iloc[2]
    assert np.isnan(second["denominator"]) and np.isnan(second["numerator"])
    assert second["suppression_reason"] == (
        f"hidden because its denominator is hidden; {SECONDARY}")
    assert _cells(result, "suppressed") == [True, True, True, False]
    assert _cells(result, "denominator")[2:] == [60, 70]


def test_main_rule_names_the_rule_that_matters_most():
    result = suppress_small_numbers(_ethnicity([0, 12, 2, 30], [3, 50, 60, 70]))
    # total; 0 of 3 (small and complement); 12 of 50 (its denominator went for
    # secondary suppression); 2 (small); 30 of 70 (shown)
    assert main_rule(result["suppression_reason"]).tolist() == [
        pd.NA, "primary", "secondary", "primary", pd.NA]
    assert main_rule(pd.Series([COMPLEMENT, SECONDARY, "fewer than 10"]), threshold=10
                     ).tolist() == [pd.NA, "secondary", "primary"]


def test_a_lone_hidden_cell_among_zeros_hides_the_total():
    # 38/40 is hidden (complement); every other numerator is 0, so the total 38 would show it
    result = suppress_small_numbers(_ethnicity([38, 0, 0], [40, 30, 30]))
    assert np.isnan(result.loc[0, "numerator"])
    assert result.loc[0, "suppression_reason"] == SECONDARY
    assert result.loc[0, "denominator"] == 100


def test_groups_are_separate_and_input_unchanged():
    one = _ethnicity([3, 10, 20], [40, 50, 60]).assign(area_code="A")
    two = _ethnicity([30, 10, 20], [40, 50, 60]).assign(area_code="B")
    frame = pd.concat([one, two], ignore_index=True)
    before = frame.copy()
    result = suppress_small_numbers(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert result.loc[result["area_code"].eq("A"), "suppressed"].sum() == 2
    assert not result.loc[result["area_code"].eq("B"), "suppressed"].any()
    assert result.index.equals(frame.index)


def test_no_secondary_when_no_total_is_published():
    result = suppress_small_numbers(_ethnicity([3, 10, 20], [40, 50, 60], total=False),
                                    total_published=False)
    assert _cells(result, "suppressed") == [True, False, False]


@st.composite
def _tables(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    rows = []
    for number, size in enumerate(sizes):
        for cell in range(size):
            denominator = draw(st.integers(0, 40))
            numerator = draw(st.integers(0, denominator))
            rows.append((f"d{number}", f"c{cell}", numerator, denominator))
    frame = _breakdown(rows)
    total = frame.loc[frame["breakdown_dimension"].eq("d0"), ["numerator", "denominator"]].sum()
    return pd.concat([_breakdown([("all", "all", *total)]), frame], ignore_index=True)


@settings(max_examples=300, deadline=None)
@given(_tables())
def test_suppression_never_shows_or_reveals_a_small_number(frame):
    result = suppress_small_numbers(frame)
    numerator, denominator = result["numerator"], result["denominator"]
    for shown in (numerator.dropna(), denominator.dropna()):
        assert ((shown == 0) | (shown >= SUPPRESSION_THRESHOLD)).all()
    both = numerator.notna() & denominator.notna()
    rest = (denominator - numerator)[both]
    assert ((rest == 0) | (rest >= SUPPRESSION_THRESHOLD)).all()
    total_hidden = result.loc[result["breakdown_dimension"].eq("all")].iloc[0].isna()
    for _, table in result[result["breakdown_dimension"].ne("all")].groupby(
            "breakdown_dimension"):
        for column in ("numerator", "denominator"):
            # exactly one hidden cell could be recovered as total minus the shown cells
            if len(table) >= 2 and table[column].isna().sum() == 1:
                assert total_hidden[column]


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
    table = fsm_gap(data.observations, "E08000009")
    latest = table.iloc[-1]
    # DfE/ONS 2024/25: Trafford FSM 29.09582 - all pupils 12.59563 = 16.50019 points;
    # England 32.03638 - 18.14307 = 13.89331; Trafford's gap is 2.60688 points wider
    assert latest["period"] == "2024/25"
    assert latest["gap_points"] == pytest.approx(16.50019, abs=1e-5)
    assert latest["england_gap_points"] == pytest.approx(13.89331, abs=1e-5)
    assert latest["gap_against_england_points"] == pytest.approx(2.60688, abs=1e-5)
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
    table = fsm_gap(observations, "X")
    # 2022/23 has no FSM figure, so only 2023/24: 25 - 10 = 15; England 24 - 12 = 12; 15 - 12 = 3
    assert table["period"].tolist() == ["2023/24"]
    row = table.iloc[0]
    assert (row["gap_points"], row["england_gap_points"]) == (15.0, 12.0)
    assert row["gap_against_england_points"] == 3.0
    assert math.isclose(row["all_pupils_rate"], 10.0)
