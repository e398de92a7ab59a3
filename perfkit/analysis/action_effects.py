"""Actions judged by what they changed: each improvement action's progress,
whether it is overdue, and, once it is complete, whether its measure's process
changed after it.

For a complete action with a ``completed_date`` and a measure, the measure's
own figures are split at that date. The usual range (SPC limits) is set from
the figures up to it only, and the figures since are judged against it by the
usual SPC rules: a figure beyond the limits, a run of :data:`perfkit.analysis.
spc.RUN_LENGTH` on one side of the old average, and so on (figures in an
exceptional period are left out). So the answer is one of:

* ``improved`` / ``worsened``: a signal since, on the better / worse side,
  and the average of the figures since (the rebased mean);
* ``no_change_yet``: the figures since sit inside the old range, with no run;
* ``no_figures_yet``: no figure yet for a period after the date;
* ``too_few_before``: fewer than :data:`MIN_BEFORE` figures to set a range from;
* ``moves_in_steps``: the figures before mostly did not change from one period
  to the next (:data:`perfkit.analysis.reconcile.MOSTLY_UNCHANGED`), so their
  range says nothing about ordinary ups and downs: only the averages are given.

It says what happened after, not that the action caused it
(``docs/methodology.md``, "Actions judged by what they changed").
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from perfkit.analysis import exceptional, spc
from perfkit.analysis.forecast import natural_bounds
from perfkit.analysis.reconcile import MOSTLY_UNCHANGED
from perfkit.periods import parse_period, period_end_dates
from perfkit.polarity import IMPROVEMENT_OF_POLARITY

__all__ = ["ACTION_COLUMNS", "EFFECTS", "MIN_BEFORE", "action_effects"]

#: Fewer figures than this before an action was completed set no usual range.
MIN_BEFORE = spc.MIN_POINTS_FOR_LIMITS
EFFECTS = ("improved", "worsened", "no_change_yet", "no_figures_yet", "too_few_before",
           "moves_in_steps")
ACTION_COLUMNS = [
    "action_id", "indicator_id", "action", "owner", "due_date", "status", "percent_complete",
    "milestones", "completed_date", "update", "overdue", "effect", "periods_since",
    "before_mean", "after_mean", "before_lpl", "before_upl", "synthetic",
]
_OPTIONAL = ("percent_complete", "milestones", "completed_date", "update", "synthetic")


def _is_overdue(actions: pd.DataFrame, report_end: pd.Timestamp) -> pd.Series:
    """Overdue: not complete by a due date before the end of the report's
    period (the status column says how things stand now, not then)."""
    due = pd.to_datetime(actions["due_date"], errors="coerce")
    return (due < report_end) & actions["status"].ne("complete")


def _moves_in_steps(values: np.ndarray) -> bool:
    changes = np.diff(values[~np.isnan(values)])
    return len(changes) > 0 and float(np.mean(changes == 0)) > MOSTLY_UNCHANGED


def _judge(series: pd.DataFrame, completed: pd.Timestamp, polarity: str, unit: str,
           exceptional_periods: pd.DataFrame | None) -> dict:
    """The effect of one action on its measure's figures (``series``: period, value)."""
    series = series.dropna(subset=["value"])
    ends = period_end_dates(series["period"])
    series = series.assign(_end=ends).sort_values("_end")
    before = int((series["_end"] <= completed).sum())
    after = series[series["_end"] > completed]
    found = {"periods_since": len(after), "before_mean": np.nan, "after_mean": np.nan,
             "before_lpl": np.nan, "before_upl": np.nan}
    if before < MIN_BEFORE:
        return {**found, "effect": "too_few_before"}
    left_out = exceptional.in_exceptional(series["period"], exceptional_periods)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spc.SPCWarning)
        chart = spc.xmr(series["value"].to_numpy(), IMPROVEMENT_OF_POLARITY[polarity],
                        baseline=before, exclude=list(np.flatnonzero(left_out.to_numpy())))
    bounds = natural_bounds(unit)
    if bounds is not None:
        chart = spc.clip_limits(chart, *bounds)
    last = chart.iloc[before - 1]
    found.update(before_mean=float(last["mean"]), before_lpl=float(last["lpl"]),
                 before_upl=float(last["upl"]))
    if after.empty:
        return {**found, "effect": "no_figures_yet"}
    since = chart.iloc[before:]
    found["after_mean"] = float(since.loc[~since["excluded"], "value"].mean())
    kept = chart.loc[~chart["excluded"], "value"].to_numpy(dtype=float)
    if _moves_in_steps(kept[:before - int(chart["excluded"].iloc[:before].sum())]):
        return {**found, "effect": "moves_in_steps", "before_lpl": np.nan, "before_upl": np.nan}
    kinds = set(since["point_type"].dropna().astype(str))
    if "special_cause_improvement" in kinds:
        return {**found, "effect": "improved"}
    if "special_cause_concern" in kinds:
        return {**found, "effect": "worsened"}
    return {**found, "effect": "no_change_yet"}


def action_effects(actions: pd.DataFrame | None, observations: pd.DataFrame,
                   indicators: pd.DataFrame, council: str, period: str,
                   exceptional_periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per action of ``council`` (columns :data:`ACTION_COLUMNS`), judged
    at the end of the report's ``period``: figures after it are not used, and
    actions finished after it are left out. A due date after it is a plan, and
    is shown."""
    if actions is None:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    mine = actions[actions["area_code"] == council].reset_index(drop=True)
    mine = mine.reindex(columns=[*mine.columns, *(c for c in _OPTIONAL if c not in mine)])
    report_end = pd.Timestamp(parse_period(period).end)
    # an action finished after the period was not finished then, and how far it
    # had got is not recorded: a report shows nothing from after its period
    finished_later = pd.to_datetime(mine["completed_date"], errors="coerce") > report_end
    mine = mine[~finished_later].reset_index(drop=True)
    mine["overdue"] = _is_overdue(mine, report_end)
    totals = observations[(observations["area_code"] == council)
                          & (observations["breakdown_dimension"] == "all")]
    totals = totals[period_end_dates(totals["period"]) <= report_end]
    polarity = indicators.set_index("indicator_id")["polarity"]
    units = indicators.set_index("indicator_id")["unit"]
    judged = []
    for _, row in mine.iterrows():
        done = pd.to_datetime(row["completed_date"], errors="coerce")
        measure = row["indicator_id"]
        if (row["status"] != "complete" or pd.isna(done) or pd.isna(measure)
                or measure not in polarity.index or polarity[measure] == "neutral"):
            judged.append({"effect": None})
            continue
        series = totals.loc[totals["indicator_id"] == measure, ["period", "value"]]
        judged.append(_judge(series, done, polarity[measure], units[measure],
                             exceptional_periods))
    effects = pd.DataFrame(judged, index=mine.index)
    return pd.concat([mine.drop(columns=effects.columns, errors="ignore"), effects],
                     axis=1).reindex(columns=ACTION_COLUMNS)
