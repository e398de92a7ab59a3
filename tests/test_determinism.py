"""The same parameters on the same data give the same pack, byte for byte.

A narrow real pack (legal duties and overview, two indicators, for the
analyst, so with charts) is made twice by ``perfkit run``, at the same time,
in two processes with different hash seeds and time zones, into two outputs
folders; then a third time, taking its validated data and its charts from
the cache the second run filled. ``assessment.csv``, every HTML page and the
executed notebooks must be byte-identical; ``manifest.json`` may differ only
in its time stamps and durations, the one place time stamps live.
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

from tests.paths import ROOT

COUNCIL, SLUG = "E08000009", "2025-26-Q3"
RUN_NAME = "run"  # the run file is run.yaml: reports go to <council>/<period>/run
RUN = f"""title: Determinism check
council: {COUNCIL}
period: 2025-26 Q3
notebooks: [legal_duties, overview]
indicators: [ehcp_20_weeks, assessments_45_working_days]
audience: analyst
data_dir: {ROOT / "data"}
"""
#: Each run gets its own hash seed and time zone (set order and local time must not
#: matter); the first validates its data and draws its charts afresh everywhere, the
#: second through a new cache (perfkit.data.cache, perfkit.charts.cache), so its kernels
#: read the validated data from it and keep their charts in it; the third, started
#: when the second has finished, finds both there: all must give the same pack.
CACHE_VARIABLE = "PERFKIT_CACHE"
SETTINGS = ({"PYTHONHASHSEED": "1", "TZ": "UTC", CACHE_VARIABLE: "off"},
            {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", CACHE_VARIABLE: "{cache}"},
            {"PYTHONHASHSEED": "77", "TZ": "Europe/London", CACHE_VARIABLE: "{cache}"})
#: The manifest's time stamps and durations: the only things allowed to differ.
TIMES = ("started_utc", "finished_utc")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("determinism")
    run_file = tmp / "run.yaml"
    run_file.write_text(RUN, encoding="utf-8")
    def start(number: int) -> subprocess.Popen:
        settings = {k: v.format(cache=tmp / "cache") for k, v in SETTINGS[number].items()}
        return subprocess.Popen(
            [sys.executable, "-m", "perfkit.run.cli", "run", str(run_file), "--outputs",
             str(tmp / f"outputs-{number}"), "--notebooks-dir", str(ROOT / "notebooks"),
             "--workers", "1"], cwd=tmp, env={**os.environ, **settings},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    for batch in ([start(0), start(1)], [start(2)]):
        for process in batch:
            _, err = process.communicate(timeout=600)
            assert process.returncode == 0, err
    return [tmp / f"outputs-{i}" / COUNCIL / SLUG / RUN_NAME for i in range(len(SETTINGS))]


def test_the_third_run_found_its_charts_kept(packs):
    kept = list((packs[0].parents[3] / "cache" / "charts").rglob("output.pkl"))
    assert len(kept) >= 4  # each indicator's SPC and peer charts, drawn by the second run


def test_every_run_wrote_the_same_files(packs):
    first, *others = ([p.name for p in sorted(pack.iterdir())] for pack in packs)
    assert first == ["assessment.csv", "index.html", "legal_duties.html", "legal_duties.ipynb",
                     "manifest.json", "overview.html", "overview.ipynb"]
    assert all(other == first for other in others)


def test_assessment_is_byte_identical(packs):
    first, *others = ((pack / "assessment.csv").read_bytes() for pack in packs)
    assert first.count(b"\n") > 2
    assert all(other == first for other in others)


@pytest.mark.parametrize("page", ["index.html", "legal_duties.html", "overview.html"])
def test_html_is_byte_identical(packs, page):
    first, *others = ((pack / page).read_bytes() for pack in packs)
    for number, other in enumerate(others, start=2):
        if first != other:
            at = next(i for i, (a, b) in enumerate(zip(first, other, strict=False)) if a != b)
            pytest.fail(f"{page} of run {number} differs at byte {at}: "
                        f"{first[at - 80:at + 80]!r} vs {other[at - 80:at + 80]!r}")


def _cells(path: Path) -> list[dict]:
    notebook = nbformat.read(path, as_version=4)
    return [{"source": c.source, "outputs": c.get("outputs"), "tags": c.metadata.get("tags")}
            for c in notebook.cells]


@pytest.mark.parametrize("notebook", ["legal_duties.ipynb", "overview.ipynb"])
def test_executed_notebooks_have_identical_outputs(packs, notebook):
    first, *others = (_cells(pack / notebook) for pack in packs)
    assert any(cell["outputs"] for cell in first)
    assert all(other == first for other in others)


@pytest.mark.parametrize("notebook", ["legal_duties.ipynb", "overview.ipynb"])
def test_executed_notebooks_are_byte_identical(packs, notebook):
    """Including the cell papermill adds for the parameters, whose id it makes
    at random (the runner gives it a fixed one)."""
    first, *others = ((pack / notebook).read_bytes() for pack in packs)
    assert all(other == first for other in others)


def test_manifests_differ_only_in_time(packs):
    first, *others = (json.loads((pack / "manifest.json").read_text("utf-8")) for pack in packs)
    for manifest in (first, *others):
        assert all(STAMP.match(manifest[key]) for key in TIMES)
        for result in manifest["results"]:
            assert result.pop("duration_seconds") >= 0
    for other in others:
        differing = sorted(k for k in first.keys() | other.keys()
                           if first.get(k) != other.get(k))
        assert set(differing) <= set(TIMES), differing


def test_time_stamps_are_only_in_the_manifest(packs):
    for path in sorted(packs[0].iterdir()):
        if path.name != "manifest.json":
            assert not STAMP.search(path.read_text("utf-8")), path.name


def test_the_second_run_read_its_data_through_the_cache(packs):
    if importlib.util.find_spec("perfkit.data.cache") is None:
        pytest.skip("this perfkit has no cache of validated data")
    cache = packs[1].parents[3] / "cache"
    assert [p for p in cache.iterdir() if not p.name.startswith(".")], "nothing was cached"
