"""The demo council's plan (``plan.yaml`` beside this file): the one place that
says which plan priority each indicator serves, which peer group its
publisher compares it with, which officer owns it (by its service) and what
kind of measure it is (outcome, output or process).

:func:`read_plan` reads and checks the file; :func:`apply_plan` fills the
indicators' ``priority``, ``peer_group``, ``owner`` and ``measure_type``
columns from it, after every source module has run (no module sets any of them
itself); :func:`plan_record` is what ``SOURCES.yaml`` says about it. The owners
and measure types are the demo's own assignment, not Trafford Council's. Not a
source module (no ``build``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from perfkit.data.contract import MEASURE_TYPES

__all__ = ["PLAN_COLUMNS", "PLAN_FILE", "PlanError", "apply_plan", "plan_record", "read_plan"]

PLAN_FILE = Path(__file__).with_name("plan.yaml")
#: The indicators' columns the plan fills, and no source module may set.
PLAN_COLUMNS = ("priority", "peer_group", "owner", "measure_type")
#: What SOURCES.yaml says about the owners: whose they are.
OWNERS_NOTE = ("Job titles assigned by the demo, by service, to show the indicator-set "
               "review; not Trafford Council's own (its plan dashboard names no owners).")


class PlanError(ValueError):
    """plan.yaml contradicts itself or the tables."""


def read_plan(path: Path = PLAN_FILE) -> dict:
    """The plan, checked: every priority named once with a description, no
    indicator under two priorities, two peer groups or two measure types, and
    only the contract's measure types."""
    plan = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    names = [p["name"] for p in plan["priorities"]]
    if len(set(names)) != len(names) or not all(p.get("description") for p in plan["priorities"]):
        raise PlanError(f"{path.name}: each priority needs one entry with a description")
    unknown_types = sorted(set(plan.get("measure_types", {})) - set(MEASURE_TYPES))
    if unknown_types:
        raise PlanError(f"{path.name}: measure types must be among {MEASURE_TYPES}, "
                        f"not {unknown_types}")
    types = {kind: {"indicators": ids} for kind, ids in plan.get("measure_types", {}).items()}
    for section, entries in (("priorities", {p["name"]: p for p in plan["priorities"]}),
                             ("peer_groups", plan.get("peer_groups", {})),
                             ("measure_types", types)):
        listed = [i for entry in entries.values() for i in entry["indicators"]]
        repeated = sorted({i for i in listed if listed.count(i) > 1})
        if repeated:
            raise PlanError(f"{path.name}: {section} lists these more than once: {repeated}")
    return plan


def _lookup(plan: dict) -> dict[str, dict[str, str]]:
    """column -> indicator id -> the plan's value for it."""
    return {
        "priority": {i: p["name"] for p in plan["priorities"] for i in p["indicators"]},
        "peer_group": {i: group for group, entry in plan.get("peer_groups", {}).items()
                       for i in entry["indicators"]},
        "measure_type": {i: kind for kind, ids in plan.get("measure_types", {}).items()
                         for i in ids},
    }


def apply_plan(indicators: pd.DataFrame, peer_groups: pd.DataFrame, plan: dict, *,
               partial: bool = False) -> pd.DataFrame:
    """``indicators`` with ``priority``, ``peer_group``, ``measure_type`` and
    ``owner`` (by the indicator's ``service``) filled from the plan.

    Raises PlanError if a module set any of them itself, if the plan names an
    indicator the tables lack (allowed when ``partial``: some modules were
    skipped), or a peer group the council has no members of.
    """
    out = indicators.copy()
    columns = [c for c in PLAN_COLUMNS if c in out.columns]
    set_by_module = out[columns].notna().any(axis=1)
    if set_by_module.any():
        named = sorted(out.loc[set_by_module, "indicator_id"])
        raise PlanError(f"plan.yaml is the one place for {', '.join(PLAN_COLUMNS)}; these "
                        f"indicators set one themselves: {named}")
    known = set(out["indicator_id"])
    council_groups = set(peer_groups.loc[peer_groups["area_code"] == plan["council"], "group_id"])
    missing_groups = sorted(set(plan.get("peer_groups", {})) - council_groups)
    if missing_groups:
        raise PlanError(f"plan.yaml: peer groups with no members for {plan['council']}: "
                        f"{missing_groups}")
    for column, values in _lookup(plan).items():
        unknown = sorted(set(values) - known)
        if unknown and not partial:
            raise PlanError(f"plan.yaml: {column} names indicators no module built: {unknown}")
        out[column] = out["indicator_id"].map(values)
    if "service" in out.columns:
        out["owner"] = out["service"].map(plan.get("owners", {}))
    return out


def plan_record(plan: dict, path: Path = PLAN_FILE) -> dict:
    """What SOURCES.yaml says about the plan: its file, source and priorities."""
    return {
        "file": f"scripts/sources/{path.name}",
        "council": plan["council"],
        "source": plan["source"],
        "priorities": [{"name": p["name"], "description": p["description"],
                        "indicators": len(p["indicators"])} for p in plan["priorities"]],
        "peer_groups": {group: len(entry["indicators"])
                        for group, entry in plan.get("peer_groups", {}).items()},
        "owners": {"note": OWNERS_NOTE, "by_service": dict(plan.get("owners", {}))},
        "measure_types": {"note": "The demo's reading of each indicator's definition, "
                                  "not Trafford Council's; context measures are blank.",
                          "indicators": {kind: len(ids) for kind, ids
                                         in plan.get("measure_types", {}).items()}},
    }
