"""One verdict per indicator, area and breakdown, and the assessment table.

:func:`assess` reads a validated :class:`~perfkit.data.loading.Dataset` and returns
the assessment table: one row per series (area, indicator, breakdown) at its
latest value, combining SPC, targets and RAG, direction of travel, a forecast,
position among peers and among all councils of its nation, contradictions and
warning signs, and a one-word verdict with its reason. Its columns are
documented in ``docs/methodology.md`` and written as ``assessment.csv``.
Everything is computed for every series at once, never in a loop per point.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from perfkit.analysis import (
    comparison_groups,
    exceptional,
    history,
    nations,
    recent_shift,
    reconcile,
    significance,
    spc,
    spc_many,
    spc_rules,
    target_columns,
    targets,
)
from perfkit.analysis.forecast import natural_bounds
from perfkit.analysis.reconcile import VERDICTS
from perfkit.analysis.warning_signs import flag_everything
from perfkit.data.contract import NOT_COUNCIL_TYPES
from perfkit.data.dataset import Dataset
from perfkit.periods import parse_period
from perfkit.polarity import BETTER_DIRECTION, IMPROVEMENT_OF_POLARITY

__all__ = ["ASSESSMENT_COLUMNS", "VERDICTS", "AssessmentOptions", "assess"]

ASSESSMENT_COLUMNS = [
    "area_code", "area_name", "indicator_id", "title", "short_title", "unit", "polarity",
    "decimal_places", "frequency", "enquiry_lines", "statutory_threshold",
    "breakdown_dimension", "breakdown_category",
    "period", "value", "numerator", "denominator", "status", "status_reason", "exceptional",
    "points",
    "previous_period", "previous_value", "direction_previous", "previous_beyond_usual",
    "last_year_period", "last_year_value", "direction_last_year", "last_year_beyond_usual",
    "spc_mean", "spc_lpl", "spc_upl", "spc_reliable", "variation", "spc_rule",
    "spc_signal_points", "spc_usable", "at_bound", "recent_window", "recent_mean",
    "earlier_mean", "recent_shift_z", "assurance",
    "target", "tolerance", "tolerance_type", "target_synthetic", "rag", "rag_reason",
    "forecast_value", "forecast_period", "change_needed_per_period", "on_track",
    "nation", "national_code", "national_rank", "national_count", "national_quartile",
    "national_percentile", "national_median", "national_value", "national_last_year_value",
    "national_variation", "national_direction_last_year", "shared_with", "national_comparison",
    "national_comparison_998",
    "peer_group", "peer_group_name", "peer_rank", "peer_count", "peer_quartile",
    "peer_percentile", "peer_median", "peer_mad_distance", "peer_rank_change",
    "peer_comparison", "peer_comparison_998",
    "missing_periods", "recent_status_notes", "periods_behind", "periods_just_over_target",
    "flags", "flag_reasons", "verdict", "verdict_label", "verdict_reason",
]
# The dtype of each column that is not text, so that an empty table has them too.
_FLOAT_COLUMNS = (
    "decimal_places", "statutory_threshold", "value", "numerator", "denominator",
    "previous_value", "last_year_value", "national_value", "national_last_year_value",
    "spc_mean", "spc_lpl", "spc_upl", "recent_mean", "earlier_mean", "recent_shift_z", "target",
    "tolerance", "forecast_value", "change_needed_per_period", "national_percentile",
    "national_median", "peer_percentile", "peer_median", "peer_mad_distance")
_DTYPES = {
    **dict.fromkeys(_FLOAT_COLUMNS, "float64"),
    **dict.fromkeys(("points", "recent_window", "missing_periods", "periods_behind",
                     "periods_just_over_target"), "int64"),
    **dict.fromkeys(("spc_signal_points", "national_rank", "national_count",
                     "national_quartile", "peer_rank", "peer_count", "peer_quartile",
                     "peer_rank_change"), "Int64"),
    "spc_reliable": "bool", "spc_usable": "bool", "at_bound": "bool",
    **dict.fromkeys(("previous_beyond_usual", "last_year_beyond_usual"), "boolean"),
    "target_synthetic": "boolean", "on_track": "object",
}


@dataclass(frozen=True)
class AssessmentOptions:
    """What a run assesses. ``period``: the reporting period (values after it
    are ignored; None = everything). ``areas``: the councils to assess (None =
    every council). ``peer_group``: id of the run's peer group, for indicators
    that name none. ``indicator_peer_groups``: rank each indicator among the
    peer group it names, where the council has it (False: always the run's)."""

    period: str | None = None
    areas: tuple[str, ...] | None = None
    indicators: tuple[str, ...] | None = None
    peer_group: str | None = "ons_global_neighbours"
    rule: targets.RagRule = targets.RagRule()
    indicator_peer_groups: bool = True


def _observations(data: Dataset, options: AssessmentOptions) -> pd.DataFrame:
    obs = data.observations
    if options.indicators is not None:
        obs = obs[obs["indicator_id"].isin(options.indicators)]
    obs = history.index_periods(obs)
    if options.period is not None:
        obs = obs[obs["period_end"] <= pd.Timestamp(parse_period(options.period).end)]
    indicators = data.indicators.set_index("indicator_id")
    obs = obs.join(indicators[["polarity", "unit", "frequency"]], on="indicator_id")
    obs["exceptional"] = exceptional.exceptional_reason(obs["period"], data.exceptional_periods)
    return obs.reset_index(drop=True)


def _own_series(obs: pd.DataFrame, data: Dataset, options: AssessmentOptions) -> pd.DataFrame:
    """The observations of the areas assessed: every measure but the rankings
    looks at an area's own series only, so the others need not be charted."""
    if options.areas is None:
        return obs
    areas = data.areas[data.areas["area_code"].isin(options.areas)]
    national = nations.add_nation(areas, data.areas)["national_code"].dropna()
    wanted = {*options.areas, *national}  # the nations' series: is a change shared?
    return obs[obs["area_code"].isin(wanted)].reset_index(drop=True)


def _focal(latest: pd.DataFrame, data: Dataset, options: AssessmentOptions) -> pd.DataFrame:
    areas = data.areas
    councils = areas.loc[~areas["area_type"].isin(NOT_COUNCIL_TYPES), "area_code"]
    wanted = set(options.areas) if options.areas is not None else set(councils)
    return latest[latest["area_code"].isin(wanted)].reset_index(drop=True)


def _add_spc(obs: pd.DataFrame) -> pd.DataFrame:
    """SPC for every series (figures in exceptional periods left out of the
    limits and rules); the row of each series' latest value."""
    series = obs.assign(improvement=obs["polarity"].map(IMPROVEMENT_OF_POLARITY),
                        left_out=obs["exceptional"].notna())
    charted = spc_many.xmr_many(series, by=history.SERIES, order="period_index",
                                improvement="improvement", exclude="left_out")
    bounds = charted["unit"].map(natural_bounds)
    for unit_bounds in set(bounds.dropna()):
        rows = bounds.map(lambda b, these=unit_bounds: b == these)
        charted = spc.clip_limits(charted, *unit_bounds, rows=rows)
    charted["points"] = charted.groupby(history.SERIES)["value"].transform("count")
    return charted


def _add_changes(latest: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """The previous figure (two years back for a two-yearly survey) and last year's."""
    steps = history.release_steps(latest).fillna(1).astype("int64")
    latest = history.lookup_earlier(latest, obs, steps, "previous")
    return history.lookup_earlier(latest, obs, latest["periods_per_year"], "last_year")


def assess(data: Dataset, options: AssessmentOptions = AssessmentOptions()) -> pd.DataFrame:
    """The assessment table for a dataset: one row per series, columns as
    :data:`ASSESSMENT_COLUMNS`."""
    obs = _observations(data, options)
    own = _own_series(obs, data, options)
    charted = _add_spc(own)
    latest = _focal(history.latest_rows(charted), data, options)
    if latest.empty:
        return _empty_table()
    latest = _add_changes(latest, own)
    latest["missing_periods"] = history.missing_in_window(own, latest)
    latest["recent_status_notes"] = history.recent_notes(own, latest)
    latest = _add_report_lag(latest, options)
    latest = target_columns.apply_targets(latest, own, data.targets, options.rule)
    latest["assurance"] = _assurance(latest)
    latest = comparison_groups.apply_peer_positions(
        latest, obs, data, options.peer_group, own_groups=options.indicator_peer_groups)
    latest = nations.add_nation(_add_metadata(latest, data), data.areas)
    latest = latest.assign(**recent_shift.recent_shift(charted, latest))
    latest = reconcile.add_evidence(latest, charted)
    latest = significance.add_comparisons(latest, latest["national_value"])
    latest = flag_everything(latest)
    latest = reconcile.add_verdict(latest, options.rule)
    return latest[ASSESSMENT_COLUMNS].sort_values(
        ["area_code", "indicator_id", "breakdown_dimension", "breakdown_category"],
        ignore_index=True)


def _empty_table() -> pd.DataFrame:
    """The assessment table with no rows (nothing selected): the documented
    columns, numbers as numbers and everything else as text."""
    return pd.DataFrame({column: pd.Series(dtype=_DTYPES.get(column, str))
                         for column in ASSESSMENT_COLUMNS})


def _assurance(latest: pd.DataFrame) -> pd.Series:
    """Making Data Count assurance: where the target lies against the limits."""
    direction = latest["polarity"].map(BETTER_DIRECTION)
    codes = spc_rules.assurance_codes(latest["target"].to_numpy(dtype=float),
                                      latest["lpl"].to_numpy(dtype=float),
                                      latest["upl"].to_numpy(dtype=float),
                                      direction.to_numpy(dtype=float))
    names = pd.Series(spc.ASSURANCES + (None,), index=[0, 1, 2, -1])
    return pd.Series(names.reindex(codes).to_numpy(), index=latest.index)


def _add_report_lag(latest: pd.DataFrame, options: AssessmentOptions) -> pd.DataFrame:
    """``periods_behind``: how many of the indicator's own releases (its
    periods, or two years for a two-yearly survey) lie between its latest
    value and the end of the reporting period."""
    if options.period is None:
        report_end = latest["period_end"].max()
    else:
        report_end = pd.Timestamp(parse_period(options.period).end)
    months = ((report_end.year - latest["period_end"].dt.year) * 12
              + report_end.month - latest["period_end"].dt.month)
    steps = history.release_steps(latest).fillna(1).astype("int64")
    latest["periods_behind"] = months // (latest["period_months"] * steps)
    return latest


def _add_metadata(latest: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    indicators = data.indicators.set_index("indicator_id")
    columns = ["title", "short_title", "decimal_places", "enquiry_lines",
               "statutory_threshold"]
    latest = latest.join(indicators[columns], on="indicator_id")
    names = data.areas.set_index("area_code")["area_name"]
    latest["area_name"] = latest["area_code"].map(names)
    latest["spc_mean"], latest["spc_lpl"], latest["spc_upl"] = (
        latest["mean"], latest["lpl"], latest["upl"])
    latest["variation"] = latest["point_type"]
    latest["spc_rule"] = latest["special_cause_rule"]
    latest["spc_signal_points"] = latest["signal_points"].astype("Int64").where(
        latest["special_cause_rule"].notna())
    latest["spc_reliable"] = latest["points"] >= spc.MIN_POINTS_RELIABLE
    return latest
