"""SPC for many series at once: :func:`xmr_many`.

It judges every council and indicator in a long table with the arithmetic of
:func:`perfkit.analysis.spc.xmr`, without a loop per series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfkit.analysis.spc import (
    IMPROVEMENTS,
    MIN_POINTS_RELIABLE,
    RUN_LENGTH,
    TREND_LENGTH,
    _calculate,
    _check_options,
    _warn_short,
    _with_target,
)
from perfkit.periods import period_end_dates

__all__ = ["xmr_many"]


# -- many series ---------------------------------------------------------------
def _directions(frame: pd.DataFrame, improvement: str) -> np.ndarray:
    """+1/-1/0 per row, from one improvement for all or from a column of them."""
    if improvement in IMPROVEMENTS:
        return np.full(len(frame), IMPROVEMENTS[improvement], dtype=np.int8)
    if improvement not in frame:
        raise ValueError(
            f"improvement must be one of {sorted(IMPROVEMENTS)} or a column, not {improvement!r}"
        )
    codes = frame[improvement].map(IMPROVEMENTS)
    if codes.isna().any():
        bad = sorted(set(frame.loc[codes.isna(), improvement].astype(str)))
        raise ValueError(
            f"column {improvement!r} has values other than {sorted(IMPROVEMENTS)}: {bad}"
        )
    return codes.to_numpy(dtype=np.int8)


def _order_values(frame: pd.DataFrame, order: str) -> pd.Series:
    if order in frame:
        ordered = frame[order]
    elif "period" in frame:
        ordered = period_end_dates(frame["period"])
    else:
        raise ValueError(f"there is no column {order!r} (nor 'period') to put points in order")
    if ordered.isna().any():
        raise ValueError(f"{int(ordered.isna().sum())} rows have no {order!r} to order them by")
    return ordered


def _sorted_many(frame, by, order):
    """The frame in series-then-time order, with each row's series number."""
    series = (
        frame.groupby(by, sort=False, dropna=False).ngroup().to_numpy()
        if by
        else (np.zeros(len(frame), dtype=np.int64))
    )
    ordered = _order_values(frame, order).to_numpy()
    numeric = ordered.dtype.kind in "iufmM"
    rank = ordered if numeric else pd.factorize(ordered, sort=True)[0]
    sorter = np.lexsort((rank, series))
    series, ordered, rank = series[sorter], ordered[sorter], rank[sorter]
    repeated = (series[1:] == series[:-1]) & (rank[1:] == rank[:-1])
    if repeated.any():
        row = frame.iloc[sorter[1:][repeated][0]]
        where = ", ".join(f"{column}={row[column]!r}" for column in by)
        when = ordered[1:][repeated][0]
        raise ValueError(f"two values for the same series and time ({where} at {when})")
    return frame.iloc[sorter].reset_index(drop=True), series


def xmr_many(
    frame: pd.DataFrame,
    value: str = "value",
    by: str | Sequence[str] = (),
    order: str = "period_end",
    improvement: str = "increase",
    *,
    rebase: str | None = None,
    exclude: str | None = None,
    baseline: int | None = None,
    screen_outliers: bool = True,
    run_length: int = RUN_LENGTH,
    trend_length: int = TREND_LENGTH,
    target: str | float | None = None,
) -> pd.DataFrame:
    """:func:`xmr` for every series in a long table at once, without a loop per series.

    Each combination of the ``by`` columns is one series, put in order by the
    ``order`` column (or by the end dates of a ``period`` column). ``improvement`` is
    one direction for all or the name of a column of them. ``rebase`` names a column
    that is True where new limits start; ``exclude`` names a column that is True for
points left out of the limits and rules (as :func:`xmr`'s ``exclude``);
``target`` is one number or a column. The
    result is the frame sorted by series and time, with the columns :func:`xmr` adds;
    one SPCWarning counts the segments with too few values.
    """
    by = [by] if isinstance(by, str) else list(by)
    _check_options(run_length, trend_length, baseline)
    data, series = _sorted_many(frame, by, order)
    direction = _directions(data, improvement)
    new_series = np.ones(len(data), dtype=bool)
    new_series[1:] = series[1:] != series[:-1]
    starts = new_series.copy()
    if rebase is not None:
        starts |= data[rebase].eq(True).to_numpy(dtype=bool)
    segment = np.cumsum(starts) - 1
    values = pd.to_numeric(data[value], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    left_out = (data[exclude].eq(True).to_numpy(dtype=bool) if exclude is not None
                else np.zeros(len(data), dtype=bool))
    values = np.where(left_out, np.nan, values)
    columns, n_base, has_limits = _calculate(
        values,
        segment,
        direction,
        baseline=baseline,
        screen=screen_outliers,
        run_length=run_length,
        trend_length=trend_length,
    )
    first_segment = segment[new_series][series]
    result = data.assign(segment=segment - first_segment, **columns, excluded=left_out)
    if target is not None:
        targets = data[target].to_numpy(dtype=float) if isinstance(target, str) else target
        result = _with_target(result, targets, direction)
    messages = _warn_short(n_base, has_limits, "of the series' segments")
    result.attrs.update(
        improvement=improvement,
        screen_outliers=screen_outliers,
        run_length=run_length,
        trend_length=trend_length,
        baseline=baseline,
        rebase=rebase,
        exclude=exclude,
        target=target,
        warnings=messages,
        short_segments=int(np.sum(n_base < MIN_POINTS_RELIABLE)),
        by=by,
    )
    return result
