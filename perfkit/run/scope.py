"""A run file against the data: the indicators and councils a run covers, and
its peer group.

:func:`perfkit.run.parameters.read_parameters` calls these once the data has loaded.
"""

from __future__ import annotations

import pandas as pd

from perfkit.data.contract import NOT_COUNCIL_TYPES
from perfkit.data.dataset import Dataset
from perfkit.periods import Period, parse_period, period_end_dates
from perfkit.registry import NOTEBOOKS
from perfkit.run.run_file import Collector, RunFile, suggest

__all__ = ["ALL_COUNCILS_LOOKBACK_YEARS", "check_peer_group", "missing_tables", "run_councils",
           "run_indicators"]

#: ``councils: all`` looks this far back from the end of the reporting period:
#: yearly statistics are published up to a year after the period they cover.
ALL_COUNCILS_LOOKBACK_YEARS = 2
_NOT_COUNCILS = NOT_COUNCIL_TYPES


def run_indicators(data: Dataset, model: RunFile, notebooks: list[str],
                   collector: Collector) -> list[str]:
    table = data.indicators
    every = any(NOTEBOOKS[name].enquiry_line is None for name in notebooks if name in NOTEBOOKS)
    if not every:  # only the overview and the annual reviews take every indicator
        lines = table["enquiry_lines"].astype(str).str.split(";")
        table = table[lines.map(lambda names: bool(set(names) & set(notebooks)))]
    if model.indicators is not None:
        unknown = [i for i in model.indicators if i not in set(data.indicators["indicator_id"])]
        for code in unknown:
            collector.add("indicators", f"'{code}', which is not in the indicators table",
                       fix=f"{suggest(code, data.indicators['indicator_id'])}"
                       "Use ids from the indicators table.")
        table = table[table["indicator_id"].isin(model.indicators)]
    if model.theme:
        text = table["indicator_id"] + " " + table["title"] + " " + table["service"].fillna("")
        if "priority" in table.columns:  # a council plan priority: theme: Healthy Lives
            text = text + " " + table["priority"].fillna("").astype(str)
        table = table[text.str.contains(model.theme, case=False, regex=False)]
        if table.empty:
            collector.add("theme", f"'{model.theme}', which matches no indicator of this run",
                       "text found in an indicator's id, title, service or priority",
                       "Use a word from the indicators table, or remove 'theme'.")
    return list(table["indicator_id"])


def _councils_with_data(data: Dataset, indicators: list[str], period: Period) -> list[str]:
    areas = data.areas
    current = areas["current"] if "current" in areas else True
    councils = areas.loc[current & ~areas["area_type"].isin(_NOT_COUNCILS), "area_code"]
    obs = data.observations
    obs = obs[obs["indicator_id"].isin(indicators) & obs["value"].notna()
              & obs["area_code"].isin(councils)]
    ends = period_end_dates(obs["period"])
    end = pd.Timestamp(period.end)
    recent = (ends <= end) & (ends > end - pd.DateOffset(years=ALL_COUNCILS_LOOKBACK_YEARS))
    return sorted(obs.loc[recent, "area_code"].unique())


def run_councils(data: Dataset, model: RunFile, indicators: list[str],
                 collector: Collector) -> tuple[str, ...]:
    period = getattr(model, "period", None)
    if model.councils == "all" and period is not None:
        found = _councils_with_data(data, indicators, parse_period(period))
        if not found:
            collector.add("councils", "all, but no council has data for this run",
                       "at least one council with values of the run's indicators",
                       "Check period, theme and indicators.")
        return tuple(found)
    key = "council" if model.council is not None else "councils"
    codes = [model.council] if model.council is not None else list(model.councils or [])
    areas = data.areas
    known = set(areas.loc[~areas["area_type"].isin(_NOT_COUNCILS), "area_code"])
    for code in codes:
        if code not in known:
            collector.add(key, f"'{code}', which is not a council in the areas table of "
                       f"{data.folder}", fix=f"{suggest(code, known)}Use a council's code "
                       "from areas.csv (not a region or England).")
    return tuple(dict.fromkeys(codes))


def check_peer_group(data: Dataset, peer_group: str | None, collector: Collector) -> None:
    groups = data.peer_groups
    if peer_group is None or groups is None or peer_group in set(groups["group_id"]):
        return
    collector.add("peer_group", f"'{peer_group}', which is not in the peer_groups table",
               "one of: " + ", ".join(sorted(groups["group_id"].unique())),
               f"{suggest(peer_group, groups['group_id'].unique())}Use one of those ids.")


def missing_tables(data: Dataset, notebooks: tuple[str, ...] | list[str]) -> list[str]:
    """A note for each notebook that reads optional tables the data folder
    lacks (the tables each reads are in :data:`perfkit.registry.NOTEBOOKS`)."""
    notes = []
    for name in notebooks:
        known = NOTEBOOKS.get(name)
        lacking = [table for table in (known.tables if known else ()) if data.tables.get(table)
                   is None]
        if lacking:
            them = "it" if len(lacking) == 1 else "them"
            listed = ", ".join(lacking[:-1]) + " and " + lacking[-1] if len(lacking) > 1 \
                else lacking[0]
            notes.append(f"{known.title} ({name}) reads {listed}, which "
                         f"{data.folder} does not have: the parts of the report that use "
                         f"{them} will be left out or say there are no figures.")
    return notes
