"""The report notebooks: where they are (inside the installed package, whatever
the current folder), which of them a run file selects, and the parameters each
declares.

Authors edit the notebooks in ``notebooks/`` at the top of the checkout. A
build (wheel or sdist) copies them into the package as
``perfkit/notebooks/*.ipynb`` (``setup.py``), so an installed perfkit runs
its reports from any folder. An editable install (``pip install -e .``, as
``make`` does) reads the package from the checkout, where that copy is never
made: there the notebooks are the authors' own ``notebooks/``, beside the
``perfkit/`` folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import papermill

from perfkit.registry import NOTEBOOKS
from perfkit.run.run_file import Collector, suggest

__all__ = ["PACKAGED_NOTEBOOKS", "declared_parameters", "notebooks_folder", "select_notebooks"]

_PACKAGE = Path(__file__).resolve().parents[1]
_NOTEBOOK_NAME = re.compile(r"^[a-z0-9_]+$")
#: The notebooks' folder in an installed wheel.
PACKAGED_NOTEBOOKS = _PACKAGE / "notebooks"
#: The authors' folder in a checkout: the package's neighbour.
_CHECKOUT_NOTEBOOKS = _PACKAGE.parent / "notebooks"


def notebooks_folder() -> Path:
    """The report notebooks perfkit runs by default: the copy in the installed
    package, or, in an editable install from a checkout, the authors' folder."""
    if any(PACKAGED_NOTEBOOKS.glob("*.ipynb")):
        return PACKAGED_NOTEBOOKS
    if any(_CHECKOUT_NOTEBOOKS.glob("*.ipynb")) and (_PACKAGE.parent / "pyproject.toml").is_file():
        return _CHECKOUT_NOTEBOOKS
    return PACKAGED_NOTEBOOKS  # an install without them: the run file check says so


def select_notebooks(raw: dict, notebooks_dir: Path, collector: Collector) -> list[str]:
    """The notebooks a run file names (``notebooks``; default: every notebook of
    the registry) that are in ``notebooks_dir``; each other name is a problem."""
    names = raw.get("notebooks", list(NOTEBOOKS))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        collector.add("notebooks", f"{names!r}")
        return []
    available = sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))
    found = []
    for name in dict.fromkeys(names):
        if _NOTEBOOK_NAME.match(name) and (notebooks_dir / f"{name}.ipynb").is_file():
            found.append(name)
            continue
        collector.add("notebooks", f"'{name}', which is not a notebook in {notebooks_dir}",
                   "one of: " + (", ".join(available) or "(the folder has no notebooks)"),
                   f"{suggest(name, available)}Correct the name or remove it.")
    if not names:
        collector.add("notebooks", "an empty list")
    return found


def declared_parameters(notebooks: list[str], notebooks_dir: Path,
                        collector: Collector) -> dict[str, dict]:
    """Notebook -> {parameter name: papermill's inspection (type name, default...)}."""
    declared = {}
    for name in notebooks:
        try:
            declared[name] = papermill.inspect_notebook(str(notebooks_dir / f"{name}.ipynb"))
        except Exception as error:  # noqa: BLE001 - any unreadable notebook is reported
            collector.add("notebooks", f"'{name}', which cannot be read ({type(error).__name__})",
                       "a Jupyter notebook with a cell tagged 'parameters'",
                       f"Open {name}.ipynb in JupyterLab and save it again.")
    return declared
