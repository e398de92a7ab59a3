"""Run files: every refusal names the file, the key (and its line) and what to do,
and nothing is written to outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfkit.problems import DataError
from perfkit.registry import NOTEBOOKS
from perfkit.run.cli import main
from perfkit.run.parameters import period_slug, read_parameters
from tests.paths import CORPUS, DATA, FIXTURES, ROOT

#: read_parameters loads the data folder once per test module
DATASETS: dict = {}


@pytest.fixture
def notebooks_dir(tmp_path: Path) -> Path:
    """The five report names, each a copy of the fixture that runs; plus one
    notebook declaring an extra parameter."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(FIXTURES / "ok.ipynb", folder / f"{name}.ipynb")
    shutil.copy(FIXTURES / "extra_parameter.ipynb", folder / "commentary.ipynb")
    return folder


def write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"data_dir: {DATA}\n{text}", encoding="utf-8")
    return path


def refusals(path: Path, notebooks_dir: Path) -> list:
    with pytest.raises(DataError) as caught:
        read_parameters(path, notebooks_dir, datasets=DATASETS)
    return caught.value.problems


# (YAML after the data_dir line, the key named, its line, words the message must hold)
REFUSALS = {
    "unknown key, with a suggestion": (
        "councl: E08000009\nperiod: 2025-26 Q3\n", "councl", 2, "Did you mean 'council'?"),
    "wrong type": (
        "council: E08000009\nperiod: 2025-26 Q3\ntolerance: high\n", "tolerance", 4,
        "Write a number without quotes."),
    "whole number written as text": (
        "council: E08000009\nperiod: 2025-26 Q3\nsuppression_threshold: '5'\n",
        "suppression_threshold", 4, "whole number"),
    "unknown council": (
        "council: E08999999\nperiod: 2025-26 Q3\n", "council", 2,
        "not a council in the areas table"),
    "a region is not a council": (
        "council: E12000002\nperiod: 2025-26 Q3\n", "council", 2, "not a region or England"),
    "bad period": (
        "council: E08000009\nperiod: 2025-26 Q5\n", "period", 3, "Write the period as"),
    "unknown notebook, with a suggestion": (
        "council: E08000009\nperiod: 2025-26 Q3\nnotebooks: [overveiw]\n", "notebooks", 4,
        "Did you mean 'overview'?"),
    "path in a council code": (
        "council: ../../etc\nperiod: 2025-26 Q3\n", "council", 2, "not an ONS code"),
    "path in a list of councils": (
        "councils: [E08000009, ../../etc/passwd]\nperiod: 2025-26 Q3\n", "councils", 2,
        "not ONS codes"),
    "audience not allowed": (
        "council: E08000009\nperiod: 2025-26 Q3\naudience: councillors\n", "audience", 4,
        "Choose cabinet, scrutiny or analyst."),
    "both council and councils": (
        "council: E08000009\ncouncils: [E08000001]\nperiod: 2025-26 Q3\n", "council", 2,
        "Keep one of the two keys."),
    "no period": ("council: E08000009\n", "period", None, "Add a line 'period: ...'."),
    "unknown peer group, with a suggestion": (
        "council: E08000009\nperiod: 2025-26 Q3\npeer_group: ons_global_neighbor\n",
        "peer_group", 4, "Did you mean 'ons_global_neighbours'?"),
    "unknown indicator, with a suggestion": (
        "council: E08000009\nperiod: 2025-26 Q3\nindicators: [ehcp_20_week]\n",
        "indicators", 4, "Did you mean 'ehcp_20_weeks'?"),
    "theme matching nothing": (
        "council: E08000009\nperiod: 2025-26 Q3\ntheme: astronomy\n", "theme", 4,
        "matches no indicator"),
    "a key no selected notebook declares": (
        "council: E08000009\nperiod: 2025-26 Q3\nshow_commentary: false\n",
        "show_commentary", 4, "not a parameter of the selected notebooks"),
    "wrong type against the notebook's own parameters cell": (
        "council: E08000009\nperiod: 2025-26 Q3\nnotebooks: [commentary]\n"
        "show_commentary: 'yes'\n", "show_commentary", 5, "as notebook 'commentary' declares"),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_refusal_names_file_key_line_and_fix(case, tmp_path, notebooks_dir):
    text, key, line, words = case
    path = write(tmp_path, text)
    problems = [p for p in refusals(path, notebooks_dir) if p.column == key]
    assert len(problems) == 1, problems
    problem = problems[0]
    message = str(problem)
    assert path.name in message and f"column '{key}'" in message
    assert problem.row == line
    assert words in message
    assert problem.fix and problem.expected


def test_every_problem_is_reported_at_once(tmp_path, notebooks_dir):
    path = write(tmp_path, "councils: [E08000009, E08999999]\nperiod: 2025-26 Q3\n"
                 "audience: everyone\npeer_group: nobody\ncolour: blue\n")
    keys = sorted(p.column for p in refusals(path, notebooks_dir))
    assert keys == ["audience", "colour", "councils", "peer_group"]


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, notebooks_dir):
    path = tmp_path / "list.yaml"
    path.write_text("- E08000009\n- 2025-26 Q3\n", encoding="utf-8")
    (problem,) = refusals(path, notebooks_dir)
    assert "list.yaml" in str(problem) and "a YAML list" in problem.found
    assert "mapping" in problem.expected and "name: value" in problem.fix


def test_an_empty_file_is_refused(tmp_path, notebooks_dir):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    (problem,) = refusals(path, notebooks_dir)
    assert "empty.yaml" in str(problem) and problem.found == "an empty file"


def test_python_tags_are_refused_and_never_run(tmp_path, notebooks_dir):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"council: !!python/object/apply:os.system ['touch {marker}']\n"
                 "period: 2025-26 Q3\n")
    (problem,) = refusals(path, notebooks_dir)
    assert not marker.exists()
    assert path.name in str(problem) and problem.row == 2
    assert "python/object" in problem.found and "remove any !!python" in problem.fix


def test_a_valid_file_gives_a_plan(tmp_path, notebooks_dir):
    path = write(tmp_path, "title: Deep dive\ncouncil: E08000009\nperiod: Q3 2025/26\n"
                 "notebooks: [overview, commentary]\ntolerance: 5\nshow_commentary: false\n")
    plan = read_parameters(path, notebooks_dir, datasets=DATASETS)
    assert (plan.title, plan.councils, plan.period, plan.slug) == (
        "Deep dive", ("E08000009",), "2025-26 Q3", "2025-26-Q3")
    assert plan.peer_group == "ons_global_neighbours"  # the notebooks' default
    assert plan.notebook_parameters("E08000009", "overview") == {
        "council": "E08000009", "period": "2025-26 Q3", "tolerance": 5.0,
        "data_dir": str(DATA)}
    assert plan.notebook_parameters("E08000009", "commentary")["show_commentary"] is False


def test_all_councils_means_those_with_data_for_the_run(tmp_path, notebooks_dir):
    path = write(tmp_path, "councils: all\nperiod: 2025-26 Q3\nnotebooks: [legal_duties]\n"
                 "theme: EHCP\n")
    plan = read_parameters(path, notebooks_dir, datasets=DATASETS)
    assert "E08000009" in plan.councils and "E10000002" not in plan.councils  # abolished
    assert not any(code.startswith(("E07", "E12", "E92")) for code in plan.councils)


def test_the_example_run_files_are_valid(notebooks_dir):
    for path in sorted((ROOT / "parameters").glob("*.yaml")):
        plan = read_parameters(path, notebooks_dir, datasets=DATASETS)
        assert plan.councils and plan.notebooks


def test_a_plan_names_its_folder_after_its_period_and_run_file(tmp_path, notebooks_dir):
    path = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\n",
                 "SEND briefing (v2).yaml")
    plan = read_parameters(path, notebooks_dir, datasets=DATASETS)
    assert plan.run_name == "SEND-briefing-v2"
    assert plan.folder.as_posix() == "2025-26-Q3/SEND-briefing-v2"


def test_period_slugs_are_safe_folder_names():
    assert period_slug("2025-26 Q3") == "2025-26-Q3"
    assert period_slug("2024/25") == "2024_25"
    assert period_slug("Nov 2024") == "2024-11"


def test_the_command_refuses_before_anything_is_written(tmp_path, notebooks_dir, capsys):
    good = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\n", "good.yaml")
    bad = write(tmp_path, "council: ../../etc\nperiod: 2025-26 Q3\n", "bad.yaml")
    outputs = tmp_path / "outputs"
    code = main(["run", str(good), str(bad), "--outputs", str(outputs),
                 "--notebooks-dir", str(notebooks_dir)])
    assert code == 1
    assert not outputs.exists()
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "column 'council'" in err and "Nothing was run" in err


def test_a_notebook_that_cannot_be_read_is_refused(tmp_path, notebooks_dir):
    (notebooks_dir / "trends.ipynb").write_text("not a notebook", encoding="utf-8")
    path = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\nnotebooks: [trends]\n")
    (problem,) = refusals(path, notebooks_dir)
    assert problem.column == "notebooks" and problem.row == 4
    assert "'trends', which cannot be read" in problem.found and "save it again" in problem.fix


def test_a_plan_notes_the_tables_its_notebooks_read_that_the_data_lacks(tmp_path, notebooks_dir):
    """The bad-input corpus's base folder has targets but no budget monitoring,
    complaints, satisfaction or commentary."""
    path = tmp_path / "run.yaml"
    path.write_text(f"data_dir: {CORPUS / '_base'}\ncouncil: E08000009\nperiod: '2023'\n"
                    "notebooks: [finance, overview, trends]\n", encoding="utf-8")
    notes = read_parameters(path, notebooks_dir).notes
    assert len(notes) == 2
    assert notes[0].startswith("Finance and value for money (finance) reads "
                               "budget_monitoring and peer_groups, which ")
    assert "reads complaints, satisfaction and commentary, which" in notes[1]
    complete = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\n", "full.yaml")
    assert read_parameters(complete, notebooks_dir, datasets=DATASETS).notes == []


# -- paths: relative to the run file's own folder, wherever the command runs -------------
def test_paths_in_a_run_file_start_from_its_own_folder(tmp_path, notebooks_dir, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(CORPUS / "_base", project / "tables")
    path = project / "run.yaml"
    path.write_text("council: E08000009\nperiod: '2023'\nnotebooks: [overview]\n"
                    "data_dir: tables\noutputs: ../reports\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "tables").mkdir(parents=True)  # the same name here must not be used
    monkeypatch.chdir(elsewhere)
    plan = read_parameters(Path("..") / "project" / "run.yaml", notebooks_dir)
    assert plan.data_dir == (project / "tables").resolve()
    assert plan.outputs == (tmp_path / "reports").resolve()
    assert plan.notebook_parameters("E08000009", "overview")["data_dir"] == str(plan.data_dir)
    assert plan.parameters["data_dir"] == "tables"  # as written, for the manifest


def test_the_defaults_are_data_and_outputs_beside_the_run_file(tmp_path, notebooks_dir,
                                                               monkeypatch):
    shutil.copytree(CORPUS / "_base", tmp_path / "data")
    path = tmp_path / "run.yaml"
    path.write_text("council: E08000009\nperiod: '2023'\nnotebooks: [overview]\n",
                    encoding="utf-8")
    monkeypatch.chdir(CORPUS)
    plan = read_parameters(path, notebooks_dir)
    folder = tmp_path.resolve()
    assert (plan.data_dir, plan.outputs) == (folder / "data", folder / "outputs")
    assert plan.notebook_parameters("E08000009", "overview")["data_dir"] == str(folder / "data")


def test_a_missing_data_folder_says_where_relative_paths_start(tmp_path, notebooks_dir):
    path = tmp_path / "run.yaml"
    path.write_text("council: E08000009\nperiod: 2025-26 Q3\ndata_dir: data\n", encoding="utf-8")
    problems = [p for p in refusals(path, notebooks_dir) if p.column == "data_dir"]
    assert len(problems) == 1 and problems[0].row == 3
    assert str(tmp_path / "data") in problems[0].found
    assert "starts from the run file's own folder" in problems[0].fix


def test_the_shipped_notebooks_are_found_from_any_folder(tmp_path, monkeypatch):
    """No notebooks folder named: the notebooks perfkit ships, not ./notebooks."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\nnotebooks: [overview]\n")
    plan = read_parameters(path, datasets=DATASETS)
    assert plan.notebooks == ("overview",)
    assert (plan.notebooks_dir / "overview.ipynb").is_file()
    assert "data_dir" in plan.declared["overview"]


def test_the_example_run_files_are_valid_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in sorted((ROOT / "parameters").glob("*.yaml")):
        plan = read_parameters(path, datasets=DATASETS)
        assert plan.data_dir == DATA, path.name
        assert plan.outputs == ROOT / "outputs", path.name


def test_a_theme_takes_every_measure_of_a_plan_priority(tmp_path, notebooks_dir):
    """theme: Healthy Lives matches the indicators' priority column too."""
    path = write(tmp_path, "council: E08000009\nperiod: 2025-26 Q3\nnotebooks: [trends]\n"
                           "theme: Healthy Lives\n")
    plan = read_parameters(path, notebooks_dir, datasets=DATASETS)
    indicators = plan.data.indicators.set_index("indicator_id")
    wanted = indicators.index[indicators["priority"].eq("Healthy Lives")
                              & indicators["enquiry_lines"].str.contains("trends")]
    assert len(wanted) >= 5
    assert set(plan.indicators) == set(wanted)
