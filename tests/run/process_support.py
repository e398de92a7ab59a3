"""Helpers for the tests of the run's processes: a run in a process of its
own, its descendants read from /proc (Linux), and notebooks made for a test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from tests.paths import ROOT

__all__ = ["PROC", "descendants", "is_gone", "kill_all", "python", "wait_for", "write_notebook"]

PROC = Path("/proc")


def write_notebook(path: Path, *sources: str) -> Path:
    """A notebook of one code cell per source, for the python3 kernel."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return path


def python(script: str, *args: str, **options) -> subprocess.Popen:
    """This project's Python running ``script``, from the project folder."""
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, **options)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, ...)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``, as process id -> start time (clock ticks)."""
    children: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in PROC.iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            started[int(entry.name)] = fields[19]
    found, todo = {}, list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found[child] = started[child]
        todo += children.get(child, [])
    return found


def is_gone(pid: int, started: str) -> bool:
    """Whether the process has exited (a zombie waiting to be reaped has)."""
    fields = _stat(pid)
    return fields is None or fields[0] == "Z" or fields[19] != started


def wait_for(condition, seconds: float, step: float = 0.1) -> bool:
    """Whether ``condition()`` became true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def kill_all(processes: dict[int, str]) -> None:
    """Tidy up after a test: kill what is left of ``processes``."""
    for pid, started in processes.items():
        if not is_gone(pid, started):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
