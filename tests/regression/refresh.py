"""Rebuild the executed copies of the notebooks that nbval checks.

Run from the project folder after a deliberate change to the notebooks, the
analysis or the data, then look at the diff before committing it:

    .venv/bin/python tests/regression/refresh.py

Each copy runs on the bundled data for the demo council with a few
indicators, so the checks are quick and the files small. `make test` then
re-executes every copy with nbval and compares each output with the stored
one (images are masked by sanitize.cfg; their alt text and data tables are
compared).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import papermill

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
COMMON = {"council": "E08000009", "period": "2025-26 Q3", "audience": "analyst",
          "peer_group": "ons_global_neighbours", "data_dir": "../../data"}
RUNS = {
    "overview": {},
    "legal_duties": {"indicators": ["ehcp_20_weeks", "planning_major_in_time"]},
    "finance": {"indicators": ["cla_weekly_unit_cost", "band_d_council_tax"]},
    "equality": {"indicators": ["persistent_absence", "child_poverty_relative"]},
    "trends": {"indicators": ["planning_major_in_time", "household_recycling"]},
    # the quarter that holds the wards' latest claimant figures (March 2026)
    "wards": {"period": "2025-26 Q4"},
    # the annual cycle is in March, when next year's targets are set
    "target_review": {"period": "2025-26 Q4"},
    "indicator_review": {"period": "2025-26 Q4"},
    "residents": {"period": "2025-26 Q4"},
}


def main(names: list[str] | None = None) -> None:
    """Refresh the copies of ``names`` (every notebook if none are named)."""
    os.environ["PERFKIT_HEADLESS"] = "1"
    for name, extra in RUNS.items():
        if names and name not in names:
            continue
        papermill.execute_notebook(
            str(ROOT / "notebooks" / f"{name}.ipynb"), str(HERE / f"{name}.ipynb"),
            parameters={**COMMON, **extra}, cwd=str(HERE), kernel_name="python3",
            progress_bar=False)
        _strip_run_details(HERE / f"{name}.ipynb", name)
        print("refreshed", name)


def _strip_run_details(path: Path, name: str) -> None:
    """Keep the copies free of time stamps and of this machine's paths."""
    book = nbformat.read(path, as_version=4)
    run = book.metadata.get("papermill", {})
    book.metadata["papermill"] = {"parameters": run.get("parameters", {}),
                                  "input_path": f"notebooks/{name}.ipynb"}
    for number, cell in enumerate(book.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = f"injected-parameters-{number}"  # papermill's is random: a diff each time
    nbformat.write(book, path)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
