"""environment.yml (for conda users) and pyproject.toml list the same dependencies,
and the wheel ships what an installed perfkit needs: its notebooks above all."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.paths import ROOT


def _normalise(spec: str) -> str:
    return re.sub(r"\s+", "", spec).lower().replace("_", "-")


def test_environment_and_pyproject_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = [d for d in environment["dependencies"] if isinstance(d, str)]
    listed = [d for d in listed if not d.startswith(("python", "pip"))]
    pip_part = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_part[-1] == "-e .", "environment.yml should end by installing perfkit itself"
    listed += pip_part[:-1]  # packages conda-forge lacks come from PyPI
    assert sorted(map(_normalise, listed)) == sorted(map(_normalise, wanted))


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in environment["dependencies"]
                  if isinstance(d, str) and d.startswith("python"))
    assert _normalise(python) == "python" + _normalise(project["requires-python"])


# -- the wheel ships the notebooks ---------------------------------------------------------
#: What a build reads from the checkout (setup.py copies notebooks/ into the package).
_BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "perfkit", "notebooks")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, Path]:
    """A wheel built as pip builds one, from a copy of the checkout (so the
    build's own files stay out of it); and that copy."""
    tmp = tmp_path_factory.mktemp("build")
    source = tmp / "source"
    for name in _BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy(path, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                           "--wheel-dir", str(tmp / "dist"), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (built,) = (tmp / "dist").glob("perfkit-*.whl")
    return built, source


def test_the_wheel_ships_every_notebook_as_the_authors_wrote_it(wheel):
    built, _ = wheel
    with zipfile.ZipFile(built) as archive:
        shipped = {Path(name).name: archive.read(name) for name in archive.namelist()
                   if name.startswith("perfkit/notebooks/")}
        names = set(archive.namelist())
    authors = {p.name: p.read_bytes() for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert shipped == authors
    for data in ("perfkit/report/report.css", "perfkit/charts/palette.yaml",
                 "perfkit/run/templates/perfkit/index.html.j2"):
        assert data in names, data


def test_an_sdist_would_carry_the_notebooks(wheel):
    """A wheel built from an sdist needs notebooks/ in the sdist: the build's
    list of source files (what an sdist holds) names each one."""
    _, source = wheel
    listed = set((source / "perfkit.egg-info" / "SOURCES.txt").read_text("utf-8").split())
    assert {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")} <= listed


def test_the_installed_package_finds_its_own_notebooks(wheel, tmp_path):
    """Installed from the wheel, perfkit runs the notebooks inside it, from any folder."""
    built, _ = wheel
    target = tmp_path / "site"
    with zipfile.ZipFile(built) as archive:
        archive.extractall(target)  # what installing a pure-Python wheel puts in place
    code = ("from perfkit.run.notebook_source import notebooks_folder; "
            "print(notebooks_folder())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target),
                                             "PYTHONSAFEPATH": "1"}, check=True)
    folder = Path(done.stdout.strip())
    assert folder == target / "perfkit" / "notebooks"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
