"""Value for money: cost against outcome for a council and its peers, for a
quadrant chart.

Calculations only: returns a tidy DataFrame and never draws. Definitions are
in ``docs/methodology.md`` ("Finance", "Value for money").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfkit.analysis.selection import group_with_peers, select_totals
from perfkit.polarity import BETTER_DIRECTION

__all__ = ["value_for_money"]

_OUTCOME_WORDS = {1.0: ("better outcome", "worse outcome"),
                  -1.0: ("better outcome", "worse outcome"),
                  0.0: ("higher outcome", "lower outcome")}


def _values(rows: pd.DataFrame, indicator_id: str, period: str) -> pd.Series:
    picked = rows[rows["indicator_id"].eq(indicator_id) & rows["period"].eq(period)]
    return picked.drop_duplicates("area_code").set_index("area_code")["value"]


def _positions(difference: pd.Series, words: tuple[str, str], middle: str) -> pd.Series:
    return pd.Series(np.select([difference > 0, difference < 0], list(words), middle),
                     index=difference.index, dtype=object).where(difference.notna())


def _outcome_polarity(outcome_indicator: str, indicators, outcome_polarity) -> str:
    if outcome_polarity is not None:
        polarity = outcome_polarity
    elif indicators is not None:
        polarity = indicators.set_index("indicator_id").loc[outcome_indicator, "polarity"]
    else:
        raise ValueError("give indicators= or outcome_polarity= to say which outcome is better")
    if polarity not in BETTER_DIRECTION:
        raise ValueError(f"unknown polarity {polarity!r}")
    return polarity


def value_for_money(observations: pd.DataFrame, cost_indicator: str, outcome_indicator: str,
                    area: str, peer_codes: Sequence[str], period: str, *,
                    indicators: pd.DataFrame | None = None, outcome_polarity: str | None = None,
                    outcome_period: str | None = None) -> pd.DataFrame:
    """Cost against outcome for the council and its peers, for a quadrant chart.

    One row per council with both values: area_code, is_focus, cost, outcome,
    cost_median and outcome_median (of the councils shown), cost_position
    ("lower cost" is the better cost, "higher cost", or "median cost"),
    outcome_position ("better"/"worse outcome" by the outcome's polarity, from
    ``indicators`` or ``outcome_polarity``; "higher"/"lower outcome" when it is
    neutral; "median outcome" on the line) and quadrant (the two joined, e.g.
    "lower cost, better outcome"). ``outcome_period`` defaults to ``period``;
    set it when the two indicators use different kinds of year. Councils
    missing either value are listed in ``attrs["missing"]``.
    """
    polarity = _outcome_polarity(outcome_indicator, indicators, outcome_polarity)
    rows = select_totals(observations)
    codes = group_with_peers(area, peer_codes)
    table = pd.DataFrame({"cost": _values(rows, cost_indicator, period),
                          "outcome": _values(rows, outcome_indicator, outcome_period or period)}
                         ).reindex(codes).rename_axis("area_code")
    missing = table.index[table.isna().any(axis=1)].tolist()
    table = table.dropna().reset_index()
    table.insert(1, "is_focus", table["area_code"].eq(area))
    table["cost_median"] = table["cost"].median()
    table["outcome_median"] = table["outcome"].median()
    sign = BETTER_DIRECTION[polarity]
    table["cost_position"] = _positions(table["cost_median"] - table["cost"],
                                        ("lower cost", "higher cost"), "median cost")
    outcome_difference = (table["outcome"] - table["outcome_median"]) * (sign or 1.0)
    table["outcome_position"] = _positions(outcome_difference, _OUTCOME_WORDS[sign],
                                           "median outcome")
    table["quadrant"] = table["cost_position"] + ", " + table["outcome_position"]
    table.attrs.update(area_code=area, cost_indicator=cost_indicator,
                       outcome_indicator=outcome_indicator, period=period,
                       outcome_period=outcome_period or period, outcome_polarity=polarity,
                       missing=missing)
    return table
