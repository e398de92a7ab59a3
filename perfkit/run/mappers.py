"""Mappers: how a run's jobs are spread over this machine's cores or a cluster.

A mapper maps a job function over jobs and yields the results as they
finish: :func:`serial_mapper` (one after another, in this process),
:func:`process_pool_mapper` (this machine's cores; the default) or
:func:`dask_mapper` (the workers of a dask.distributed cluster, which run
each job in a folder of their own and send its files back; see
docs/performance.md).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

from perfkit.run.jobs import Job, JobResult
from perfkit.run.watchdog import watch_runner

__all__ = ["JobFunction", "Mapper", "dask_mapper", "process_pool_mapper", "serial_mapper"]

JobFunction = Callable[[Job], JobResult]
Mapper = Callable[[JobFunction, Sequence[Job]], Iterator[JobResult]]


def serial_mapper(function: JobFunction, jobs: Sequence[Job]) -> Iterator[JobResult]:
    """One job after another, in this process."""
    for job in jobs:
        yield function(job)


def process_pool_mapper(workers: int | None = None) -> Mapper:
    """Jobs in parallel on this machine's cores, results as they finish. Each
    worker ends, with its kernels, soon after the runner does, even if the
    runner is killed outright (:mod:`perfkit.run.watchdog`)."""

    def map_jobs(function: JobFunction, jobs: Sequence[Job]) -> Iterator[JobResult]:
        count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
        context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(max_workers=count, mp_context=context,
                                       initializer=watch_runner, initargs=(os.getpid(),))
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
        local = Path(scratch).joinpath(*job.folder.parts[-3:])  # council/period/run
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
