"""The one runner: execute notebooks, export narrative HTML, write the run's record.

>>> plans = [read_parameters("parameters/quarterly_deep_dive.yaml")]
>>> reports = run_reports(plans, outputs="outputs")

For every council and notebook of every plan, a job executes the notebook
with papermill and exports it to HTML with no code and no prompts. Each
council's folder, ``outputs/<council>/<period slug>/``, holds::

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

Jobs are run through a mapper, a function that maps a job function over jobs
and yields results as they finish: :func:`process_pool_mapper` (this
machine's cores), :func:`serial_mapper` (one after another, in this process)
or :func:`dask_mapper` (the workers of a dask.distributed cluster, which send
each job's files back; see docs/performance.md). The longest notebooks are
started first, so that no core is left idle waiting for one at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TextIO

import nbformat
import pandas as pd
import papermill
from jinja2 import DictLoader
from nbconvert import HTMLExporter

from . import chartcache
from .datacache import CACHE_VARIABLE, default_cache_folder
from .explorer import HEADLESS_VARIABLE
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

KERNEL = "python3"
#: Every float in assessment.csv, so the file is byte-identical across runs.
CSV_FLOAT_FORMAT = "%.10g"
_VERSIONS_OF = ("perfkit", "pandas", "papermill", "nbconvert", "matplotlib")
_TIMING_KEYS = ("start_time", "end_time", "duration")
#: Tags of the cells papermill adds to an executed notebook.
_PAPERMILL_CELLS = {"injected-parameters", "papermill-error-cell-tag"}
_NAMES = {"overview": "Overview", "legal_duties": "Legal duties", "finance": "Finance",
          "equality": "Equality, diversity and inclusion", "trends": "Trends"}
#: Roughly how long each notebook takes, relative to the others (the charts
#: make most of it): jobs start longest first. Other notebooks count as 2.
_EXPECTED_WORK = {"trends": 5, "finance": 5, "legal_duties": 2, "equality": 2, "overview": 1}
#: The lab template without anything fetched from the internet (require.js,
#: MathJax, Mermaid, widgets): reports are read offline. LaTeX is left as text.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block html_head_js %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mathjax %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
"""


@dataclass(frozen=True)
class Job:
    """One notebook for one council: everything a worker needs, as plain paths."""

    council: str
    notebook: str
    source: Path
    folder: Path
    parameters: dict
    cwd: Path
    label: str
    #: sha256 of each data file, by path, as the runner read them (and as the
    #: manifest records them): a worker elsewhere checks its copy against them.
    data_files: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class JobResult:
    council: str
    notebook: str
    folder: Path
    status: str  # "succeeded" or "failed"
    duration_seconds: float
    error: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


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


# -- one job (runs in a worker process) -------------------------------------------------
def run_job(job: Job) -> JobResult:
    """Execute one notebook and export it. A notebook that fails is a failed
    result, not an exception; an error exporting it is raised."""
    started = time.perf_counter()
    job.folder.mkdir(parents=True, exist_ok=True)
    executed = job.folder / f"{job.notebook}.ipynb"
    error = message = None
    os.environ[HEADLESS_VARIABLE] = "1"  # the kernel inherits it: explorers stay quiet
    enable_data_cache()  # and this: each kernel loads the validated data from the cache
    try:
        papermill.execute_notebook(
            str(job.source), str(executed), parameters=job.parameters, kernel_name=KERNEL,
            cwd=str(job.cwd), progress_bar=False, log_output=False, record_timing=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except papermill.PapermillExecutionError as failure:
        error, message = failure.ename, failure.evalue
    except Exception as failure:  # noqa: BLE001 - any failure of one notebook is recorded
        error, message = type(failure).__name__, str(failure)
    if executed.exists():
        _remove_timings(executed, job)
        export_html(executed, job.folder / f"{job.notebook}.html", job.label, job.source.parent)
    return JobResult(job.council, job.notebook, job.folder,
                     "failed" if error else "succeeded",
                     round(time.perf_counter() - started, 1), error, message)


def enable_data_cache() -> None:
    """Turn on the cache of validated data (:mod:`perfkit.datacache`) for this
    process and the kernels it starts, unless ``PERFKIT_DATA_CACHE`` says otherwise."""
    os.environ.setdefault(CACHE_VARIABLE, str(default_cache_folder()))


def _remove_timings(path: Path, job: Job) -> None:
    """Time stamps live only in the manifest; paths name the final place; the
    cells papermill adds (parameters, error notes) get ids that are the same
    every run instead of random ones, so a run's files are reproducible."""
    notebook = nbformat.read(path, as_version=4)
    record = notebook.metadata.get("papermill", {})
    for key in _TIMING_KEYS:
        record.pop(key, None)
    record["input_path"] = f"{job.source.parent.name}/{job.source.name}"
    record["output_path"] = f"{job.council}/{job.folder.name}/{path.name}"
    for number, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        for key in _TIMING_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        added = set(cell.metadata.get("tags", [])) & _PAPERMILL_CELLS
        if added and "id" in cell:
            cell.id = f"{min(added)}-{number}"
    nbformat.write(notebook, path)


def export_html(notebook_path: Path, html_path: Path, title: str, images_dir: Path) -> None:
    """Narrative HTML: outputs and Markdown only, no code, no prompts, images
    embedded, nothing loaded from the internet."""
    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"perfkit.html.j2": _OFFLINE_TEMPLATE})],
        template_file="perfkit.html.j2", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, embed_images=True)
    exporter.register_preprocessor(_remove_tagged_cells(), enabled=True)
    notebook = nbformat.read(notebook_path, as_version=4)
    resources = {"metadata": {"name": title, "path": str(images_dir)}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    html_path.write_text(body, encoding="utf-8")


def _remove_tagged_cells():
    from nbconvert.preprocessors import TagRemovePreprocessor

    return TagRemovePreprocessor(
        remove_cell_tags={"parameters", "injected-parameters", "remove_cell"},
        remove_all_outputs_tags={"remove_output"})


# -- mappers: how jobs are spread over cores (or, later, a cluster) ---------------------
JobFunction = Callable[[Job], JobResult]
Mapper = Callable[[JobFunction, Sequence[Job]], Iterator[JobResult]]


def serial_mapper(function: JobFunction, jobs: Sequence[Job]) -> Iterator[JobResult]:
    """One job after another, in this process."""
    for job in jobs:
        yield function(job)


def process_pool_mapper(workers: int | None = None) -> Mapper:
    """Jobs in parallel on this machine's cores, results as they finish."""

    def map_jobs(function: JobFunction, jobs: Sequence[Job]) -> Iterator[JobResult]:
        count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
        context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(max_workers=count, mp_context=context)
        try:
            futures = [executor.submit(function, job) for job in jobs]
            for future in as_completed(futures):
                yield future.result()
        except BaseException:  # Ctrl-C, an error, or the caller stopped early
            _stop_workers(executor)
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    return map_jobs


def dask_mapper(scheduler) -> Mapper:
    """Jobs on the workers of a dask.distributed cluster. ``scheduler`` is the
    scheduler's address (``tcp://host:8786``) or a ``distributed.Client``.

    Every worker needs the same environment (perfkit and its dependencies),
    and the notebooks and data at the same paths as here. Each job runs in a
    folder of the worker's own and sends its files back, so the outputs
    folder need not be shared. Give each worker one thread: a job already
    runs a kernel process of its own (``dask worker ADDRESS --nthreads 1``).
    """

    def map_jobs(function: JobFunction, jobs: Sequence[Job]) -> Iterator[JobResult]:
        from distributed import Client, as_completed

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        futures = []
        try:
            futures = client.map(_gathered, [function] * len(jobs), jobs, pure=False)
            for future in as_completed(futures):
                yield _unpack(*future.result())
        except BaseException:  # Ctrl-C, an error, or the caller stopped early
            client.cancel(futures)
            raise
        finally:
            if client is not scheduler:
                client.close()

    return map_jobs


def _different_data(job: Job) -> str | None:
    """The first data file that this machine does not have as the runner read it."""
    for path, digest in sorted(job.data_files.items()):
        try:
            found = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError as error:
            return f"{path} cannot be read here ({error.strerror or error})"
        if found != digest:
            return f"{path} here is not the file the run was checked against"
    return None


def _gathered(function: JobFunction, job: Job) -> tuple[Job, JobResult, dict[str, bytes]]:
    """Run a job in a folder of this worker's own, if its data files are the
    ones the run was checked against; return its files. (The folder has the
    final folder's name: the executed notebook records it.)"""
    different = _different_data(job)
    if different:
        message = f"{different}: give every worker the same data folder at the same path"
        return job, JobResult(job.council, job.notebook, job.folder, "failed", 0.0,
                              "DataMismatch", message), {}
    with tempfile.TemporaryDirectory(prefix="perfkit-job-") as scratch:
        local = Path(scratch) / job.council / job.folder.name
        result = function(replace(job, folder=local))
        files = {path.name: path.read_bytes() for path in sorted(local.glob("*"))
                 if path.is_file()}
    return job, replace(result, folder=job.folder), files


def _unpack(job: Job, result: JobResult, files: dict[str, bytes]) -> JobResult:
    job.folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (job.folder / Path(name).name).write_bytes(content)
    return result


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """Stop running notebooks at once rather than wait for them (their kernels
    exit when their worker does). Python 3.14 has ``terminate_workers`` for this."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()


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
            folder = (outputs / council / plan.slug).resolve()
            if not folder.is_relative_to(outputs) or folder.parent.parent != outputs:
                raise ValueError(f"{folder} is not inside {outputs}")  # codes are checked
            if folder in seen:
                problems.append(Problem(
                    str(plan.source), f"{council} {plan.period}, also in {seen[folder]}",
                    "each council and period in one run file only",
                    "Run the files separately, or remove the council from one.",
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
    aside = staging / f"old-{report.council}-{report.folder.name}"
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
            report.staging = staging / report.council / report.plan.slug
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
