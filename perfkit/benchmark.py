"""Where a council stands: rank, quartile and distance from the median, among
its peers and among all English councils.

Every function works on whole long tables (area x indicator x period x
breakdown) with grouped pandas operations, never a loop per area or group.
Definitions (see also ``docs/methodology.md``, "Benchmarking"):

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

from .periods import parse_period
from .targets import polarity_sign

__all__ = [
    "COUNCIL_LEVELS",
    "MIN_AREAS_FOR_QUARTILE",
    "OBSERVATION_KEYS",
    "QUARTILE_BANDS",
    "apply_benchmarks",
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


# -- group measures from sorted arrays ---------------------------------------------------
# Sorting once by group and value gives every measure of every group at once:
# much faster than a pandas groupby per measure on millions of rows (peer
# groups are ranked once per focal council). Each gives exactly what pandas
# gives: rank(method="min"), count, and median (the middle value, or the mean
# of the two middle values).
def _measures(keys: np.ndarray, observed: np.ndarray,
              direction: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rank (1 = best; ties share the best), count, median and MAD of each
    row's group; ``keys`` numbers the groups 0, 1, 2..."""
    groups = int(keys.max()) + 1 if len(keys) else 0
    sizes = np.bincount(keys, minlength=groups)
    starts = np.cumsum(sizes) - sizes
    count = np.bincount(keys, weights=~np.isnan(observed), minlength=groups)
    median = _group_medians(keys, observed, count, starts)[keys]
    mad = _group_medians(keys, np.abs(observed - median), count, starts)[keys]
    rank = _min_ranks(keys, -(observed * direction), starts)
    return rank, count[keys], median, mad


def _group_medians(keys: np.ndarray, values: np.ndarray, count: np.ndarray,
                   starts: np.ndarray) -> np.ndarray:
    """The median of each group's values (NaN for a group with none)."""
    ordered = values[np.lexsort((values, keys))]  # NaN last within each group
    n = count.astype(np.int64)
    low = np.minimum(starts + np.maximum(n - 1, 0) // 2, max(len(values) - 1, 0))
    high = np.minimum(starts + n // 2, max(len(values) - 1, 0))
    if not len(values):
        return np.full(len(count), np.nan)
    middle = np.where(n % 2 == 1, ordered[low], (ordered[high] + ordered[low]) / 2)
    return np.where(n > 0, middle, np.nan)


def _min_ranks(keys: np.ndarray, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """1 + how many values of the row's group are smaller (NaN: no rank)."""
    order = np.lexsort((values, keys))
    ordered, grouped = values[order], keys[order]
    position = np.arange(len(values))
    new = np.ones(len(values), dtype=bool)
    new[1:] = (grouped[1:] != grouped[:-1]) | (ordered[1:] != ordered[:-1])
    first = np.maximum.accumulate(np.where(new, position, 0)) if len(values) else position
    ranks = (first - starts[grouped] + 1).astype(float)
    ranks[np.isnan(ordered)] = np.nan
    result = np.empty(len(values))
    result[order] = ranks
    return result


def _group_codes(values: pd.DataFrame, groups: list[str]) -> np.ndarray:
    """One integer per distinct combination of the group columns: factorising
    each column once is much faster than grouping on several text columns."""
    codes = np.zeros(len(values), dtype=np.int64)
    for column in groups:
        column_codes, uniques = pd.factorize(values[column], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + column_codes
        codes = pd.factorize(codes)[0]  # keep the numbers small
    return codes


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
    found = _peer_grid_measures(frame, members, observed.to_numpy(), sign.fillna(1.0).to_numpy())
    if found is None:  # an area with two values for one observation: rank row by row
        found = _peer_row_measures(frame, members, observed.to_numpy(),
                                   sign.fillna(1.0).to_numpy())
    mine, measures = found
    ranked = _with_measures(frame.iloc[mine], observed.iloc[mine], sign.iloc[mine], *measures)
    return _position_columns(ranked.assign(peer_group=group_id), "peer_",
                             leading=("peer_group",))


def _peer_row_measures(frame: pd.DataFrame, members: pd.DataFrame, observed: np.ndarray,
                       direction: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The measures of each focal area's own rows, with every member's rows of
    the table joined to each focal area (any table)."""
    rows, focal, own = _member_rows(frame["area_code"], members)
    groups = focal * (len(frame) + 1) + _group_codes(frame, list(OBSERVATION_KEYS))[rows]
    measures = _measures(pd.factorize(groups)[0], observed[rows], direction[rows])
    return rows[own], tuple(m[own] for m in measures)


#: How many values :func:`_peer_grid_measures` holds at once (about 32 MB).
_GRID_CELLS = 4_000_000


def _peer_grid_measures(frame: pd.DataFrame, members: pd.DataFrame, observed: np.ndarray,
                        direction: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]] | None:
    """The measures of each focal area's own rows, from a grid of values (area
    x observation): each group is a handful of the grid's rows, so its values
    are sorted where they lie rather than joined and sorted as one long table.
    None if an area has two rows for one observation (the grid holds one)."""
    every = pd.Index(pd.unique(pd.concat([frame["area_code"], members["focal_code"],
                                          members["area_code"]], ignore_index=True)))
    area = every.get_indexer(frame["area_code"])
    key = _group_codes(frame, list(OBSERVATION_KEYS))
    keys = int(key.max()) + 1 if len(key) else 0
    if len(pd.unique(area * (keys + 1) + key)) < len(frame):
        return None
    grid = np.full((len(every) + 1, keys), np.nan)  # the last row: no area (padding)
    grid[area, key] = observed
    signs = np.ones(keys)
    signs[key] = direction
    focal, groups = _padded_groups(every, members)
    own = np.flatnonzero(np.isin(area, focal))
    place = pd.Index(focal).get_indexer(area[own])
    measures = np.full((4, len(own)), np.nan)
    step = max(1, _GRID_CELLS // max(1, groups.shape[1] * keys))
    for first in range(0, len(focal), step):
        chunk = (place >= first) & (place < first + step)
        found = _grid_measures(grid, groups[first:first + step], focal[first:first + step], signs)
        measures[:, chunk] = found[:, place[chunk] - first, key[own[chunk]]]
    return own, tuple(measures)


def _padded_groups(every: pd.Index, members: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The focal areas' numbers, and each one's members as a row of numbers
    (padded with len(every), the grid's empty row)."""
    focal = every.get_indexer(members["focal_code"])
    member = every.get_indexer(members["area_code"])
    order = np.argsort(focal, kind="stable")
    focal, member = focal[order], member[order]
    distinct, starts, sizes = np.unique(focal, return_index=True, return_counts=True)
    groups = np.full((len(distinct), int(sizes.max()) if len(sizes) else 0), len(every))
    groups[np.repeat(np.arange(len(distinct)), sizes),
           np.arange(len(focal)) - np.repeat(starts, sizes)] = member
    return distinct, groups


def _grid_measures(grid: np.ndarray, groups: np.ndarray, focal: np.ndarray,
                   signs: np.ndarray) -> np.ndarray:
    """Rank, count, median and MAD for each focal area (rows) and observation
    (columns), from its group's values: shape (4, focal areas, observations)."""
    values = grid[groups]  # focal area x member x observation
    count = np.sum(~np.isnan(values), axis=1)
    median = _middle(np.sort(values, axis=1), count)
    mad = _middle(np.sort(np.abs(values - median[:, None, :]), axis=1), count)
    mine = grid[focal] * signs
    better = np.sum(values * signs > mine[:, None, :], axis=1)
    rank = np.where(np.isnan(mine), np.nan, better + 1.0)
    return np.stack([rank, count.astype(float), median, mad])


def _middle(ordered: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The median of values sorted along axis 1 (NaN last), ``count`` of them
    not NaN: the middle one, or the mean of the two middle ones, as pandas."""
    low = np.maximum(count - 1, 0)[:, None, :] // 2
    high = (count // 2)[:, None, :]
    if ordered.shape[1] == 0:
        return np.full(count.shape, np.nan)
    high = np.minimum(high, ordered.shape[1] - 1)
    lower = np.take_along_axis(ordered, low, axis=1)[:, 0, :]
    upper = np.take_along_axis(ordered, high, axis=1)[:, 0, :]
    middle = np.where(count % 2 == 1, lower, (upper + lower) / 2)
    return np.where(count > 0, middle, np.nan)


def _member_rows(area_codes: pd.Series,
                 members: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every row of each focal area's group, as merging the members onto the
    table would give them but without copying its columns: the rows of
    ``area_codes`` of each member, the number of the focal area each is
    ranked for, and whether the row is the focal area's own."""
    every = pd.Index(pd.unique(pd.concat([area_codes, members["focal_code"],
                                          members["area_code"]], ignore_index=True)))
    numbers = every.get_indexer(area_codes)
    member = every.get_indexer(members["area_code"])
    focal = every.get_indexer(members["focal_code"])
    by_area = np.argsort(numbers, kind="stable")
    sizes = np.bincount(numbers, minlength=len(every))
    counts = sizes[member]
    offsets = np.repeat((np.cumsum(sizes) - sizes)[member] - (np.cumsum(counts) - counts),
                        counts)
    rows = by_area[offsets + np.arange(counts.sum())]
    return rows, np.repeat(focal, counts), np.repeat(focal == member, counts)


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


def apply_benchmarks(latest: pd.DataFrame, observations: pd.DataFrame, data,
                     peer_group: str | None) -> pd.DataFrame:
    """Add the England and peer columns of the assessment table (see
    :mod:`perfkit.verdict`) to ``latest`` (one row per series at its latest
    value), from a :class:`~perfkit.loading.Dataset` ``data``.

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
