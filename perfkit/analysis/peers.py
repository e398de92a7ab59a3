"""Where a council stands: rank, quartile and distance from the median, among
its peers and among all English councils.

Every function works on whole long tables (area x indicator x period x
breakdown) with grouped pandas operations, never a loop per area or group
(the array arithmetic behind the ranks and medians is in
:mod:`perfkit.analysis.peer_arrays`). Definitions (see also
``docs/methodology.md``, "Benchmarking"):

* **rank**: 1 = best by polarity; tied values share the best rank of the tie
  (pandas ``method="min"``, as LAIT does), so [90, 80, 80, 70] with higher
  is better ranks 1, 2, 2, 4. Neutral indicators are ranked from the highest
  value down and marked ``rank_is_judgement = False``: rank 1 is then the
  largest, not the best.
* **count**: areas in the group with a value.
* **percentile**: (count - rank) / (count - 1) x 100; 100 = best, 0 = worst.
  For distinct values it is the share of the other areas that this one
  beats. A group of one has no percentile (NaN).
* **quartile**: from the percentile: 1 (best) above 75, 2 above 50 up to 75,
  3 above 25 up to 50, 4 at 25 or below. An area exactly on a boundary goes
  to the worse quartile, as LAIT's quartile bands do for higher-is-better
  indicators (LAIT calls quartiles 1-4 bands A-D: :data:`QUARTILE_BANDS`).
  Groups of fewer than :data:`MIN_AREAS_FOR_QUARTILE` areas get none (NA): a
  quarter of fewer than four areas is less than one area.
* **median**, **mad**: the group median, and the median absolute deviation
  from it (unscaled: no 1.4826 factor).
* **mad_distance**: (value - median) / mad, signed so that positive is better
  than the median (for neutral indicators, positive is above it). Where mad is
  0 (at least half the areas share the median value), the distance is 0 for
  an area on the median and NaN otherwise: the scale is undefined, and rank
  and quartile still say where the area stands.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from perfkit.analysis.peer_arrays import (
    _group_codes,
    _measures,
    _peer_grid_measures,
    _peer_row_measures,
)
from perfkit.periods import parse_period
from perfkit.polarity import polarity_sign

__all__ = [
    "COUNCIL_LEVELS",
    "MIN_AREAS_FOR_QUARTILE",
    "OBSERVATION_KEYS",
    "QUARTILE_BANDS",
    "apply_peer_positions",
    "england_positions",
    "peer_positions",
    "rank_among",
    "rank_change",
]

QUARTILES = 4
PERCENT = 100.0
MIN_AREAS_FOR_QUARTILE = 4
QUARTILE_BANDS = {1: "A", 2: "B", 3: "C", 4: "D"}
"""LAIT's names for quartiles: A = best quarter ... D = worst."""
NOT_COUNCILS = ("country", "region")
_SINGLE_TIER = ("unitary", "metropolitan_district", "london_borough")
COUNCIL_LEVELS = {
    "upper": ("county", *_SINGLE_TIER),
    "lower": ("district", *_SINGLE_TIER),
}
"""Area types of the councils compared at each level; level "all" compares
every area that is not a country or region."""
OBSERVATION_KEYS = ("indicator_id", "period", "breakdown_dimension", "breakdown_category")
_MEASURES = ("rank", "count", "quartile", "percentile", "median", "mad_distance")
_EXTRAS = ("mad", "rank_is_judgement")
_COMPARISONS = ("previous", "same_period_last_year")


def _quartiles(rank: pd.Series, count: pd.Series) -> pd.Series:
    """Quartile from the percentile, in exact arithmetic: percentile > 75 is
    4 x (count - rank) > 3 x (count - 1)."""
    above, span = QUARTILES * (count - rank), count - 1
    cuts = [(above > q * span).to_numpy(dtype=bool) for q in range(QUARTILES - 1, 0, -1)]
    quartile = np.select(cuts, list(range(1, QUARTILES)), QUARTILES)
    valid = rank.notna() & (count >= MIN_AREAS_FOR_QUARTILE)
    return pd.Series(quartile, index=rank.index).astype("Int64").where(valid)


def _mad_distance(value: pd.Series, median: pd.Series, mad: pd.Series,
                  sign: pd.Series) -> pd.Series:
    """Signed distance from the median in MADs; 0 on the median, NaN off it when mad = 0."""
    difference = (value - median) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    distance = difference / mad.where(mad > 0)
    return distance.mask((mad == 0) & (difference == 0), 0.0)


def rank_among(
    values: pd.DataFrame,
    polarity: str | pd.Series,
    groups: str | Iterable[str],
    *,
    value: str = "value",
) -> pd.DataFrame:
    """Rank every row of ``values`` within its group (the module docstring
    defines each measure).

    ``values`` is a long table; ``groups`` names the columns that make a group
    (e.g. indicator_id, period and breakdown); ``polarity`` is one word or a
    Series of words on the rows. Rows without a value get no rank but keep
    their place. Returns ``values`` with columns ``rank``, ``count``,
    ``quartile``, ``percentile``, ``median``, ``mad``, ``mad_distance`` and
    ``rank_is_judgement`` added.
    """
    groups = [groups] if isinstance(groups, str) else list(groups)
    keys = _group_codes(values, groups)
    sign = polarity_sign(polarity, values.index)
    observed = pd.to_numeric(values[value], errors="coerce").astype(float)
    measures = _measures(keys, observed.to_numpy(), sign.fillna(1.0).to_numpy())
    return _with_measures(values, observed, sign, *measures)


def _with_measures(values: pd.DataFrame, observed: pd.Series, sign: pd.Series,
                   rank: np.ndarray, count: np.ndarray, median: np.ndarray,
                   mad: np.ndarray) -> pd.DataFrame:
    """``values`` with the measures of :func:`rank_among` as columns."""
    index = values.index
    rank, count = pd.Series(rank, index=index), pd.Series(count, index=index)
    median, mad = pd.Series(median, index=index), pd.Series(mad, index=index)
    percentile = ((count - rank) / (count - 1) * PERCENT).where(count > 1)
    return values.assign(
        rank=rank.astype("Int64"),
        count=count.astype("Int64"),
        quartile=_quartiles(rank, count),
        percentile=percentile,
        median=median,
        mad=mad,
        mad_distance=_mad_distance(observed, median, mad, sign.fillna(1.0)),
        rank_is_judgement=sign.notna().to_numpy(),
    )


def _as_list(items: str | Iterable[str]) -> list[str]:
    return [items] if isinstance(items, str) else list(items)


def _prepare(observations: pd.DataFrame, indicators: pd.DataFrame,
             period: str | Iterable[str] | None) -> pd.DataFrame:
    """The observations needed for ranking, with each indicator's polarity."""
    frame = observations
    for column in ("breakdown_dimension", "breakdown_category"):
        if column not in frame.columns:
            frame = frame.assign(**{column: "all"})
    if period is not None:
        frame = frame[frame["period"].isin(_as_list(period))]
    frame = frame[["area_code", *OBSERVATION_KEYS, "value"]].merge(
        indicators[["indicator_id", "polarity"]], on="indicator_id", how="left")
    unknown = frame.loc[frame["polarity"].isna(), "indicator_id"].unique()
    if len(unknown):
        raise ValueError(f"indicators not in the indicators table: {sorted(map(str, unknown))}")
    return frame


def _position_columns(ranked: pd.DataFrame, prefix: str,
                      leading: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rename the measures with ``prefix`` and order the columns."""
    renamed = ranked.rename(columns={m: prefix + m for m in (*_MEASURES, *_EXTRAS)})
    columns = ["area_code", *OBSERVATION_KEYS, *leading,
               *(prefix + m for m in _MEASURES), "value", *(prefix + m for m in _EXTRAS)]
    order = ["area_code", *OBSERVATION_KEYS]
    return renamed[columns].sort_values(order, kind="stable").reset_index(drop=True)


def _peer_members(peer_groups: pd.DataFrame, group_id: str,
                  areas: str | Iterable[str] | None) -> pd.DataFrame:
    """One row per focal area and member of its group (the area itself included)."""
    chosen = peer_groups[peer_groups["group_id"] == group_id]
    if chosen.empty:
        known = sorted(map(str, peer_groups["group_id"].unique()))
        raise ValueError(f"no peer group {group_id!r}; the peer_groups table has {known}")
    if areas is not None:
        chosen = chosen[chosen["area_code"].isin(_as_list(areas))]
    focal = chosen["area_code"].unique()
    members = pd.concat([
        pd.DataFrame({"focal_code": focal, "area_code": focal}),
        chosen[["area_code", "peer_code"]].set_axis(["focal_code", "area_code"], axis=1),
    ])
    return members.drop_duplicates(ignore_index=True)


def peer_positions(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    peer_groups: pd.DataFrame,
    group_id: str,
    areas: str | Iterable[str] | None = None,
    period: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rank each focal area among itself and its peers, for every indicator,
    period and breakdown.

    Focal areas are those with a group ``group_id`` in ``peer_groups`` (only
    ``areas`` if given); ``period`` limits the periods ranked (a label or a
    list). The members are merged onto the observations (one row per focal
    area x member x observation) and ranked with :func:`rank_among`.

    Returns one row per focal area and observation of its own: area_code,
    indicator_id, period, breakdown_dimension, breakdown_category,
    peer_group, peer_rank, peer_count, peer_quartile, peer_percentile,
    peer_median, peer_mad_distance, value, peer_mad, peer_rank_is_judgement.
    """
    members = _peer_members(peer_groups, group_id, areas)
    frame = _prepare(observations, indicators, period).reset_index(drop=True)
    sign = polarity_sign(frame["polarity"], frame.index)
    observed = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    found = _peer_grid_measures(frame, members, observed.to_numpy(), sign.fillna(1.0).to_numpy(),
                                list(OBSERVATION_KEYS))
    if found is None:  # an area with two values for one observation: rank row by row
        found = _peer_row_measures(frame, members, observed.to_numpy(),
                                   sign.fillna(1.0).to_numpy(), list(OBSERVATION_KEYS))
    mine, measures = found
    ranked = _with_measures(frame.iloc[mine], observed.iloc[mine], sign.iloc[mine], *measures)
    return _position_columns(ranked.assign(peer_group=group_id), "peer_",
                             leading=("peer_group",))


def england_positions(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    level: str = "all",
    period: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rank every English council among all councils that report the indicator.

    England and the regions (area types in ``NOT_COUNCILS``) and areas outside
    England are left out. ``level`` is "all" (every other area type: since only
    the councils responsible for a service report it, this is in practice the
    tier that delivers it), "upper" (counties and single-tier councils) or
    "lower" (districts and single-tier councils).

    Returns the columns of :func:`peer_positions` without peer_group, each
    measure prefixed ``england_`` instead of ``peer_``.
    """
    if level != "all" and level not in COUNCIL_LEVELS:
        raise ValueError(f"level must be 'all' or one of {tuple(COUNCIL_LEVELS)}, not {level!r}")
    councils = ~areas["area_type"].isin(NOT_COUNCILS)
    if level != "all":
        councils &= areas["area_type"].isin(COUNCIL_LEVELS[level])
    if "nation" in areas.columns:
        councils &= areas["nation"].eq("England")
    chosen = observations[observations["area_code"].isin(areas.loc[councils, "area_code"])]
    frame = _prepare(chosen, indicators, period)
    ranked = rank_among(frame, frame["polarity"], list(OBSERVATION_KEYS))
    return _position_columns(ranked, "england_")


def rank_change(
    positions: pd.DataFrame,
    rank: str = "peer_rank",
    *,
    compare: str = "previous",
) -> pd.DataFrame:
    """Change in rank since the previous period (or the same period last year).

    ``positions`` is a result of :func:`peer_positions` or
    :func:`england_positions`; ``rank`` names its rank column. Adds
    ``comparison_period``, ``comparison_<rank>`` and ``<rank>_change`` =
    earlier rank - current rank, so positive means the area moved up the
    ranking (better, unless the rank is not a judgement). The group may have
    had a different number of areas then; the percentile is fairer across
    such changes. Each distinct period label is parsed once.
    """
    if compare not in _COMPARISONS:
        raise ValueError(f"compare must be one of {_COMPARISONS}, not {compare!r}")
    labels = positions["period"].unique()
    earlier = {label: getattr(parse_period(label), compare)().label for label in labels}
    keys = [c for c in ("area_code", "indicator_id", "breakdown_dimension",
                        "breakdown_category", "peer_group") if c in positions.columns]
    before = positions[[*keys, "period", rank]].set_axis(
        [*keys, "comparison_period", f"comparison_{rank}"], axis=1)
    result = positions.assign(comparison_period=positions["period"].map(earlier))
    result = result.merge(before, on=[*keys, "comparison_period"], how="left")
    return result.assign(**{f"{rank}_change": result[f"comparison_{rank}"] - result[rank]})


def _peer_columns(latest: pd.DataFrame, observations: pd.DataFrame, data,
                  peer_group: str | None) -> pd.DataFrame:
    """Peer position and rank change for each latest row (NaN without a group)."""
    groups = data.peer_groups
    names = ["peer_group", "peer_group_name", "peer_rank", "peer_count", "peer_quartile",
             "peer_percentile", "peer_median", "peer_mad_distance", "peer_rank_change"]
    if peer_group is None or groups is None or not groups["group_id"].eq(peer_group).any():
        return pd.DataFrame(np.nan, index=latest.index, columns=names)
    pairs = latest[["indicator_id", "period"]].drop_duplicates()
    previous = {p: parse_period(p).previous().label for p in pairs["period"].unique()}
    pairs = pd.concat([pairs, pairs.assign(period=pairs["period"].map(previous))])
    needed = observations.merge(pairs.drop_duplicates(), on=["indicator_id", "period"])
    positions = rank_change(peer_positions(needed, data.indicators, groups, peer_group,
                                           areas=latest["area_code"].unique()))
    keys = ["area_code", *OBSERVATION_KEYS]
    found = latest[keys].merge(positions, on=keys, how="left").set_axis(latest.index)
    named = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
    found["peer_group"] = peer_group
    found["peer_group_name"] = named.get(peer_group)
    return found[names]


def apply_peer_positions(latest: pd.DataFrame, observations: pd.DataFrame, data,
                     peer_group: str | None) -> pd.DataFrame:
    """Add the England and peer columns of the assessment table (see
    :mod:`perfkit.analysis.verdict`) to ``latest`` (one row per series at its latest
    value), from a :class:`~perfkit.data.loading.Dataset` ``data``.

    Adds england_rank, england_count, england_quartile, england_percentile,
    england_median, england_mad_distance, peer_group, peer_group_name,
    peer_rank, peer_count, peer_quartile, peer_percentile, peer_median,
    peer_mad_distance and peer_rank_change (NaN where the area has no group).
    """
    keys = ["area_code", *OBSERVATION_KEYS]
    periods = latest["period"].unique()
    england = england_positions(observations, data.indicators, data.areas, period=periods)
    measures = [f"england_{m}" for m in _MEASURES]
    found = latest[keys].merge(england[[*keys, *measures]], on=keys, how="left")
    out = latest.assign(**found[measures].set_axis(latest.index))
    peers = _peer_columns(latest, observations, data, peer_group)
    return out.assign(**{c: peers[c] for c in peers.columns})
