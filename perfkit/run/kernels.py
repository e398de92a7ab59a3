"""The Jupyter kernels a job starts: shut down quietly, and known to the worker.

papermill (through nbclient) starts each notebook's kernel with a kernel
manager and shuts it down when the notebook is done. jupyter_client's manager
interrupts a kernel (SIGINT to its process group) before asking it to shut
down. A kernel still finishing its last request (papermill's closing
``kernel_info`` request: the reply is sent before the handler returns) takes
that signal as a Ctrl-C and logs ``[IPKernelApp] ERROR | KeyboardInterrupt
caught in kernel.`` on the terminal, after a run that went well.
:class:`ReportKernelManager` leaves the interrupt out of the shutdown: the
kernel is asked to shut down over its control channel and, if it does not
within ``shutdown_wait_time``, is terminated and then killed, as before. The
kernel's own log level is unchanged, so its real errors still show.

The kernel imports the perfkit that runs it, never a folder of the same name
where the user happens to be (a clone of the project, say): IPython puts the
kernel's working folder on ``sys.path`` ahead of the installed packages, so
:class:`ReportKernelManager` starts each kernel with
``--IPKernelApp.ignore_cwd=True`` and ``PYTHONSAFEPATH=1`` (Python 3.11+:
nor does Python add that folder). The runner also gives each kernel a working
folder of its own (:mod:`perfkit.run.jobs`).

The manager also records each kernel it starts (its process id and process
group) so that a worker whose runner has gone can end its kernels before it
exits (:func:`kill_kernels`, called by :mod:`perfkit.run.watchdog`).
"""

from __future__ import annotations

import contextlib
import os
import signal

from jupyter_client import AsyncKernelManager

__all__ = ["KERNEL_ARGUMENTS", "KERNEL_ENVIRONMENT", "ReportKernelManager", "kill_kernels",
           "running_kernels"]

#: Arguments for every kernel: its working folder is not put on ``sys.path``.
KERNEL_ARGUMENTS = ("--IPKernelApp.ignore_cwd=True",)
#: Environment for every kernel, on top of the runner's own.
KERNEL_ENVIRONMENT = {"PYTHONSAFEPATH": "1"}

#: The kernels this process started and has not cleaned up: process id -> process group.
_RUNNING: dict[int, int | None] = {}


class ReportKernelManager(AsyncKernelManager):
    """A kernel manager that starts kernels that import only installed
    packages, shuts them down without interrupting them first, and records
    the kernels it starts."""

    _recorded_pid: int | None = None

    async def start_kernel(self, **kwargs) -> None:
        kwargs["extra_arguments"] = [*kwargs.get("extra_arguments", ()), *KERNEL_ARGUMENTS]
        kwargs["env"] = {**(kwargs.get("env") or os.environ), **KERNEL_ENVIRONMENT}
        await super().start_kernel(**kwargs)
        pid = getattr(self.provisioner, "pid", None)
        if pid is not None:
            self._recorded_pid = pid
            _RUNNING[pid] = getattr(self.provisioner, "pgid", None)

    async def cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super().cleanup_resources(restart=restart)
        finally:
            if self._recorded_pid is not None:
                _RUNNING.pop(self._recorded_pid, None)
                self._recorded_pid = None

    async def _async_interrupt_kernel(self) -> None:
        """Interrupt the kernel, except as part of shutting it down (see the
        module's docstring); ``interrupt_kernel`` itself is unchanged."""
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


def running_kernels() -> dict[int, int | None]:
    """The kernels this process started and has not cleaned up, as
    process id -> process group (None where there is none)."""
    return dict(_RUNNING)


def kill_kernels() -> None:
    """Kill every kernel this process started and has not cleaned up, with
    anything the kernel started in its process group (kernels run in a
    session of their own). Kernels that have already gone are passed over."""
    for pid, group in running_kernels().items():
        with contextlib.suppress(OSError):
            if os.name == "posix" and group is not None and group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        _RUNNING.pop(pid, None)
