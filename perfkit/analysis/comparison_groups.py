"""Who each council is compared with, measure by measure.

Two comparisons stand beside every measure (``docs/methodology.md``,
"Benchmarking"):

* **Its peer group.** An indicator may name the group its publisher compares
  it with (the indicators table's ``peer_group``: CIPFA nearest neighbours for
  economy measures, NHS near neighbours for adult social care and health, DfE
  children's statistical neighbours for children's services). Where it does,
  and the council has that group in the peer_groups table, the council is
  ranked among that group; otherwise among the run's peer group (the run
  file's ``peer_group``). Each row records the group used (``peer_group``,
  ``peer_group_name``), so the words name it.
* **Its nation.** All councils of its own nation
  (:func:`perfkit.analysis.peers.national_positions`).

The ranking itself is :mod:`perfkit.analysis.peers`; this module says which
group each row uses and adds the columns of the assessment table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.peers import OBSERVATION_KEYS, national_positions, peer_positions, rank_change
from perfkit.markup import absent
from perfkit.periods import parse_period

__all__ = ["NATIONAL_POSITION_COLUMNS", "PEER_COLUMNS", "apply_peer_positions",
           "choose_peer_groups", "peer_group_names"]

#: The peer columns of the assessment table, in order.
PEER_COLUMNS = ["peer_group", "peer_group_name", "peer_rank", "peer_count", "peer_quartile",
                "peer_percentile", "peer_median", "peer_mad_distance", "peer_rank_change"]
#: The position among all councils of the nation, as the assessment table has it.
NATIONAL_POSITION_COLUMNS = ["national_rank", "national_count", "national_quartile",
                             "national_percentile", "national_median"]
_KEYS = ["area_code", *OBSERVATION_KEYS]
#: Fewer councils with a figure than this (the council among them) and the
#: group says nothing: "1st of 1" is no comparison, so none is given.
FEWEST_COMPARED = 3


def _held(groups: pd.Series, areas: pd.Series, peer_groups: pd.DataFrame) -> np.ndarray:
    """True where the area has a group of that id in the peer_groups table."""
    held = pd.MultiIndex.from_frame(peer_groups[["group_id", "area_code"]].astype(str))
    pairs = pd.MultiIndex.from_arrays([groups.fillna("").astype(str), areas.astype(str)])
    return np.asarray(pairs.isin(held)) & groups.notna().to_numpy()


def choose_peer_groups(latest: pd.DataFrame, indicators: pd.DataFrame,
                       peer_groups: pd.DataFrame | None, run_group: str | None, *,
                       own_groups: bool = True) -> pd.Series:
    """The id of the peer group each row of ``latest`` is compared with: its
    indicator's ``peer_group`` where the council has that group (and
    ``own_groups`` is true), else ``run_group`` where the council has it,
    else None."""
    chosen = pd.Series(None, index=latest.index, dtype=object)
    if peer_groups is None:
        return chosen
    run = pd.Series(run_group, index=latest.index, dtype=object)
    if run_group is not None:
        chosen = run.where(_held(run, latest["area_code"], peer_groups), None)
    if own_groups and "peer_group" in indicators.columns:
        named = latest["indicator_id"].map(indicators.set_index("indicator_id")["peer_group"])
        named = named.map(lambda g: None if absent(g) or not str(g).strip() else str(g).strip())
        chosen = named.where(_held(named, latest["area_code"], peer_groups), chosen)
    chosen = chosen.astype(object)
    return chosen.where(chosen.notna(), None)


def peer_group_names(peer_groups: pd.DataFrame | None) -> pd.Series:
    """group_id -> the name reports show."""
    if peer_groups is None:
        return pd.Series(dtype=object)
    return peer_groups.drop_duplicates("group_id").set_index("group_id")["group_name"]


def _one_group(rows: pd.DataFrame, observations: pd.DataFrame, data,
               group_id: str) -> pd.DataFrame:
    """Peer position and rank change of ``rows``, all compared with ``group_id``."""
    pairs = rows[["indicator_id", "period"]].drop_duplicates()
    previous = {p: parse_period(p).previous().label for p in pairs["period"].unique()}
    pairs = pd.concat([pairs, pairs.assign(period=pairs["period"].map(previous))])
    needed = observations.merge(pairs.drop_duplicates(), on=["indicator_id", "period"])
    positions = rank_change(peer_positions(needed, data.indicators, data.peer_groups, group_id,
                                           areas=rows["area_code"].unique()))
    found = rows[_KEYS].merge(positions.drop(columns="peer_group"), on=_KEYS, how="left")
    return found.set_axis(rows.index)


def _peer_columns(latest: pd.DataFrame, observations: pd.DataFrame, data,
                  chosen: pd.Series) -> pd.DataFrame:
    """Peer position and rank change for each latest row (NaN without a group)."""
    measures = PEER_COLUMNS[2:]
    parts = [_one_group(latest[chosen.eq(group_id)], observations, data, group_id)[measures]
             for group_id in chosen.dropna().unique()]
    if not parts:
        found = pd.DataFrame(np.nan, index=latest.index, columns=measures)
    else:
        found = pd.concat(parts).reindex(latest.index)
    counted = pd.to_numeric(found["peer_count"], errors="coerce")
    too_few = ~(counted >= FEWEST_COMPARED).fillna(False).astype(bool)
    found.loc[too_few.to_numpy(dtype=bool), measures] = np.nan
    chosen = chosen.where(~too_few, None)
    return found.assign(peer_group=chosen, peer_group_name=chosen.map(
        peer_group_names(data.peer_groups)).astype(object))[PEER_COLUMNS]


def apply_peer_positions(latest: pd.DataFrame, observations: pd.DataFrame, data,
                         peer_group: str | None, *, own_groups: bool = True) -> pd.DataFrame:
    """Add the national and peer columns of the assessment table (see
    :mod:`perfkit.analysis.verdict`) to ``latest`` (one row per series at its
    latest value), from a :class:`~perfkit.data.loading.Dataset` ``data``.

    Adds :data:`NATIONAL_POSITION_COLUMNS` (the position among all councils of
    the council's nation) and :data:`PEER_COLUMNS` (the position in the peer
    group :func:`choose_peer_groups` picks; ``peer_group`` is the run's group,
    used where an indicator names none; NaN where the council has no group, or
    fewer than :data:`FEWEST_COMPARED` councils in it have a figure).
    """
    national = national_positions(observations, data.indicators, data.areas,
                                  period=latest["period"].unique())
    found = latest[_KEYS].merge(national[[*_KEYS, *NATIONAL_POSITION_COLUMNS]], on=_KEYS,
                                how="left")
    out = latest.assign(**found[NATIONAL_POSITION_COLUMNS].set_axis(latest.index))
    chosen = choose_peer_groups(latest, data.indicators, data.peer_groups, peer_group,
                                own_groups=own_groups)
    peers = _peer_columns(latest, observations, data, chosen)
    return out.assign(**{c: peers[c] for c in PEER_COLUMNS})
