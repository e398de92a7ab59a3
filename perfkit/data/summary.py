"""A short plain-text description of what a data folder holds."""

from __future__ import annotations

from perfkit.data.contract import NOT_COUNCIL_TYPES
from perfkit.data.dataset import Dataset
from perfkit.periods import parse_period

__all__ = ["summarise"]


def summarise(dataset: Dataset) -> str:
    """Counts of areas, indicators, observations and peer groups, the span of
    periods, and which tables are synthetic."""
    lines = []
    areas = dataset.areas
    councils = areas[~areas["area_type"].isin(NOT_COUNCIL_TYPES)]
    lines.append(f"Areas: {len(councils):,} councils "
                 f"({councils['current'].sum():,} current), plus regions and England.")
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
