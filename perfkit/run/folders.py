"""Each council's output folder for one run file: where it goes, and how it
replaces the earlier one as a whole.

A run builds every folder in ``outputs/.staging-<random>/`` and moves each
into place (two renames) only once all of it is written, so earlier good
reports are never half-overwritten. Two runs writing to one outputs folder at
once (the same run file started twice) take turns to swap: each holds the
outputs folder's lock (:mod:`perfkit.run.locking`) while it moves a folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd

from perfkit.problems import DataError, Problem
from perfkit.run.jobs import JobResult
from perfkit.run.locking import outputs_lock
from perfkit.run.parameters import RunPlan
from perfkit.run.staging import SET_ASIDE

__all__ = ["CouncilFolder", "plan_folders", "swap_into_place"]


@dataclass
class CouncilFolder:
    """One council's folder for one run file."""

    plan: RunPlan
    council: str
    folder: Path
    staging: Path = Path()
    results: list[JobResult] = field(default_factory=list)
    assessment: dict = field(default_factory=dict)
    #: The council's rows of the assessment table (None if it failed).
    table: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and self.assessment.get("status") == "succeeded"

    @property
    def outputs(self) -> Path:
        """The outputs folder this council's folder is in."""
        return self.folder.parents[2]

    @property
    def council_name(self) -> str:
        names = self.plan.data.areas.set_index("area_code")["area_name"]
        return str(names.get(self.council, self.council))

    def in_order(self) -> list[JobResult]:
        """The notebooks' results in the run file's order."""
        return sorted(self.results, key=lambda r: self.plan.notebooks.index(r.notebook))


def plan_folders(plans: Sequence[RunPlan], outputs: Path | None = None) -> list[CouncilFolder]:
    """One report per council and plan, in ``outputs`` (default: each plan's
    own outputs folder); refuses a folder outside its outputs folder or the
    same folder twice, before anything is written."""
    council_folders, seen, problems = [], {}, []
    for plan in plans:
        for council in plan.councils:
            outputs_folder = outputs if outputs is not None else plan.outputs
            folder = (outputs_folder / council / plan.folder).resolve()
            if not folder.is_relative_to(outputs_folder) or folder.parents[2] != outputs_folder:
                raise ValueError(f"{folder} is not inside {outputs_folder}")  # codes are checked
            if folder in seen:
                problems.append(Problem(
                    str(plan.source), f"{council} {plan.period}, also in {seen[folder]}",
                    "each council and period once for run files of one name",
                    "Rename one of the run files, or remove the council from one.",
                    column="councils"))
            seen[folder] = plan.source
            council_folders.append(CouncilFolder(plan, council, folder))
    if problems:
        raise DataError(problems)
    return council_folders


def swap_into_place(council_folder: CouncilFolder, staging: Path,
                    log: TextIO | None = None) -> None:
    """Replace the earlier folder as a whole: move it aside, move the new one
    in, holding the outputs folder's lock; ``log`` (stderr) hears if it waits."""
    with outputs_lock(council_folder.outputs, log):
        council_folder.folder.parent.mkdir(parents=True, exist_ok=True)
        aside = staging / SET_ASIDE / council_folder.council / council_folder.plan.folder
        aside.parent.mkdir(parents=True, exist_ok=True)
        if council_folder.folder.exists():
            os.replace(council_folder.folder, aside)
        try:
            os.replace(council_folder.staging, council_folder.folder)
        except BaseException:
            if aside.exists():
                os.replace(aside, council_folder.folder)
            raise
