"""Reading a row of the assessment table (perfkit/report/assessment_row.py):
None, NaN and pandas' NA (the missing value of the Int64 rank columns) are all
absent; zero and text are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.report.assessment_row import is_absent


@pytest.mark.parametrize("value", [None, np.nan, float("nan"), pd.NA,
                                   pd.Series([pd.NA], dtype="Int64").iloc[0]])
def test_missing_values_are_absent(value):
    assert is_absent(value)


@pytest.mark.parametrize("value", [0, 0.0, 3, "", "none", False])
def test_values_are_not_absent(value):
    assert not is_absent(value)
