"""The same parameters on the same data give the same pack, byte for byte.

A narrow real pack (legal duties and overview, two indicators, for the
analyst, so with charts) is made twice by ``perfkit run``, at the same time,
in two processes with different hash seeds and time zones, into two outputs
folders; then a third time, taking its validated data and its charts from
the cache the second run filled. ``assessment.csv``, ``assessment.xlsx``, every
HTML page and the executed notebooks must be byte-identical; ``manifest.json`` may differ only
in its time stamps and durations, the one place time stamps live.

Every process of each run (the command, its worker and the notebook kernels)
loads a small hook (``HOOK``, a ``sitecustomize`` put first on PYTHONPATH) that
notes in a log, one line each, every figure perfkit makes for a chart
(:func:`perfkit.charts.style.new_figure`, which every chart function calls) and
every SVG it renders (:func:`perfkit.charts.style.render_svg`). So the tests
count the charts each run drew: the third run, a rerun over a full cache, must
draw none at all, not only give the same files.
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
from tests.run.fakes import WORKBOOK_CREATED, workbook_stamps

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
#: The environment variable naming the log the hook writes to.
DRAWING_LOG = "PERFKIT_TEST_DRAWING_LOG"

HOOK = '''"""Test hook: note each chart perfkit draws, in every process of a run."""
import os
import sys
from importlib.machinery import PathFinder

_LOG = os.environ.get("PERFKIT_TEST_DRAWING_LOG")
_STYLE = "perfkit.charts.style"


def _note(kind):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{kind}\\t{os.getpid()}\\t{' '.join(getattr(sys, 'orig_argv', sys.argv))}\\n")


def _counted(kind, function):
    def counted(*args, **kwargs):
        _note(kind)
        return function(*args, **kwargs)
    return counted


class _Watch:
    """Wraps new_figure and render_svg as soon as perfkit.charts.style is loaded,
    before any other module can take its own reference to them."""

    def find_spec(self, name, path, target=None):
        if name != _STYLE:
            return None
        spec = PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            module.new_figure = _counted("figure", module.new_figure)
            module.render_svg = _counted("svg", module.render_svg)
            _note("watching")

        spec.loader.exec_module = exec_module
        return spec


if _LOG:
    sys.meta_path.insert(0, _Watch())
'''


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("determinism")
    run_file = tmp / "run.yaml"
    run_file.write_text(RUN, encoding="utf-8")
    hook = tmp / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))

    def start(number: int) -> subprocess.Popen:
        settings = {k: v.format(cache=tmp / "cache") for k, v in SETTINGS[number].items()}
        settings.update(PYTHONPATH=path, **{DRAWING_LOG: str(_log(tmp, number))})
        return subprocess.Popen(
            [sys.executable, "-m", "perfkit.run.cli", "run", str(run_file), "--outputs",
             str(tmp / f"outputs-{number}"), "--notebooks-dir", str(ROOT / "notebooks"),
             "--workers", "1"], cwd=tmp, env={**os.environ, **settings},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    for batch in ((0, 1), (2,)):  # the third starts only when the first two have ended
        for process in [start(number) for number in batch]:
            _, err = process.communicate(timeout=600)
            assert process.returncode == 0, err
    return [tmp / f"outputs-{i}" / COUNCIL / SLUG / RUN_NAME for i in range(len(SETTINGS))]


def _log(tmp: Path, number: int) -> Path:
    return tmp / f"drawings-{number}.log"


def _drawings(packs: list[Path], number: int) -> dict[str, list[str]]:
    """What the hook noted in one run: for each kind of line ("watching",
    "figure", "svg"), the command line of the process that wrote each one."""
    log = _log(packs[0].parents[3], number)
    found: dict[str, list[str]] = {"watching": [], "figure": [], "svg": []}
    for line in log.read_text("utf-8").splitlines() if log.exists() else []:
        kind, _, command = line.split("\t", 2)
        found[kind].append(command)
    return found


def test_the_hook_watched_the_kernels_of_every_run(packs):
    """Without it, counting no drawings would prove nothing."""
    for number in range(len(SETTINGS)):
        kernels = [c for c in _drawings(packs, number)["watching"] if "ipykernel" in c]
        assert len(kernels) >= 2, (number, kernels)  # a kernel for each notebook


def test_the_first_two_runs_drew_their_charts(packs):
    afresh, filling = _drawings(packs, 0), _drawings(packs, 1)
    assert afresh["figure"] and afresh["svg"]  # no cache: every chart is drawn
    # a new cache: each distinct chart drawn once, then kept
    assert 0 < len(filling["figure"]) <= len(afresh["figure"])
    assert all("ipykernel" in command for command in afresh["figure"] + filling["figure"])


def test_the_rerun_drew_no_chart(packs):
    """The third run took every chart from the cache: no figure was made and no
    SVG rendered, in any process of the run."""
    rerun = _drawings(packs, 2)
    assert rerun["figure"] == [] and rerun["svg"] == []


def test_the_third_run_found_its_charts_kept(packs):
    kept = list((packs[0].parents[3] / "cache" / "charts").rglob("output.pkl"))
    assert len(kept) >= 2  # the charts of the measures worth one, drawn by the second run
    # and the second run drew each chart it kept once, and no other
    assert len(_drawings(packs, 1)["figure"]) == len(kept)


def test_every_run_wrote_the_same_files(packs):
    first, *others = ([p.name for p in sorted(pack.iterdir())] for pack in packs)
    assert first == ["assessment.csv", "assessment.xlsx", "glossary.html", "index.html",
                     "legal_duties.html", "legal_duties.ipynb", "manifest.json", "overview.html",
                     "overview.ipynb"]
    assert all(other == first for other in others)


def test_assessment_is_byte_identical(packs):
    first, *others = ((pack / "assessment.csv").read_bytes() for pack in packs)
    assert first.count(b"\n") > 2
    assert all(other == first for other in others)


def test_the_assessment_workbook_is_byte_identical(packs):
    """Its parts carry the zip format's fixed date and its "created" property
    is fixed (perfkit.run.workbook), so it does not change with the time."""
    first, *others = ((pack / "assessment.xlsx").read_bytes() for pack in packs)
    assert first.startswith(b"PK")
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
        if path.suffix == ".xlsx":  # a zip of XML files: its one date is the fixed one
            assert workbook_stamps(path) == {WORKBOOK_CREATED}, path.name
        elif path.name != "manifest.json":
            assert not STAMP.search(path.read_text("utf-8")), path.name


def test_the_second_run_read_its_data_through_the_cache(packs):
    if importlib.util.find_spec("perfkit.data.cache") is None:
        pytest.skip("this perfkit has no cache of validated data")
    cache = packs[1].parents[3] / "cache"
    assert [p for p in cache.iterdir() if not p.name.startswith(".")], "nothing was cached"
