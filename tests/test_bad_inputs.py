"""The bad-input corpus in tests/bad_inputs/: malformed data folders and run files.

Each case is a folder holding the files that replace or add to a small valid
data folder (``_base``), or a run file (``run.yaml``), and ``expected.yaml``:
what the message must say (file, row, column, what was found, what to do),
the files to remove and, for binary files (XLSX, Parquet, UTF-16), the recipe
that makes them here. For every case:

* the message names the file, the row and the column where there is one,
  what was found and what to do;
* ``perfkit validate`` (data cases) and ``perfkit run`` (run files, and a run
  file pointing at each bad data folder) exit non-zero;
* nothing is written anywhere: an earlier report in ``outputs/`` keeps its
  bytes, no folder appears beside it, and the input files are not touched;
* no notebook starts: the runner is never reached.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook

from perfkit.run import cli
from perfkit.run.cli import main
from perfkit.settings import CACHE_VARIABLE
from tests.paths import CORPUS, ROOT
from tests.workbooks import write_workbook

BASE = CORPUS / "_base"
NOTEBOOKS = ROOT / "notebooks"
COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN = "run"  # the run files here are all run.yaml: reports go to <council>/<period>/run
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())
DATA_CASES = [c for c in CASES if "command" not in yaml.safe_load(
    (CORPUS / c / "expected.yaml").read_text("utf-8"))]
RUN_CASES = [c for c in CASES if c not in DATA_CASES]
#: An earlier, good report: it must keep these bytes whatever a bad run does.
EARLIER = {"index.html": b"<!DOCTYPE html><title>the earlier report</title>\n",
           "assessment.csv": b"area_code,indicator_id,value\nE08000009,ehcp_20_weeks,55\n"}
#: The cache of validated data folders (perfkit.data.cache), when there is one.
RUN_FILE = ("title: Bad data\ncouncil: E08000009\nperiod: 2025-26 Q3\n"
            "notebooks: [legal_duties]\ndata_dir: {data_dir}\n")


def expected(case: str) -> dict:
    return yaml.safe_load((CORPUS / case / "expected.yaml").read_text("utf-8"))


# -- recipes for the binary files -------------------------------------------------------
def _frame(name: str) -> pd.DataFrame:
    return pd.read_csv(BASE / name, dtype=str, keep_default_na=False)


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _targets_sheet(rows_above: list[tuple[str, ...]], merges: list[str], body: list[list]):
    book = Workbook()
    sheet = book.active
    for row in rows_above:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    for row in body:
        sheet.append(row)
    return book


_TARGET_HEADER = ["indicator_id", "area_code", "period", "target", "tolerance", "tolerance_type"]


def _xlsx_merged_title_rows(data: Path) -> None:
    """Two merged title rows above the header (row 3); a word in a number cell on row 5."""
    book = _targets_sheet(
        [("Targets for 2024 and 2025",), ("Indicator", "", "", "Target")],
        ["A1:F1", "A2:C2", "D2:F2"],
        [_TARGET_HEADER, ["ehcp_20_weeks", "E08000009", "2024", 60, 5, "relative"],
         ["ehcp_20_weeks", "E08000009", "2025", "sixty-five", 5, "relative"]])
    book.save(data / "targets.xlsx")


def _xlsx_two_row_header(data: Path) -> None:
    """A header over two rows: A1:A2, B1:B2 and C1:C2 merged down, 'Target'
    merged across D1:F1 above target, tolerance and tolerance_type; 165% on row 4."""
    book = _targets_sheet(
        [("indicator_id", "area_code", "period", "Target"),
         ("", "", "", "target", "tolerance", "tolerance_type")],
        ["A1:A2", "B1:B2", "C1:C2", "D1:F1"],
        [["ehcp_20_weeks", "E08000009", "2024", 60, 5, "relative"],
         ["ehcp_20_weeks", "E08000009", "2025", 165, 5, "relative"]])
    book.save(data / "targets.xlsx")


def _xlsx_truncated(data: Path) -> None:
    _frame("targets.csv").to_excel(data / "targets.xlsx", index=False)
    _cut(data / "targets.xlsx")


def _xlsx_empty_sheet(data: Path) -> None:
    Workbook().save(data / "targets.xlsx")


def _observations_parquet(data: Path, frame: pd.DataFrame) -> Path:
    path = data / "observations.parquet"
    frame.to_parquet(path, index=False)
    return path


def _parquet_truncated(data: Path) -> None:
    frame = _frame("observations.csv")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    _cut(_observations_parquet(data, frame))


def _parquet_text_in_number(data: Path) -> None:
    frame = _frame("observations.csv")
    frame.loc[2, "value"] = "fifty"  # the third data row
    _observations_parquet(data, frame)


def _observation_rows() -> list[list]:
    frame = _frame("observations.csv")
    return [list(frame.columns), *frame.to_numpy().tolist()]


_COVER = [["Revenue outturn: made-up figures for perfkit tests"], [],
          ["Contents"], ["Data: the figures"], ["Notes: definitions and revisions"]]


def _xlsx_front_sheet(data: Path) -> None:
    """A cover sheet, then the table on 'Data'."""
    write_workbook(data / "observations.xlsx", {"Cover": _COVER, "Data": _observation_rows()})


def _xlsx_two_table_sheets(data: Path) -> None:
    """The table on two sheets, '2023' and '2024' (every year on each)."""
    write_workbook(data / "observations.xlsx", {"2023": _observation_rows(),
                                           "2024": _observation_rows()})


def _xlsx_revenue_outturn(data: Path) -> None:
    """A cover sheet and a sheet laid out as MHCLG's RO3: its own column names."""
    write_workbook(data / "observations.xlsx", {"Cover": _COVER, "RO3": [
        ["RO3: Children's social care (made-up figures)"], [],
        ["ONS Code", "Local authority", "Class", "Net current expenditure (£ thousand)"],
        ["E08000009", "Trafford", "MD", 41250], ["E08000003", "Manchester", "MD", 188400]]})


RECIPES = {
    "utf16": lambda data: (data / "areas.csv").write_bytes(
        (BASE / "areas.csv").read_text("utf-8").encode("utf-16")),
    "cp1252": lambda data: (data / "areas.csv").write_bytes(
        (BASE / "areas.csv").read_text("utf-8").replace("Trafford", "Trafford Café")
        .encode("cp1252")),
    "xlsx_merged_title_rows": _xlsx_merged_title_rows,
    "xlsx_two_row_header": _xlsx_two_row_header,
    "xlsx_truncated": _xlsx_truncated,
    "xlsx_empty_sheet": _xlsx_empty_sheet,
    "parquet_truncated": _parquet_truncated,
    "parquet_text_in_number": _parquet_text_in_number,
    "parquet_second_targets": lambda data: _frame("targets.csv").to_parquet(
        data / "targets.parquet", index=False),
    "xlsx_front_sheet": _xlsx_front_sheet,
    "xlsx_two_table_sheets": _xlsx_two_table_sheets,
    "xlsx_revenue_outturn": _xlsx_revenue_outturn,
    "no_folder": shutil.rmtree,
    "folder_as_table": lambda data: (data / "targets.csv").mkdir(),
}


# -- set-up and checks ------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder with a valid data folder, an earlier report in outputs/,
    and a runner that fails the test if it is ever reached. The cache of
    validated data (which ``perfkit run`` turns on) is kept beside the project."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project / "data")
    earlier = project / "outputs" / COUNCIL / SLUG / RUN
    earlier.mkdir(parents=True)
    for name, content in EARLIER.items():
        (earlier / name).write_bytes(content)
    monkeypatch.chdir(project)
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))

    def no_run(*args, **kwargs):
        raise AssertionError("the runner was reached: a bad input must be refused before")

    monkeypatch.setattr(cli, "run_reports", no_run)
    return project


def assert_nothing_cached(project: Path) -> None:
    """Bad data is never kept in the cache of validated data."""
    cache = project.parent / "cache"
    assert not cache.exists() or not any(cache.iterdir()), "bad data was cached"


def apply_case(case: str, data: Path) -> None:
    """Make ``data`` (a copy of _base) into the case's data folder."""
    spec = expected(case)
    for name in spec.get("remove", []):
        (data / name).unlink()
    for path in (CORPUS / case).iterdir():
        if path.name not in ("expected.yaml", "run.yaml"):
            shutil.copy(path, data / path.name)
    if "recipe" in spec:
        RECIPES[spec["recipe"]](data)


def fill(template: bytes, project: Path) -> bytes:
    return (template.replace(b"{data_dir}", str(project / "data").encode())
            .replace(b"{marker}", str(project / "pwned").encode()))


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``folder``."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def command(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def run_command(run_file: Path, project: Path) -> tuple[int, str]:
    return command(["run", str(run_file), "--outputs", str(project / "outputs"),
                    "--notebooks-dir", str(NOTEBOOKS), "--workers", "1"])


def where(message: dict) -> str:
    parts = [message["file"]]
    if "row" in message:
        parts.append(f"row {message['row']}")
    if "column" in message:
        parts.append(f"column '{message['column']}'")
    return ", ".join(parts) + ": found "


def assert_says(stderr: str, message: dict) -> None:
    """One line of the output is this problem: file, row, column, found, fix."""
    label = "Warning: " if message.get("severity") == "warning" else "Error: "
    lines = [line for line in stderr.splitlines() if line.startswith(label)
             and where(message) in line and message["found"] in line
             and message["fix"] in line]
    assert lines, f"no line says {message}:\n{stderr}"


def assert_untouched(before: dict, project: Path) -> None:
    assert snapshot(project) == before, "a file was written, changed or removed"
    earlier = project / "outputs" / COUNCIL / SLUG / RUN
    assert {p.name: p.read_bytes() for p in earlier.iterdir()} == EARLIER
    assert [p.name for p in (project / "outputs").iterdir()] == [COUNCIL]


# -- the tests --------------------------------------------------------------------------
def test_the_corpus_is_large_enough_and_the_base_folder_is_valid(project):
    assert len(DATA_CASES) >= 30 and len(RUN_CASES) >= 20
    code, stderr = command(["validate", str(project / "data")])
    assert code == 0, stderr
    run_file = project / "run.yaml"
    run_file.write_text(RUN_FILE.format(data_dir=project / "data"), encoding="utf-8")
    with pytest.raises(AssertionError, match="the runner was reached"):
        run_command(run_file, project)  # a good run file does get to the runner


@pytest.mark.parametrize("case", DATA_CASES)
def test_validate_refuses_bad_data(case, project):
    spec = expected(case)
    apply_case(case, project / "data")
    before = snapshot(project)
    code, stderr = command(["validate", str(project / "data")])
    assert code == spec.get("exit_code", 1), stderr
    for message in spec["messages"]:
        assert_says(stderr, message)
    if code:
        assert "Nothing was loaded; correct the errors above" in stderr
        assert_nothing_cached(project)
    assert_untouched(before, project)


@pytest.mark.parametrize("case", [c for c in DATA_CASES if expected(c).get("exit_code", 1)])
def test_run_refuses_a_run_file_pointing_at_bad_data(case, project):
    apply_case(case, project / "data")
    run_file = project / "run.yaml"
    run_file.write_text(RUN_FILE.format(data_dir=project / "data"), encoding="utf-8")
    before = snapshot(project)
    code, stderr = run_command(run_file, project)
    assert code == 1, stderr
    for message in expected(case)["messages"]:
        if message.get("severity") != "warning":
            assert_says(stderr, message)
    assert_says(stderr, {"file": "run.yaml", "row": 5, "column": "data_dir",
                         "found": "whose data did not load", "fix": "Run 'perfkit validate"})
    assert "Nothing was run and nothing was written to outputs" in stderr
    assert_untouched(before, project)
    assert_nothing_cached(project)


@pytest.mark.parametrize("case", RUN_CASES)
def test_run_refuses_a_bad_run_file(case, project):
    spec = expected(case)
    apply_case(case, project / "data")  # a run case may add a table to the valid data
    run_file = project / "run.yaml"
    run_file.write_bytes(fill((CORPUS / case / "run.yaml").read_bytes(), project))
    before = snapshot(project)
    code, stderr = run_command(run_file, project)
    assert code == 1, stderr
    for message in spec["messages"]:
        assert_says(stderr, message)
    assert "Nothing was run and nothing was written to outputs" in stderr
    assert not (project / "pwned").exists()
    assert_untouched(before, project)


def test_refused_the_same_way_by_the_installed_command(tmp_path):
    """The real processes, not main(): exit status 1, messages on stderr, and
    no outputs folder made."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply_case("numerator_above_denominator", data)
    run_file = tmp_path / "run.yaml"
    run_file.write_bytes(fill((CORPUS / "run_council_path" / "run.yaml").read_bytes(),
                              tmp_path))
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_VARIABLE: str(tmp_path / "cache")}
    validate = subprocess.run([sys.executable, "-m", "perfkit.run.cli", "validate", str(data)],
                              capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=120)
    run = subprocess.run([sys.executable, "-m", "perfkit.run.cli", "run", str(run_file),
                          "--notebooks-dir", str(NOTEBOOKS)], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert validate.returncode == 1 and run.returncode == 1
    assert "observations.csv, row 4, column 'numerator'" in validate.stderr
    assert "run.yaml, row 3, column 'council'" in run.stderr
    assert not (tmp_path / "outputs").exists()
