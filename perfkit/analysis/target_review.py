"""The evidence for next year's targets: for each measure of a council, the
target proposed for next year beside what the council already does, what
similar councils do and where its trend is heading; a class for each proposed
target and a suggested range where none is proposed.

:func:`review_targets` reads the assessment table (one row per measure at the
report's period, from :func:`perfkit.analysis.verdict.assess`) and the data,
and returns one tidy row per measure (columns: :data:`REVIEW_COLUMNS`). The
classes and the suggested ranges are worked out in
:mod:`perfkit.analysis.target_classes`. Definitions are in
``docs/methodology.md`` ("Target review").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.exceptional import in_exceptional
from perfkit.analysis.forecast import MIN_TREND_POINTS, forecast_year_ends, natural_bounds
from perfkit.analysis.target_classes import classify_targets, suggest_ranges
from perfkit.analysis.warning_signs import stale_data
from perfkit.data.dataset import Dataset
from perfkit.periods import YEAR_KINDS, Period, parse_period, period_end_dates
from perfkit.polarity import BETTER_DIRECTION

__all__ = [
    "BEST_QUARTER_PERCENTILE",
    "MIN_PEER_VALUES",
    "REVIEW_COLUMNS",
    "TREND_YEARS",
    "best_results",
    "next_year",
    "peer_benchmarks",
    "proposed_targets",
    "review_targets",
    "trajectories",
]

#: Similar councils give a median and a best quarter only where at least this
#: many of them (the council itself not counted) have a figure for the period.
MIN_PEER_VALUES = 4
#: The best quarter of similar councils starts at this percentile where higher
#: is better (100 minus it, the 25th, where lower is better).
BEST_QUARTER_PERCENTILE = 75

#: The trend is a straight line through the figures of the last this many years
#: (four figures of a yearly measure, sixteen of a quarterly one).
TREND_YEARS = 4

#: The columns of :func:`review_targets`, in order.
REVIEW_COLUMNS = [
    "indicator_id", "title", "short_title", "unit", "polarity", "decimal_places",
    "latest_period", "latest_value", "stale", "current_target", "statutory_threshold",
    "usual_mean", "usual_low", "usual_high",
    "peer_group", "peer_group_name", "peer_period", "peer_count", "peer_median",
    "peer_best_quarter", "peer_best",
    "best_value", "best_period", "trend_value", "trend_period",
    "proposed_period", "proposed_target", "proposed_synthetic",
    "target_class", "class_basis", "class_reason",
    "suggested_low", "suggested_high", "suggestion_basis",
]


def _middle(period: Period) -> pd.Timestamp:
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    return start + (end - start) / 2


def next_year(kind: str, review_period: str) -> Period:
    """The first year of ``kind`` most of which lies after the review period
    (financial years for measures of shorter periods): 2025-26 Q4 gives
    2026-27, 2026/27 and 2026."""
    kind = kind if kind in YEAR_KINDS else "financial_year"
    end = pd.Timestamp(parse_period(review_period).end)
    year = Period(kind, end.year - 1)
    while _middle(year) <= end:
        year = year.next()
    return year


def proposed_targets(targets: pd.DataFrame | None, council: str,
                     review_period: str) -> pd.DataFrame:
    """The council's target proposed for next year per indicator: the first
    target most of whose period lies after the review period (the earliest to
    start; of two starting together, the longer, so a year before its first
    quarter). Columns: indicator_id, proposed_period, proposed_target,
    proposed_synthetic."""
    columns = ["indicator_id", "proposed_period", "proposed_target", "proposed_synthetic"]
    if targets is None or targets.empty:
        return pd.DataFrame(columns=columns)
    mine = targets[targets["area_code"] == council]
    end = pd.Timestamp(parse_period(review_period).end)
    periods = {label: parse_period(label) for label in mine["period"].unique()}
    later = mine[mine["period"].map(lambda p: _middle(periods[p]) > end)]
    order = later["period"].map(lambda p: (periods[p].start, -periods[p].months))
    first = later.assign(_order=order).sort_values(["indicator_id", "_order"], kind="stable")
    first = first.drop_duplicates("indicator_id")
    synthetic = (first["synthetic"] if "synthetic" in first.columns
                 else pd.Series(False, index=first.index))
    return pd.DataFrame({"indicator_id": first["indicator_id"],
                         "proposed_period": first["period"],
                         "proposed_target": first["target"].astype(float),
                         "proposed_synthetic": synthetic.fillna(False).astype(bool)},
                        columns=columns).reset_index(drop=True)


def _own_totals(data: Dataset, council: str, review_period: str) -> pd.DataFrame:
    """The council's figures without a breakdown, up to the review period,
    with those of exceptional periods left out."""
    obs = data.observations
    mine = obs[(obs["area_code"] == council) & (obs["breakdown_dimension"] == "all")
               & obs["value"].notna()]
    mine = mine[period_end_dates(mine["period"]) <= pd.Timestamp(parse_period(review_period).end)]
    return mine[~in_exceptional(mine["period"], data.exceptional_periods)]


def best_results(own: pd.DataFrame, polarity: pd.Series) -> pd.DataFrame:
    """Each indicator's best figure on record and its period (the latest of
    equal bests). ``own``: the council's figures (indicator_id, period, value);
    ``polarity``: by indicator_id. Neutral measures have no best."""
    sign = own["indicator_id"].map(polarity).map(BETTER_DIRECTION).replace(0, np.nan)
    scored = own.assign(_score=own["value"] * sign,
                        _end=period_end_dates(own["period"])).dropna(subset=["_score"])
    best = scored.sort_values(["indicator_id", "_score", "_end"]).groupby("indicator_id").tail(1)
    return best[["indicator_id", "value", "period"]].rename(
        columns={"value": "best_value", "period": "best_period"}).reset_index(drop=True)


def peer_benchmarks(observations: pd.DataFrame, peer_groups: pd.DataFrame | None,
                    rows: pd.DataFrame, council: str) -> pd.DataFrame:
    """What similar councils achieve: for each row (indicator_id, period,
    peer_group, polarity), the values of the council's peers in that group for
    that period (the council itself left out): how many, their median, where
    their best quarter starts and the best of them."""
    columns = ["indicator_id", "peer_period", "peer_count", "peer_median",
               "peer_best_quarter", "peer_best"]
    if peer_groups is None or rows.empty:
        return pd.DataFrame(columns=columns)
    members = peer_groups.loc[peer_groups["area_code"] == council, ["group_id", "peer_code"]]
    wanted = rows[["indicator_id", "period", "peer_group", "polarity"]].merge(
        members, left_on="peer_group", right_on="group_id")
    obs = observations[(observations["breakdown_dimension"] == "all")
                       & (observations["area_code"] != council)]
    values = wanted.merge(obs[["area_code", "indicator_id", "period", "value"]].dropna(),
                          left_on=["peer_code", "indicator_id", "period"],
                          right_on=["area_code", "indicator_id", "period"])
    return pd.DataFrame([_peer_row(key, group) for key, group in
                         values.groupby(["indicator_id", "period", "polarity"])],
                        columns=columns)


def _peer_row(key: tuple, group: pd.DataFrame) -> dict:
    indicator_id, period, polarity = key
    values = group["value"].to_numpy(dtype=float)
    enough = len(values) >= MIN_PEER_VALUES
    higher = BETTER_DIRECTION.get(polarity, 0) >= 0
    percentile = BEST_QUARTER_PERCENTILE if higher else 100 - BEST_QUARTER_PERCENTILE
    return {"indicator_id": indicator_id, "peer_period": period, "peer_count": len(values),
            "peer_median": float(np.median(values)) if enough else np.nan,
            "peer_best_quarter": float(np.percentile(values, percentile)) if enough else np.nan,
            "peer_best": float(values.max() if higher else values.min())}


def _fit_lines(own: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The forecast module's straight line through the figures of each
    series' last :data:`TREND_YEARS` years (at least its fewest points)."""
    lengths = {label: parse_period(label).months for label in own["period"].unique()}
    parts = []
    for months, group in own.groupby(own["period"].map(lengths)):
        points = max(TREND_YEARS * 12 // int(months), MIN_TREND_POINTS)
        parts.append(forecast_year_ends(group, indicators, keys=("indicator_id",),
                                        points=points, bounds=(-np.inf, np.inf)))
    return pd.concat(parts, ignore_index=True)


def trajectories(own: pd.DataFrame, indicators: pd.DataFrame,
                 rows: pd.DataFrame) -> pd.DataFrame:
    """Where each series is heading: the straight line through its recent
    figures (as :func:`perfkit.analysis.forecast.forecast_year_ends` fits it)
    carried on to the end of ``trend_period`` (one per row, with the row's
    ``period``: its latest), and kept within the figures' natural bounds."""
    if own.empty or rows.empty:
        return pd.DataFrame(columns=["indicator_id", "trend_value"])
    fits = rows[["indicator_id", "period", "trend_period", "unit"]].merge(
        _fit_lines(own, indicators), left_on=["indicator_id", "period"],
        right_on=["indicator_id", "latest_period"])
    fitted = fits["forecast"] - fits["trend_per_period"] * fits["periods_ahead"]
    steps = [_steps(latest, ahead) for latest, ahead in zip(fits["period"],
                                                             fits["trend_period"], strict=True)]
    value = fitted + fits["trend_per_period"] * np.array(steps, dtype=float)
    bounds = [natural_bounds(unit) or (-np.inf, np.inf) for unit in fits["unit"]]
    value = value.clip([low for low, _ in bounds], [high for _, high in bounds])
    return pd.DataFrame({"indicator_id": fits["indicator_id"], "trend_value": value})


def _steps(latest: str, ahead: str) -> int:
    """How many of the latest period's own periods lie between its end and the end of ``ahead``."""
    first, last = parse_period(latest), parse_period(ahead)
    months = (last.end.year - first.end.year) * 12 + last.end.month - first.end.month
    return max(round(months / first.months), 0)


def _evidence(totals: pd.DataFrame) -> pd.DataFrame:
    usable = totals["spc_usable"].fillna(False).astype(bool)
    return pd.DataFrame({
        "indicator_id": totals["indicator_id"], "title": totals["title"],
        "short_title": totals["short_title"], "unit": totals["unit"],
        "polarity": totals["polarity"], "decimal_places": totals["decimal_places"],
        "latest_period": totals["period"], "latest_value": totals["value"],
        "stale": stale_data(totals).to_numpy(), "current_target": totals["target"],
        "statutory_threshold": totals["statutory_threshold"],
        "usual_mean": totals["spc_mean"].where(usable),
        "usual_low": totals["spc_lpl"].where(usable),
        "usual_high": totals["spc_upl"].where(usable),
        "peer_group": totals["peer_group"], "peer_group_name": totals["peer_group_name"]})


def _without_figures(proposed: pd.DataFrame, own: pd.DataFrame,
                     indicators: pd.DataFrame) -> pd.DataFrame:
    """Rows for measures with a proposed target but no figures of the council
    up to the period (a new measure)."""
    missing = proposed.loc[~proposed["indicator_id"].isin(own["indicator_id"]), "indicator_id"]
    info = indicators[indicators["indicator_id"].isin(missing)]
    return info.reindex(columns=["indicator_id", "title", "short_title", "unit", "polarity",
                                 "decimal_places"]).assign(stale=False)


def _trend_period(proposal: object, latest: object, review_period: str) -> str | None:
    """The year the trend is carried on to: the proposed target's period, or
    next year of the latest figure's kind (None: no figures)."""
    if isinstance(proposal, str):
        return proposal
    if isinstance(latest, str):
        return next_year(parse_period(latest).kind, review_period).label
    return None


def review_targets(totals: pd.DataFrame, data: Dataset, council: str,
                   review_period: str) -> pd.DataFrame:
    """The target review of one council: one row per measure in ``totals``
    (the assessment table's rows without a breakdown, at ``review_period``),
    and one per measure with a proposed target but no figures. Columns:
    :data:`REVIEW_COLUMNS`, in the order of ``totals``."""
    proposed = proposed_targets(data.targets, council, review_period)
    own = _own_totals(data, council, review_period)
    rows = pd.concat([_evidence(totals), _without_figures(proposed, own, data.indicators)],
                     ignore_index=True)
    rows = rows.merge(proposed, on="indicator_id", how="left")
    rows["trend_period"] = [_trend_period(proposal, latest, review_period) for proposal, latest
                            in zip(rows["proposed_period"], rows["latest_period"], strict=True)]
    polarity = data.indicators.set_index("indicator_id")["polarity"]
    known = rows.dropna(subset=["latest_period"]).rename(columns={"latest_period": "period"})
    for found in (best_results(own, polarity),
                  peer_benchmarks(data.observations, data.peer_groups,
                                  known.dropna(subset=["peer_group"]), council),
                  trajectories(own, data.indicators, known[~known["stale"]])):
        rows = rows.merge(found, on="indicator_id", how="left")
    rows = rows.assign(**classify_targets(rows))
    rows = rows.assign(**suggest_ranges(rows))
    return rows.reindex(columns=REVIEW_COLUMNS)
