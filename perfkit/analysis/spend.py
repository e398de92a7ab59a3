"""Spend per head: a council's spending divided by its resident population,
in pounds per head.

Calculations only: returns a tidy DataFrame and never draws. Definitions and
constants are in ``docs/methodology.md`` ("Finance", "Spend per head").
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from perfkit.analysis.selection import select_totals

__all__ = ["DEFAULT_SPEND_UNIT", "MONEY_SCALE", "spend_per_head"]

MONEY_SCALE = {"gbp": 1.0, "gbp_thousands": 1_000.0, "gbp_millions": 1_000_000.0}
"""Pounds in one unit of each money unit of the contract."""
DEFAULT_SPEND_UNIT = "gbp_thousands"
"""Unit assumed when no indicators table is given: that of the revenue
outturn indicators (net_expenditure_*)."""


def _as_list(items: str | Sequence[str]) -> list[str]:
    return [items] if isinstance(items, str) else list(items)


def _pound_scale(indicator_ids: pd.Series, indicators: pd.DataFrame | None) -> pd.Series:
    if indicators is None:
        units = pd.Series(DEFAULT_SPEND_UNIT, index=indicator_ids.index)
    else:
        units = indicator_ids.map(indicators.set_index("indicator_id")["unit"])
    unknown = sorted(set(units.dropna()) - set(MONEY_SCALE)) + (
        ["(no unit)"] if units.isna().any() else [])
    if unknown:
        raise ValueError(f"spend must be in pounds; found units {unknown}")
    return units.map(MONEY_SCALE)


def spend_per_head(observations: pd.DataFrame, areas: pd.DataFrame,
                   indicator_ids: str | Sequence[str], period: str,
                   population: pd.Series | None = None, *,
                   indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Spending divided by resident population, in pounds per head.

    ``population`` is a Series of residents indexed by area_code, taken from a
    published source for the same year (for example ONS mid-year population
    estimates); without it, ``areas`` must have a ``population`` column.
    perfkit never estimates populations, so with neither this raises
    ValueError. Units come from ``indicators`` where given, otherwise
    ``DEFAULT_SPEND_UNIT`` (£ thousands) is assumed. Columns: area_code,
    area_name, indicator_id, period, spend_gbp, population, spend_per_head_gbp
    (NaN where the population is missing or 0).
    """
    if population is None:
        if "population" not in areas.columns:
            raise ValueError(
                "no population: the areas table has no population column. Pass "
                "population= a Series of published resident populations (e.g. ONS "
                "mid-year estimates for the same year) indexed by area_code.")
        population = areas.set_index("area_code")["population"]
    rows = select_totals(observations)
    rows = rows[rows["indicator_id"].isin(_as_list(indicator_ids)) & rows["period"].eq(period)]
    spend = rows["value"] * _pound_scale(rows["indicator_id"], indicators)
    people = rows["area_code"].map(population).astype(float)
    table = pd.DataFrame({
        "area_code": rows["area_code"],
        "area_name": rows["area_code"].map(areas.set_index("area_code")["area_name"]),
        "indicator_id": rows["indicator_id"], "period": rows["period"],
        "spend_gbp": spend, "population": people,
        "spend_per_head_gbp": (spend / people).where(people.gt(0)),
    })
    return table.sort_values(["indicator_id", "area_code"]).reset_index(drop=True)
