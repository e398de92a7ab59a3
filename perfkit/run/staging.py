"""A run's staging folder, ``outputs/.staging-<random>/``: made with a record of
the run that owns it, and removed by a later run once that run has gone.

A run builds every council's folder in its staging folder and removes it at
the end, even after an error or Ctrl-C. A run killed outright (SIGKILL, the
terminal closed, the machine turned off) cannot: its staging folder stays.
Each staging folder therefore holds ``owner.json``: the host name, process id
and (where the system tells it) the start time of the run's process. At its
start a run removes the staging folders of the same outputs folder whose
owner ran on this host and is no longer running (or whose process id now
belongs to a process that started later). It leaves alone a staging folder of
a live run, of a run on another host (it cannot tell whether that one is
running), one without a readable record (a run making its folder this
moment, or a run of an earlier perfkit) and, on Windows, where a process is
not looked up, every one. A run killed between the two renames
of a swap (:func:`perfkit.run.folders.swap_into_place`) has moved a council's
earlier folder aside into its staging folder and not yet moved the new one
in: that earlier folder is put back before the staging folder is removed.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
from pathlib import Path
from typing import TextIO

from perfkit.run.locking import outputs_lock

__all__ = ["OWNER_FILE", "SET_ASIDE", "STAGING_PREFIX", "make_staging", "owner_is_gone",
           "owner_record", "remove_stale_staging"]

STAGING_PREFIX = ".staging-"
#: The record of the run that owns a staging folder.
OWNER_FILE = "owner.json"
#: Where, in a run's staging folder, a swap moves the earlier folder aside
#: (``<staging>/old/<council>/<period slug>/<run name>``).
SET_ASIDE = "old"
_PROC = Path("/proc")


def _process_status(pid: int) -> tuple[str, str] | None:
    """The process's state letter and start time (clock ticks since boot),
    where /proc tells them."""
    try:
        fields = (_PROC / str(pid) / "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (fields[0], fields[19]) if len(fields) > 19 else None


def _process_started(pid: int) -> str | None:
    status = _process_status(pid)
    return status[1] if status else None


def _is_running(pid: int) -> bool:
    """Whether a process of this id runs on this host (a zombie, ended but not
    yet reaped, does not). Where that cannot be told without touching the
    process (Windows), it counts as running."""
    if pid <= 0 or os.name != "posix":
        return pid > 0
    try:
        os.kill(pid, 0)  # signal 0: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    status = _process_status(pid)
    return status is None or status[0] != "Z"


def owner_record() -> dict:
    """This process, as a staging folder's owner."""
    pid = os.getpid()
    return {"host": platform.node(), "pid": pid, "process_started": _process_started(pid)}


def owner_is_gone(owner: dict) -> bool:
    """Whether the run of an owner record has surely ended: it ran on this
    host and its process is not running (or its id is now another's)."""
    if owner.get("host") != platform.node() or not isinstance(owner.get("pid"), int):
        return False
    pid = owner["pid"]
    if not _is_running(pid):
        return True
    started = owner.get("process_started")
    now_started = _process_started(pid)
    return started is not None and now_started is not None and started != now_started


def make_staging(outputs: Path) -> Path:
    """A new staging folder in ``outputs``, with the record of its owner (this
    process), written whole before it can be read."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outputs))
    partial = staging / f".{OWNER_FILE}.tmp"
    partial.write_text(json.dumps(owner_record(), sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, staging / OWNER_FILE)
    return staging


def _owner(staging: Path) -> dict | None:
    try:
        owner = json.loads((staging / OWNER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) else None


def remove_stale_staging(outputs: Path, log: TextIO) -> list[Path]:
    """Remove the staging folders in ``outputs`` left by runs that have
    ended without removing them; say so on ``log``. Returns those removed."""
    removed = []
    for staging in sorted(outputs.glob(f"{STAGING_PREFIX}*")):
        owner = _owner(staging) if staging.is_dir() else None
        if owner is None or not owner_is_gone(owner):
            continue
        try:
            _put_back(staging, outputs, log)
        except OSError as error:  # the earlier report stays where it is, not lost
            print(f"Left {staging} in place: could not put back the report in it "
                  f"({error}).", file=log, flush=True)
            continue
        shutil.rmtree(staging, ignore_errors=True)
        removed.append(staging)
        print(f"Removed {staging}: left by a run (process {owner['pid']}) that was "
              "stopped before it could tidy up.", file=log, flush=True)
    return removed


def _put_back(staging: Path, outputs: Path, log: TextIO) -> None:
    """Put back each earlier folder the run had moved aside, but not replaced."""
    set_aside = staging / SET_ASIDE
    moved = sorted(path for path in set_aside.glob("*/*/*") if path.is_dir())
    if not moved:
        return
    with outputs_lock(outputs, log):  # no run is swapping the folder meanwhile
        for earlier in moved:
            final = outputs / earlier.relative_to(set_aside)
            if not final.exists():
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(earlier, final)
                print(f"Put back {final}: the run that was replacing it was stopped.",
                      file=log, flush=True)
