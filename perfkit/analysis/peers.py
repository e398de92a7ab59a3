"""Where a council stands: rank, quartile and distance from the median, among
its peers and among all councils of its nation.

Every function works on whole long tables (area x indicator x period x
breakdown) with grouped pandas operations, never a loop per area or group.
The measures (rank, count, quartile, percentile, median, MAD distance) are
defined and calculated in :mod:`perfkit.analysis.ranking`, on the arrays of
:mod:`perfkit.analysis.peer_arrays`; this module says who is compared with
whom; :mod:`perfkit.analysis.comparison_groups` picks each row's peer group
and adds the peer and national columns of the assessment table. See also
``docs/methodology.md``, "Benchmarking".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from perfkit.analysis.peer_arrays import measure_peer_grid, measure_peer_rows
from perfkit.analysis.ranking import add_measures, rank_among
from perfkit.data.contract import NOT_COUNCIL_TYPES
from perfkit.periods import parse_period
from perfkit.polarity import polarity_sign

__all__ = [
    "COUNCIL_LEVELS",
    "OBSERVATION_KEYS",
    "national_positions",
    "peer_positions",
    "rank_change",
]

NOT_COUNCILS = NOT_COUNCIL_TYPES
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
    found = measure_peer_grid(frame, members, observed.to_numpy(), sign.fillna(1.0).to_numpy(),
                                list(OBSERVATION_KEYS))
    if found is None:  # an area with two values for one observation: rank row by row
        found = measure_peer_rows(frame, members, observed.to_numpy(),
                                   sign.fillna(1.0).to_numpy(), list(OBSERVATION_KEYS))
    mine, measures = found
    ranked = add_measures(frame.iloc[mine], observed.iloc[mine], sign.iloc[mine], *measures)
    return _position_columns(ranked.assign(peer_group=group_id), "peer_",
                             leading=("peer_group",))


def national_positions(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    level: str = "all",
    period: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rank every council among all councils of its own nation (``areas.nation``)
    that report the indicator: a Scottish council among Scottish councils.

    Countries, regions and the places inside a council (area types in
    ``NOT_COUNCILS``) are left out. ``level`` is "all" (every other area type:
    since only the councils responsible for a service report it, this is in
    practice the tier that delivers it), "upper" (counties and single-tier
    councils) or "lower" (districts and single-tier councils).

    Returns the columns of :func:`peer_positions` without peer_group, each
    measure prefixed ``national_`` instead of ``peer_``.
    """
    if level != "all" and level not in COUNCIL_LEVELS:
        raise ValueError(f"level must be 'all' or one of {tuple(COUNCIL_LEVELS)}, not {level!r}")
    councils = ~areas["area_type"].isin(NOT_COUNCILS)
    if level != "all":
        councils &= areas["area_type"].isin(COUNCIL_LEVELS[level])
    chosen_areas = areas[councils].drop_duplicates("area_code")
    nation = (chosen_areas["nation"] if "nation" in chosen_areas.columns
              else pd.Series("", index=chosen_areas.index))
    nations = pd.Series(nation.fillna("").to_numpy(), index=chosen_areas["area_code"])
    chosen = observations[observations["area_code"].isin(nations.index)]
    frame = _prepare(chosen, indicators, period)
    frame = frame.assign(nation=frame["area_code"].map(nations))
    ranked = rank_among(frame, frame["polarity"], ["nation", *OBSERVATION_KEYS])
    return _position_columns(ranked, "national_")


def rank_change(
    positions: pd.DataFrame,
    rank: str = "peer_rank",
    *,
    compare: str = "previous",
) -> pd.DataFrame:
    """Change in rank since the previous period (or the same period last year).

    ``positions`` is a result of :func:`peer_positions` or
    :func:`national_positions`; ``rank`` names its rank column. Adds
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
