"""The outputs folder's lock: a run that must wait for another says so, and
a lock file left by a killed run does not stop the next."""

from __future__ import annotations

import io
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from perfkit.run import locking
from perfkit.run.folders import CouncilFolder, swap_into_place
from perfkit.run.locking import outputs_lock
from tests.run.process_support import python

pytestmark = pytest.mark.skipif(locking.fcntl is None, reason="swaps are locked where fcntl is")

COUNCIL, FOLDER = "E08000009", Path("2025-26-Q3") / "run"
#: Takes the lock of the outputs folder given, says so, and holds it.
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from perfkit.run.locking import outputs_lock

with outputs_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(300)
"""
#: How long the next run may take to get a lock whose holder was killed.
TAKEN_WITHIN_SECONDS = 2


def test_a_run_that_waits_for_the_lock_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(locking, "LOCK_NOTICE_SECONDS", 0.1)
    staging = tmp_path / ".staging-second"
    report = CouncilFolder(SimpleNamespace(folder=FOLDER), COUNCIL, tmp_path / COUNCIL / FOLDER,
                           staging / COUNCIL / FOLDER)
    report.staging.mkdir(parents=True)
    (report.staging / "index.html").write_text("second", encoding="utf-8")
    log = io.StringIO()
    second = threading.Thread(target=swap_into_place, args=(report, staging, log))
    with outputs_lock(tmp_path):  # another run is swapping
        second.start()
        time.sleep(0.5)
        assert not report.folder.exists()  # the second run waits...
        assert f"another run is writing to {tmp_path}" in log.getvalue()
    second.join(timeout=5)
    assert (report.folder / "index.html").read_text("utf-8") == "second"  # ...then swaps


def test_the_lock_of_a_killed_run_is_taken_at_once(tmp_path):
    holder = python(HOLD_THE_LOCK, str(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        holder.kill()  # the run is killed while it holds the lock: the file stays
        holder.wait()
        assert (tmp_path / locking.LOCK_FILE).exists()
        started = time.monotonic()
        with outputs_lock(tmp_path, io.StringIO()):
            assert time.monotonic() - started < TAKEN_WITHIN_SECONDS
    finally:
        holder.kill()
    assert not (tmp_path / locking.LOCK_FILE).exists()
