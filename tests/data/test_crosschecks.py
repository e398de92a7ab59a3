"""Checks across tables (perfkit/data/crosschecks.py): published counts
rounded to 5, and the periods a two-yearly or irregular survey may have."""

from __future__ import annotations

import pytest

from perfkit.data.crosschecks import ROUNDING_BASE
from perfkit.data.loading import load_data
from tests.data.conftest import problems_of

INDICATOR = ("survey,Residents satisfied with the area,Satisfied,percent,higher_is_better,1,"
             "{frequency},Residents' survey,OGL v3,trends\n")


def _counts(folder, numerator: str, denominator: str) -> None:
    path = folder / "observations.csv"
    text = path.read_text("utf-8").replace(",55.5,50,90,", f",55.5,{numerator},{denominator},")
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("numerator", "denominator"), [
    ("205", "200"),  # both multiples of 5, 5 apart: each may have been rounded
    ("92", "90"),  # above by less than 5
    ("94", "90"),
])
def test_counts_that_look_rounded_are_a_warning_and_the_value_is_kept(tables, numerator,
                                                                        denominator):
    _counts(tables, numerator, denominator)
    assert load_data(tables, cache=False).observations.loc[0, "value"] == 55.5
    [warning] = problems_of(tables, "warning")
    assert (warning.file, warning.row, warning.column) == ("observations.csv", 2, "numerator")
    assert f"numerator {numerator} above denominator {denominator}" in warning.found
    assert (f"counts look rounded to {ROUNDING_BASE} by the publisher; the value is kept"
            in warning.fix)


@pytest.mark.parametrize(("numerator", "denominator"), [("210", "200"), ("96", "90"),
                                                        ("101", "95")])
def test_a_numerator_clearly_above_is_still_an_error(tables, numerator, denominator):
    _counts(tables, numerator, denominator)
    [error] = problems_of(tables, "error")
    assert f"numerator {numerator} above denominator {denominator}" == error.found
    assert "they may be swapped" in error.fix


def test_management_counts_are_never_excused_as_rounded(tables):
    (tables / "satisfaction.csv").write_text(
        "area_code,period,question,respondents,satisfied\n"
        "E08000009,2024-25,Satisfied with the area,100,102\n", encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert error.file == "satisfaction.csv" and error.column == "satisfied"


def _survey(folder, frequency: str, periods: list[str]) -> None:
    with (folder / "indicators.csv").open("a", encoding="utf-8") as file:
        file.write(INDICATOR.format(frequency=frequency))
    with (folder / "observations.csv").open("a", encoding="utf-8") as file:
        for i, period in enumerate(periods):
            file.write(f"E08000009,survey,{period},{70 + i},,,all,all\n")


@pytest.mark.parametrize(("frequency", "periods"), [
    ("two_yearly", ["2019", "2021", "2023"]),
    ("two_yearly", ["2019-20", "2021-22"]),
    ("two_yearly", ["2019/20", "2021/22"]),
    ("irregular", ["2016", "2019", "2024"]),
    ("irregular", ["2016-17 Q2", "2019-20 Q4"]),
])
def test_a_survey_takes_periods_of_one_kind(tables, frequency, periods):
    _survey(tables, frequency, periods)
    data = load_data(tables, cache=False)
    assert data.indicators.set_index("indicator_id").loc["survey", "frequency"] == frequency


def test_a_two_yearly_survey_takes_whole_years_only(tables):
    _survey(tables, "two_yearly", ["2023 Q1"])
    [error] = problems_of(tables, "error")
    assert error.found == "period '2023 Q1', a calendar quarter"
    assert "a financial year or an academic year or a calendar year" in error.expected


def test_a_survey_keeps_the_kind_of_its_first_period(tables):
    _survey(tables, "irregular", ["2016", "2019-20"])
    [error] = problems_of(tables, "error")
    assert (error.row, error.column) == (7, "period")
    assert error.found == "period '2019-20', a financial year"
    assert "a calendar year, like the first period of 'survey'" in error.expected
