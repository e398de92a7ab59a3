"""A short plain-text description of what a data folder holds."""

from __future__ import annotations

import pandas as pd

from perfkit.data.contract import NOT_COUNCIL_TYPES
from perfkit.data.dataset import Dataset
from perfkit.periods import parse_period

__all__ = ["summarise"]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _areas_line(areas: pd.DataFrame) -> str:
    """E.g. "Areas: 32 councils (32 current) in Scotland, plus Scotland.": the
    councils' nations and the areas that are not councils, from the table."""
    councils = areas[~areas["area_type"].isin(NOT_COUNCIL_TYPES)]
    nations = [str(n) for n in councils["nation"].value_counts().index]
    line = f"Areas: {len(councils):,} councils ({councils['current'].sum():,} current)"
    if nations:
        line += f" in {_listed(nations)}"
    others = areas[areas["area_type"].isin(NOT_COUNCIL_TYPES)]
    counts = others.loc[others["area_type"].ne("country"), "area_type"].value_counts()
    above = [f"{count:,} {kind.replace('_', ' ')}{'s' if count != 1 else ''}"
             for kind, count in counts.items()]
    above += [str(name) for name in others.loc[others["area_type"].eq("country"), "area_name"]]
    return line + (f", plus {_listed(above)}." if above else ".")


def summarise(dataset: Dataset) -> str:
    """Counts of areas, indicators, observations and peer groups, the span of
    periods, and which tables are synthetic."""
    lines = [_areas_line(dataset.areas)]
    indicators = dataset.indicators
    lines.append(f"Indicators: {len(indicators):,}.")
    for line in ("legal_duties", "finance", "equality", "trends"):
        count = indicators["enquiry_lines"].str.contains(line).sum()
        lines.append(f"  {line.replace('_', ' ')}: {count}")
    obs = dataset.observations
    periods = sorted({parse_period(p) for p in obs["period"].unique()})
    missing = obs["value"].isna().sum()
    lines.append(f"Observations: {len(obs):,} ({missing:,} missing or suppressed, never "
                 f"counted as zero), {obs['area_code'].nunique():,} areas, "
                 f"periods {periods[0]} to {periods[-1]}.")
    if dataset.peer_groups is not None:
        groups = dataset.peer_groups.groupby("group_id")["area_code"].nunique()
        lines.append("Peer groups: " + ", ".join(
            f"{group} ({count} councils)" for group, count in groups.items()))
    for name in ("targets", "budget_monitoring", "complaints", "satisfaction",
                 "commentary", "actions"):
        frame = dataset.tables.get(name)
        if frame is not None:
            label = " (SYNTHETIC demonstration data)" if name in dataset.synthetic_tables else ""
            lines.append(f"{name.replace('_', ' ').capitalize()}: {len(frame):,} rows{label}.")
    return "\n".join(lines)
