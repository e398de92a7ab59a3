"""Peer groups: ONS global neighbours, DfE children's statistical neighbours and
Trafford's own peer lists.

* ``ons_global_neighbours``: ONS Explore Local Statistics, 20 neighbours ranked
  1-20 per area. Welsh, Scottish and Northern Irish neighbours and combined
  authorities are dropped (only England is in ``areas``); the ONS rank is kept,
  so an English council's ranks can have gaps. ONS uses the April 2024 codes of
  Barnsley (E08000038) and Sheffield (E08000039), which mySociety's list does not
  have yet; codes not in ``areas`` are matched by their name in ONS's
  ``cluster-allocation.csv`` to the council of the same type (E08000016,
  E08000019), so those two councils keep their neighbours.
* ``dfe_childrens_neighbours``: DfE children's services statistical neighbours,
  May 2025 model (LAIT ``sn_may_2025.xlsx``), 10 per LA with DfE's closeness
  label (capitalisation made consistent: "Very Close" -> "Very close"). The
  sheet's "Old SNs" block below the main table (Dorset, Poole and Bournemouth
  before 2019, Northamptonshire, Cumbria) comes from older models and is left out.
* Trafford Data Lab's lists for Trafford (E08000009): CIPFA nearest neighbours
  (2021 model, and LG Inform July 2024) and the NHS England adult social care
  peer group. The files give no rank: rank is the row order, except where the
  rows are simply in code order (the NHS England list), where rank is left blank
  because the order says nothing about closeness. ``cssn.csv`` (Trafford's
  children's statistical neighbours) is kept as ``trafford_childrens_neighbours``
  only if it differs from DfE's list for Trafford; at the snapshot it is the same
  ten councils in the same order, so it is not repeated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import LAIT_DIR, code_aliases, code_for_name, conform, dfe_la_numbers
from .reference import build as build_reference

__all__ = ["SOURCES", "build"]

ONS_DIR = "explore-local-statistics-app/scripts/config/clusters"
ONS_FILE = f"{ONS_DIR}/global-neighbours.csv"
ONS_NAMES_FILE = f"{ONS_DIR}/cluster-allocation.csv"
DFE_FILE = f"{LAIT_DIR}/sn_may_2025.xlsx"
DFE_SHEET = "LA SN Groups"
TRAFFORD = "E08000009"
TRAFFORD_DIR = "trafford_themes/data"
#: Trafford Data Lab file -> (group_id, group_name, group_kind)
TRAFFORD_LISTS = {
    "cipfa2021.csv": ("cipfa_nearest_neighbours_2021",
                      "CIPFA nearest neighbours (2021 model)", "nearest_neighbours"),
    "cipfalga0724.csv": ("cipfa_nearest_neighbours_lg_inform_2024",
                         "CIPFA nearest neighbours (LG Inform, July 2024)",
                         "nearest_neighbours"),
    "nhsennpg.csv": ("nhse_adult_social_care_peers",
                     "NHS England adult social care near-neighbour peer group", "custom"),
    "cssn.csv": ("trafford_childrens_neighbours",
                 "Children's statistical neighbours (Trafford Data Lab list)",
                 "childrens_statistical_neighbours"),
}

SOURCES = [
    {
        "id": "ons_explore_local_statistics_clusters",
        "publisher": "Office for National Statistics",
        "repository": "ONSdigital/explore-local-statistics-app",
        "commit": "ca9faecc8cab26e33faff935b2b58a4fc10d6c0d",
        "licence": "OGL v3 (ONS data); code MIT",
        "files": [ONS_FILE, ONS_NAMES_FILE],
        "notes": "Global statistical neighbours, 20 ranked per area; area names from the "
                 "cluster allocation file, used to match 2024 codes to the codes in areas.",
    },
    {
        "id": "dfe_lait_statistical_neighbours",
        "publisher": "Department for Education (LAIT)",
        "repository": "dfe-analytical-services/local-authority-interactive-tool",
        "commit": "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
        "licence": "OGL v3 (DfE data); code MIT",
        "files": [DFE_FILE],
        "notes": "Children's services statistical neighbours, May 2025; LA numbers "
                 "mapped to ONS codes through the EHC plan file's code pairs.",
    },
    {
        "id": "trafford_themes_peers",
        "publisher": "Trafford Data Lab",
        "repository": "traffordDataLab/trafford_themes",
        "commit": "ae20a088ae35b93b57843c79ee56e0072915db9e",
        "licence": "OGL v3 (data, per the repository README); code MIT",
        "files": [f"{TRAFFORD_DIR}/{name}" for name in TRAFFORD_LISTS],
        "notes": "Peer lists for Trafford only; no ranks given, so rank is the row order "
                 "(blank for the NHS England list, which is in code order).",
    },
]


def build(raw: Path) -> dict[str, pd.DataFrame]:
    raw = Path(raw)
    known = set(build_reference(raw)["areas"]["area_code"])
    dfe = _dfe_neighbours(raw)
    groups = pd.concat([_ons_neighbours(raw), dfe, _trafford_lists(raw, dfe)])
    aliases = {**code_aliases(raw), **_ons_recodes(raw, known)}
    for column in ("area_code", "peer_code"):
        groups[column] = groups[column].replace(aliases)
    keep = groups["area_code"].isin(known) & groups["peer_code"].isin(known)
    return {"peer_groups": conform("peer_groups", groups[keep])}


def _ons_neighbours(raw: Path) -> pd.DataFrame:
    wide = pd.read_csv(raw / ONS_FILE, dtype=str, encoding="utf-8-sig")
    long = wide.melt(id_vars="AREACD", var_name="rank", value_name="peer_code").dropna()
    return pd.DataFrame({
        "group_id": "ons_global_neighbours",
        "group_name": "ONS global statistical neighbours (Explore Local Statistics)",
        "group_kind": "statistical_neighbours",
        "area_code": long["AREACD"],
        "peer_code": long["peer_code"],
        "rank": long["rank"].astype(int),
        "closeness": None,
    })


def _ons_recodes(raw: Path, known: set[str]) -> dict[str, str]:
    """ONS code not in ``areas`` -> the code in ``areas`` of the council of the
    same name and type (e.g. Barnsley's 2024 code E08000038 -> E08000016)."""
    names = pd.read_csv(raw / ONS_NAMES_FILE, dtype=str, encoding="utf-8-sig")
    names = names[names["AREACD"].str.startswith("E") & ~names["AREACD"].isin(known)]
    recodes = {}
    for code, name in zip(names["AREACD"], names["AREANM"], strict=True):
        match = code_for_name(raw, name, prefix=code[:3])
        if match in known:
            recodes[code] = match
    return recodes


def _dfe_neighbours(raw: Path) -> pd.DataFrame:
    sheet = pd.read_excel(raw / DFE_FILE, sheet_name=DFE_SHEET, header=None)
    header = sheet.index[sheet.eq("SN1").any(axis=1)][0]
    body = sheet.loc[header + 1:]
    blank = body.index[body[0].isna()]
    body = body.loc[: blank[0] - 1] if len(blank) else body  # stop before "Old SNs"
    numbers = dfe_la_numbers(raw)
    rows = []
    for record in body.itertuples(index=False):
        for rank in range(1, 11):
            peer, label = record[3 + 2 * rank], record[4 + 2 * rank]
            rows.append({"area_code": numbers.get(int(record[0])),
                         "peer_code": numbers.get(int(peer)), "rank": rank,
                         "closeness": str(label).strip().capitalize()})
    groups = pd.DataFrame(rows)
    unmapped = groups[groups["area_code"].isna() | groups["peer_code"].isna()]
    if len(unmapped):
        raise ValueError(f"{DFE_FILE}: LA numbers with no ONS code: {unmapped}")
    groups.insert(0, "group_id", "dfe_childrens_neighbours")
    groups.insert(1, "group_name", "DfE children's services statistical neighbours (May 2025)")
    groups.insert(2, "group_kind", "childrens_statistical_neighbours")
    return groups


def _trafford_lists(raw: Path, dfe: pd.DataFrame) -> pd.DataFrame:
    dfe_trafford = list(dfe.loc[dfe["area_code"] == TRAFFORD].sort_values("rank")["peer_code"])
    frames = []
    for name, (group_id, group_name, kind) in TRAFFORD_LISTS.items():
        peers = list(pd.read_csv(raw / TRAFFORD_DIR / name, dtype=str)["area_code"])
        if kind == "childrens_statistical_neighbours" and sorted(peers) == sorted(dfe_trafford):
            continue  # same councils as DfE's group for Trafford
        in_code_order = peers == sorted(peers)
        frames.append(pd.DataFrame({
            "group_id": group_id, "group_name": group_name, "group_kind": kind,
            "area_code": TRAFFORD, "peer_code": peers,
            "rank": [None] * len(peers) if in_code_order else range(1, len(peers) + 1),
            "closeness": None,
        }))
    return pd.concat(frames)
