"""A run killed outright leaves no worker and no kernel behind: each worker of
the process pool ends, with its kernel, soon after the runner."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.run.process_support import (
    PROC,
    descendants,
    is_gone,
    kill_all,
    python,
    wait_for,
    write_notebook,
)

#: A job of a notebook that says its kernel has started, then takes minutes.
RUN_SLOW_JOBS = """
import sys
from pathlib import Path
from perfkit.run.jobs import Job, run_job
from perfkit.run.mappers import process_pool_mapper

notebook, folder = Path(sys.argv[1]), Path(sys.argv[2])
jobs = [Job("E08000009", "slow", notebook, folder / "job", {}, folder, "Slow")]
for result in process_pool_mapper(1)(run_job, jobs):
    print(result)
"""
SLOW_CELL = """import os, time
from pathlib import Path
Path(f"kernel-{os.getpid()}.started").touch()
time.sleep(300)"""
#: How long a worker and its kernel may outlive their runner (the watchdog
#: looks four times a second; killing and reaping take a moment more).
GONE_WITHIN_SECONDS = 5
#: Starting a worker and its kernel, on a busy machine.
STARTED_WITHIN_SECONDS = 90


def _kernels_started(folder: Path) -> list[int]:
    """The process ids of the kernels that have started the slow cell."""
    return [int(path.stem.removeprefix("kernel-")) for path in folder.glob("kernel-*.started")]


def _left(processes: dict[int, str]) -> list[int]:
    return [pid for pid, started in processes.items() if not is_gone(pid, started)]


@pytest.mark.skipif(not PROC.is_dir(), reason="reads the processes from /proc (Linux)")
def test_workers_and_kernels_end_soon_after_the_runner_is_killed(tmp_path):
    notebook = write_notebook(tmp_path / "slow.ipynb", SLOW_CELL)
    runner = python(RUN_SLOW_JOBS, str(notebook), str(tmp_path),
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree: dict[int, str] = {}
    try:
        wait_for(lambda: _kernels_started(tmp_path) or runner.poll() is not None,
                 STARTED_WITHIN_SECONDS)
        assert _kernels_started(tmp_path), f"no kernel started (exit status {runner.poll()})"
        tree = descendants(runner.pid)  # the worker, its kernel, multiprocessing's helper
        assert set(_kernels_started(tmp_path)) <= set(tree)
        runner.kill()  # SIGKILL: nothing in the runner gets to tidy up
        runner.wait()
        assert wait_for(lambda: not _left(tree), GONE_WITHIN_SECONDS), _left(tree)
    finally:
        runner.kill()
        kill_all(tree)
