"""A stand-in for perfkit.analysis.verdict.assess in the runner's tests (the
real one is tested on its own): a table with the assessment's columns; and the
dates in a workbook a run wrote."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS
from perfkit.run.workbook import CREATED

#: A time stamp, as the tests look for them; and the one assessment.xlsx holds.
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d")
WORKBOOK_CREATED = CREATED.strftime("%Y-%m-%dT%H:%M").encode()


def workbook_stamps(path: Path) -> set[bytes]:
    """Every time stamp in the parts of an .xlsx file (a zip of XML files)."""
    with zipfile.ZipFile(path) as archive:
        return {s for name in archive.namelist() for s in STAMP.findall(archive.read(name))}


def assessment_rows(areas: list[str], indicators: list[str], values: list[float]) -> pd.DataFrame:
    """Rows with every assessment column: these values, steady, for 2024-25."""
    table = pd.DataFrame({column: [np.nan] * len(areas) for column in ASSESSMENT_COLUMNS})
    return table.assign(area_code=areas, indicator_id=indicators, value=values,
                        short_title=indicators, title=indicators, unit="percent",
                        polarity="higher_is_better", decimal_places=1, period="2024-25",
                        breakdown_dimension="all", breakdown_category="all",
                        enquiry_lines="legal_duties", verdict="steady",
                        verdict_label="Steady", verdict_reason="Within normal ups and downs.")
