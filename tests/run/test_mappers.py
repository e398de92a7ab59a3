"""Where the notebooks run: on a dask.distributed cluster (``perfkit run
--scheduler ADDRESS``) a run writes the same files, byte for byte, as on this
machine's cores. The cluster here is a LocalCluster of two worker processes;
a national body's would have workers on other machines (docs/performance.md)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster

from perfkit.run import mappers, record
from perfkit.run.cli import main
from perfkit.run.jobs import Job
from tests.paths import DATA, FIXTURES
from tests.run.fakes import assessment_rows

COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN = "run"  # the run files here are all run.yaml: reports go to <council>/<period>/run
#: notebook name in the run -> fixture it is a copy of
NOTEBOOKS = {"overview": "ok", "legal_duties": "ok", "finance": "broken"}


def fake_assessment(plan) -> pd.DataFrame:
    """A stand-in for perfkit.analysis.verdict.assess (tested elsewhere)."""
    return assessment_rows([COUNCIL], ["an_indicator"], [0.5])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("project")
    folder = root / "notebooks"
    folder.mkdir()
    for name, fixture in NOTEBOOKS.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{name}.ipynb")
    run_file = root / "run.yaml"
    run_file.write_text(f"title: Cluster run\ncouncil: {COUNCIL}\nperiod: 2025-26 Q3\n"
                        f"notebooks: [{', '.join(NOTEBOOKS)}]\ndata_dir: {DATA}\n",
                        encoding="utf-8")
    return folder, run_file


def _run(project: tuple[Path, Path], outputs: Path, *where: str) -> tuple[int, str]:
    folder, run_file = project
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(err):
        patch.setattr(record, "assess_plan", fake_assessment)
        code = main(["run", str(run_file), "--outputs", str(outputs),
                     "--notebooks-dir", str(folder), *where])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def runs(project, tmp_path_factory):
    """The same run on a two-worker cluster and on this machine."""
    outputs = tmp_path_factory.mktemp("outputs")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        on_cluster = _run(project, outputs / "cluster", "--scheduler",
                          cluster.scheduler_address)
        with Client(cluster) as client:
            prefixes = client.run_on_scheduler(
                lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    here = _run(project, outputs / "here", "--workers", "2")
    return {"cluster": on_cluster, "here": here, "prefixes": prefixes,
            "folders": {name: outputs / name / COUNCIL / SLUG / RUN for name in ("cluster", "here")}}


def test_the_cluster_ran_every_notebook(runs):
    code, err = runs["cluster"]
    assert "gathered" in runs["prefixes"]  # the jobs went through the scheduler
    assert code == 1  # the broken fixture fails, and says so
    assert "finance failed (ZeroDivisionError: division by zero)" in err
    assert sorted(p.name for p in runs["folders"]["cluster"].iterdir()) == [
        "assessment.csv", "assessment.xlsx", "finance.html", "finance.ipynb", "glossary.html",
        "index.html",
        "legal_duties.html", "legal_duties.ipynb", "manifest.json", "overview.html",
        "overview.ipynb"]


def test_a_cluster_run_writes_the_same_files_as_a_local_one(runs):
    assert runs["cluster"][0] == runs["here"][0]
    cluster, here = runs["folders"]["cluster"], runs["folders"]["here"]
    for path in sorted(here.iterdir()):
        if path.name != "manifest.json":  # times differ; the rest is compared below
            assert (cluster / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_manifest_records_the_same_results(runs):
    import json

    manifests = [json.loads((folder / "manifest.json").read_text("utf-8"))
                 for folder in runs["folders"].values()]
    for manifest in manifests:
        for result in manifest["results"]:
            result.pop("duration_seconds")
        for key in ("started_utc", "finished_utc"):
            manifest.pop(key)
    assert manifests[0] == manifests[1]


def test_a_worker_with_other_data_refuses_the_job(tmp_path):
    """A worker checks its copy of the data against the hashes the run was
    checked against (and the manifest records), and runs nothing if they differ."""
    data = tmp_path / "observations.csv"
    data.write_text("area_code,value\nE08000009,1\n", encoding="utf-8")
    job = Job(COUNCIL, "overview", FIXTURES / "ok.ipynb", tmp_path / COUNCIL / SLUG / RUN,
                     {}, tmp_path, "Overview", {str(data): "0" * 64})

    def must_not_run(job):
        raise AssertionError("the job ran")

    _, result, files = mappers._gathered(must_not_run, job)
    assert (result.status, result.error, files) == ("failed", "DataMismatch", {})
    assert str(data) in result.message and "same data folder" in result.message
