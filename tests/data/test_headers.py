"""Title rows above the header (perfkit/data/headers.py): found and warned
about, or, where the header cannot be found, an error that says on which row
it seems to be and how to tell perfkit."""

from __future__ import annotations

import pandas as pd

from perfkit.data.contract import TABLES
from perfkit.data.folder_settings import TableSettings
from perfkit.data.headers import HEADER_SEARCH_ROWS, find_header
from perfkit.data.loading import load_data
from tests.data.conftest import problems_of
from tests.data.test_validation import OBSERVATIONS
from tests.paths import ROOT

TITLES = ('"SEND tribunal appeals, by local authority (made-up figures)"\n'
          '"Source: made up for perfkit tests"\n,,,,,,,\n')
#: The publisher's own column names, on row 4, below three title rows.
PUBLISHED = TITLES + """LA code,Measure,Year,Rate
E08000009,ehcp_20_weeks,2023,55.5
E08000003,spend,2023-24,1234
"""


def _line(i: int) -> int:
    return i + 1


def test_title_rows_above_a_csv_header_are_skipped_with_a_warning(tables):
    (tables / "observations.csv").write_text(TITLES + OBSERVATIONS, encoding="utf-8")
    data = load_data(tables, cache=False)
    assert data.observations.loc[0, "value"] == 55.5
    [warning] = problems_of(tables, "warning")
    assert (warning.file, warning.row) == ("observations.csv", 4)
    assert "read the header from row 4 of observations.csv; rows 1–3 look like titles" in \
        warning.fix
    assert "header_row: 4" in warning.fix


def test_rows_below_title_rows_keep_the_numbers_a_spreadsheet_shows(tables):
    text = TITLES + OBSERVATIONS.replace(",55.5,", ",fifty,")
    (tables / "observations.csv").write_text(text, encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert (error.row, error.column) == (5, "value")  # titles 1-3, header 4


def test_blank_lines_above_the_header_are_not_titles(tables):
    (tables / "observations.csv").write_text("\n\n" + OBSERVATIONS, encoding="utf-8")
    assert problems_of(tables) == []


def test_a_header_that_cannot_be_found_is_placed_and_the_fix_named(tables):
    (tables / "observations.csv").write_text(PUBLISHED, encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert (error.file, error.row) == ("observations.csv", 4)
    assert "the header seems to be on row 4 ('LA code', 'Measure', 'Year', 'Rate')" in \
        error.found
    assert "area_code, indicator_id, period, value" in error.found
    assert "perfkit.yaml" in error.fix and "'header_row: 4'" in error.fix
    assert "columns:" in error.fix


def test_a_misspelt_column_on_row_1_is_left_to_the_column_checks(tables):
    (tables / "observations.csv").write_text(OBSERVATIONS.replace("area_code,", "area_cde,"),
                                             encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert error.column == "area_code" and "Rename 'area_cde'" in error.fix


def test_settings_give_the_header_row_and_rename_the_columns(tables):
    (tables / "observations.csv").write_text(PUBLISHED, encoding="utf-8")
    (tables / "perfkit.yaml").write_text(
        "observations:\n  header_row: 4\n  columns:\n    LA code: area_code\n"
        "    measure: indicator_id\n    YEAR: period\n    Rate: value\n", encoding="utf-8")
    data, problems = load_data(tables, cache=False), problems_of(tables)
    assert problems == []  # the user said where the header is: nothing to warn about
    assert data.observations[["area_code", "period", "value"]].to_numpy().tolist() == [
        ["E08000009", "2023", 55.5], ["E08000003", "2023-24", 1234.0]]


def test_a_header_row_beyond_the_file_is_an_error(tables):
    (tables / "perfkit.yaml").write_text("observations:\n  header_row: 40\n", encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert error.file == "observations.csv"
    assert "no row 40, which perfkit.yaml gives as the header_row" in error.found


def test_a_renamed_column_the_file_does_not_have_is_warned_about(tables):
    (tables / "perfkit.yaml").write_text("observations:\n  columns:\n    Rate: value\n",
                                         encoding="utf-8")
    [warning] = problems_of(tables, "warning")
    assert "no column 'Rate', which perfkit.yaml renames 'value'" in warning.found


def test_a_rename_onto_a_column_the_file_has_is_a_repeated_column(tables):
    text = OBSERVATIONS.replace("breakdown_category\n", "breakdown_category,Rate\n", 1)
    text = text.replace(",all,all\n", ",all,all,1\n")
    (tables / "observations.csv").write_text(text, encoding="utf-8")
    (tables / "perfkit.yaml").write_text("observations:\n  columns:\n    Rate: value\n",
                                         encoding="utf-8")
    errors = problems_of(tables, "error")
    assert any("2 columns read as 'value' ('value' and 'Rate')" in e.found for e in errors)


def test_the_header_is_the_first_row_with_every_required_column():
    table = TABLES["targets"]
    rows = [["Targets"], ["indicator_id", "area_code"],
            ["indicator_id", "area_code", "period", "target", "tolerance"],
            ["indicator_id", "area_code", "period", "target", "tolerance"]]
    assert find_header(rows, _line, "targets.csv", table, None).index == 2


def test_renamed_columns_count_towards_the_header():
    table = TABLES["targets"]
    rows = [["Title"], ["PI", "Area Code", "Period", "Goal", "Tolerance"]]
    settings = TableSettings(columns={"PI": "indicator_id", "Goal": "target"})
    header = find_header(rows, _line, "targets.csv", table, settings)
    assert header.index == 1 and "row 1 looks like a title" in header.problems[0].fix


def test_the_search_stops_after_the_documented_number_of_rows():
    table = TABLES["targets"]
    rows = [[f"Note {i}"] for i in range(HEADER_SEARCH_ROWS)]
    rows.append(["indicator_id", "area_code", "period", "target", "tolerance"])
    header = find_header(rows[:HEADER_SEARCH_ROWS], _line, "targets.csv", table, None)
    assert header.index == 0 and header.problems == []  # the column checks take it from here


def test_an_xlsx_header_below_title_rows_is_found(tables):
    (tables / "targets.csv").unlink()
    rows = [["Targets 2024", None, None, None, None], [None] * 5,
            ["indicator_id", "area_code", "period", "target", "tolerance"],
            ["ehcp_20_weeks", "E08000009", "2024", 60, 5]]
    pd.DataFrame(rows).to_excel(tables / "targets.xlsx", header=False, index=False)
    data = load_data(tables, cache=False)
    assert data.targets.loc[0, "target"] == 60
    [warning] = problems_of(tables, "warning")
    assert warning.row == 3 and "rows 1–2 look like titles" in warning.fix


def test_the_documented_search_depth_is_the_real_one():
    doc = (ROOT / "docs" / "data-contract.md").read_text("utf-8")
    assert f"in the first {HEADER_SEARCH_ROWS} rows" in doc
