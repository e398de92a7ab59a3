"""The settings file of a data folder, perfkit.yaml (perfkit/data/folder_settings.py):
checked once, with errors that name its line and key, and the example in
docs/data-contract.md reads the export shown beside it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from perfkit.data.contract import TABLES
from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings, read_folder_settings
from perfkit.data.loading import load_data, validate_data
from tests.data.conftest import problems_of
from tests.paths import ROOT
from tests.test_docs import write_examples

DOC = ROOT / "docs" / "data-contract.md"


def _settings(folder: Path, text: str):
    (folder / SETTINGS_FILE).write_text(text, encoding="utf-8")
    return read_folder_settings(folder, TABLES)


def test_a_folder_without_settings_has_none(tmp_path):
    assert read_folder_settings(tmp_path, TABLES) == ({}, [])


def test_settings_are_read_by_table(tmp_path):
    settings, problems = _settings(tmp_path, "observations:\n  sheet: Data\n  header_row: 4\n"
                                             "  columns:\n    Area Code: area_code\n")
    assert problems == []
    assert settings == {"observations": TableSettings(sheet="Data", header_row=4,
                                                      columns={"Area Code": "area_code"})}
    assert settings["observations"].contract_name("AREA code") == "area_code"
    assert settings["observations"].contract_name("Value") is None


@pytest.mark.parametrize(("text", "row", "column", "found", "fix"), [
    ("observation:\n  sheet: Data\n", 1, "observation", "'observation', which is not a table",
     "Did you mean 'observations'?"),
    ("targets:\n  shet: Data\n", 2, "targets.shet", "'shet', which is not a setting",
     "Did you mean 'sheet'?"),
    ("targets:\n  header_row: '4'\n", 2, "targets.header_row", "'4', text",
     "without quotes"),
    ("targets:\n  header_row: 0\n", 2, "targets.header_row", "0, a whole number", "e.g. header_row: 4"),
    ("targets:\n  header_row: true\n", 2, "targets.header_row", "True, true or false", "without quotes"),
    ("targets:\n  sheet: 2024\n", 2, "targets.sheet", "2024, a whole number", "sheet: '2024'"),
    ("targets:\n  columns: [Goal, target]\n", 2, "targets.columns", "a list",
     "indented under 'columns:'"),
    ("targets:\n  columns:\n    Goal: targett\n", 3, "targets.columns.Goal",
     "'targett', which is not a column of the targets table", "Did you mean 'target'?"),
    ("targets:\n  columns:\n    Goal: target\n    Aim: Target\n", 4, "targets.columns.Aim",
     "'Aim' and 'Goal' both read as 'target'", "remove the other"),
    ("targets: Data\n", 1, "targets", "'Data'", "under 'targets:'"),
    ("- targets\n", 1, None, "a YAML list", "'observations:'"),
    ("targets:\n  columns: {Goal: target\n", 3, None, "YAML that cannot be read",
     "Correct the line shown"),
])
def test_each_mistake_is_named_at_its_line(tmp_path, text, row, column, found, fix):
    settings, problems = _settings(tmp_path, text)
    [problem] = problems
    assert (problem.file, problem.row, problem.column) == (SETTINGS_FILE, row, column)
    assert found in problem.found and fix in problem.fix
    assert problem.severity == "error"


def test_an_empty_settings_file_sets_nothing(tmp_path):
    assert _settings(tmp_path, "# nothing yet\n") == ({}, [])


def test_settings_with_an_error_stop_the_folder_being_read(tables):
    (tables / SETTINGS_FILE).write_text("targets:\n  header_row: four\n", encoding="utf-8")
    problems = problems_of(tables)
    assert [p.file for p in problems] == [SETTINGS_FILE]


def test_a_settings_file_under_a_near_name_is_warned_about(tables):
    (tables / "perfkit.yml").write_text("targets:\n  sheet: Data\n", encoding="utf-8")
    [warning] = problems_of(tables, "warning")
    assert warning.file == "perfkit.yml" and "rename it to perfkit.yaml" in warning.fix


def test_settings_for_a_table_without_a_file_are_warned_about(tables):
    (tables / SETTINGS_FILE).write_text("complaints:\n  header_row: 2\n", encoding="utf-8")
    [warning] = problems_of(tables, "warning")
    assert (warning.file, warning.column) == (SETTINGS_FILE, "complaints")
    assert "has no file here" in warning.found


def test_a_change_to_the_settings_is_not_hidden_by_the_cache(tables, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    assert validate_data(tables, cache=cache)[0] is not None
    (tables / SETTINGS_FILE).write_text("targets:\n  header_row: 40\n", encoding="utf-8")
    assert validate_data(tables, cache=cache)[0] is None


# -- the example in docs/data-contract.md ---------------------------------------------
def _block(doc: str, heading: str, fence: str) -> str:
    """The fenced block that follows ``heading`` in the doc."""
    after = doc.split(heading, 1)[1]
    match = re.search(rf"^```{fence}\n(.*?)^```$", after, flags=re.MULTILINE | re.DOTALL)
    assert match, f"no ```{fence} block after {heading!r}"
    return match.group(1)


def test_the_documented_settings_read_the_documented_export(tmp_path):
    doc = DOC.read_text("utf-8")
    write_examples(doc, tmp_path)  # the contract's example tables
    (tmp_path / "observations.csv").unlink()
    export = _block(doc, "#### Example: a workbook exported from a performance system", "text")
    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Key performance indicators (made-up figures)"])
    data = book.create_sheet("Data")
    for row in csv.reader(io.StringIO(export)):
        data.append(row)
    book.save(tmp_path / "observations.xlsx")
    without_settings = problems_of(tmp_path, "error")
    assert len(without_settings) == 1 and "none with all the columns" in \
        without_settings[0].found  # the export does need the settings
    settings = _block(doc, "#### Example: `perfkit.yaml`", "yaml")
    (tmp_path / SETTINGS_FILE).write_text(settings, encoding="utf-8")
    dataset, problems = validate_data(tmp_path, cache=False)
    assert problems == [], "\n".join(map(str, problems))
    assert sorted(dataset.observations["indicator_id"]) == [
        "ehcp_20_weeks", "ehcp_20_weeks", "new_claims_days"]
    assert dataset.observations["value"].tolist() == [55.6, 38.2, 18.0]


def test_the_run_manifest_records_the_settings_file(tables):
    (tables / SETTINGS_FILE).write_text("targets:\n  header_row: 1\n", encoding="utf-8")
    hashes = load_data(tables, cache=False).file_hashes()
    assert set(hashes) == {"areas.csv", "indicators.csv", "observations.csv", "targets.csv",
                           SETTINGS_FILE}
