"""A stand-in for perfkit.analysis.verdict.assess in the runner's tests (the
real one is tested on its own): a table with the assessment's columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS


def assessment_rows(areas: list[str], indicators: list[str], values: list[float]) -> pd.DataFrame:
    """Rows with every assessment column: these values, steady, for 2024-25."""
    table = pd.DataFrame({column: [np.nan] * len(areas) for column in ASSESSMENT_COLUMNS})
    return table.assign(area_code=areas, indicator_id=indicators, value=values,
                        short_title=indicators, title=indicators, unit="percent",
                        polarity="higher_is_better", decimal_places=1, period="2024-25",
                        breakdown_dimension="all", breakdown_category="all",
                        enquiry_lines="legal_duties", verdict="steady",
                        verdict_label="Steady", verdict_reason="Within normal ups and downs.")
