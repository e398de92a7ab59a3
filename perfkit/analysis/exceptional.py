"""Exceptional periods, such as the pandemic year: which figures fall in them.

A council names its exceptional periods in the optional ``exceptional_periods``
table. A figure is in one when the middle of its own period falls inside it,
so ``2020-21`` covers its months and quarters, the calendar year 2020 and the
academic year 2020/21, but not 2019/20. For such figures no target rating is
given, and the SPC limits are set from the other figures
(``docs/methodology.md``, "Exceptional periods").
"""

from __future__ import annotations

import pandas as pd

from perfkit.periods import try_parse_period

__all__ = ["exceptional_reason", "in_exceptional", "spans"]


def spans(table: pd.DataFrame | None) -> list[tuple[pd.Timestamp, pd.Timestamp, str, str]]:
    """Each exceptional period as (first day, last day, label, reason), in order."""
    if table is None or table.empty:
        return []
    found = []
    for label, reason in zip(table["period"], table["reason"], strict=True):
        period = try_parse_period(label)
        if period is not None:
            found.append((pd.Timestamp(period.start), pd.Timestamp(period.end),
                          str(label), str(reason)))
    return sorted(found)


def _midpoints(periods: pd.Series) -> pd.Series:
    """The middle day of each period label (NaT where unreadable), each label parsed once."""
    middles = {}
    for label in pd.unique(periods.dropna()):
        period = try_parse_period(label)
        if period is not None:
            start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
            middles[label] = start + (end - start) / 2
    return periods.map(middles).astype("datetime64[ns]")


def exceptional_reason(periods: pd.Series, table: pd.DataFrame | None) -> pd.Series:
    """For each period label, "<label> (<reason>)" of the exceptional period it
    falls in, or None."""
    found = pd.Series(None, index=periods.index, dtype=object)
    every = spans(table)
    if not every or periods.empty:
        return found
    middle = _midpoints(periods)
    for start, end, label, reason in every:
        inside = middle.between(start, end) & found.isna()
        found[inside] = f"{label} ({reason})"
    return found


def in_exceptional(periods: pd.Series, table: pd.DataFrame | None) -> pd.Series:
    """True for each period label that falls in an exceptional period."""
    return exceptional_reason(periods, table).notna()
