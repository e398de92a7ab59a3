"""A worker ends soon after its runner: no notebook keeps writing for no one.

A run's worker processes (:func:`perfkit.run.mappers.process_pool_mapper`)
each run papermill, which starts a Jupyter kernel. If the runner is killed
outright (SIGKILL, the terminal closed, the machine's memory ran out), nothing
tells its workers: each would finish its notebook, and start no other, minutes
later, writing into a staging folder that no run will swap into place.

:func:`watch_runner`, the pool's initializer, starts a daemon thread in each
worker that looks every :data:`WATCH_INTERVAL_SECONDS` whether the runner is
still there. Once it is gone the thread kills the worker's kernels (and what
they started; :func:`perfkit.run.kernels.kill_kernels`) and ends the worker at
once. On POSIX a process whose parent has exited gets a new parent, so
``os.getppid()`` changes; on Windows, where it does not, the thread waits on
the handle multiprocessing keeps to the parent. (A kernel also ends on its own
within a second or so of its worker: ipykernel watches its parent the same way.)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

from perfkit.run.kernels import kill_kernels

__all__ = ["RUNNER_GONE", "WATCH_INTERVAL_SECONDS", "runner_is_gone", "watch_runner"]

#: How often a worker looks whether its runner is still there.
WATCH_INTERVAL_SECONDS = 0.25
#: The exit status of a worker that ended because its runner had gone.
RUNNER_GONE = 3


def runner_is_gone(runner_pid: int) -> bool:
    """Whether this process's runner (its parent, ``runner_pid``) has exited."""
    if os.name == "posix":
        return os.getppid() != runner_pid
    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


def watch_runner(runner_pid: int, interval: float = WATCH_INTERVAL_SECONDS) -> None:
    """Start this worker's watchdog: a daemon thread that ends the worker and
    its kernels once the runner (process ``runner_pid``) has gone."""
    watchdog = threading.Thread(target=_watch, args=(runner_pid, interval),
                                name="perfkit-watchdog", daemon=True)
    watchdog.start()


def _watch(runner_pid: int, interval: float) -> None:
    while not runner_is_gone(runner_pid):
        time.sleep(interval)
    kill_kernels()
    os._exit(RUNNER_GONE)  # at once: no clean-up that waits for the work in hand
