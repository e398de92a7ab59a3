"""``perfkit init``: a starter workspace made from the data contract, which
validates and runs as written, from any folder; a folder with anything in it
is refused."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml

from perfkit.data.contract import TABLES
from perfkit.data.loading import validate_data
from perfkit.registry import NOTEBOOKS
from perfkit.run.cli import main
from perfkit.run.notebook_source import notebooks_folder
from perfkit.run.parameters import read_parameters
from perfkit.run.workspace import DEMO_COUNCIL, EXAMPLE_PERIOD, example_rows, write_workspace


def command(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workspaces") / "my council"
    code, out, err = command("init", str(folder))
    assert code == 0, err
    assert f"perfkit run {folder}/run.yaml" in out
    return folder


def test_every_table_of_the_contract_has_its_header_and_one_example_row():
    rows = example_rows()
    assert list(rows) == list(TABLES)
    for name, (header, row) in rows.items():
        assert header == list(TABLES[name].names), name
        assert len(row) == len(header), name


def test_a_required_column_without_an_example_value_is_named(monkeypatch):
    from perfkit.run import workspace

    monkeypatch.setattr(workspace, "_example_values", lambda council, name: {})
    with pytest.raises(ValueError, match=r"no example value for areas\.area_code"):
        example_rows()


def test_init_writes_the_data_a_run_file_and_a_readme(workspace):
    files = sorted(p.relative_to(workspace).as_posix() for p in workspace.rglob("*"))
    assert files == sorted(["README.md", "run.yaml", "data",
                            *(f"data/{name}.csv" for name in TABLES)])
    with (workspace / "data" / "areas.csv").open(encoding="utf-8", newline="") as file:
        assert list(csv.reader(file))[1][:2] == list(DEMO_COUNCIL)
    readme = (workspace / "README.md").read_text("utf-8")
    assert "# Trafford: a perfkit workspace" in readme and "perfkit validate data" in readme


def test_the_data_validates_without_a_problem(workspace):
    dataset, problems = validate_data(workspace / "data")
    assert problems == [] and dataset is not None
    assert command("validate", str(workspace / "data"))[0] == 0


def test_the_run_file_points_at_the_data_beside_it(workspace):
    run = yaml.safe_load((workspace / "run.yaml").read_text("utf-8"))
    assert (run["council"], run["period"]) == (DEMO_COUNCIL[0], EXAMPLE_PERIOD)
    assert (run["data_dir"], run["outputs"]) == ("data", "outputs")
    shipped = {p.stem for p in notebooks_folder().glob("*.ipynb")}
    assert run["notebooks"] == [name for name in NOTEBOOKS if name in shipped]


def test_the_run_file_passes_every_check_as_written_from_any_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace.parent)
    plan = read_parameters(Path(workspace.name) / "run.yaml")
    assert plan.councils == (DEMO_COUNCIL[0],) and plan.data_dir == workspace / "data"
    assert plan.notes == []  # every table is there
    code, out, err = command("run", str(workspace / "run.yaml"), "--check")
    assert code == 0, err
    assert "Checked: nothing was run." in out and not (workspace / "outputs").exists()


def test_the_workspace_runs(workspace, tmp_path, monkeypatch):
    """A copy, as written but for the notebooks (the quickest one, to keep the test
    short), run from another folder: the reports go to its own outputs folder."""
    copy = tmp_path / "copy"
    shutil.copytree(workspace, copy)
    run_file = copy / "run.yaml"
    text = run_file.read_text("utf-8")
    notebooks = next(line for line in text.splitlines() if line.startswith("notebooks:"))
    run_file.write_text(text.replace(notebooks, "notebooks: [overview]"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = command("run", "copy/run.yaml", "--workers", "1")
    assert code == 0, err
    assert (copy / "outputs" / DEMO_COUNCIL[0] / "2025-26-Q3" / "run" / "index.html").is_file()


def test_a_folder_with_anything_in_it_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = command("init", str(tmp_path))
    assert code == 1 and "is not empty" in err and "nothing of yours is replaced" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(FileExistsError):
        write_workspace(tmp_path / "notes.txt")


def test_an_empty_folder_is_fine(tmp_path):
    assert command("init", str(tmp_path))[0] == 0
    assert (tmp_path / "run.yaml").is_file()


def test_another_council_gets_its_own_rows(tmp_path):
    code, _, err = command("init", str(tmp_path / "cardiff"), "--council", "W06000015",
                           "--name", "Cardiff\nCouncil")
    assert code == 0, err
    dataset, problems = validate_data(tmp_path / "cardiff" / "data")
    assert problems == [], problems
    area = dataset.areas.iloc[0]
    assert (area["area_code"], area["area_name"], area["area_type"], area["nation"]) == (
        "W06000015", "Cardiff Council", "unitary", "Wales")
    run = yaml.safe_load((tmp_path / "cardiff" / "run.yaml").read_text("utf-8"))
    assert run["council"] == "W06000015" and run["title"] == "Cardiff Council: performance report"


def test_a_council_code_that_is_not_an_ons_code_is_refused(tmp_path):
    code, _, err = command("init", str(tmp_path / "w"), "--council", "../E08000009")
    assert code == 1 and "not an ONS council code" in err
    assert not (tmp_path / "w").exists()
