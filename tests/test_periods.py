"""Period parsing, ordering and neighbours (perfkit/periods.py)."""

from datetime import date

import pandas as pd
import pytest

from perfkit.periods import (
    FREQUENCIES,
    PERIOD_KINDS,
    YEAR_KINDS,
    Frequency,
    Period,
    PeriodError,
    parse_period,
    period_end_dates,
)


@pytest.mark.parametrize(
    ("text", "kind", "label", "start", "end"),
    [
        ("2024-25 Q3", "financial_quarter", "2024-25 Q3", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024/25 Q4", "financial_quarter", "2024-25 Q4", date(2025, 1, 1), date(2025, 3, 31)),
        ("Q1 2024-25", "financial_quarter", "2024-25 Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-25", "financial_year", "2024-25", date(2024, 4, 1), date(2025, 3, 31)),
        ("FY 2024/25", "financial_year", "2024-25", date(2024, 4, 1), date(2025, 3, 31)),
        ("2024-2025", "financial_year", "2024-25", date(2024, 4, 1), date(2025, 3, 31)),
        ("2024/25", "academic_year", "2024/25", date(2024, 9, 1), date(2025, 8, 31)),
        ("AY 2024-25", "academic_year", "2024/25", date(2024, 9, 1), date(2025, 8, 31)),
        ("2024", "calendar_year", "2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024 Q1", "calendar_quarter", "2024 Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-02", "month", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("Nov 2024", "month", "2024-11", date(2024, 11, 1), date(2024, 11, 30)),
        ("  2024-25   q3 ", "financial_quarter", "2024-25 Q3", date(2024, 10, 1),
         date(2024, 12, 31)),
    ],
)
def test_parse_period_reads_every_form(text, kind, label, start, end):
    period = parse_period(text)
    assert (period.kind, period.label, period.start, period.end) == (kind, label, start, end)


def test_2011_12_is_a_financial_year_not_december():
    assert parse_period("2011-12").kind == "financial_year"
    assert parse_period("Dec 2011").label == "2011-12"


@pytest.mark.parametrize("text", ["", "x", "2024-26", "2024-13", "2024-25 Q5", "25/26", None])
def test_unreadable_periods_raise_with_examples(text):
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert "2024" in str(error.value) or "not a period" in str(error.value)


def test_previous_and_same_period_last_year():
    q1 = parse_period("2024-25 Q1")
    assert q1.previous().label == "2023-24 Q4"
    assert q1.next().label == "2024-25 Q2"
    assert q1.same_period_last_year().label == "2023-24 Q1"
    assert parse_period("2024-01").previous().label == "2023-12"
    assert parse_period("2024/25").previous().label == "2023/24"
    assert parse_period("2024").same_period_last_year().label == "2023"


def test_shift_crosses_years_both_ways():
    q1 = parse_period("2024-25 Q1")
    assert q1.shift(-5).label == "2022-23 Q4"
    assert q1.shift(7).label == "2025-26 Q4"
    assert q1.shift(-1).shift(1) == q1


def test_ordering_across_frequencies_by_end_date():
    labels = ["2024-25", "2024-25 Q4", "2024-25 Q1", "2024", "2024/25", "2024-11"]
    ordered = [p.label for p in sorted(parse_period(x) for x in labels)]
    # ends: Q1 30 Jun 2024; Nov 30 Nov 2024; 2024 31 Dec 2024; FY and Q4 31 Mar 2025
    # (the year, starting earlier, comes first); AY 31 Aug 2025
    assert ordered == ["2024-25 Q1", "2024-11", "2024", "2024-25", "2024-25 Q4", "2024/25"]
    assert parse_period("2023-24 Q4") < parse_period("2024-25 Q1")


def test_financial_year_of_a_quarter():
    assert parse_period("2024-25 Q4").financial_year.label == "2024-25"
    assert parse_period("2024 Q1").financial_year.label == "2023-24"


def test_period_end_dates_is_missing_for_unreadable_labels():
    ends = period_end_dates(pd.Series(["2024-25", "bad", None, "2024-25 Q1"]))
    assert ends.iloc[0] == pd.Timestamp("2025-03-31")
    assert pd.isna(ends.iloc[1]) and pd.isna(ends.iloc[2])
    assert ends.iloc[3] == pd.Timestamp("2024-06-30")


def test_invalid_parts_are_refused():
    with pytest.raises(PeriodError):
        Period("financial_quarter", 2024, 5)
    with pytest.raises(PeriodError):
        Period("financial_year", 2024, 1)
    with pytest.raises(PeriodError):
        Period("fortnight", 2024)


# -- frequencies --------------------------------------------------------------------------
def test_every_kind_of_period_is_a_frequency_with_a_figure_every_period():
    for kind in PERIOD_KINDS:
        assert FREQUENCIES[kind] == Frequency(kind, (kind,), step=1)


def test_the_frequency_column_takes_every_frequency():
    assert tuple(FREQUENCIES) == (*PERIOD_KINDS, "two_yearly", "irregular")


def test_a_two_yearly_survey_has_whole_years_two_apart():
    two_yearly = FREQUENCIES["two_yearly"]
    assert two_yearly.step == 2
    assert set(two_yearly.kinds) == set(YEAR_KINDS) == {"calendar_year", "financial_year",
                                                        "academic_year"}
    assert parse_period("2023").kind in two_yearly.kinds


def test_an_irregular_survey_has_any_kind_and_no_set_gap():
    assert FREQUENCIES["irregular"] == Frequency("irregular", PERIOD_KINDS, step=None)


@pytest.mark.parametrize("frequency", ["two_yearly", "irregular"])
def test_a_frequency_that_is_not_a_kind_makes_no_period(frequency):
    with pytest.raises(PeriodError):
        Period(frequency, 2023)
