"""The same parameters on the same data give the same pack, byte for byte.

A narrow real pack (legal duties and overview, two indicators, for the
analyst, so with charts) is made twice by ``perfkit run``, at the same time,
in two processes with different hash seeds and time zones, into two outputs
folders. ``assessment.csv``, every HTML page and the executed notebooks must
be byte-identical; ``manifest.json`` may differ only in its time stamps and
durations, the one place time stamps live.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN = f"""title: Determinism check
council: {COUNCIL}
period: 2025-26 Q3
notebooks: [legal_duties, overview]
indicators: [ehcp_20_weeks, assessments_45_working_days]
audience: analyst
data_dir: {REPO / "data"}
"""
#: Each run gets its own hash seed and time zone (set order and local time must not
#: matter); the first validates its data afresh everywhere, the second through a new
#: cache of validated data (perfkit.datacache, where there is one), so its kernels
#: read the cached copy: the two must give the same pack.
CACHE_VARIABLE = "PERFKIT_DATA_CACHE"
SETTINGS = ({"PYTHONHASHSEED": "1", "TZ": "UTC", CACHE_VARIABLE: "off"},
            {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", CACHE_VARIABLE: "{cache}"})
#: The manifest's time stamps and durations: the only things allowed to differ.
TIMES = ("started_utc", "finished_utc")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("determinism")
    run_file = tmp / "run.yaml"
    run_file.write_text(RUN, encoding="utf-8")
    started = [subprocess.Popen(
        [sys.executable, "-m", "perfkit.cli", "run", str(run_file), "--outputs",
         str(tmp / f"outputs-{i}"), "--notebooks-dir", str(REPO / "notebooks"), "--workers", "1"],
        cwd=tmp, env={**os.environ, **{k: v.format(cache=tmp / "cache")
                                        for k, v in settings.items()}}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for i, settings in enumerate(SETTINGS)]
    for process in started:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
    return [tmp / f"outputs-{i}" / COUNCIL / SLUG for i in range(len(SETTINGS))]


def test_both_runs_wrote_the_same_files(packs):
    first, second = ([p.name for p in sorted(pack.iterdir())] for pack in packs)
    assert first == second == ["assessment.csv", "index.html", "legal_duties.html",
                               "legal_duties.ipynb", "manifest.json", "overview.html",
                               "overview.ipynb"]


def test_assessment_is_byte_identical(packs):
    first, second = ((pack / "assessment.csv").read_bytes() for pack in packs)
    assert first.count(b"\n") > 2
    assert first == second


@pytest.mark.parametrize("page", ["index.html", "legal_duties.html", "overview.html"])
def test_html_is_byte_identical(packs, page):
    first, second = ((pack / page).read_bytes() for pack in packs)
    if first != second:
        at = next(i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b)
        pytest.fail(f"{page} differs at byte {at}: {first[at - 80:at + 80]!r} vs "
                    f"{second[at - 80:at + 80]!r}")


def _cells(path: Path) -> list[dict]:
    notebook = nbformat.read(path, as_version=4)
    return [{"source": c.source, "outputs": c.get("outputs"), "tags": c.metadata.get("tags")}
            for c in notebook.cells]


@pytest.mark.parametrize("notebook", ["legal_duties.ipynb", "overview.ipynb"])
def test_executed_notebooks_have_identical_outputs(packs, notebook):
    first, second = (_cells(pack / notebook) for pack in packs)
    assert any(cell["outputs"] for cell in first)
    assert first == second


@pytest.mark.parametrize("notebook", ["legal_duties.ipynb", "overview.ipynb"])
def test_executed_notebooks_are_byte_identical(packs, notebook):
    """Including the cell papermill adds for the parameters, whose id it makes
    at random (the runner gives it a fixed one)."""
    first, second = ((pack / notebook).read_bytes() for pack in packs)
    assert first == second


def test_manifests_differ_only_in_time(packs):
    first, second = (json.loads((pack / "manifest.json").read_text("utf-8")) for pack in packs)
    for manifest in (first, second):
        assert all(STAMP.match(manifest[key]) for key in TIMES)
        for result in manifest["results"]:
            assert result.pop("duration_seconds") >= 0
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert set(differing) <= set(TIMES), differing


def test_time_stamps_are_only_in_the_manifest(packs):
    for path in sorted(packs[0].iterdir()):
        if path.name != "manifest.json":
            assert not STAMP.search(path.read_text("utf-8")), path.name


def test_the_second_run_read_its_data_through_the_cache(packs):
    if importlib.util.find_spec("perfkit.datacache") is None:
        pytest.skip("this perfkit has no cache of validated data")
    cache = packs[1].parents[2] / "cache"
    assert [p for p in cache.iterdir() if not p.name.startswith(".")], "nothing was cached"
