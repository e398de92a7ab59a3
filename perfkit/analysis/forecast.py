"""Year-end forecasts: where each series is heading if its recent trend
continues, and the change per period needed to reach its target.

A least-squares straight line through the last few points of each series,
fitted for every series at once from grouped sums (no loop per series).
Definitions are in ``docs/methodology.md`` ("Targets, RAG and forecasts").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.targets import FLOAT_SLACK, SERIES_KEYS
from perfkit.periods import parse_period
from perfkit.polarity import polarity_sign

__all__ = [
    "DEFAULT_TREND_POINTS",
    "MIN_TREND_POINTS",
    "PERCENT_BOUNDS",
    "natural_bounds",
    "forecast_year_end",
    "forecast_year_ends",
]

DEFAULT_TREND_POINTS = 8
"""The forecast trend is fitted to the last 8 points (two years of quarters)."""
MIN_TREND_POINTS = 3
PERCENT_BOUNDS = (0.0, 100.0)
#: Units whose figures cannot fall below zero (money can: an underspend).
_NOT_NEGATIVE = ("count", "rate_per_1000", "rate_per_10000", "rate_per_100000", "days",
                 "weeks", "years", "ratio")


def natural_bounds(unit: str) -> tuple[float, float] | None:
    """The range a figure in ``unit`` cannot leave (0 to 100 for a percentage,
    0 and up for a count or a rate), or None: limits and forecasts are clipped
    to it."""
    if unit == "percent":
        return PERCENT_BOUNDS
    return (0.0, float("inf")) if unit in _NOT_NEGATIVE else None
FINANCIAL_YEAR_END_MONTH = 3
ANNUAL_KINDS = ("financial_year", "academic_year", "calendar_year")


def _period_positions(labels: pd.Series) -> pd.DataFrame:
    """Kind and ordinal (consecutive periods of a kind differ by 1) of each label,
    parsing each distinct label once."""
    codes, uniques = pd.factorize(labels)
    periods = [parse_period(label) for label in uniques]
    kinds = np.array([p.kind for p in periods], dtype=object)
    ordinals = np.array([(p.start.year * 12 + p.start.month - 1) // p.months for p in periods])
    return pd.DataFrame({"period_kind": kinds[codes], "ordinal": ordinals[codes]},
                        index=labels.index)


def _forecast_periods(labels: pd.Series) -> pd.DataFrame:
    """The period each forecast is for and how many periods ahead it is.

    Annual series: the next year. Shorter periods: the last period of the
    financial year (the one ending in March) that follows the latest period, so
    a series whose latest point is already at a year end looks to the next one.
    """
    rows = {}
    for label in labels.unique():
        period = parse_period(label)
        steps = 1
        if period.kind not in ANNUAL_KINDS:
            while period.shift(steps).end.month != FINANCIAL_YEAR_END_MONTH:
                steps += 1
        rows[label] = (period.shift(steps).label, steps)
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["forecast_period", "periods_ahead"])
    return table.reindex(labels.to_numpy()).set_index(labels.index)


def _series_frame(observations: pd.DataFrame, indicators: pd.DataFrame | None,
                  keys: list[str]) -> pd.DataFrame:
    """The observed points with polarity, unit, period kind and ordinal."""
    frame = observations.dropna(subset=["value"])
    for column in ("breakdown_dimension", "breakdown_category"):
        if column in keys and column not in frame.columns:
            frame = frame.assign(**{column: "all"})
    if indicators is not None:
        frame = frame.drop(columns=["polarity", "unit"], errors="ignore").merge(
            indicators[["indicator_id", "polarity", "unit"]], on="indicator_id", how="left")
    if "polarity" not in frame.columns:
        raise ValueError("forecasts need a polarity column or the indicators table")
    if "unit" not in frame.columns:
        frame = frame.assign(unit=None)
    frame = frame[[*keys, "period", "value", "polarity", "unit"]]
    return pd.concat([frame, _period_positions(frame["period"])], axis=1)


def _fit_trends(frame: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Least-squares line through each series, from group sums (no loop per series).

    x counts periods back from the latest (latest = 0); slope = Sxy / Sxx of
    the deviations from the means, and the line's value at the latest period is
    mean(y) - slope x mean(x).
    """
    grouped = frame.groupby(group, dropna=False, sort=False)
    x = frame["ordinal"] - grouped["ordinal"].transform("max")
    dx = x - x.groupby([frame[k] for k in group], dropna=False).transform("mean")
    dy = frame["value"] - grouped["value"].transform("mean")
    sums = frame.assign(x=x, sxx=dx * dx, sxy=dx * dy).groupby(group, dropna=False).agg(
        latest_period=("period", "last"), latest_value=("value", "last"),
        points_used=("value", "size"), mean_x=("x", "mean"), mean_y=("value", "mean"),
        sxx=("sxx", "sum"), sxy=("sxy", "sum"), polarity=("polarity", "first"),
        unit=("unit", "first"))
    enough = sums["points_used"] >= MIN_TREND_POINTS
    slope = (sums["sxy"] / sums["sxx"]).where(enough)
    return sums.assign(trend_per_period=slope,
                       fitted_latest=sums["mean_y"] - slope * sums["mean_x"]).reset_index()


def _clamp(forecast: pd.Series, unit: pd.Series, bounds: tuple[float, float] | None):
    low = pd.Series(-np.inf, index=forecast.index)
    high = pd.Series(np.inf, index=forecast.index)
    if bounds is not None:
        low[:], high[:] = bounds
    else:
        percent = unit.eq("percent")
        low[percent], high[percent] = PERCENT_BOUNDS
    return forecast.clip(low, high)


def _judge_forecasts(result: pd.DataFrame) -> pd.DataFrame:
    """Add change_needed_per_period and on_track from the target column."""
    sign = polarity_sign(result["polarity"], result.index)
    needed = (result["target"] - result["latest_value"]) / result["periods_ahead"]
    gap = (result["forecast"] - result["target"]) * sign
    slack = FLOAT_SLACK * result["target"].abs().clip(lower=1.0)
    on_track = (gap >= -slack).astype("boolean").mask(gap.isna())
    return result.assign(change_needed_per_period=needed, on_track=on_track)


def _attach_targets(result: pd.DataFrame, targets: pd.DataFrame | None,
                    keys: list[str]) -> pd.DataFrame:
    """The target for each forecast period; a target without breakdown columns
    is for the whole population (breakdown 'all')."""
    if targets is None:
        return result.assign(target=np.nan)
    targets = targets.copy()
    for column in ("breakdown_dimension", "breakdown_category"):
        if column in keys and column not in targets.columns:
            targets[column] = "all"
    on = [k for k in keys if k in targets.columns]
    targets = targets[[*on, "period", "target"]].rename(columns={"period": "forecast_period"})
    return result.merge(targets, on=[*on, "forecast_period"], how="left")


def forecast_year_ends(
    observations: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    *,
    keys: tuple[str, ...] = SERIES_KEYS,
    points: int = DEFAULT_TREND_POINTS,
    bounds: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Forecast every series by its recent straight-line trend.

    A series is one combination of ``keys`` (and period kind). Its last
    ``points`` observed values are fitted by least squares against the period
    number, and the line is projected to the end of the financial year (for
    quarters and months) or to the next year (for annual series). Fewer than
    ``MIN_TREND_POINTS`` points gives no forecast. Forecasts are clipped to
    ``bounds``, or to 0-100 where the unit is percent.

    Polarity and unit come from ``indicators`` (by indicator_id) or from
    ``polarity`` and ``unit`` columns of ``observations``. ``targets`` (the
    contract's targets table) supplies the target for the forecast period.

    Returns one row per series: the keys, ``period_kind``, ``latest_period``,
    ``latest_value``, ``points_used``, ``trend_per_period``,
    ``forecast_period``, ``periods_ahead``, ``forecast``, ``target``,
    ``change_needed_per_period`` (target minus latest value, over the periods
    ahead) and ``on_track`` (the forecast meets the target by polarity; NA
    without a target or with neutral polarity).
    """
    if points < MIN_TREND_POINTS:
        raise ValueError(f"points must be at least {MIN_TREND_POINTS}, not {points}")
    keys = list(keys)
    group = [*keys, "period_kind"]
    frame = _series_frame(observations, indicators, keys)
    frame = frame.sort_values([*group, "ordinal"], kind="stable")
    recent = frame[frame.groupby(group, dropna=False).cumcount(ascending=False) < points]
    fits = _fit_trends(recent, group)
    fits = pd.concat([fits, _forecast_periods(fits["latest_period"])], axis=1)
    projected = fits["fitted_latest"] + fits["trend_per_period"] * fits["periods_ahead"]
    fits["forecast"] = _clamp(projected, fits["unit"], bounds)
    result = _judge_forecasts(_attach_targets(fits, targets, keys))
    return result[[*group, "latest_period", "latest_value", "points_used", "trend_per_period",
                   "forecast_period", "periods_ahead", "forecast", "target",
                   "change_needed_per_period", "on_track"]]


def forecast_year_end(
    values: pd.Series,
    periods: pd.Series,
    *,
    target: float | None = None,
    polarity: str = "higher_is_better",
    unit: str | None = None,
    bounds: tuple[float, float] | None = None,
    points: int = DEFAULT_TREND_POINTS,
) -> pd.Series:
    """Forecast one series (see :func:`forecast_year_ends`, which this calls).

    Returns one row as a Series: ``forecast``, ``forecast_period``,
    ``periods_ahead``, ``trend_per_period``, ``target``,
    ``change_needed_per_period``, ``on_track`` and the latest point.
    """
    frame = pd.DataFrame({"series": 0, "period": np.asarray(periods, dtype=object),
                          "value": np.asarray(values, dtype=float),
                          "polarity": polarity, "unit": unit})
    result = forecast_year_ends(frame, keys=("series",), points=points, bounds=bounds)
    result = _judge_forecasts(result.assign(target=np.nan if target is None else target,
                                            polarity=polarity))
    return result.drop(columns=["series", "polarity"]).iloc[0]
