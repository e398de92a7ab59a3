"""The executed copies in tests/regression/ (which nbval re-runs and compares)
come from the notebooks in notebooks/ as they are now.

Each copy's code and Markdown cells, less the one cell papermill adds for the
parameters (tagged ``injected-parameters``), must be the source notebook's
cells, in order and word for word; and it must have been made by
tests/regression/refresh.py with its parameters. A notebook changed without
refreshing its copy fails here, rather than nbval checking a stale notebook.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.paths import ROOT
from tests.regression import refresh

NOTEBOOKS = ROOT / "notebooks"
COPIES = ROOT / "tests" / "regression"
INJECTED = "injected-parameters"
CELL_TYPES = ("code", "markdown")
FIX = "run `.venv/bin/python tests/regression/refresh.py` and look at the diff"


def _read(path):
    return nbformat.read(path, as_version=4)


def _cells(notebook) -> list[tuple[str, str]]:
    """Type and source of each code and Markdown cell, less papermill's own."""
    return [(cell.cell_type, cell.source) for cell in notebook.cells
            if cell.cell_type in CELL_TYPES and INJECTED not in cell.metadata.get("tags", [])]


def test_every_notebook_has_a_copy():
    notebooks = sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb"))
    assert sorted(path.stem for path in COPIES.glob("*.ipynb")) == notebooks
    assert sorted(refresh.RUNS) == notebooks


@pytest.mark.parametrize("name", sorted(refresh.RUNS))
def test_the_copy_has_the_notebooks_cells(name):
    source, copy = _cells(_read(NOTEBOOKS / f"{name}.ipynb")), _cells(_read(COPIES / f"{name}.ipynb"))
    for number, (want, have) in enumerate(zip(source, copy, strict=False)):
        assert have == want, f"cell {number} of {name}.ipynb differs from its copy: {FIX}"
    assert len(copy) == len(source), f"{name}.ipynb and its copy differ in length: {FIX}"


@pytest.mark.parametrize("name", sorted(refresh.RUNS))
def test_the_copy_was_made_by_refresh(name):
    copy = _read(COPIES / f"{name}.ipynb")
    run = copy.metadata["papermill"]
    assert run["input_path"] == f"notebooks/{name}.ipynb"
    assert run["parameters"] == {**refresh.COMMON, **refresh.RUNS[name]}, FIX
    tags = [cell.metadata.get("tags", []) for cell in copy.cells]
    injected = [number for number, tag in enumerate(tags) if INJECTED in tag]
    # one cell of parameters, straight after the notebook's own parameters cell
    assert len(injected) == 1 and "parameters" in tags[injected[0] - 1]
