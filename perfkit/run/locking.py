"""The outputs folder's lock: one run at a time swaps folders into place.

Two runs writing to one outputs folder at once (the same run file started
twice) would otherwise each rename a council's folder while the other is
between its two renames (:func:`perfkit.run.folders.swap_into_place`), and
one would crash. A run holds ``outputs/.swap.lock`` (``flock``, which a
process holds until it lets go or ends, so a killed run never leaves it held)
while it swaps a folder in or puts one back; the other waits, and after
:data:`LOCK_NOTICE_SECONDS` says on the log that another run is writing there.
The lock file is removed as the lock is let go, so an outputs folder holds
only reports; a run that finds the file gone after waiting locks the new one.
(Where ``fcntl`` is missing, on Windows, swaps are not locked.)
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

__all__ = ["LOCK_FILE", "LOCK_NOTICE_SECONDS", "outputs_lock"]

#: The lock a run holds, in the outputs folder, while it swaps a folder into place.
LOCK_FILE = ".swap.lock"
#: How long a run waits for the lock before it says on the log that it is waiting.
LOCK_NOTICE_SECONDS = 2.0
#: How often a waiting run tries the lock again.
_RETRY_SECONDS = 0.02


@contextlib.contextmanager
def outputs_lock(outputs: Path, log: TextIO | None = None) -> Iterator[None]:
    """Hold the lock of the outputs folder, waiting for another run to let go
    of it; ``log`` (stderr) hears if the wait is more than a moment."""
    if fcntl is None:
        yield
        return
    path = outputs / LOCK_FILE
    held = _take_lock(path, log or sys.stderr)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # before letting go, so no one locks a removed file
        held.close()


def _take_lock(path: Path, log: TextIO):
    """The lock file, open and locked; waits for another run to let go of it."""
    waiting_since, told = time.monotonic(), False
    while True:
        handle = open(path, "a")  # kept open (and locked) until the lock is let go
        try:
            while not _try_lock(handle):
                if not told and time.monotonic() - waiting_since >= LOCK_NOTICE_SECONDS:
                    print(f"Waiting: another run is writing to {path.parent} (it holds "
                          f"{path.name}); this run goes on once that one has moved its "
                          "reports into place.", file=log, flush=True)
                    told = True
                time.sleep(_RETRY_SECONDS)
            if _is_current(handle, path):
                return handle
        except BaseException:
            handle.close()
            raise
        handle.close()  # the run before removed this file as it let go: lock the new one


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _is_current(handle, path: Path) -> bool:
    """Whether the open file is still the one at ``path``."""
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(handle.fileno())
    return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)
