"""The target columns of the assessment table: each series' target, its RAG
rating, its year-end forecast and how often it sat just over its target.

Joins :mod:`perfkit.analysis.targets` (the ratings) and
:mod:`perfkit.analysis.forecast` (the forecasts) for
:func:`perfkit.analysis.verdict.assess`.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis import forecast
from perfkit.analysis.history import RECENT_WINDOW
from perfkit.analysis.targets import DEFAULT_RULE, SERIES_KEYS, RagRule, rag_status
from perfkit.analysis.warning_signs import BUNCHING_MARGIN

__all__ = ["JUST_OVER_SHARE", "RECENT_TARGET_PERIODS", "TARGET_KEYS", "apply_targets"]

TARGET_KEYS = ["indicator_id", "area_code", "period"]
RECENT_TARGET_PERIODS = RECENT_WINDOW
JUST_OVER_SHARE = BUNCHING_MARGIN


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
    """Add the target columns of the assessment table (see :mod:`perfkit.analysis.verdict`).

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
                       last_year_value=latest["last_year_value"], rule=rule,
                       unit=latest["unit"])
    series = observations.merge(latest[list(SERIES_KEYS)], on=list(SERIES_KEYS))
    forecasts = forecast.forecast_year_ends(series, targets=targets).rename(
        columns={"latest_period": "period"})
    keys = [*SERIES_KEYS, "period"]
    forecasts = latest[keys].merge(forecasts, on=keys, how="left")
    out = latest.assign(**found, rag=rated["rag"], rag_reason=rated["rag_reason"])
    if "exceptional" in out:  # no rating for a figure in an exceptional period
        set_aside = out["exceptional"].notna() & found["target"].notna()
        out.loc[set_aside, "rag"] = "none"
        out.loc[set_aside, "rag_reason"] = ("No rating: " + out.loc[set_aside, "exceptional"]
                                            + " is set aside as an exceptional period.")
    for column in ("forecast_period", "change_needed_per_period", "on_track"):
        out[column] = forecasts[column].to_numpy()
    out["forecast_value"] = forecasts["forecast"].to_numpy()
    out["periods_just_over_target"] = _just_over(observations, latest, targets, rule)
    return out
