"""Targets that cannot hide: RAG ratings, direction of travel and year-end forecasts.

perfkit never shows a RAG rating alone (see DOMAIN.md): every rating carries a
plain-English reason, and sits beside the direction of travel, the SPC signal
and the peer position. Everything here works on whole columns at once, so one
call rates every council, indicator and breakdown together.

Polarity is one of the contract's words: ``higher_is_better``,
``lower_is_better`` or ``neutral``. Definitions, constants and their sources are
in ``docs/methodology.md`` ("Targets, RAG and forecasts").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .contract import POLARITIES, TOLERANCE_TYPES
from .periods import parse_period

__all__ = [
    "DEFAULT_RULE",
    "DEFAULT_TOLERANCE",
    "DEFAULT_TOLERANCE_TYPE",
    "DEFAULT_TREND_POINTS",
    "DIRECTIONS",
    "JUST_OVER_SHARE",
    "MIN_TREND_POINTS",
    "PERCENT_BOUNDS",
    "RAG_STATUSES",
    "RECENT_TARGET_PERIODS",
    "SERIES_KEYS",
    "RagRule",
    "apply_targets",
    "direction_of_travel",
    "forecast_year_end",
    "forecast_year_ends",
    "polarity_sign",
    "rag_status",
]

DEFAULT_TOLERANCE = 5.0
"""How far off the target still counts as close: 5 (per cent of the target)."""
DEFAULT_TOLERANCE_TYPE = "relative"
DEFAULT_DECIMAL_PLACES = 1
FLOAT_SLACK = 1e-9
"""Comparisons allow this fraction of the values' size for floating-point
rounding, so a value recorded exactly on a target or a tolerance edge is on it."""
RAG_STATUSES = ("green", "amber", "red", "none")
DIRECTIONS = ("improving", "worsening", "increased", "decreased",
              "no_significant_change", "not_comparable")
DEFAULT_TREND_POINTS = 8
"""The forecast trend is fitted to the last 8 points (two years of quarters)."""
MIN_TREND_POINTS = 3
PERCENT_BOUNDS = (0.0, 100.0)
FINANCIAL_YEAR_END_MONTH = 3
ANNUAL_KINDS = ("financial_year", "academic_year", "calendar_year")
SERIES_KEYS = ("area_code", "indicator_id", "breakdown_dimension", "breakdown_category")
_SIGNS = {"higher_is_better": 1.0, "lower_is_better": -1.0, "neutral": np.nan}


@dataclass(frozen=True)
class RagRule:
    """How a council turns a value and a target into red, amber or green.

    ``tolerance`` is in per cent of the target when ``tolerance_type`` is
    ``"relative"`` and in the indicator's unit when ``"absolute"``. A value
    exactly on the target, or missing it by exactly the tolerance, is inside.

    * :meth:`classic` (the default): green = meets the target; amber = misses
      it by no more than the tolerance; red = misses it by more.
    * :meth:`improvement` (``amber_if_improved_on_last_year=True``): green =
      meets the target or misses it by no more than the tolerance; amber =
      misses by more, but is better than the same period last year; red =
      otherwise (including when there is no value for last year). The rule seen
      in committee papers, "green within 10% of target", is
      ``RagRule.improvement(tolerance=10)``.
    """

    tolerance: float = DEFAULT_TOLERANCE
    tolerance_type: str = DEFAULT_TOLERANCE_TYPE
    amber_if_improved_on_last_year: bool = False

    def __post_init__(self) -> None:
        if not np.isfinite(self.tolerance) or self.tolerance < 0:
            raise ValueError(f"tolerance must be a number of at least 0, not {self.tolerance}")
        if self.tolerance_type not in TOLERANCE_TYPES:
            raise ValueError(f"tolerance_type must be one of {TOLERANCE_TYPES}, "
                             f"not {self.tolerance_type!r}")

    @classmethod
    def classic(cls, tolerance: float = DEFAULT_TOLERANCE,
                tolerance_type: str = DEFAULT_TOLERANCE_TYPE) -> RagRule:
        """Green meets the target, amber misses within tolerance, red beyond it."""
        return cls(tolerance, tolerance_type, amber_if_improved_on_last_year=False)

    @classmethod
    def improvement(cls, tolerance: float = DEFAULT_TOLERANCE,
                    tolerance_type: str = DEFAULT_TOLERANCE_TYPE) -> RagRule:
        """Green within tolerance, amber beyond it but better than last year, red otherwise."""
        return cls(tolerance, tolerance_type, amber_if_improved_on_last_year=True)


DEFAULT_RULE = RagRule()
"""The classic rule with a 5% tolerance."""


def _as_series(values: object, index: pd.Index | None = None) -> pd.Series:
    """Values as a float Series on ``index`` (a scalar or None is repeated)."""
    if isinstance(values, pd.Series):
        series = values if index is None else values.reindex(index)
        return pd.to_numeric(series, errors="coerce").astype(float)
    if values is None or np.ndim(values) == 0:
        index = pd.RangeIndex(1) if index is None else index
        return pd.Series(np.nan if values is None else values, index=index, dtype=float)
    return pd.Series(np.asarray(values, dtype=float), index=index)


def polarity_sign(polarity: str | pd.Series, index: pd.Index) -> pd.Series:
    """+1 where higher is better, -1 where lower is better, NaN where neutral.

    ``polarity`` is one word for every row or a Series of words on ``index``.
    Raises ValueError for a word that is not one of the contract's polarities.
    """
    words = (polarity.reindex(index) if isinstance(polarity, pd.Series)
             else pd.Series(polarity, index=index, dtype=object))
    unknown = set(words.unique()) - set(POLARITIES)
    if unknown:
        raise ValueError(f"unknown polarity {sorted(map(str, unknown))}; expected {POLARITIES}")
    return words.map(_SIGNS).astype(float)


def _format(values: pd.Series, pattern: str) -> pd.Series:
    return pd.Series(np.char.mod(pattern, values.to_numpy(dtype=float)), index=values.index,
                     dtype=object)


def _allowed_shortfall(target: pd.Series, tolerance: object, tolerance_type: object,
                       rule: RagRule) -> pd.DataFrame:
    """The tolerance of each row (``amount``, ``relative``) and the largest miss
    inside it in the indicator's unit (``allowed``)."""
    index = target.index
    amount = _as_series(tolerance, index).fillna(rule.tolerance)
    kind = (tolerance_type.reindex(index) if isinstance(tolerance_type, pd.Series)
            else pd.Series(tolerance_type, index=index, dtype=object))
    kind = kind.fillna(rule.tolerance_type)
    unknown = set(kind.unique()) - set(TOLERANCE_TYPES)
    if unknown:
        raise ValueError(f"unknown tolerance_type {sorted(map(str, unknown))}; "
                         f"expected {TOLERANCE_TYPES}")
    relative = kind.eq("relative")
    allowed = amount.where(~relative, target.abs() * amount / 100)
    return pd.DataFrame({"amount": amount, "relative": relative, "allowed": allowed})


def _reason(case: str, rows: pd.DataFrame, number: str) -> pd.Series:
    """The plain-English reason for rows that all fall in one case."""
    if case == "none":
        return pd.Series(np.select([rows["value"].isna(), rows["target"].isna()],
                                   ["no value for this period", "no target set"],
                                   "no better direction (neutral polarity), so no RAG"),
                         index=rows.index)
    against = "the target of " + _format(rows["target"], number)
    if case == "on":
        return "meets " + against
    by = " by " + _format(rows["gap"].abs(), number)
    if case == "beats":
        return "beats " + against + by
    share = "% of the target (" + _format(rows["allowed"], number) + ")"
    amount = _format(rows["amount"], "%g")
    tolerance = "the tolerance of " + amount.where(~rows["relative"], amount + share)
    missed = "misses " + against + by
    if case == "within":
        return missed + ", within " + tolerance
    beyond = missed + ", more than " + tolerance
    if case == "no_last_year":
        return beyond + ", and there is no value for the same period last year"
    if case == "beyond":
        return beyond
    last = " the same period last year (" + _format(rows["last_year"], number) + ")"
    return beyond + (", but better than" if case == "improved" else ", and no better than") + last


def _rag_reasons(case: np.ndarray, parts: pd.DataFrame, places: int) -> np.ndarray:
    """Each row's reason, built once per case for the rows in it (a loop over
    the few cases, never over rows)."""
    reasons = np.empty(len(parts), dtype=object)
    for name in np.unique(case):
        chosen = case == name
        reasons[chosen] = _reason(name, parts[chosen], f"%.{places}f").to_numpy(dtype=object)
    return reasons


def rag_status(
    value: pd.Series,
    target: pd.Series | float,
    polarity: str | pd.Series,
    *,
    tolerance: pd.Series | float | None = None,
    tolerance_type: pd.Series | str | None = None,
    last_year_value: pd.Series | float | None = None,
    rule: RagRule = DEFAULT_RULE,
    decimal_places: int = DEFAULT_DECIMAL_PLACES,
) -> pd.DataFrame:
    """Rate each value against its target: green, amber, red, or none.

    ``tolerance`` and ``tolerance_type`` come from the targets table, row by
    row; where they are missing the ``rule``'s own are used. The rating is
    "none" where there is no value, no target, or the polarity is neutral.

    Returns a DataFrame on the index of ``value`` with columns ``rag``,
    ``rag_reason`` (plain English, numbers to ``decimal_places``),
    ``target_gap`` (value minus target, signed so that positive is better) and
    ``tolerance_allowed`` (the largest miss inside the tolerance, in the unit).
    """
    value = _as_series(value)
    index = value.index
    target = _as_series(target, index)
    last_year = _as_series(last_year_value, index)
    sign = polarity_sign(polarity, index)
    tolerances = _allowed_shortfall(target, tolerance, tolerance_type, rule)
    allowed = tolerances["allowed"]
    slack = FLOAT_SLACK * value.abs().clip(lower=target.abs()).clip(lower=1.0)
    gap = (value - target) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    improved = (value - last_year) * sign > slack
    lenient = rule.amber_if_improved_on_last_year
    cases = {
        "none": gap.isna(),
        "on": gap.abs() <= slack,
        "beats": gap > 0,
        "within": -gap <= allowed + slack,
        "improved": improved & lenient,
        "no_last_year": last_year.isna() & lenient,
        "not_improved": pd.Series(lenient, index=index),
    }
    case = np.select([mask.to_numpy(dtype=bool) for mask in cases.values()], list(cases),
                     "beyond")
    colours = {"none": "none", "on": "green", "beats": "green",
               "within": "green" if lenient else "amber", "improved": "amber",
               "no_last_year": "red", "not_improved": "red", "beyond": "red"}
    parts = tolerances.assign(value=value, target=target, last_year=last_year, gap=gap)
    return pd.DataFrame({
        "rag": pd.Series(case, index=index).map(colours),
        "rag_reason": _rag_reasons(case, parts, decimal_places),
        "target_gap": gap,
        "tolerance_allowed": allowed.where(gap.notna()),
    }, index=index)


def direction_of_travel(
    current: pd.Series,
    comparison: pd.Series | float,
    polarity: str | pd.Series,
    *,
    noise: pd.Series | float | None,
) -> pd.Series:
    """Whether each value has really moved since its comparison value.

    ``noise`` is the largest change that common-cause variation explains: pass
    SPC's upper range limit, 3.267 x the mean moving range. The difference
    between two points of a stable process behaves like a moving range, and a
    moving range above that limit happens by chance only about 1 time in 100,
    so a change no bigger than it (inclusive) is "no_significant_change". Where
    noise is missing (NaN or None) any change counts and only an exactly equal
    value is "no_significant_change".

    Returns a Series named ``direction``: "improving" or "worsening" by
    polarity ("increased" or "decreased" when neutral), "no_significant_change",
    or "not_comparable" when either value is missing.
    """
    current = _as_series(current)
    index = current.index
    change = current - _as_series(comparison, index)
    noise = _as_series(noise, index)
    sign = polarity_sign(polarity, index)
    within = np.where(noise.notna(), change.abs() <= noise, change == 0)
    conditions = [change.isna(), within, sign.isna() & (change > 0), sign.isna(),
                  change * sign > 0]
    choices = ["not_comparable", "no_significant_change", "increased", "decreased", "improving"]
    result = np.select([np.asarray(c, dtype=bool) for c in conditions], choices, "worsening")
    return pd.Series(result, index=index, name="direction")


# -- year-end forecasts ----------------------------------------------------------
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


# -- the assessment table ----------------------------------------------------------
TARGET_KEYS = ["indicator_id", "area_code", "period"]
RECENT_TARGET_PERIODS = 8
"""How many recent periods :func:`apply_targets` looks back over for values
sitting just over their target."""
JUST_OVER_SHARE = 0.5
"""A value "just over" its target beats it by no more than this share of the
tolerance (the gaming check in :mod:`perfkit.flags`)."""


def _targets_for(rows: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The target row for each row; targets are for the whole population, so
    rows of a breakdown other than 'all' get none."""
    columns = [*TARGET_KEYS, "target", "tolerance", "tolerance_type"]
    table = targets.reindex(columns=[*columns, "synthetic"]).rename(
        columns={"synthetic": "target_synthetic"})
    table["target_synthetic"] = table["target_synthetic"].astype("boolean")
    found = rows[TARGET_KEYS].merge(table, on=TARGET_KEYS, how="left").drop(
        columns=TARGET_KEYS).set_axis(rows.index)
    return found.where(rows["breakdown_dimension"].eq("all"), axis=0)


def _just_over(observations: pd.DataFrame, latest: pd.DataFrame, targets: pd.DataFrame,
               rule: RagRule) -> pd.Series:
    """Per latest row: recent periods whose value beat the target by no more
    than JUST_OVER_SHARE of the tolerance."""
    ends = latest[[*SERIES_KEYS, "period_index"]].rename(columns={"period_index": "latest"})
    rows = observations.merge(ends, on=list(SERIES_KEYS))
    rows = rows[(rows["period_index"] > rows["latest"] - RECENT_TARGET_PERIODS)
                & (rows["period_index"] <= rows["latest"])].reset_index(drop=True)
    found = _targets_for(rows, targets)
    rated = rag_status(rows["value"], found["target"], rows["polarity"],
                       tolerance=found["tolerance"], tolerance_type=found["tolerance_type"],
                       rule=rule)
    gap = rated["target_gap"]
    just = (gap >= 0) & (gap <= JUST_OVER_SHARE * rated["tolerance_allowed"])
    counts = just.groupby([rows[k] for k in SERIES_KEYS]).sum()
    keys = pd.MultiIndex.from_frame(latest[list(SERIES_KEYS)])
    return pd.Series(counts.reindex(keys).fillna(0).to_numpy(dtype=int), index=latest.index)


def apply_targets(latest: pd.DataFrame, observations: pd.DataFrame,
                  targets: pd.DataFrame | None, rule: RagRule = DEFAULT_RULE) -> pd.DataFrame:
    """Add the target columns of the assessment table (see :mod:`perfkit.verdict`).

    ``latest`` has one row per series at its latest value, with ``polarity``,
    ``period_index`` and ``last_year_value``; ``observations`` has every row
    of those series with ``polarity``, ``unit`` and ``period_index``. Adds
    target, tolerance, tolerance_type, target_synthetic, rag, rag_reason,
    forecast_value, forecast_period, change_needed_per_period, on_track and
    periods_just_over_target.
    """
    if targets is None:
        targets = pd.DataFrame(columns=[*TARGET_KEYS, "target", "tolerance", "tolerance_type"])
    found = _targets_for(latest, targets)
    rated = rag_status(latest["value"], found["target"], latest["polarity"],
                       tolerance=found["tolerance"], tolerance_type=found["tolerance_type"],
                       last_year_value=latest["last_year_value"], rule=rule)
    series = observations.merge(latest[list(SERIES_KEYS)], on=list(SERIES_KEYS))
    forecasts = forecast_year_ends(series, targets=targets).rename(
        columns={"latest_period": "period"})
    keys = [*SERIES_KEYS, "period"]
    forecasts = latest[keys].merge(forecasts, on=keys, how="left")
    out = latest.assign(**found, rag=rated["rag"], rag_reason=rated["rag_reason"])
    for column in ("forecast_period", "change_needed_per_period", "on_track"):
        out[column] = forecasts[column].to_numpy()
    out["forecast_value"] = forecasts["forecast"].to_numpy()
    out["periods_just_over_target"] = _just_over(observations, latest, targets, rule)
    return out
