"""Staging folders left by runs killed outright are cleared by a later run;
a staging folder of a run still going is never touched."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from perfkit.run import runner, staging
from perfkit.run.mappers import serial_mapper
from tests.run.process_support import PROC, python

COUNCIL, OTHER, RUN_FOLDER = "E08000009", "E08000001", Path("2025-26-Q3") / "run"
#: Makes a staging folder in the outputs folder given, says where, then waits
#: for a line on stdin and exits without removing it (as a killed run would).
MAKE_STAGING_AND_WAIT = """
import sys
from pathlib import Path
from perfkit.run.staging import make_staging

print(make_staging(Path(sys.argv[1])), flush=True)
sys.stdin.readline()
"""


def _other_run(outputs: Path) -> tuple[subprocess.Popen, Path]:
    """A run in another process that has made its staging folder and goes on."""
    process = python(MAKE_STAGING_AND_WAIT, str(outputs), stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, text=True)
    return process, Path(process.stdout.readline().strip())


def _record(folder: Path, **owner) -> None:
    folder.mkdir()
    (folder / staging.OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")


def test_a_staging_folder_is_kept_while_its_run_goes_on_and_removed_after(tmp_path):
    process, folder = _other_run(tmp_path)
    try:
        log = io.StringIO()
        assert staging.remove_stale_staging(tmp_path, log) == []
        assert folder.is_dir() and log.getvalue() == ""
    finally:
        process.communicate("\n")  # the run ends, as if killed: its folder stays
    assert folder.is_dir()
    log = io.StringIO()
    assert staging.remove_stale_staging(tmp_path, log) == [folder]
    assert not folder.exists()
    assert f"Removed {folder}: left by a run (process {process.pid})" in log.getvalue()


def test_a_run_keeps_its_own_staging_folder(tmp_path):
    mine = staging.make_staging(tmp_path)
    assert json.loads((mine / staging.OWNER_FILE).read_text("utf-8"))["pid"] == os.getpid()
    assert staging.remove_stale_staging(tmp_path, io.StringIO()) == []
    assert mine.is_dir()


def test_folders_whose_owner_cannot_be_checked_are_kept(tmp_path):
    ended = python("pass")
    ended.wait()
    _record(tmp_path / ".staging-elsewhere", host=f"not-{socket.gethostname()}",
            pid=ended.pid, process_started=None)
    (tmp_path / ".staging-no-record").mkdir()  # a run making it now, or an older perfkit
    _record(tmp_path / ".staging-no-process-id", host=socket.gethostname())
    assert staging.remove_stale_staging(tmp_path, io.StringIO()) == []
    assert len(list(tmp_path.iterdir())) == 3


def test_an_earlier_folder_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    """The run was killed between the two renames of one council's swap; the
    swap of another council was done."""
    run, folder = _other_run(tmp_path)
    moved = folder / staging.SET_ASIDE / COUNCIL / RUN_FOLDER  # the earlier folder, aside
    moved.mkdir(parents=True)
    (moved / "index.html").write_text("the earlier report", encoding="utf-8")
    (folder / COUNCIL / RUN_FOLDER).mkdir(parents=True)  # the new one, not yet moved in
    (folder / staging.SET_ASIDE / OTHER / RUN_FOLDER).mkdir(parents=True)
    (tmp_path / OTHER / RUN_FOLDER).mkdir(parents=True)  # swapped in
    run.communicate("\n")
    log = io.StringIO()
    assert staging.remove_stale_staging(tmp_path, log) == [folder]
    final = tmp_path / COUNCIL / RUN_FOLDER
    assert (final / "index.html").read_text("utf-8") == "the earlier report"
    assert f"Put back {final}" in log.getvalue()
    assert OTHER not in log.getvalue()  # its new folder stands
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([COUNCIL, OTHER])


@pytest.mark.skipif(not PROC.is_dir(), reason="start times are read from /proc (Linux)")
def test_a_folder_whose_process_id_is_now_another_process_is_removed(tmp_path):
    _record(tmp_path / ".staging-reused", host=socket.gethostname(), pid=os.getpid(),
            process_started="1")  # this process's id, but a process that started at boot
    assert staging.remove_stale_staging(tmp_path, io.StringIO()) == [tmp_path / ".staging-reused"]


def test_a_run_clears_stale_staging_folders_when_it_starts(tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    live, live_folder = _other_run(outputs)
    killed, killed_folder = _other_run(outputs)
    killed.kill()
    killed.wait()
    log = io.StringIO()
    try:
        runner.run_reports([], outputs, mapper=serial_mapper, log=log)
        assert live_folder.is_dir()
        assert not killed_folder.exists()
        assert f"Removed {killed_folder}" in log.getvalue()
    finally:
        live.communicate("\n")
