"""The runner, with the fixture notebooks: what a run writes, what a failing
notebook leaves, and that an earlier report survives a run that stops."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import perfkit
from perfkit import registry
from perfkit.problems import DataError
from perfkit.report.glossary import glossary_html
from perfkit.run import jobs, record, runner
from perfkit.run.cli import main
from perfkit.run.mappers import serial_mapper
from perfkit.run.parameters import read_parameters
from perfkit.settings import CACHE_VARIABLE
from tests.paths import CORPUS, DATA, FIXTURES, ROOT
from tests.run.fakes import WORKBOOK_CREATED, assessment_rows, workbook_stamps

COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN = "run"  # the run files here are all run.yaml: reports go to <council>/<period>/run
#: notebook name in the run -> fixture it is a copy of
NOTEBOOKS = {"overview": "ok", "finance": "broken"}
EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                      re.IGNORECASE)


def fake_assessment(plan) -> pd.DataFrame:
    """A stand-in for perfkit.analysis.verdict.assess (tested on its own below): rows out
    of order, floats that print differently under different formats."""
    return assessment_rows([COUNCIL, "E08000001", COUNCIL],
                           ["b_indicator", "a_indicator", "a_indicator"], [0.1 + 0.2, 1.0, 2 / 3])


def make_project(tmp_path: Path, notebooks: dict[str, str]) -> tuple[Path, Path]:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, fixture in notebooks.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{name}.ipynb")
    run_file = tmp_path / "run.yaml"
    run_file.write_text(f"title: Fixture run\ncouncil: {COUNCIL}\nperiod: 2025-26 Q3\n"
                        f"notebooks: [{', '.join(notebooks)}]\ndata_dir: {DATA}\n",
                        encoding="utf-8")
    return folder, run_file


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run through the command, two workers, over an earlier report."""
    tmp_path = tmp_path_factory.mktemp("run")
    notebooks_dir, run_file = make_project(tmp_path, NOTEBOOKS)
    outputs = tmp_path / "outputs"
    earlier = outputs / COUNCIL / SLUG / RUN
    earlier.mkdir(parents=True)
    (earlier / "stale.html").write_text("an earlier report", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        patch.setattr(record, "assess_plan", fake_assessment)
        code = main(["run", str(run_file), "--outputs", str(outputs), "--workers", "2",
                     "--notebooks-dir", str(notebooks_dir)])
    return {"code": code, "out": out.getvalue(), "err": err.getvalue(), "outputs": outputs,
            "folder": earlier}


def test_a_run_writes_every_file(run):
    names = sorted(p.name for p in run["folder"].iterdir())
    assert names == ["assessment.csv", "assessment.xlsx", "finance.html", "finance.ipynb",
                     "glossary.html", "index.html", "manifest.json", "overview.html",
                     "overview.ipynb"]
    assert [p.name for p in run["outputs"].iterdir()] == [COUNCIL]  # no staging left
    assert str(run["folder"] / "index.html") in run["out"]


def test_a_run_writes_the_glossary_beside_the_index(run):
    """glossary.html is swapped in with the rest, even when a notebook failed,
    so the reports' links to glossary.html#<term> always find it."""
    assert run["code"] == 1  # the broken fixture failed
    assert (run["folder"] / "glossary.html").read_text("utf-8") == glossary_html()


def test_the_good_report_shows_its_output(run):
    page = (run["folder"] / "overview.html").read_text("utf-8")
    assert "Council E08000009, period 2025-26 Q3" in page
    assert "Fixture report" in page


def test_a_failing_notebook_keeps_its_executed_copy_with_the_error(run):
    notebook = nbformat.read(run["folder"] / "finance.ipynb", as_version=4)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ZeroDivisionError"]
    assert any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in notebook.cells)
    assert "ZeroDivisionError" in (run["folder"] / "finance.html").read_text("utf-8")


def test_the_run_names_the_failure_and_exits_non_zero(run):
    assert run["code"] == 1
    assert "finance failed (ZeroDivisionError: division by zero)" in run["err"]
    progress = sorted(re.findall(r"\[\d/2\] E08000009 (\w+) (ok|failed \(\w+\)) [\d.]+s",
                                 run["err"]))
    assert progress == [("finance", "failed (ZeroDivisionError)"), ("overview", "ok")]


def test_the_new_folder_replaces_the_earlier_one_as_a_whole(run):
    assert not (run["folder"] / "stale.html").exists()


def test_the_index_gives_each_status_in_words(run):
    page = (run["folder"] / "index.html").read_text("utf-8")
    assert '<a href="overview.html">Performance overview</a>' in page and "Succeeded" in page
    assert '<a href="finance.html">Finance and value for money</a>' in page
    assert "Failed: ZeroDivisionError" in page
    assert "Trafford (E08000009)" in page and "Fixture run" in page


def test_titles_name_the_council_not_its_code(run):
    for name, label in (("overview", "Performance overview"), ("finance", "Finance and value for money")):
        page = (run["folder"] / f"{name}.html").read_text("utf-8")
        assert f"<title>{label}: Trafford, 2025-26 Q3</title>" in page, name
    index = (run["folder"] / "index.html").read_text("utf-8")
    assert "<title>Trafford: Fixture run, 2025-26 Q3</title>" in index
    assert "<h1>Trafford: how we are doing, 2025-26 Q3</h1>" in index


def test_cells_tagged_remove_cell_stay_out_of_the_html(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## For readers"),
        nbformat.v4.new_markdown_cell("## Explore (analysts in JupyterLab)",
                                      metadata={"tags": ["remove_cell"]}),
        nbformat.v4.new_code_cell("explore(report)", metadata={"tags": ["remove_cell"]},
                                  outputs=[nbformat.v4.new_output("stream", text="the explorer ran\n")]),
    ])
    nbformat.write(notebook, tmp_path / "book.ipynb")
    jobs.export_html(tmp_path / "book.ipynb", tmp_path / "book.html", "Book", tmp_path)
    page = (tmp_path / "book.html").read_text("utf-8")
    assert "For readers" in page
    assert "Explore (analysts" not in page and "the explorer ran" not in page


def test_the_explorer_stays_in_each_notebook_for_jupyterlab_but_is_tagged_out():
    """Each report on measures keeps the explorer of one measure (the ward view,
    which judges none, has nothing for it to explore)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if registry.NOTEBOOKS[path.stem].shows:
            continue
        cells = nbformat.read(path, as_version=4).cells
        explorer = [c for c in cells if c.source.startswith("## Explore (analysts")
                    or "import explore" in c.source]
        assert [c.cell_type for c in explorer] == ["markdown", "code"], path.name
        assert all("remove_cell" in c.metadata.get("tags", []) for c in explorer), path.name


def test_the_manifest_records_the_run(run):
    manifest = json.loads((run["folder"] / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "failed"
    assert [(r["notebook"], r["status"], r["error"]) for r in manifest["results"]] == [
        ("overview", "succeeded", None), ("finance", "failed", "ZeroDivisionError")]
    assert manifest["parameters"] == {"council": COUNCIL, "period": "2025-26 Q3",
                                      "data_dir": str(DATA)}
    plan = read_parameters(Path(manifest["parameters_file"]),
                           Path(manifest["parameters_file"]).parent / "notebooks")
    assert manifest["data_files"] == plan.data.file_hashes()
    assert set(manifest["versions"]) == {"python", "perfkit", "pandas", "papermill",
                                         "nbconvert", "matplotlib"}
    started = datetime.fromisoformat(manifest["started_utc"])
    finished = datetime.fromisoformat(manifest["finished_utc"])
    assert started.utcoffset().total_seconds() == 0 and started <= finished


def test_html_has_no_code_and_nothing_from_the_internet(run):
    for page in run["folder"].glob("*.html"):
        text = page.read_text("utf-8")
        assert not EXTERNAL.search(text), page.name
        for code in ("1 / 0", "council: str =", "print(", "# Parameters"):
            assert code not in text, (page.name, code)
        for element in ('class="jp-InputPrompt', 'class="jp-OutputPrompt',
                        'class="jp-CodeMirrorEditor', 'class="highlight'):
            assert element not in text, (page.name, element)


def test_time_stamps_are_only_in_the_manifest(run):
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
    for path in run["folder"].iterdir():
        if path.suffix == ".xlsx":  # a zip: its one date is fixed (tests/run/test_workbook.py)
            assert workbook_stamps(path) == {WORKBOOK_CREATED}
        elif path.name != "manifest.json":
            assert not stamp.search(path.read_text("utf-8")), path.name


def test_the_index_links_the_workbook_and_the_manifest_records_it(run):
    page = (run["folder"] / "index.html").read_text("utf-8")
    assert '<a href="assessment.xlsx">assessment.xlsx (accessible workbook)</a>' in page
    manifest = json.loads((run["folder"] / "manifest.json").read_text("utf-8"))
    assert manifest["assessment"]["workbook"] == {"status": "succeeded"}


def test_the_assessment_is_sorted_with_fixed_float_format(run):
    lines = (run["folder"] / "assessment.csv").read_text("utf-8").splitlines()
    assert len(lines) == 3  # the header and the council's two rows
    table = pd.read_csv(run["folder"] / "assessment.csv", dtype=str)
    assert table[["area_code", "indicator_id", "value"]].values.tolist() == [
        ["E08000009", "a_indicator", "0.6666666667"], ["E08000009", "b_indicator", "0.3"]]


def test_an_earlier_report_is_intact_if_the_run_stops_before_the_swap(tmp_path, monkeypatch):
    notebooks_dir, run_file = make_project(tmp_path, {"overview": "ok"})
    outputs = tmp_path / "outputs"
    earlier = outputs / COUNCIL / SLUG / RUN
    earlier.mkdir(parents=True)
    (earlier / "index.html").write_text("the earlier, good report", encoding="utf-8")

    def broken_export(*args, **kwargs):
        raise RuntimeError("export failed")

    monkeypatch.setattr(jobs, "export_html", broken_export)
    plan = read_parameters(run_file, notebooks_dir)
    with pytest.raises(RuntimeError, match="export failed"):
        runner.run_reports([plan], outputs, mapper=serial_mapper,
                           log=io.StringIO())
    assert [p.name for p in earlier.iterdir()] == ["index.html"]
    assert (earlier / "index.html").read_text("utf-8") == "the earlier, good report"
    assert [p.name for p in outputs.iterdir()] == [COUNCIL]  # staging removed


def test_the_same_council_and_period_twice_is_refused(tmp_path):
    notebooks_dir, run_file = make_project(tmp_path, {"overview": "ok"})
    plan = read_parameters(run_file, notebooks_dir)
    outputs = tmp_path / "outputs"
    with pytest.raises(DataError, match="each council and period once for run files of one name"):
        runner.run_reports([plan, plan], outputs, mapper=serial_mapper)
    assert not outputs.exists()


@pytest.mark.filterwarnings("ignore:.*segments had")
def test_the_real_assessment_is_byte_identical_across_runs(tmp_path):
    notebooks_dir, run_file = make_project(tmp_path, {"legal_duties": "ok"})
    plan = read_parameters(run_file, notebooks_dir)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    rows = record.write_assessment(record.assess_plan(plan), COUNCIL, first)
    record.write_assessment(record.assess_plan(plan), COUNCIL, second)
    assert rows > 0 and first.read_bytes() == second.read_bytes()
    assert set(pd.read_csv(first)["area_code"]) == {COUNCIL}


def test_two_run_files_for_one_council_and_period_keep_their_own_reports(tmp_path):
    """A scrutiny briefing run after the quarterly pack must not replace it."""
    notebooks_dir, run_file = make_project(tmp_path, {"overview": "ok"})
    briefing = run_file.with_name("send briefing.yaml")
    briefing.write_text(run_file.read_text("utf-8"), encoding="utf-8")
    outputs = tmp_path / "outputs"
    for path in (run_file, briefing):
        plan = read_parameters(path, notebooks_dir)
        runner.run_reports([plan], outputs, mapper=serial_mapper,
                           log=io.StringIO())
    folders = sorted(p.name for p in (outputs / COUNCIL / SLUG).iterdir())
    assert folders == ["run", "send-briefing"]
    for name in folders:
        assert (outputs / COUNCIL / SLUG / name / "overview.html").is_file()


# -- run from any folder --------------------------------------------------------------------
#: A package named perfkit in the folder a run starts from: a clone of the project, say.
DECOY = 'raise ImportError("the perfkit folder where the run started was imported")\n'
#: A notebook that says which perfkit it imported and what its data folder holds.
WHICH_PERFKIT = "import perfkit, os\nprint(perfkit.__file__)\nprint(sorted(os.listdir(data_dir)))"


def which_perfkit_notebook(folder: Path) -> Path:
    folder.mkdir(parents=True)
    parameters = nbformat.v4.new_code_cell('council = ""\nperiod = ""\ndata_dir = "data"',
                                           metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(cells=[parameters,
                                               nbformat.v4.new_code_cell(WHICH_PERFKIT)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, folder / "overview.ipynb")
    return folder


def test_a_run_from_a_folder_holding_a_perfkit_folder_uses_the_installed_perfkit(tmp_path):
    """The command run from a folder that holds a decoy perfkit package and a run file
    with relative paths: the run succeeds, its notebook imports the installed perfkit,
    and the paths are the run file's."""
    here = tmp_path / "here"
    (here / "perfkit").mkdir(parents=True)
    (here / "perfkit" / "__init__.py").write_text(DECOY, encoding="utf-8")
    shutil.copytree(CORPUS / "_base", here / "tables")
    (here / "run.yaml").write_text(f"council: {COUNCIL}\nperiod: '2023'\nnotebooks: [overview]\n"
                                   "data_dir: tables\n", encoding="utf-8")
    notebooks = which_perfkit_notebook(tmp_path / "notebooks")
    command = Path(sys.executable).with_name("perfkit")  # the installed command
    done = subprocess.run([str(command), "run", "run.yaml", "--notebooks-dir", str(notebooks),
                           "--workers", "1"], cwd=here, capture_output=True, text=True,
                          timeout=300, env={**os.environ, CACHE_VARIABLE: "off"})
    assert done.returncode == 0, done.stderr
    executed = nbformat.read(here / "outputs" / COUNCIL / "2023" / RUN / "overview.ipynb",
                             as_version=4)
    printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs).splitlines()
    assert Path(printed[0]).resolve() == Path(perfkit.__file__).resolve()
    assert printed[1] == str(sorted(p.name for p in (CORPUS / "_base").iterdir()))


def test_each_run_file_writes_to_its_own_outputs_folder(tmp_path, monkeypatch):
    """Without --outputs, each run file's reports go beside it (or where it says)."""
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    notebooks_dir, first = make_project(tmp_path / "one", {"overview": "ok"})
    _, second = make_project(tmp_path / "two", {"overview": "ok"})
    second.write_text(second.read_text("utf-8") + "outputs: ../reports\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(record, "assess_plan", fake_assessment)
    plans = [read_parameters(path, notebooks_dir) for path in (first, second)]
    runner.run_reports(plans, mapper=serial_mapper, log=io.StringIO())
    for outputs in (tmp_path / "one" / "outputs", tmp_path / "reports"):
        assert (outputs / COUNCIL / SLUG / RUN / "overview.html").is_file()
        assert [p.name for p in outputs.iterdir()] == [COUNCIL]  # no staging left
    assert not (tmp_path / "outputs").exists()
