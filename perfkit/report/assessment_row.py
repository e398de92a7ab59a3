"""One row of the assessment table (see :mod:`perfkit.analysis.verdict`), as
the narrative and the scrutiny questions read it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from perfkit.formatting import is_missing

__all__ = ["Row", "is_absent"]

#: A row of the assessment table: a pandas row, or any mapping of its columns.
Row = Mapping[str, object]


def is_absent(value: object) -> bool:
    """None, NaN, or pandas' NA: ranks and quartiles are Int64 columns, whose
    missing values are NA."""
    return value is None or value is pd.NA or is_missing(value)
