"""The one runner: execute notebooks, export narrative HTML, write the run's record.

>>> plans = [read_parameters("parameters/quarterly_deep_dive.yaml")]
>>> reports = run_reports(plans, outputs="outputs")

For every council and notebook of every plan, a job executes the notebook
with papermill and exports it to HTML with no code and no prompts. Each
council's folder, ``outputs/<council>/<period slug>/<run file name>/`` (so
that two run files for one council and period keep their own reports), holds::

    index.html          links to each report and its status (self-contained)
    <notebook>.html     the narrative report
    <notebook>.ipynb    the executed notebook (a failing one shows where it stopped)
    assessment.csv      perfkit.verdict.assess for the council and period
    manifest.json       parameters, data file hashes, versions, times, statuses

Everything is built in ``outputs/.staging-<random>/`` and each council's
folder is swapped into place (two renames) only once all of it is written.
If the run stops before that (an error in the runner, Ctrl-C), earlier
reports are untouched and the staging folder is removed. A notebook that
fails does not stop the others: its folder is still swapped in, replacing the
earlier folder as a whole, and the index and manifest say which notebook
failed. Time stamps are written only to ``manifest.json``. (Between the two
renames the folder is briefly absent; a run killed outright, not interrupted,
can leave a ``.staging-*`` folder behind, which is safe to delete.)

Notebooks run with the project folder as their working directory, so a
relative ``data_dir`` means the same folder to the runner and the notebooks.
If the assessment fails (``perfkit.verdict`` is still changing), the reports
are still written; the index and manifest say so and the run exits non-zero.

One job is one notebook for one council (:mod:`perfkit.jobs`: execute,
export). Jobs are run through a mapper (:mod:`perfkit.mappers`): this
machine's cores, one after another, or the workers of a dask.distributed
cluster. The longest notebooks are started first, so that no core is left
idle waiting for one at the end.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import platform
import shutil
import sys
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TextIO

import pandas as pd

from . import chartcache
from .jobs import Job, JobResult, enable_data_cache, export_html, run_job
from .mappers import Mapper, dask_mapper, process_pool_mapper, serial_mapper
from .parameters import RunPlan
from .problems import DataError, Problem

__all__ = [
    "CSV_FLOAT_FORMAT",
    "CouncilReport",
    "Job",
    "JobResult",
    "assess_plan",
    "dask_mapper",
    "enable_data_cache",
    "export_html",
    "process_pool_mapper",
    "run_job",
    "run_reports",
    "serial_mapper",
    "write_assessment",
]

#: Every float in assessment.csv, so the file is byte-identical across runs.
CSV_FLOAT_FORMAT = "%.10g"
_VERSIONS_OF = ("perfkit", "pandas", "papermill", "nbconvert", "matplotlib")
_NAMES = {"overview": "Overview", "legal_duties": "Legal duties", "finance": "Finance",
          "equality": "Equality, diversity and inclusion", "trends": "Trends"}
#: Roughly how long each notebook takes, relative to the others (the charts
#: make most of it): jobs start longest first. Other notebooks count as 2.
_EXPECTED_WORK = {"trends": 5, "finance": 5, "legal_duties": 2, "equality": 2, "overview": 1}


@dataclass
class CouncilReport:
    """One council's folder for one run file."""

    plan: RunPlan
    council: str
    folder: Path
    staging: Path = Path()
    results: list[JobResult] = field(default_factory=list)
    assessment: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and self.assessment.get("status") == "succeeded"


# -- the assessment (isolated: perfkit.verdict is still changing) -----------------------
def assess_plan(plan: RunPlan) -> pd.DataFrame:
    """perfkit.verdict.assess for every council of a plan at once."""
    from .targets import RagRule
    from .verdict import AssessmentOptions, assess

    tolerance = plan.parameters.get("tolerance", RagRule().tolerance)
    options = AssessmentOptions(period=plan.period, areas=plan.councils,
                                indicators=plan.indicators,
                                peer_group=plan.peer_group or AssessmentOptions.peer_group,
                                rule=RagRule(tolerance=float(tolerance)))
    return assess(plan.data, options)


def write_assessment(assessment: pd.DataFrame, council: str, path: Path) -> int:
    """One council's rows, sorted, floats in one fixed format; returns the row count."""
    rows = assessment[assessment["area_code"] == council]
    keys = [c for c in ("area_code", "indicator_id", "breakdown_dimension",
                        "breakdown_category", "period") if c in rows.columns]
    rows = rows.sort_values(keys, kind="mergesort", ignore_index=True)
    rows.to_csv(path, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n",
                encoding="utf-8")
    return len(rows)


def _assess_all(reports: list[CouncilReport], log: TextIO) -> None:
    """Write each council's assessment.csv. A failure is recorded in the
    manifest and named on ``log``; the reports still stand."""
    by_plan: dict[int, list[CouncilReport]] = {}
    for report in reports:
        by_plan.setdefault(id(report.plan), []).append(report)
    for group in by_plan.values():
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                table = assess_plan(group[0].plan)
            rows = {r.council: write_assessment(table, r.council, r.staging / "assessment.csv")
                    for r in group}
        except Exception as failure:  # noqa: BLE001 - recorded; the reports still stand
            error = f"{type(failure).__name__}: {failure}"
            print(f"assessment failed for {group[0].plan.source}: {error}", file=log)
            for report in group:
                (report.staging / "assessment.csv").unlink(missing_ok=True)
                report.assessment = {"status": "failed", "error": error}
            continue
        notes = sorted({str(w.message) for w in caught})
        for report in group:
            report.assessment = {"status": "succeeded", "rows": rows[report.council],
                                 "warnings": notes}


# -- index and manifest -----------------------------------------------------------------
def _council_name(report: CouncilReport) -> str:
    names = report.plan.data.areas.set_index("area_code")["area_name"]
    return str(names.get(report.council, report.council))


def _in_order(report: CouncilReport) -> list[JobResult]:
    return sorted(report.results, key=lambda r: report.plan.notebooks.index(r.notebook))


def _index_html(report: CouncilReport) -> str:
    plan = report.plan
    council = f"{_council_name(report)} ({report.council})"
    rows = []
    for result in _in_order(report):
        name = html.escape(_NAMES.get(result.notebook, result.notebook.replace("_", " ")))
        page = f"{result.notebook}.html"
        link = (f'<a href="{page}">{name}</a>' if (report.staging / page).exists() else name)
        status = ('<span aria-hidden="true">&#10004;</span> Succeeded' if result.ok else
                  '<span aria-hidden="true">&#10008;</span> Failed: '
                  f"{html.escape(result.error or 'error')}. "
                  "The report shows where it stopped.")
        executed = f"{result.notebook}.ipynb"
        executed = (f'<a href="{executed}">executed notebook</a>'
                    if (report.staging / executed).exists() else "none")
        rows.append(f"<tr><td>{link}</td><td>{status}</td><td>{executed}</td></tr>")
    assessment = ('<a href="assessment.csv">assessment.csv</a>'
                  if report.assessment.get("status") == "succeeded"
                  else "not written: the assessment failed (see manifest.json)")
    title = html.escape(plan.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}: {html.escape(council)}, {html.escape(plan.period)}</title>\n"
        "<style>body{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;"
        "line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #505a5f;"
        "padding:.4em .8em;text-align:left}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n<p>{html.escape(council)}: {html.escape(plan.period)}</p>\n"
        "<table>\n<tr><th scope=\"col\">Report</th><th scope=\"col\">Status</th>"
        "<th scope=\"col\">For analysts</th></tr>\n"
        + "\n".join(rows) + "\n</table>\n"
        f"<p>Assessment table: {assessment}. Run record: "
        '<a href="manifest.json">manifest.json</a>.</p>\n</main>\n</body>\n</html>\n')


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in _VERSIONS_OF:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _manifest(report: CouncilReport, started: str) -> dict:
    plan = report.plan
    return {
        "parameters_file": str(plan.source),
        "title": plan.title,
        "council": report.council,
        "council_name": _council_name(report),
        "period": plan.period,
        "notebooks": list(plan.notebooks),
        "parameters": {**plan.parameters, "council": report.council},
        "peer_group": plan.peer_group,
        "data_dir": str(plan.data_dir),
        "data_files": plan.data.file_hashes(),
        "versions": _versions(),
        "started_utc": started,
        "finished_utc": _now(),
        "results": [{k: v for k, v in asdict(r).items() if k not in ("folder", "council")}
                    for r in _in_order(report)],
        "assessment": report.assessment,
        "status": "succeeded" if report.ok else "failed",
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- folders ----------------------------------------------------------------------------
def _plan_reports(plans: Sequence[RunPlan], outputs: Path) -> list[CouncilReport]:
    """One report per council and plan; refuses a folder outside ``outputs`` or
    the same folder twice, before anything is written."""
    reports, seen, problems = [], {}, []
    for plan in plans:
        for council in plan.councils:
            folder = (outputs / council / plan.folder).resolve()
            if not folder.is_relative_to(outputs) or folder.parents[2] != outputs:
                raise ValueError(f"{folder} is not inside {outputs}")  # codes are checked
            if folder in seen:
                problems.append(Problem(
                    str(plan.source), f"{council} {plan.period}, also in {seen[folder]}",
                    "each council and period once for run files of one name",
                    "Rename one of the run files, or remove the council from one.",
                    column="councils"))
            seen[folder] = plan.source
            reports.append(CouncilReport(plan, council, folder))
    if problems:
        raise DataError(problems)
    return reports


def _jobs(reports: list[CouncilReport], root: Path) -> list[Job]:
    """Every notebook of every council, the longest first."""
    datasets = {id(r.plan.data): r.plan.data for r in reports}
    hashes = {key: _data_hashes(data) for key, data in datasets.items()}
    jobs = [Job(r.council, name, r.plan.notebooks_dir / f"{name}.ipynb", r.staging,
                r.plan.notebook_parameters(r.council, name), root,
                f"{_NAMES.get(name, name)}: {_council_name(r)}, {r.plan.period}",
                hashes[id(r.plan.data)])
            for r in reports for name in r.plan.notebooks]
    return sorted(jobs, key=lambda job: -_EXPECTED_WORK.get(job.notebook, 2))


def _data_hashes(data) -> dict[str, str]:
    """sha256 of each data file (as the manifest records them), by its path."""
    by_name = data.file_hashes()
    return {str(path): by_name[path.name] for path in data.files.values()}


def _swap_into_place(report: CouncilReport, staging: Path) -> None:
    """Replace the earlier folder as a whole: move it aside, move the new one in."""
    report.folder.parent.mkdir(parents=True, exist_ok=True)
    aside = staging / "old" / report.council / report.plan.folder
    aside.parent.mkdir(parents=True, exist_ok=True)
    if report.folder.exists():
        os.replace(report.folder, aside)
    try:
        os.replace(report.staging, report.folder)
    except BaseException:
        if aside.exists():
            os.replace(aside, report.folder)
        raise


# -- the run ----------------------------------------------------------------------------
def run_reports(plans: Sequence[RunPlan], outputs: str | Path = "outputs",
                root: str | Path | None = None, mapper: Mapper | None = None,
                log: TextIO | None = None) -> list[CouncilReport]:
    """Run every notebook of every plan for every council, write each council's
    folder and swap it into place. Progress and failures go to ``log`` (stderr)."""
    log = log or sys.stderr
    outputs = Path(outputs).resolve()
    root = Path(root).resolve() if root is not None else Path.cwd()
    mapper = mapper or process_pool_mapper()
    reports = _plan_reports(plans, outputs)
    outputs.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outputs))
    try:
        for report in reports:
            report.staging = staging / report.council / report.plan.folder
            report.staging.mkdir(parents=True)
        started = _now()
        _run_jobs(reports, _jobs(reports, root), mapper, log)
        _assess_all(reports, log)
        for report in reports:
            (report.staging / "index.html").write_text(_index_html(report), encoding="utf-8")
            manifest = json.dumps(_manifest(report, started), indent=2, sort_keys=True)
            (report.staging / "manifest.json").write_text(manifest + "\n", encoding="utf-8")
        for report in reports:
            _swap_into_place(report, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        chartcache.prune()  # charts of other perfkit versions; the least used over the limit
    return reports


def _run_jobs(reports: list[CouncilReport], jobs: list[Job], mapper: Mapper,
              log: TextIO) -> None:
    by_folder = {r.staging: r for r in reports}
    results = mapper(run_job, jobs)
    try:
        for done, result in enumerate(results, start=1):
            by_folder[result.folder].results.append(result)
            status = "ok" if result.ok else f"failed ({result.error})"
            print(f"[{done}/{len(jobs)}] {result.council} {result.notebook} {status} "
                  f"{result.duration_seconds:.1f}s", file=log, flush=True)
    finally:
        getattr(results, "close", lambda: None)()  # stop the workers if we stopped early
