"""Wards inside a council: where in the borough things differ.

Areas of type ``ward`` name their council as ``parent_code``; areas of type
``small_area`` (LSOAs) name their ward. Calculations here take the
observations a report may show (already cut at the report's period) and
return tidy tables, one row per ward:

* :func:`ward_profile`: each ward's latest value of each measure and its rank
  within the borough, where **rank 1 is the highest value**: the most deprived
  ward, the highest claimant rate, the largest population, the highest turnout.
* :func:`small_area_spread`: how the small areas inside each ward differ on
  the Index of Multiple Deprivation: the lowest, middle and highest score and
  decile, and how many small areas are in England's most deprived tenth;
  :func:`hidden_pockets`: the wards that are mostly less deprived but hold
  one of those small areas, which a ward's average hides.

Nothing here draws or words anything; see :mod:`perfkit.charts.ward_map` and
:mod:`perfkit.report.wards`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from perfkit.data.contract import NO_BREAKDOWN
from perfkit.periods import parse_period

__all__ = [
    "DEPRIVATION_DOMAINS",
    "MOST_DEPRIVED_DECILE",
    "SMALL_AREA_MEASURES",
    "WARD_MEASURES",
    "LESS_DEPRIVED_DECILE",
    "WardProfile",
    "hidden_pockets",
    "latest_values",
    "rank_within",
    "small_area_points",
    "small_area_spread",
    "wards_of",
    "ward_profile",
    "within_council",
]

#: The ward measures of the ward view: column name -> indicator id.
WARD_MEASURES = {
    "population": "ward_population",
    "imd_score": "ward_imd_score",
    "claimant_rate": "ward_claimant_rate",
    "turnout": "ward_election_turnout",
}
#: The Index of Multiple Deprivation and its domains (and the two supplementary
#: income indices), for wards: column name -> indicator id. Higher is more
#: deprived on every one of them.
DEPRIVATION_DOMAINS = {
    "imd_score": "ward_imd_score",
    "income": "ward_income_deprivation",
    "employment": "ward_employment_deprivation",
    "education": "ward_education_deprivation",
    "health": "ward_health_deprivation",
    "crime": "ward_crime_deprivation",
    "housing_barriers": "ward_housing_barriers",
    "living_environment": "ward_living_environment",
    "children_income": "ward_idaci",
    "older_people_income": "ward_idaopi",
}
#: The small-area measures: the IMD score and national decile of each LSOA.
SMALL_AREA_MEASURES = {"score": "small_area_imd_score", "decile": "small_area_imd_decile"}
#: National IMD decile 1: the most deprived 10% of small areas in England.
MOST_DEPRIVED_DECILE = 1
#: National IMD deciles from this one up (6 to 10) are England's less deprived half.
LESS_DEPRIVED_DECILE = 6


@dataclass(frozen=True)
class WardProfile:
    """The wards of one council with their latest values and ranks.

    ``table``: one row per ward (``area_code``, ``area_name``, then for each
    measure its value and ``<measure>_rank``, 1 = the highest value in the
    borough; for a measure with a numerator, ``<measure>_count`` too), in
    order of name. ``periods``: the period of each measure's values (None
    where there are none). ``indicators``: the indicator id of each measure."""

    council: str
    table: pd.DataFrame
    periods: dict[str, str | None] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.table.empty

    def has(self, measure: str) -> bool:
        """Whether any ward has a value of ``measure``."""
        return measure in self.table and self.table[measure].notna().any()


def wards_of(areas: pd.DataFrame, council: str, area_type: str = "ward") -> pd.DataFrame:
    """The areas of ``area_type`` whose parent is ``council`` (for small
    areas: whose parent is one of ``council``'s wards): code, name and
    parent, in order of name."""
    parents = areas["parent_code"] if "parent_code" in areas else pd.Series(None, areas.index)
    if area_type == "ward":
        chosen = areas[(areas["area_type"] == "ward") & (parents == council)]
    else:
        wards = set(wards_of(areas, council)["area_code"])
        chosen = areas[(areas["area_type"] == area_type) & parents.isin(wards)]
    return (chosen.assign(parent_code=parents[chosen.index])
            [["area_code", "area_name", "parent_code"]]
            .sort_values(["area_name", "area_code"], ignore_index=True))


def within_council(observations: pd.DataFrame, areas: pd.DataFrame,
                   council: str) -> pd.DataFrame:
    """The observations of the council's wards and their small areas (pick
    them once: the whole table is large and every measure looks them up)."""
    codes = {*wards_of(areas, council)["area_code"],
             *wards_of(areas, council, "small_area")["area_code"]}
    return observations[observations["area_code"].isin(codes)]


def latest_values(observations: pd.DataFrame, area_codes, indicator_id: str) -> pd.DataFrame:
    """The totals (no breakdown) of ``indicator_id`` for ``area_codes`` in the
    latest period any of them has a value for: area_code, period, value,
    numerator. Empty if none has a value."""
    obs = observations
    rows = obs[(obs["indicator_id"] == indicator_id) & obs["area_code"].isin(set(area_codes))
               & (obs["breakdown_dimension"] == NO_BREAKDOWN)
               & (obs["breakdown_category"] == NO_BREAKDOWN) & obs["value"].notna()]
    columns = ["area_code", "period", "value", "numerator"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    latest = max(rows["period"].unique(), key=parse_period)
    rows = rows[rows["period"] == latest]
    return rows.reindex(columns=columns).reset_index(drop=True)


def rank_within(values: pd.Series) -> pd.Series:
    """Rank 1 for the highest value; equal values share the better rank;
    missing values have no rank."""
    return values.rank(ascending=False, method="min").astype("Int64")


def ward_profile(observations: pd.DataFrame, areas: pd.DataFrame, council: str,
                 measures: dict[str, str] | None = None) -> WardProfile:
    """Each ward of ``council`` with the latest value of each measure (column
    name -> indicator id; :data:`WARD_MEASURES` by default) and its rank in
    the borough (1 = highest)."""
    measures = dict(WARD_MEASURES if measures is None else measures)
    table = wards_of(areas, council).drop(columns="parent_code")
    periods: dict[str, str | None] = {}
    for measure, indicator_id in measures.items():
        found = latest_values(observations, table["area_code"], indicator_id)
        periods[measure] = str(found["period"].iloc[0]) if len(found) else None
        by_code = found.set_index("area_code")
        table[measure] = table["area_code"].map(by_code["value"]).astype(float)
        table[f"{measure}_rank"] = rank_within(table[measure])
        if by_code["numerator"].notna().any():
            table[f"{measure}_count"] = table["area_code"].map(by_code["numerator"]).astype(
                float)
    return WardProfile(council, table, periods, measures)


def small_area_points(observations: pd.DataFrame, areas: pd.DataFrame,
                      council: str) -> pd.DataFrame:
    """One row per small area of the council's wards: its code and name, its
    ward's code and name, its IMD score and national decile, and the period."""
    small = wards_of(areas, council, "small_area")
    wards = wards_of(areas, council).set_index("area_code")["area_name"]
    table = small.rename(columns={"parent_code": "ward_code"})
    table["ward_name"] = table["ward_code"].map(wards)
    period = None
    for measure, indicator_id in SMALL_AREA_MEASURES.items():
        found = latest_values(observations, table["area_code"], indicator_id)
        table[measure] = table["area_code"].map(found.set_index("area_code")["value"]).astype(
            float)
        period = period or (str(found["period"].iloc[0]) if len(found) else None)
    table["period"] = period
    return table[table["score"].notna() | table["decile"].notna()].reset_index(drop=True)


def small_area_spread(points: pd.DataFrame) -> pd.DataFrame:
    """For each ward (from :func:`small_area_points`): how many small areas,
    the lowest, median and highest IMD score and decile, and how many are in
    England's most deprived tenth; wards with the most such areas, then the
    highest median score, first."""
    columns = ["ward_code", "ward_name", "small_areas", "score_min", "score_median",
               "score_max", "decile_min", "decile_median", "decile_max", "most_deprived"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    grouped = points.groupby(["ward_code", "ward_name"], sort=False)
    table = grouped.agg(
        small_areas=("area_code", "size"), score_min=("score", "min"),
        score_median=("score", "median"), score_max=("score", "max"),
        decile_min=("decile", "min"), decile_median=("decile", "median"),
        decile_max=("decile", "max"),
        most_deprived=("decile", lambda d: int((d == MOST_DEPRIVED_DECILE).sum())),
    ).reset_index()
    return table.sort_values(["most_deprived", "score_median", "ward_name"],
                             ascending=[False, False, True], ignore_index=True)[columns]


def hidden_pockets(spread: pd.DataFrame) -> pd.DataFrame:
    """The wards (rows of :func:`small_area_spread`) whose middle small area
    is in England's less deprived half (median decile of at least
    :data:`LESS_DEPRIVED_DECILE`) yet which hold a small area in the most
    deprived tenth: pockets of deprivation a ward's average hides. The least
    deprived ward (highest median decile) first, then by name."""
    found = spread[(spread["most_deprived"] > 0)
                   & (spread["decile_median"] >= LESS_DEPRIVED_DECILE)]
    return found.sort_values(["decile_median", "ward_name"], ascending=[False, True],
                             ignore_index=True)
