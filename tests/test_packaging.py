"""environment.yml (for conda users) and pyproject.toml list the same dependencies."""

import re
import tomllib

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
