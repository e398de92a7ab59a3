"""One job: one notebook for one council, executed and exported in a worker.

A :class:`Job` carries everything a worker needs as plain paths and values,
so it can run in this process, in a process pool or on a cluster
(:mod:`perfkit.run.mappers`). :func:`run_job` executes the notebook with
papermill, in the job's own folder rather than wherever the command was run
from (its kernel headless, with the validated-data and chart caches on,
importing only installed packages, and shut down without a spurious
KeyboardInterrupt: :mod:`perfkit.run.kernels`), takes out what would differ
between runs (time stamps, papermill's random cell ids, this machine's paths)
and exports narrative HTML with no code, no prompts and nothing fetched from
the internet, through perfkit's own nbconvert template (``templates/perfkit``:
a small page of its own, not JupyterLab's stylesheet).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from perfkit.run.kernels import ReportKernelManager
from perfkit.settings import HEADLESS_VARIABLE, enable_cache

__all__ = ["KERNEL", "Job", "JobResult", "export_html", "run_job"]

KERNEL = "python3"
_TIMING_KEYS = ("start_time", "end_time", "duration")
#: Tags of the cells papermill adds to an executed notebook.
_PAPERMILL_CELLS = {"injected-parameters", "papermill-error-cell-tag"}
#: perfkit's nbconvert template: one self-contained page of Markdown and
#: outputs, with its own small stylesheet (page.css), no script and nothing
#: fetched from the internet (no require.js, MathJax, Mermaid, widgets or
#: fonts). LaTeX is left as text.
_TEMPLATES = Path(__file__).with_name("templates")
_TEMPLATE = "perfkit"


@dataclass(frozen=True)
class Job:
    """One notebook for one council: everything a worker needs, as plain paths."""

    council: str
    notebook: str
    source: Path
    folder: Path
    parameters: dict
    #: The kernel's working folder; None: the job's own folder (where its files go).
    #: The notebooks are given absolute paths, so it only matters to what a
    #: notebook writes without saying where.
    cwd: Path | None
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


def run_job(job: Job) -> JobResult:
    """Execute one notebook and export it. A notebook that fails is a failed
    result, not an exception; an error exporting it is raised."""
    started = time.perf_counter()
    job.folder.mkdir(parents=True, exist_ok=True)
    executed = job.folder / f"{job.notebook}.ipynb"
    error = message = None
    os.environ[HEADLESS_VARIABLE] = "1"  # the kernel inherits it: explorers stay quiet
    enable_cache()  # and this: each kernel takes validated data and charts from the cache
    try:
        papermill.execute_notebook(
            str(job.source), str(executed), parameters=job.parameters, kernel_name=KERNEL,
            cwd=str(job.cwd or job.folder), progress_bar=False, log_output=False,
            record_timing=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            kernel_manager_class=ReportKernelManager)  # shuts the kernel down quietly
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


def _remove_timings(path: Path, job: Job) -> None:
    """Time stamps live only in the manifest; paths name the final place; the
    cells papermill adds (parameters, error notes) get ids that are the same
    every run instead of random ones, so a run's files are reproducible."""
    notebook = nbformat.read(path, as_version=4)
    record = notebook.metadata.get("papermill", {})
    for key in _TIMING_KEYS:
        record.pop(key, None)
    record["input_path"] = f"{job.source.parent.name}/{job.source.name}"
    record["output_path"] = "/".join([*job.folder.parts[-3:], path.name])  # council/period/run
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
        extra_template_basedirs=[str(_TEMPLATES)], template_name=_TEMPLATE,
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True)
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
