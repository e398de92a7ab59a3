"""The one runner: execute notebooks, export narrative HTML, write the run's record.

>>> plans = [read_parameters("parameters/quarterly_deep_dive.yaml")]
>>> reports = run_reports(plans)

For every council and notebook of every plan, a job executes the notebook
with papermill and exports it to HTML with no code and no prompts. Each
council's folder, ``<outputs>/<council>/<period slug>/<run file name>/`` (so
that two run files for one council and period keep their own reports), holds::

    index.html          links to each report and its status (self-contained)
    glossary.html       the words used in the reports, in plain English (self-contained)
    <notebook>.html     the narrative report
    <notebook>.ipynb    the executed notebook (a failing one shows where it stopped)
    assessment.csv      perfkit.analysis.verdict.assess for the council and period
    assessment.xlsx     the same as an accessible workbook (perfkit.run.workbook)
    manifest.json       parameters, data file hashes, versions, times, statuses

``<outputs>`` is the run file's outputs folder (``outputs`` beside it, unless
it says otherwise), or the one folder given to :func:`run_reports` for every
run file. Everything is built in ``<outputs>/.staging-<random>/`` and each council's
folder is swapped into place (two renames) only once all of it is written.
If the run stops before that (an error in the runner, Ctrl-C), earlier
reports are untouched and the staging folder is removed. A notebook that
fails does not stop the others: its folder is still swapped in, replacing the
earlier folder as a whole, and the index and manifest say which notebook
failed. Time stamps are written only to ``manifest.json``. (Between the two
renames the folder is briefly absent.)

Two runs writing to one outputs folder at once take turns to swap folders in
(a lock in the outputs folder; a run that waits says so on the log), so
neither crashes: the later swap wins. A run killed outright, not interrupted
(SIGKILL, the terminal closed), cannot tidy up: its workers and their kernels
end within a second or so of it (:mod:`perfkit.run.watchdog`), and the next
run into the same outputs folder removes the ``.staging-*`` folder it left
(:mod:`perfkit.run.staging`: the folder records its run's host and process;
the staging folder of a run still going is left alone).

Relative paths in a run file start from its own folder
(:mod:`perfkit.run.parameters`), and the notebooks are given the data folder
as an absolute path. Each notebook runs in its council's staging folder,
never in the folder the command was run from, and imports only installed
packages (:mod:`perfkit.run.kernels`): a folder named ``perfkit`` there (a
clone of the project) cannot stand in for the installed package.

If the assessment fails (``perfkit.analysis.verdict`` is still changing), the reports
are still written; the index and manifest say so and the run exits non-zero.

One job is one notebook for one council (:mod:`perfkit.run.jobs`: execute,
export). Jobs are run through a mapper (:mod:`perfkit.run.mappers`): this
machine's cores, one after another, or the workers of a dask.distributed
cluster. The longest notebooks are started first, so that no core is left
idle waiting for one at the end.
"""


from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from perfkit.charts import cache as chart_cache
from perfkit.registry import NOTEBOOKS, notebook_title
from perfkit.report.glossary import GLOSSARY_FILE, glossary_html
from perfkit.run.folders import CouncilFolder, plan_folders, swap_into_place
from perfkit.run.index_page import index_html
from perfkit.run.jobs import Job, run_job
from perfkit.run.mappers import Mapper, process_pool_mapper
from perfkit.run.parameters import RunPlan
from perfkit.run.record import assess_all, manifest, now
from perfkit.run.staging import make_staging, remove_stale_staging

__all__ = ["run_reports"]

#: How much work a notebook perfkit does not know counts for (see registry.Notebook.work).
_UNKNOWN_WORK = 2


def _jobs(council_folders: list[CouncilFolder]) -> list[Job]:
    """Every notebook of every council, the longest first."""
    datasets = {id(r.plan.data): r.plan.data for r in council_folders}
    hashes = {key: _data_hashes(data) for key, data in datasets.items()}
    jobs = [Job(r.council, name, r.plan.notebooks_dir / f"{name}.ipynb", r.staging,
                r.plan.notebook_parameters(r.council, name), None,
                f"{notebook_title(name)}: {r.council_name}, {r.plan.period}",
                hashes[id(r.plan.data)])
            for r in council_folders for name in r.plan.notebooks]
    return sorted(jobs, key=lambda job: -_work(job.notebook))


def _data_hashes(data) -> dict[str, str]:
    """sha256 of each data file (as the manifest records them), by its path."""
    by_name = data.file_hashes()
    return {str(path): by_name[path.name] for path in data.files.values()}


def _work(notebook: str) -> int:
    known = NOTEBOOKS.get(notebook)
    return known.work if known else _UNKNOWN_WORK


# -- the run ----------------------------------------------------------------------------
def run_reports(plans: Sequence[RunPlan], outputs: str | Path | None = None,
                mapper: Mapper | None = None,
                log: TextIO | None = None) -> list[CouncilFolder]:
    """Run every notebook of every plan for every council, write each council's
    folder and swap it into place. ``outputs``: the folder for every plan's
    reports (default: each plan's own, :attr:`RunPlan.outputs`). Progress and
    failures go to ``log`` (stderr)."""
    log = log or sys.stderr
    outputs = Path(outputs).resolve() if outputs is not None else None
    mapper = mapper or process_pool_mapper()
    council_folders = plan_folders(plans, outputs)
    folders = {council_folder.outputs for council_folder in council_folders}
    folders |= {outputs} if outputs is not None else set()
    stagings: dict[Path, Path] = {}
    try:
        for folder in sorted(folders):
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(folder, log)  # left by runs killed outright
            stagings[folder] = make_staging(folder)
        for council_folder in council_folders:
            council_folder.staging = (stagings[council_folder.outputs] / council_folder.council
                                      / council_folder.plan.folder)
            council_folder.staging.mkdir(parents=True)
        started = now()
        _run_jobs(council_folders, _jobs(council_folders), mapper, log)
        assess_all(council_folders, log)
        _write_pages(council_folders, started)
        for council_folder in council_folders:
            swap_into_place(council_folder, stagings[council_folder.outputs], log)
    finally:
        for staging in stagings.values():
            shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        chart_cache.prune()  # charts of other perfkit versions; the least used over the limit
    return council_folders


def _write_pages(council_folders: list[CouncilFolder], started: str) -> None:
    """Each council's index, glossary and manifest, in its staging folder."""
    glossary = glossary_html()
    for council_folder in council_folders:
        page = index_html(council_folder)
        (council_folder.staging / "index.html").write_text(page, encoding="utf-8")
        (council_folder.staging / GLOSSARY_FILE).write_text(glossary, encoding="utf-8")
        record = json.dumps(manifest(council_folder, started), indent=2, sort_keys=True)
        (council_folder.staging / "manifest.json").write_text(record + "\n", encoding="utf-8")


def _run_jobs(council_folders: list[CouncilFolder], jobs: list[Job], mapper: Mapper,
              log: TextIO) -> None:
    by_folder = {r.staging: r for r in council_folders}
    results = mapper(run_job, jobs)
    try:
        for done, result in enumerate(results, start=1):
            by_folder[result.folder].results.append(result)
            status = "ok" if result.ok else f"failed ({result.error})"
            print(f"[{done}/{len(jobs)}] {result.council} {result.notebook} {status} "
                  f"{result.duration_seconds:.1f}s", file=log, flush=True)
    finally:
        getattr(results, "close", lambda: None)()  # stop the workers if we stopped early
