"""assessment.xlsx (perfkit/run/workbook.py, workbook_tables.py, and its place in
a run, perfkit/run/record.py): the assessment of a small hand-made dataset as
an accessible gptables workbook, read back with openpyxl."""

from __future__ import annotations

import dataclasses
import io
import pickle
import re
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.data.loading import load_data
from perfkit.run import record
from perfkit.run.folders import plan_folders
from perfkit.run.index_page import index_html
from perfkit.run.parameters import read_parameters
from perfkit.run.workbook import CREATED, WORKBOOK_FILE, write_assessment_workbook
from perfkit.run.workbook_tables import CONFIDENTIAL, MEASURES, sheet_table
from tests.run.fakes import WORKBOOK_CREATED, assessment_rows, workbook_stamps
from tests.run.test_runner import COUNCIL, fake_assessment, make_project

FOCAL = "E08000001"
PEERS = [f"E0800000{i}" for i in range(2, 6)]
QUARTERS = [f"{y}-{(y + 1) % 100:02d} Q{q}" for y in (2022, 2023, 2024) for q in (1, 2, 3, 4)]
PERIOD = QUARTERS[-1]
TABLES = ["Measures", "Breakdowns", "All_columns"]
SHEETS = ["Cover", "Contents", "Notes", *TABLES]


def _indicators() -> pd.DataFrame:
    common = {"polarity": "higher_is_better", "frequency": "financial_quarter",
              "licence": "OGL v3", "enquiry_lines": "trends"}
    return pd.DataFrame([
        {"indicator_id": "on_time", "title": "Plans issued on time (%)", "short_title": "On time",
         "unit": "percent", "decimal_places": 1, "source": "Test source A", **common},
        {"indicator_id": "spend", "title": "Spend on the service", "short_title": "Spend",
         "unit": "gbp_thousands", "decimal_places": 0, "source": "Test source B", **common},
    ])


def _observations() -> pd.DataFrame:
    rows = []
    for area_number, area in enumerate([FOCAL, *PEERS]):
        for i, period in enumerate(QUARTERS):
            count = 40 + (i * 7 + area_number * 3) % 11
            rows.append({"area_code": area, "indicator_id": "on_time", "period": period,
                         "value": round(100 * count / 60, 1), "numerator": count,
                         "denominator": 60})
            rows.append({"area_code": area, "indicator_id": "spend", "period": period,
                         "value": 1200 + 10 * ((i * 5 + area_number) % 7) + 0.25})
        for sex, count in (("Female", 25), ("Male", 20)):
            rows.append({"area_code": area, "indicator_id": "on_time", "period": PERIOD,
                         "value": round(100 * count / 30, 1), "numerator": count,
                         "denominator": 30, "breakdown_dimension": "sex",
                         "breakdown_category": sex})
    return pd.DataFrame(rows)


def _folder(root: Path, synthetic: bool) -> Path:
    folder = root / ("synthetic" if synthetic else "own")
    folder.mkdir()
    pd.DataFrame([{"area_code": c, "area_name": f"Council {c[-1]}",
                   "area_type": "metropolitan_district", "region": "North West",
                   "nation": "England"} for c in [FOCAL, *PEERS]]).to_csv(
        folder / "areas.csv", index=False)
    _indicators().to_csv(folder / "indicators.csv", index=False)
    _observations().to_csv(folder / "observations.csv", index=False)
    pd.DataFrame([{"indicator_id": "on_time", "area_code": FOCAL, "period": PERIOD,
                   "target": 80, "tolerance": 5, "synthetic": synthetic}]).to_csv(
        folder / "targets.csv", index=False)
    return folder


def _assess(folder: Path) -> tuple[pd.DataFrame, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few points: SPC says so
        data = load_data(folder)
        return assess(data, AssessmentOptions(period=PERIOD, areas=(FOCAL,))), data


def _write(table: pd.DataFrame, data, path: Path) -> Path:
    write_assessment_workbook(table, FOCAL, path, council_name="Council 1", period=PERIOD,
                              run_title="Workbook test", indicators=data.indicators,
                              synthetic_tables=data.synthetic_tables)
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workbook")
    table, data = _assess(_folder(tmp, synthetic=True))
    record.write_assessment(table, FOCAL, tmp / "assessment.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # gptables warns of blank cells or unused notes
        path = _write(table, data, tmp / WORKBOOK_FILE)
    return {"path": path, "book": openpyxl.load_workbook(path), "table": table, "data": data,
            "csv": pd.read_csv(tmp / "assessment.csv", keep_default_na=False), "tmp": tmp}


def _table(sheet) -> pd.DataFrame:
    """The sheet's Excel table as cells (headings as written, with their units)."""
    (name, ref), = sheet.tables.items()
    rows = [[cell.value for cell in row] for row in sheet[ref]]
    return pd.DataFrame(rows[1:], columns=rows[0])


def _column(frame: pd.DataFrame, heading: str) -> pd.Series:
    """A column by its heading without its units and note markers."""
    found = [c for c in frame.columns if c.split("\n")[0] == heading]
    assert len(found) == 1, (heading, list(frame.columns))
    return frame[found[0]]


def _texts(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_the_workbook_has_a_cover_contents_notes_and_the_tables(written):
    book = written["book"]
    assert book.sheetnames == SHEETS
    contents = _table(book["Contents"])
    assert contents["Sheet name"].tolist() == TABLES
    for name in TABLES:
        assert len(book[name].tables) == 1  # one marked-up table, no merged cells
        assert not book[name].merged_cells.ranges
    assert book["Cover"]["A1"].value == "Performance assessment: Council 1, " + PERIOD
    assert book.properties.title == book["Cover"]["A1"].value


def test_each_table_has_a_title_instructions_and_a_source(written):
    for name in TABLES:
        texts = _texts(written["book"][name])
        assert texts[0].endswith(f"Council 1, {PERIOD}")
        assert any(t.startswith("This worksheet contains one table") for t in texts)
        assert any(t.startswith("Source: Council 1's data folder, assessed by perfkit")
                   for t in texts)


def test_the_measures_table_has_one_row_per_measure_with_the_csv_values(written):
    csv = written["csv"]
    totals = csv[csv["breakdown_dimension"] == "all"].reset_index(drop=True)
    sheet = written["book"]["Measures"]
    measures = _table(sheet)
    assert _column(measures, "Measure ID").tolist() == totals["indicator_id"].tolist()
    assert _column(measures, "Measure").tolist() == totals["title"].tolist()
    for heading, name in (("Latest value", "value"), ("Average", "spc_mean"),
                          ("Usual range high", "spc_upl")):
        cells = _column(measures, heading)
        assert all(isinstance(v, int | float) for v in cells), heading  # numbers, not text
        shown = [round(v, int(p)) for v, p in zip(cells, totals["decimal_places"], strict=True)]
        assert shown == [round(float(v), int(p)) for v, p in
                         zip(totals[name], totals["decimal_places"], strict=True)], heading
        assert cells.tolist() == pytest.approx(totals[name].astype(float).tolist(), rel=1e-9)
    _, ref = next(iter(sheet.tables.items()))
    first_row = sheet[ref][1]
    value_cell = first_row[_column_number(measures, "Latest value")]
    assert value_cell.number_format == "#,##0.0"  # on_time: 1 decimal place
    assert _column(measures, "Verdict").tolist() == totals["verdict_label"].tolist()


def _column_number(frame: pd.DataFrame, heading: str) -> int:
    return [c.split("\n")[0] for c in frame.columns].index(heading)


def test_units_are_in_the_headings_and_the_unit_column(written):
    measures = _table(written["book"]["Measures"])
    assert _column(measures, "Unit").tolist() == ["per cent", "£ thousands"]
    assert "Figures in series\n(count)" in measures.columns
    assert _column(measures, "Source").tolist() == ["Test source A", "Test source B"]


def test_missing_values_are_shown_as_x_or_z_and_explained_in_the_notes(written):
    book = written["book"]
    measures = _table(book["Measures"])
    by_id = measures.set_index(_column(measures, "Measure ID"))
    target, rating = (_column(measures, h).name for h in ("Target", "Rating"))
    assert by_id.loc["spend", target] == by_id.loc["spend", rating] == "[z]"  # no target
    assert by_id.loc["on_time", target] == 80
    assert (measures == "[x]").any().any()  # e.g. no similar councils to rank among
    texts = _texts(book["Measures"])
    notes = _table(book["Notes"]).set_index("Note number")["Note text"]
    for mark, meaning in (("[x]", "not available"), ("[z]", "not applicable")):
        line = next(t for t in texts if t.startswith(f"{mark} = {meaning}"))
        number = int(re.search(r"\[note (\d+)\]", line).group(1))
        assert notes[number].startswith(f"{mark}: {meaning}")


def test_no_table_cell_is_blank(written):
    for name in TABLES:
        cells = _table(written["book"][name])
        assert cells.notna().all().all(), name


def test_every_note_is_referenced_and_headings_point_to_them(written):
    book = written["book"]
    notes = _table(book["Notes"])
    everything = " ".join(t for name in TABLES for t in _texts(book[name]))
    for number in notes["Note number"]:
        assert f"[note {number}]" in everything
    headings = _table(book["Measures"]).columns
    assert any(h.startswith("Verdict\n[note ") for h in headings)
    assert any(h.startswith("Average\n[note ") for h in headings)  # the SPC usual range


def test_the_breakdowns_table_has_the_breakdown_rows_and_no_target(written):
    csv = written["csv"]
    breakdowns = _table(written["book"]["Breakdowns"])
    assert _column(breakdowns, "Group").tolist() == ["Female", "Male"]
    assert _column(breakdowns, "Breakdown").tolist() == ["Sex", "Sex"]
    assert len(breakdowns) == (csv["breakdown_dimension"] != "all").sum()
    assert not any(c.startswith("Target") for c in breakdowns.columns)


def test_all_columns_holds_the_csv_under_its_own_names(written):
    csv = written["csv"]
    every = _table(written["book"]["All_columns"])
    assert list(every.columns) == list(csv.columns)
    assert every["value"].tolist() == pytest.approx(csv["value"].astype(float).tolist())
    assert every["spc_reliable"].map(type).eq(bool).all()  # TRUE/FALSE, not text
    blank = csv.eq("")
    assert (every[blank] == "[x]").sum().sum() == blank.sum().sum()


def test_the_cover_warns_of_demonstration_targets(written):
    assert written["table"]["target_synthetic"].any()
    cover = " ".join(_texts(written["book"]["Cover"]))
    assert "Demonstration data" in cover
    assert "made-up demonstration data, not Council 1's own" in cover


def test_no_warning_when_the_targets_are_the_councils_own(written):
    table, data = _assess(_folder(written["tmp"], synthetic=False))
    assert not table["target_synthetic"].any()
    path = _write(table, data, written["tmp"] / "own.xlsx")
    cover = " ".join(_texts(openpyxl.load_workbook(path)["Cover"]))
    assert "Demonstration data" not in cover and "made-up" not in cover


def test_writing_twice_gives_identical_bytes(written):
    again = _write(written["table"], written["data"], written["tmp"] / "again.xlsx")
    assert again.read_bytes() == written["path"].read_bytes()


def test_its_only_date_is_the_fixed_created_date(written):
    assert written["book"].properties.created == CREATED.replace(tzinfo=None)
    assert workbook_stamps(written["path"]) == {WORKBOOK_CREATED}


def test_text_from_the_data_stays_text(tmp_path):
    """Never a formula, a link or a note marker: as typed, but for "](" (which
    gptables would read as a link) written "] ("."""
    hostile = ["=1+1", "[click](javascript:alert(1))", "http://example.com $$x$$"]
    table = assessment_rows([FOCAL] * 3, ["a", "b", "c"], [1.0, 2.0, 3.0]).assign(title=hostile)
    path = tmp_path / WORKBOOK_FILE
    write_assessment_workbook(table, FOCAL, path, council_name="[x](http://y)")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert not any(c.data_type == "f" or c.hyperlink for c in cells
                       if sheet.title != "Contents"), sheet.title  # contents: links to sheets
    titles = _column(_table(book["Measures"]), "Measure").tolist()
    assert titles == ["=1+1", "[click] (javascript:alert(1))", "http://example.com $ $x$ $"]
    assert book["Cover"]["A1"].value == "Performance assessment: [x] (http://y), all periods"


def test_a_council_with_no_rows_gets_a_workbook_that_says_so(tmp_path):
    empty = assessment_rows([], [], [])
    path = tmp_path / WORKBOOK_FILE
    write_assessment_workbook(empty, FOCAL, path, council_name="Council 1", period=PERIOD)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Measures"]
    assert _table(book["Measures"]).iloc[0, 0] == "No measure was assessed"


def test_a_figure_the_data_suppressed_is_c():
    rows = assessment_rows([FOCAL], ["a"], [float("nan")]).assign(status="suppressed")
    cells = sheet_table(rows, MEASURES).frame
    assert cells.loc[0, "Latest value"] == CONFIDENTIAL
    assert cells.loc[0, "Previous value"] == "[x]"


# -- in a run ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """A run file for two councils (the data read once for these tests)."""
    notebooks_dir, run_file = make_project(tmp_path_factory.mktemp("project"), {"overview": "ok"})
    return dataclasses.replace(read_parameters(run_file, notebooks_dir),
                               councils=(COUNCIL, "E08000001"))


@pytest.fixture
def council_folders(plan, tmp_path, monkeypatch):
    """The run's folders for the two councils, staged, with a stand-in assessment."""
    monkeypatch.setattr(record, "assess_plan", fake_assessment)
    folders = plan_folders([plan], tmp_path / "outputs")
    for number, council_folder in enumerate(folders):
        council_folder.staging = tmp_path / "staging" / str(number)
        council_folder.staging.mkdir(parents=True)
    return folders


def test_a_run_writes_the_workbook_beside_the_csv(council_folders):
    record.assess_all(council_folders[:1], io.StringIO())
    staging = council_folders[0].staging
    assert sorted(p.name for p in staging.iterdir()) == ["assessment.csv", WORKBOOK_FILE]
    assert council_folders[0].assessment["workbook"] == {"status": "succeeded"}
    book = openpyxl.load_workbook(staging / WORKBOOK_FILE)
    assert _column(_table(book["Measures"]), "Measure ID").tolist() == ["a_indicator",
                                                                        "b_indicator"]
    assert book["Cover"]["A1"].value == "Performance assessment: Trafford, 2025-26 Q3"
    page = index_html(council_folders[0])
    assert '<a href="assessment.xlsx">assessment.xlsx (accessible workbook)</a>' in page


def test_a_workbook_that_fails_is_recorded_and_the_csv_kept(council_folders, monkeypatch):
    def broken(table, council, path, **details):
        path.write_bytes(b"half a workbook")
        raise RuntimeError("no workbook today")

    monkeypatch.setattr(record, "write_assessment_workbook", broken)
    log = io.StringIO()
    record.assess_all(council_folders[:1], log)
    council_folder = council_folders[0]
    assert [p.name for p in council_folder.staging.iterdir()] == ["assessment.csv"]
    assert council_folder.assessment["status"] == "succeeded"  # the CSV stands
    assert council_folder.assessment["workbook"] == {
        "status": "failed", "error": "RuntimeError: no workbook today"}
    assert f"{WORKBOOK_FILE} failed for {COUNCIL}" in log.getvalue()
    assert "assessment.xlsx not written (see manifest.json)" in index_html(council_folder)


def test_workbooks_finished_in_any_order_go_to_their_own_council(council_folders,
                                                                  monkeypatch):
    """As from the workers of the process pool (which a run of many councils
    uses): each result finds its council, and what a worker is sent pickles."""
    def last_first(function, workbooks):
        for workbook in reversed(workbooks):
            yield function(pickle.loads(pickle.dumps(workbook)))

    monkeypatch.setattr(record, "serial_mapper", last_first)
    record.assess_all(council_folders, io.StringIO())
    for council_folder in council_folders:
        assert council_folder.assessment["workbook"] == {"status": "succeeded"}
        book = openpyxl.load_workbook(council_folder.staging / WORKBOOK_FILE)
        assert council_folder.council_name in book["Cover"]["A1"].value
        ids = _column(_table(book["Measures"]), "Measure ID").tolist()
        assert ids == sorted(council_folder.table["indicator_id"])
