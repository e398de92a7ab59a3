"""Small-number suppression (perfkit/analysis/suppression.py): the primary,
complement, denominator and secondary rules within one breakdown, and the rule
across the breakdowns of one total."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.suppression import (
    SUPPRESSION_THRESHOLD,
    main_rule,
    suppress_small_numbers,
)
from perfkit.charts.breakdown import hidden_notes

SMALL = "fewer than 5"
SECONDARY = "hidden so that the total does not reveal a smaller number"
COMPLEMENT = "hidden because the denominator minus the numerator is fewer than 5"


def _breakdown(rows) -> pd.DataFrame:
    """rows: (dimension, category, numerator, denominator); 'all' is the total."""
    return pd.DataFrame(rows, columns=["breakdown_dimension", "breakdown_category",
                                       "numerator", "denominator"])


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


# -- across the breakdowns of one total ----------------------------------------------
ACROSS = ("hidden so that this breakdown does not reveal a hidden total, "
          "or a smaller number in another breakdown")
#: The total's numerator is hidden so that sex does not reveal Female's; the
#: ethnicity breakdown adds up to it.
SEX_AND_ETHNICITY = _breakdown([("all", "all", 36, 50), ("sex", "Male", 0, 10),
                                ("sex", "Female", 36, 40), ("ethnicity", "A", 20, 25),
                                ("ethnicity", "B", 16, 25)])


def test_a_hidden_total_is_not_revealed_by_another_breakdown():
    # Female 36/40 is hidden (40 - 36 = 4); Male's 0 cannot be hidden in its
    # place, so the total's 36 goes. Ethnicity 20 + 16 would give the 36 back,
    # and 36 - 0 the Female count: 16 is hidden too, then 20 so that the
    # ethnicity table has no lone hidden cell either
    result = suppress_small_numbers(SEX_AND_ETHNICITY)
    assert result["numerator"].isna().tolist() == [True, False, True, True, True]
    assert result.loc[4, "suppression_reason"] == ACROSS
    assert result.loc[3, "suppression_reason"] == SECONDARY
    assert main_rule(result["suppression_reason"]).tolist() == [
        "secondary", pd.NA, "complement", "secondary", "across breakdowns"]
    assert result["denominator"].tolist() == [50, 10, 40, 25, 25]


def test_every_other_breakdown_of_a_hidden_total_hides_a_cell():
    # Male 12/16 is hidden (16 - 12 = 4); Female's 0 cannot be hidden in its
    # place, so the total's 12 goes. Age 6 + 6 would give the 12 back, and
    # with it Male's 12: the first 6 is hidden (across breakdowns), then the
    # other (secondary: a lone hidden cell in the age table)
    frame = _breakdown([("all", "all", 12, 50), ("sex", "Male", 12, 16),
                        ("sex", "Female", 0, 34), ("age", "young", 6, 25),
                        ("age", "old", 6, 25)])
    result = suppress_small_numbers(frame)
    assert result["numerator"].isna().tolist() == [True, True, False, True, True]
    assert result.loc[3:4, "suppression_reason"].tolist() == [ACROSS, SECONDARY]
    assert not result[["denominator"]].isna().any().any()


def test_breakdowns_of_a_total_that_is_not_published():
    # no total anywhere: sex 10 + 3 is safe alone, but ethnicity's 13 is the
    # total, and 13 - 10 = 3. One ethnicity cell is enough: the total stays unknown
    frame = _breakdown([("sex", "Male", 10, 20), ("sex", "Female", 3, 20),
                        ("ethnicity", "A", 6, 20), ("ethnicity", "B", 7, 20)])
    result = suppress_small_numbers(frame, total_published=False)
    assert result["numerator"].isna().tolist() == [False, True, True, False]
    assert result.loc[2, "suppression_reason"] == ACROSS
    # nothing hidden anywhere: nothing to protect
    plain = frame.assign(numerator=[10, 5, 6, 9])
    assert not suppress_small_numbers(plain, total_published=False)["suppressed"].any()


def test_the_rule_keeps_tables_apart():
    one = SEX_AND_ETHNICITY
    two = one.assign(numerator=[30, 0, 30, 14, 16])       # 40 - 30 = 10: nothing hidden
    frame = pd.concat([one.assign(period="2023"), two.assign(period="2024")],
                      ignore_index=True)
    result = suppress_small_numbers(frame)
    assert not result.loc[result["period"].eq("2024"), "suppressed"].any()
    assert result.loc[result["period"].eq("2023"), "suppressed"].sum() == 4


def test_readers_are_told_why_a_group_is_hidden_across_breakdowns():
    # what the chart and the table write in place of the group (perfkit.charts.breakdown)
    result = suppress_small_numbers(SEX_AND_ETHNICITY).assign(rate=lambda t: t["numerator"])
    assert hidden_notes(result)[4] == ("hidden so that a group hidden in another breakdown "
                                       "cannot be worked out")


def _split(draw, total: int, parts: int) -> list[int]:
    """``total`` shared among ``parts``: at random, or often all in one part
    (a breakdown where one group holds everyone counted, the case that hides
    a total)."""
    if draw(st.booleans()):
        chosen = draw(st.integers(0, parts - 1))
        return [total if part == chosen else 0 for part in range(parts)]
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1,
                                max_size=parts - 1)))
    return [high - low for low, high in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def _shared_total(draw):
    """A total and one to three breakdowns of it: each breakdown shares the
    same people counted (the numerator) and not counted among its categories."""
    counted, not_counted = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    rows = [("all", "all", counted, counted + not_counted)]
    for number, size in enumerate(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))):
        for category, (yes, no) in enumerate(zip(_split(draw, counted, size),
                                                 _split(draw, not_counted, size), strict=True)):
            rows.append((f"d{number}", f"c{category}", yes, yes + no))
    return _breakdown(rows)


def _derivable(result: pd.DataFrame, column: str) -> list[int]:
    """Rows whose hidden ``column`` follows from the shown counts by addition
    and subtraction. Each breakdown gives one equation (total - its cells = 0);
    in the hidden counts, a count is determined when its unit vector lies in
    the span of the equations."""
    hidden = result[column].isna().to_numpy()
    dimension = result["breakdown_dimension"].to_numpy()
    total = (dimension == "all").astype(float)
    system = np.array([(total - (dimension == name))[hidden]
                       for name in set(dimension) - {"all"}])
    rank = np.linalg.matrix_rank(system)
    return [row for row, unit in zip(result.index[hidden], np.eye(hidden.sum()), strict=True)
            if np.linalg.matrix_rank(np.vstack([system, unit])) == rank]


@pytest.mark.parametrize("published", [True, False])
@settings(max_examples=120, deadline=None)
@given(frame=_shared_total())
def test_no_hidden_count_can_be_worked_out_from_any_breakdown(frame, published):
    """With the total row, or with no total published at all (then the total
    is one more unknown)."""
    if published:
        result = suppress_small_numbers(frame)
    else:
        result = suppress_small_numbers(frame.iloc[1:], total_published=False)
        result = pd.concat([frame.iloc[:1].assign(numerator=np.nan, denominator=np.nan),
                            result])
    for column in ("numerator", "denominator"):
        # a hidden 0 can be worked out where a whole breakdown is shown as 0s
        # (then so is the total); zeros identify nobody and are always shown
        worked_out = [row for row in _derivable(result, column)
                      if frame.loc[row, column] > 0 and (published or row != 0)]
        assert worked_out == [], column
