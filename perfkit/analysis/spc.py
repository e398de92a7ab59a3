"""Statistical process control (SPC): XmR charts the NHS "Making Data Count" way.

:func:`xmr` judges one series and :func:`xmr_many` judges many at once (every
council and indicator) with the same arithmetic. Both return one row per point:
the moving range, the mean, the process limits (mean +/- 2.66 x mean moving
range), the lines two-thirds of the way to them, a column per rule and the
point's type (common cause, special cause improvement or concern). Then
:func:`variation` and :func:`assurance` sum up the latest point and the target
in plain English, as the Making Data Count icons do.

:func:`xmr_many` lives in :mod:`perfkit.analysis.spc_many` and the summaries in
:mod:`perfkit.analysis.spc_summary` (both build on this module). The arithmetic
on arrays lives in :mod:`perfkit.analysis.spc_limits` (the limits) and
:mod:`perfkit.analysis.spc_rules` (the rules). Every choice, and every place perfkit
departs from the Making Data Count tools or NHSRplotthedots, is written up in
``docs/methodology.md``. Nothing here draws.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from perfkit.analysis import spc_rules as rules
from perfkit.analysis.spc_limits import (
    LIMIT_FACTOR,
    MIN_POINTS_FOR_LIMITS,
    NEAR_LIMIT_FRACTION,
    SCREEN_FACTOR,
)
from perfkit.periods import Period, period_end_dates, try_parse_period

__all__ = [
    "ASSURANCES",
    "IMPROVEMENTS",
    "LIMIT_FACTOR",
    "MIN_POINTS_FOR_LIMITS",
    "MIN_POINTS_RELIABLE",
    "NEAR_LIMIT_FRACTION",
    "POINT_TYPES",
    "RUN_LENGTH",
    "SCREEN_FACTOR",
    "TREND_LENGTH",
    "SPCWarning",
    "clip_limits",
    "xmr",
]

RUN_LENGTH = 7
"""Points in a row on one side of the mean that make a run (MDC allows 6 or 7)."""
TREND_LENGTH = 7
"""Points in a row, each higher (or each lower) than the last, that make a trend."""
MIN_POINTS_RELIABLE = 12
"""Limits set from fewer values than this are trial limits, and a warning says so."""

IMPROVEMENTS = {"increase": 1, "decrease": -1, "neutral": 0}
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCES = ("consistently_passes", "hit_and_miss", "consistently_fails")
SIDES = ("low", "high")


class SPCWarning(UserWarning):
    """Limits that rest on too few values to trust."""


_ROW_COLUMNS = (
    "in_baseline",
    "moving_range",
    "moving_range_screened",
    "mean",
    "lpl",
    "upl",
    "lpl_two_thirds",
    "upl_two_thirds",
)


def _calculate(values, segment, direction, **options):
    """The rows :func:`xmr` and :func:`xmr_many` add, and the values per segment."""
    found = rules.assess(values, segment, direction, **options)
    side = found["side"]
    columns = {name: found[name] for name in _ROW_COLUMNS}
    columns.update({name: found[name] != 0 for name in rules.RULES})
    columns["special_cause"] = pd.Categorical.from_codes(
        np.where(side == 0, -1, (side + 1) // 2), categories=SIDES
    )
    columns["special_cause_rule"] = pd.Categorical.from_codes(found["rule"], categories=rules.RULES)
    columns["signal_points"] = found["signal_points"]
    columns["point_type"] = pd.Categorical.from_codes(found["point_type"], categories=POINT_TYPES)
    columns["trial_limits"] = found["n_base"][segment] < MIN_POINTS_RELIABLE
    return columns, found["n_base"], found["has_limits"]


def _with_target(result, target, direction):
    targets = np.broadcast_to(np.asarray(target, dtype=float), len(result))
    codes = rules.assurance_codes(
        targets, result["lpl"].to_numpy(), result["upl"].to_numpy(), direction
    )
    return result.assign(
        target=targets, assurance=pd.Categorical.from_codes(codes, categories=ASSURANCES)
    )


# -- checking arguments --------------------------------------------------------
def _direction(improvement: str) -> int:
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"improvement must be one of {sorted(IMPROVEMENTS)}, not {improvement!r}")
    return IMPROVEMENTS[improvement]


def _check_options(run_length, trend_length, baseline):
    for name, number, least in (("run_length", run_length, 2), ("trend_length", trend_length, 2)):
        if not isinstance(number, (int, np.integer)) or number < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {number!r}")
    if baseline is not None and (not isinstance(baseline, (int, np.integer)) or baseline < 1):
        raise ValueError(f"baseline must be a positive whole number of points, not {baseline!r}")


# -- one series ----------------------------------------------------------------
def _sort_key(periods: pd.Series) -> pd.Series | None:
    """End dates to put periods in order, or None when they cannot all be read."""
    if isinstance(periods.dtype, pd.PeriodDtype):
        return periods.dt.end_time
    if pd.api.types.is_datetime64_any_dtype(periods.dtype):
        return periods
    labels = periods.map(lambda p: p.label if isinstance(p, Period) else p)
    if not all(isinstance(label, str) for label in labels):
        return None
    ends = period_end_dates(labels)
    return None if ends.isna().any() else ends


def _series_frame(values, periods) -> pd.DataFrame:
    """The input as a frame of ``value`` (and ``period``), in time order."""
    if isinstance(values, pd.Series) and periods is None:
        if not isinstance(values.index, pd.RangeIndex):
            periods = values.index
    numbers = pd.to_numeric(pd.Series(np.asarray(values, dtype=object)), errors="raise")
    frame = pd.DataFrame({"value": numbers.to_numpy(dtype=float, na_value=np.nan)})
    if periods is None:
        return frame
    if len(periods) != len(frame):
        raise ValueError(f"{len(periods)} periods were given for {len(frame)} values")
    frame.insert(0, "period", pd.Series(periods).reset_index(drop=True))
    key = _sort_key(frame["period"])
    if (key if key is not None else frame["period"]).duplicated().any():
        raise ValueError("two values were given for the same period")
    if key is not None:
        frame = frame.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
    return frame


def _match_key(period):
    if isinstance(period, str):
        return try_parse_period(period) or period.strip()
    if isinstance(period, (pd.Timestamp, date)):
        return pd.Timestamp(period)
    return period


def _segments(frame: pd.DataFrame, rebase) -> np.ndarray:
    """Segment number of each row: a new segment starts at each rebase period
    (or, without periods, at each rebase position)."""
    starts = np.zeros(len(frame), dtype=bool)
    if len(frame):
        starts[0] = True
    if "period" in frame:
        keys = [_match_key(period) for period in frame["period"]]
    else:
        keys = list(range(len(frame)))
    for point in rebase or ():
        wanted = _match_key(point) if "period" in frame else point
        if wanted not in keys:
            raise ValueError(f"cannot rebase at {point!r}: there is no such point")
        starts[keys.index(wanted)] = True
    return np.cumsum(starts) - 1


def _excluded(frame: pd.DataFrame, exclude) -> np.ndarray:
    """True for each row left out of the limits and rules: each period (or,
    without periods, position) in ``exclude`` that the series has."""
    keys = ([_match_key(period) for period in frame["period"]] if "period" in frame
            else list(range(len(frame))))
    wanted = {_match_key(p) if "period" in frame else p for p in exclude or ()}
    return np.array([key in wanted for key in keys], dtype=bool)


def _warn_short(n_base: np.ndarray, has_limits: np.ndarray, name: str) -> list[str]:
    """One SPCWarning for each kind of short segment; returns the messages."""
    messages = []
    none = int(np.sum(~has_limits))
    trial = int(np.sum(has_limits & (n_base < MIN_POINTS_RELIABLE)))
    if none:
        messages.append(
            f"{none} {name} had too few values (fewer than {MIN_POINTS_FOR_LIMITS}, or none "
            "next to each other) to set limits from: no limits and no signals"
        )
    if trial:
        messages.append(
            f"{trial} {name} had fewer than {MIN_POINTS_RELIABLE} values to set limits from: "
            "these are trial limits, to be read with caution"
        )
    for message in messages:
        warnings.warn(message, SPCWarning, stacklevel=3)
    return messages


def xmr(
    values: Sequence[float] | pd.Series,
    improvement: str = "increase",
    *,
    periods: Sequence | pd.Index | None = None,
    baseline: int | None = None,
    rebase: Sequence | None = None,
    exclude: Sequence | None = None,
    screen_outliers: bool = True,
    run_length: int = RUN_LENGTH,
    trend_length: int = TREND_LENGTH,
    target: float | None = None,
) -> pd.DataFrame:
    """XmR chart calculations and special cause rules for one series.

    ``values`` are in time order, or a Series indexed by period (its index becomes
    the ``period`` column, and readable periods are put in order). NaN means missing
    or suppressed. ``improvement`` is "increase", "decrease" or "neutral".
    ``baseline`` fixes each segment's limits from its first n values; ``rebase``
    lists the periods (or, without periods, positions) where new limits start.
    ``exclude`` lists periods (or positions) left out of the limits and the
    rules, such as an exceptional year: they keep their value, are marked in an
    ``excluded`` column and have no point type, and no moving range spans them.
    ``screen_outliers`` leaves large moving ranges out of the limits (the Making Data
    Count spreadsheet does not). ``run_length`` and ``trend_length`` count points.
    A ``target`` adds ``target`` and ``assurance`` columns.

    Returns one row per point; ``attrs`` records the options and any warnings.
    """
    direction = _direction(improvement)
    _check_options(run_length, trend_length, baseline)
    frame = _series_frame(values, periods)
    segment = _segments(frame, rebase)
    left_out = _excluded(frame, exclude)
    values_array = np.where(left_out, np.nan, frame["value"].to_numpy())
    columns, n_base, has_limits = _calculate(
        values_array,
        segment,
        np.full(len(frame), direction, dtype=np.int8),
        baseline=baseline,
        screen=screen_outliers,
        run_length=run_length,
        trend_length=trend_length,
    )
    result = frame.assign(segment=segment, **columns, excluded=left_out)
    if target is not None:
        result = _with_target(result, target, direction)
    messages = _warn_short(n_base, has_limits, "segment(s)")
    result.attrs.update(
        improvement=improvement,
        screen_outliers=screen_outliers,
        run_length=run_length,
        trend_length=trend_length,
        baseline=baseline,
        rebase=list(rebase or []),
        exclude=list(exclude or []),
        target=target,
        warnings=messages,
        short_series=bool(np.any(n_base < MIN_POINTS_RELIABLE)),
    )
    return result


_LIMIT_COLUMNS = ("lpl", "upl", "lpl_two_thirds", "upl_two_thirds")


def clip_limits(result: pd.DataFrame, lower: float, upper: float,
                rows: pd.Series | None = None) -> pd.DataFrame:
    """Cut the process limits off at values the measure cannot take (0% and
    100% for a percentage), as the Making Data Count charts do. ``rows``
    chooses the rows to clip (all if None). The rules are unaffected: no value
    can lie beyond a bound it cannot pass."""
    out = result.copy()
    columns = list(_LIMIT_COLUMNS)
    limits = out[columns].to_numpy(dtype=float)
    clipped = np.clip(limits, lower, upper)  # missing limits stay missing
    if rows is not None:
        clipped = np.where(rows.to_numpy(dtype=bool)[:, None], clipped, limits)
    out[columns] = clipped
    return out
