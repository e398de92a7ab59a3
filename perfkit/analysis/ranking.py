"""Rank, count, quartile, percentile, median and MAD distance of every row of
a long table within its group: the measures behind every position among
peers and among all councils of a nation (:mod:`perfkit.analysis.peers`).

Grouped array arithmetic, never a loop per group (the sorted arrays are in
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

from perfkit.analysis.peer_arrays import measure_groups, number_groups
from perfkit.polarity import polarity_sign

__all__ = [
    "MIN_AREAS_FOR_QUARTILE",
    "QUARTILE_BANDS",
    "add_measures",
    "rank_among",
]

QUARTILES = 4
PERCENT = 100.0
MIN_AREAS_FOR_QUARTILE = 4
QUARTILE_BANDS = {1: "A", 2: "B", 3: "C", 4: "D"}
"""LAIT's names for quartiles: A = best quarter ... D = worst."""


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
    keys = number_groups(values, groups)
    sign = polarity_sign(polarity, values.index)
    observed = pd.to_numeric(values[value], errors="coerce").astype(float)
    measures = measure_groups(keys, observed.to_numpy(), sign.fillna(1.0).to_numpy())
    return add_measures(values, observed, sign, *measures)


def add_measures(values: pd.DataFrame, observed: pd.Series, sign: pd.Series,
                 rank: np.ndarray, count: np.ndarray, median: np.ndarray,
                 mad: np.ndarray) -> pd.DataFrame:
    """``values`` with the measures of :func:`rank_among` as columns, from each
    row's rank, count, median and MAD (as :mod:`perfkit.analysis.peer_arrays`
    gives them), its value and its polarity sign (NaN for neutral)."""
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
