"""Measures that move together: pairs of a council's measures that rank other
councils alike, so that one of the pair may be enough.

For each pair of the council's measures, take the latest period the council
has a figure for both, and every council's figures for both at that period.
Across the council's peer group (the council and its peers), where at least
:data:`MIN_COUNCILS_TO_CORRELATE` councils have both, else across all councils
of its nation, the pair's Spearman rank correlation says how far a council
that is high on one is high (or low) on the other. A pair with
``|r| >= STRONG_CORRELATION`` is *strong*. Breakdown rows are left out, and so
are areas that are not councils (wards, small areas, regions, the nation).
The rules and constants are in ``docs/methodology.md``, "Indicator-set review".
Vectorised: one pivot (councils x measures) and one ``DataFrame.corr`` per
period, never a loop over pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.nations import nation_of
from perfkit.data.contract import NO_BREAKDOWN, NOT_COUNCIL_TYPES
from perfkit.periods import period_end_dates

__all__ = [
    "MIN_COUNCILS_TO_CORRELATE",
    "PAIR_COLUMNS",
    "STRONG_CORRELATION",
    "pairs_moving_together",
]

#: A pair moves together when the size of its Spearman rank correlation across
#: councils is at least this (1 = the councils in exactly the same order).
STRONG_CORRELATION = 0.8
#: At least this many councils must have figures for both measures of a pair,
#: in the peer group (else the nation is used) and for any correlation at all.
MIN_COUNCILS_TO_CORRELATE = 10
#: The columns of the pairs table.
PAIR_COLUMNS = ["indicator_id", "other_id", "period", "compared_with", "councils", "r",
                "strong"]


def _council_figures(observations: pd.DataFrame, areas: pd.DataFrame, council: str,
                     indicator_ids: list[str], up_to: pd.Timestamp | None) -> pd.DataFrame:
    """Every council's figures of these measures, without a breakdown, in the
    council's nation, up to ``up_to``: area_code, indicator_id, period, value."""
    nation = nation_of(areas, council)
    councils = areas.loc[~areas["area_type"].isin(NOT_COUNCIL_TYPES)
                         & areas["nation"].eq(nation), "area_code"]
    obs = observations[observations["indicator_id"].isin(indicator_ids)
                       & observations["area_code"].isin(councils)
                       & observations["breakdown_dimension"].eq(NO_BREAKDOWN)
                       & observations["value"].notna()]
    if up_to is not None:
        obs = obs[period_end_dates(obs["period"]) <= up_to]
    return obs[["area_code", "indicator_id", "period", "value"]].reset_index(drop=True)


def _latest_common_periods(own: pd.DataFrame) -> pd.DataFrame:
    """For each pair of the council's measures (indicator_id < other_id), the
    latest period the council has a figure for both."""
    rows = own[["indicator_id", "period"]]
    both = rows.merge(rows.rename(columns={"indicator_id": "other_id"}), on="period")
    both = both[both["indicator_id"] < both["other_id"]]
    both = both.assign(_end=period_end_dates(both["period"]))
    latest = both.sort_values(["_end", "period"], kind="stable").drop_duplicates(
        ["indicator_id", "other_id"], keep="last")
    return latest.drop(columns="_end").reset_index(drop=True)


def _long(matrix: pd.DataFrame, name: str) -> pd.Series:
    """A measures x measures matrix as a Series on (indicator_id, other_id)."""
    found = matrix.stack(future_stack=True)
    found.index = found.index.set_names(["indicator_id", "other_id"])
    return found.rename(name)


def _correlate(wide: pd.DataFrame, members: list[str], prefix: str) -> pd.DataFrame:
    """Spearman r and the number of councils with both figures, for every pair
    of columns of ``wide`` (councils x measures), among ``members``."""
    chosen = wide.reindex(index=[m for m in members if m in wide.index])
    present = chosen.notna().astype(int)
    counts = present.T @ present
    r = chosen.corr(method="spearman", min_periods=MIN_COUNCILS_TO_CORRELATE)
    return pd.concat([_long(r, f"{prefix}_r"), _long(counts, f"{prefix}_councils")], axis=1)


def _at_period(figures: pd.DataFrame, pairs: pd.DataFrame, peers: list[str],
               nation: list[str]) -> pd.DataFrame:
    """The pairs of one period with their r and counts, in the peer group and the nation."""
    wide = figures.pivot(index="area_code", columns="indicator_id", values="value")
    found = pd.concat([_correlate(wide, peers, "peer"), _correlate(wide, nation, "nation")],
                      axis=1)
    return pairs.join(found, on=["indicator_id", "other_id"])


def _choose(pairs: pd.DataFrame) -> pd.DataFrame:
    """The peer group's figures where enough councils have both, else the nation's."""
    peer_ok = pairs["peer_councils"].fillna(0) >= MIN_COUNCILS_TO_CORRELATE
    nation_ok = pairs["nation_councils"].fillna(0) >= MIN_COUNCILS_TO_CORRELATE
    compared = np.select([peer_ok, nation_ok], ["peer_group", "nation"], "too_few_councils")
    councils = pairs["peer_councils"].where(peer_ok, pairs["nation_councils"]).fillna(0)
    r = pairs["peer_r"].where(peer_ok, pairs["nation_r"].where(nation_ok))
    out = pairs[["indicator_id", "other_id", "period"]].assign(
        compared_with=compared, councils=councils.astype(int), r=r.astype(float))
    out["strong"] = out["r"].abs().ge(STRONG_CORRELATION).fillna(False).astype(bool)
    return out


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS})
    return frame.astype({"councils": "int64", "r": "float64", "strong": "bool"})


def pairs_moving_together(observations: pd.DataFrame, areas: pd.DataFrame,
                          peer_groups: pd.DataFrame | None, *, council: str,
                          peer_group: str | None, indicator_ids: list[str],
                          up_to: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every pair of ``indicator_ids`` the council has a common period for:
    indicator_id, other_id (indicator_id < other_id), period (the latest
    common one), compared_with ("peer_group", "nation" or "too_few_councils"),
    councils (how many had both), r (Spearman; NaN with too few councils) and
    strong (``|r| >= STRONG_CORRELATION``). Strongest first."""
    figures = _council_figures(observations, areas, council, list(indicator_ids), up_to)
    pairs = _latest_common_periods(figures[figures["area_code"].eq(council)])
    if pairs.empty:
        return _empty()
    nation = sorted(figures["area_code"].unique())
    peers = [council, *_peer_codes(peer_groups, council, peer_group)]
    parts = [_at_period(figures[figures["period"].eq(period)], group, peers, nation)
             for period, group in pairs.groupby("period", sort=True)]
    chosen = _choose(pd.concat(parts, ignore_index=True))
    order = chosen.assign(_size=-chosen["r"].abs()).sort_values(
        ["strong", "_size", "indicator_id", "other_id"], ascending=[False, True, True, True],
        na_position="last", kind="stable")
    return order.drop(columns="_size").reset_index(drop=True)[PAIR_COLUMNS]


def _peer_codes(peer_groups: pd.DataFrame | None, council: str, group_id: str | None
                ) -> list[str]:
    """The council's peers in a group (none without the table or the group)."""
    if peer_groups is None or group_id is None:
        return []
    chosen = peer_groups[peer_groups["group_id"].eq(group_id)
                         & peer_groups["area_code"].eq(council)]
    return [code for code in chosen["peer_code"] if code != council]
