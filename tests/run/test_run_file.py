"""Reading a run file (perfkit/run/run_file.py): an unquoted year is the
period label it looks like."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from perfkit.registry import NOTEBOOKS
from perfkit.run.parameters import read_parameters
from perfkit.run.run_file import RunFile, period_as_text, read_yaml
from tests.paths import CORPUS, FIXTURES


@pytest.mark.parametrize(("value", "text"), [(2020, "2020"), ("2024-25", "2024-25"),
                                             (True, True), (2024.0, 2024.0), (None, None)])
def test_only_a_whole_number_is_turned_into_text(value, text):
    assert period_as_text(value) == text


def test_an_unquoted_year_is_the_calendar_year_label():
    model = RunFile.model_validate({"council": "E08000009", "period": 2020})
    assert model.period == "2020"


def test_a_split_year_is_text_already_and_kept():
    assert RunFile.model_validate({"council": "E08000009", "period": "2024-25"}).period == \
        "2024-25"


def test_true_is_not_a_year():
    with pytest.raises(ValidationError):
        RunFile.model_validate({"council": "E08000009", "period": True})


def test_read_yaml_gives_the_year_as_text(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("council: E08000009\nperiod: 2020\n", encoding="utf-8")
    data, lines = read_yaml(path)
    assert data["period"] == "2020" and lines["period"] == 2


def test_a_run_file_with_an_unquoted_year_is_accepted(tmp_path: Path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(FIXTURES / "ok.ipynb", notebooks / f"{name}.ipynb")
    path = tmp_path / "run.yaml"
    path.write_text(f"data_dir: {CORPUS / '_base'}\ncouncil: E08000009\nperiod: 2024\n"
                    "notebooks: [legal_duties]\n", encoding="utf-8")
    plan = read_parameters(path, notebooks)
    assert plan.period == "2024" and plan.parameters["period"] == "2024"
