"""Which sheet of a workbook is read (perfkit/data/workbooks.py): the only
one, the one named in perfkit.yaml, or the only one with the table's columns;
otherwise an error that names the sheets and says how to choose."""

from __future__ import annotations

from pathlib import Path

from perfkit.data.loading import load_data
from tests.data.conftest import problems_of
from tests.workbooks import write_workbook

HEADER = ["indicator_id", "area_code", "period", "target", "tolerance"]
COVER = [["Revenue outturn (made-up figures)"], [], ["Contents: Targets, Notes"]]


def _targets(target: int = 60) -> list[list]:
    return [HEADER, ["ehcp_20_weeks", "E08000009", "2024", target, 5]]


def _with_workbook(folder: Path, sheets: dict[str, list[list]]) -> Path:
    (folder / "targets.csv").unlink()
    write_workbook(folder / "targets.xlsx", sheets)
    return folder


def test_a_cover_sheet_is_passed_over_with_a_warning_naming_the_sheet_read(tables):
    _with_workbook(tables, {"Cover": COVER, "Targets": _targets(), "Notes": [["None yet"]]})
    assert load_data(tables, cache=False).targets.loc[0, "target"] == 60
    [warning] = problems_of(tables, "warning")
    assert warning.file == "targets.xlsx"
    assert "perfkit read sheet 'Targets', the only one with the columns" in warning.fix
    assert "ignored 'Cover', 'Notes'" in warning.fix and "'sheet: Targets'" in warning.fix


def test_one_sheet_with_the_table_and_empty_others_needs_no_warning(tables):
    _with_workbook(tables, {"Targets": _targets(), "Sheet2": []})
    assert problems_of(tables) == []


def test_two_sheets_with_the_table_are_an_error_naming_them(tables):
    _with_workbook(tables, {"Cover": COVER, "2023": _targets(55), "2024": _targets(60)})
    [error] = problems_of(tables, "error")
    assert "2 sheets with the columns of the targets table ('2023', '2024')" in error.found
    assert "under 'targets:', write 'sheet: '" in error.fix


def test_no_sheet_with_the_table_is_an_error_naming_every_sheet(tables):
    _with_workbook(tables, {"Cover": COVER, "RO3": [["ONS Code", "Net expenditure"],
                                                    ["E08000009", 41250]]})
    [error] = problems_of(tables, "error")
    assert "2 sheets ('Cover', 'RO3'), none with all the columns of the targets table" in \
        error.found
    assert "perfkit.yaml" in error.fix


def test_the_sheet_named_in_the_settings_is_read(tables):
    _with_workbook(tables, {"2023": _targets(55), "2024": _targets(60)})
    (tables / "perfkit.yaml").write_text("targets:\n  sheet: '2024'\n", encoding="utf-8")
    assert load_data(tables, cache=False).targets.loc[0, "target"] == 60
    assert problems_of(tables) == []


def test_a_sheet_the_workbook_does_not_have_is_an_error_listing_the_sheets(tables):
    _with_workbook(tables, {"2023": _targets(55), "2024": _targets(60)})
    (tables / "perfkit.yaml").write_text("targets:\n  sheet: Data\n", encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert "no sheet named 'Data'" in error.found and "'2023', '2024'" in error.found


def test_a_sheet_setting_for_a_csv_file_is_ignored_with_a_warning(tables):
    (tables / "perfkit.yaml").write_text("targets:\n  sheet: Data\n", encoding="utf-8")
    [warning] = problems_of(tables, "warning")
    assert warning.file == "targets.csv" and "It was ignored" in warning.fix


def test_the_sheet_setting_with_renamed_columns_and_a_header_row(tables):
    rows = [["Targets (made-up)"], [], ["PI", "Area Code", "Period", "Goal", "Tolerance"],
            ["ehcp_20_weeks", "E08000009", "2024", 61, 5]]
    _with_workbook(tables, {"Cover": COVER, "Data": rows})
    (tables / "perfkit.yaml").write_text(
        "targets:\n  sheet: Data\n  header_row: 3\n  columns:\n    PI: indicator_id\n"
        "    Goal: target\n", encoding="utf-8")
    assert load_data(tables, cache=False).targets.loc[0, "target"] == 61
    assert problems_of(tables) == []
