"""A small valid data folder for the tests of reading files laid out
differently (title rows, workbooks, perfkit.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfkit.data.loading import validate_data
from tests.data.test_validation import AREAS, INDICATORS, OBSERVATIONS, TARGETS


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """areas, indicators, observations and targets, as the contract asks."""
    for name, text in [("areas", AREAS), ("indicators", INDICATORS),
                       ("observations", OBSERVATIONS), ("targets", TARGETS)]:
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def problems_of(folder: Path, severity: str | None = None):
    """Every problem found in the folder (of one severity, if given)."""
    _, problems = validate_data(folder, cache=False)
    return [p for p in problems if severity is None or p.severity == severity]
