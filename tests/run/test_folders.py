"""Swapping a council's folder into place: two runs writing to one outputs
folder at once take turns, and neither crashes nor leaves a folder half-swapped."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from perfkit.run.folders import CouncilFolder, swap_into_place

COUNCIL, FOLDER = "E08000009", Path("2025-26-Q3") / "run"
#: Runs swapping the same folder at once, and swaps each.
RUNS, SWAPS = 3, 10
#: A pause after each rename, as on a busy or network drive: without the lock,
#: another run's rename comes between a swap's two (a stress test without the
#: pause saw 327 failed swaps in 6,000).
RENAME_PAUSE_SECONDS = 0.01


def _staged(outputs: Path, name: str) -> tuple[CouncilFolder, Path]:
    """A run's staging folder holding the council's new folder, signed ``name``."""
    staging = outputs / f".staging-{name}"
    report = CouncilFolder(SimpleNamespace(folder=FOLDER), COUNCIL, outputs / COUNCIL / FOLDER,
                           staging / COUNCIL / FOLDER)
    report.staging.mkdir(parents=True)
    (report.staging / "index.html").write_text(name, encoding="utf-8")
    return report, staging


def _run(outputs: Path, run: int, start: threading.Barrier, failures: list) -> None:
    for swap in range(SWAPS):
        report, staging = _staged(outputs, f"{run}-{swap}")
        start.wait()  # every run swaps at the same moment
        try:
            swap_into_place(report, staging, io.StringIO())
        except OSError as error:
            failures.append(error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@pytest.fixture
def slow_renames(monkeypatch):
    rename = os.replace

    def rename_slowly(source, target):
        rename(source, target)
        time.sleep(RENAME_PAUSE_SECONDS)

    monkeypatch.setattr(os, "replace", rename_slowly)


@pytest.mark.usefixtures("slow_renames")
def test_runs_swapping_one_folder_at_once_take_turns(tmp_path):
    start, failures = threading.Barrier(RUNS), []
    runs = [threading.Thread(target=_run, args=(tmp_path, run, start, failures))
            for run in range(RUNS)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert failures == []
    final = tmp_path / COUNCIL / FOLDER
    assert [p.name for p in final.iterdir()] == ["index.html"]  # one run's folder, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [COUNCIL]  # and nothing else
