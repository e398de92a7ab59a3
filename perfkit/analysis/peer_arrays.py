"""Rank, count, median and MAD of every group at once, from sorted NumPy arrays.

The array machinery behind :mod:`perfkit.analysis.ranking` and
:mod:`perfkit.analysis.peers`: :func:`measure_groups` ranks any long table's
groups with one sort, and :func:`measure_peer_grid` (or
:func:`measure_peer_rows` when an area has two rows for one observation)
ranks each focal council among its peers. Each gives exactly what the pandas
groupbys would; :mod:`perfkit.analysis.ranking` defines the measures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["measure_groups", "measure_peer_grid", "measure_peer_rows", "number_groups"]


# -- group measures from sorted arrays ---------------------------------------------------
# Sorting once by group and value gives every measure of every group at once:
# much faster than a pandas groupby per measure on millions of rows (peer
# groups are ranked once per focal council). Each gives exactly what pandas
# gives: rank(method="min"), count, and median (the middle value, or the mean
# of the two middle values).
def measure_groups(keys: np.ndarray, observed: np.ndarray,
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


def number_groups(values: pd.DataFrame, groups: list[str]) -> np.ndarray:
    """One integer per distinct combination of the group columns: factorising
    each column once is much faster than grouping on several text columns."""
    codes = np.zeros(len(values), dtype=np.int64)
    for column in groups:
        column_codes, uniques = pd.factorize(values[column], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + column_codes
        codes = pd.factorize(codes)[0]  # keep the numbers small
    return codes


def measure_peer_rows(frame: pd.DataFrame, members: pd.DataFrame, observed: np.ndarray,
                      direction: np.ndarray,
                      columns: list[str]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The measures of each focal area's own rows, with every member's rows of
    the table joined to each focal area (any table); ``columns`` make an
    observation."""
    rows, focal, own = _member_rows(frame["area_code"], members)
    groups = focal * (len(frame) + 1) + number_groups(frame, columns)[rows]
    measures = measure_groups(pd.factorize(groups)[0], observed[rows], direction[rows])
    return rows[own], tuple(m[own] for m in measures)


#: How many values :func:`measure_peer_grid` holds at once (about 32 MB).
_GRID_CELLS = 4_000_000


def measure_peer_grid(frame: pd.DataFrame, members: pd.DataFrame, observed: np.ndarray,
                      direction: np.ndarray, columns: list[str],
                      ) -> tuple[np.ndarray, tuple[np.ndarray, ...]] | None:
    """The measures of each focal area's own rows, from a grid of values (area
    x observation, an observation being one combination of ``columns``): each
    group is a handful of the grid's rows, so its values are sorted where they
    lie rather than joined and sorted as one long table. None if an area has
    two rows for one observation (the grid holds one)."""
    every = pd.Index(pd.unique(pd.concat([frame["area_code"], members["focal_code"],
                                          members["area_code"]], ignore_index=True)))
    area = every.get_indexer(frame["area_code"])
    key = number_groups(frame, columns)
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
