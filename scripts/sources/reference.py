"""Areas: every English council, current and former, the 9 regions and England.

Councils come from mySociety's ``uk_local_authorities.csv`` (E06 unitary, E07
district, E08 metropolitan district, E09 London borough, E10 county; former
councils have ``current`` False). Region codes and names come from the DfE EHC
plan file's regional rows, and the DfE LA numbers from its ``old_la_code`` /
``new_la_code`` pairs (see ``common.dfe_la_numbers``).

Region of a council, first that applies:

1. the region DfE places it in (upper-tier councils in the EHC plan file);
2. for a district, its county's region;
3. mySociety's ``region``;
4. the region of the council that replaced it.

DfE comes first because mySociety files Derbyshire under the West Midlands and
Lincolnshire under Yorkshire and The Humber (both are East Midlands, as their
districts are). Rule 2 fills the 15 former districts that mySociety leaves
without a region.

``parent_code`` is the county of a district and the region of every other
council. mySociety gives Forest Heath (abolished 2019) the county code of
Surrey; where a former district's single successor district lies in a different
county, the successor's county is used (Suffolk for Forest Heath).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    EHCP_FILE,
    ENGLAND_CODE,
    LA_CODE_LIST_FILE,
    authorities,
    conform,
    dfe_la_numbers,
    dfe_regions,
    ehcp_table,
    normalise_name,
    region_codes,
)

__all__ = ["AREA_TYPE_BY_PREFIX", "SOURCES", "build"]

SOURCES = [
    {
        "id": "mysociety_la_names_codes",
        "publisher": "mySociety",
        "repository": "mysociety/uk_local_authority_names_and_codes",
        "commit": "67ef8b118938678401a452f4f19f669a7221cc73",
        "licence": "CC-BY-4.0 (data package); code MIT",
        "files": [
            "uk_local_authority_names_and_codes/data/uk_local_authorities.csv",
            "uk_local_authority_names_and_codes/data/lookup_name_to_registry.csv",
            "uk_local_authority_names_and_codes/data/lookup_gss_to_registry.csv",
        ],
        "notes": "Council codes, names, types, counties, regions, start and end dates.",
    },
    {
        "id": "dfe_ehcp_2025_codes",
        "publisher": "Department for Education (via MastodonC/witan.sen2)",
        "repository": "MastodonC/witan.sen2",
        "commit": "3ddb8c31e6b753f3e25efa2a77e4f570f2e822f7",
        "licence": "OGL v3",
        "files": [EHCP_FILE],
        "notes": "Region codes and names, England's code, DfE LA number to ONS code pairs "
                 "and the region of each upper-tier council.",
    },
    {
        "id": "dfe_lait_la_codes",
        "publisher": "Department for Education (LAIT)",
        "repository": "dfe-analytical-services/local-authority-interactive-tool",
        "commit": "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
        "licence": "OGL v3 (DfE data); code MIT",
        "files": [LA_CODE_LIST_FILE],
        "notes": "DfE LA numbers of Dorset county, Poole and Bournemouth before 2019.",
    },
]

AREA_TYPE_BY_PREFIX = {
    "E06": "unitary",
    "E07": "district",
    "E08": "metropolitan_district",
    "E09": "london_borough",
    "E10": "county",
}


def build(raw: Path) -> dict[str, pd.DataFrame]:
    councils = _councils(Path(raw))
    return {"areas": conform("areas", pd.concat([_england_and_regions(Path(raw)), councils]))}


def _england_and_regions(raw: Path) -> pd.DataFrame:
    rows = [{"area_code": ENGLAND_CODE, "area_name": "England", "area_type": "country",
             "region": None, "nation": "England", "parent_code": None, "current": True}]
    for code, name in sorted(_region_names(raw).items()):
        rows.append({"area_code": code, "area_name": name, "area_type": "region",
                     "region": name, "nation": "England", "parent_code": ENGLAND_CODE,
                     "current": True})
    return pd.DataFrame(rows)


def _region_names(raw: Path) -> dict[str, str]:
    """E12 code -> region name as DfE writes it."""
    rows = ehcp_table(raw)
    rows = rows[rows["geographic_level"] == "Regional"]
    pairs = rows[["region_code", "region_name"]].drop_duplicates()
    names = dict(zip(pairs["region_code"], pairs["region_name"], strict=True))
    if sorted(names) != sorted(region_codes(raw).values()):
        raise ValueError("region names and codes in the DfE file do not pair up")
    return names


def _councils(raw: Path) -> pd.DataFrame:
    table = authorities(raw)
    prefix = table["gss-code"].str[:3]
    table = table[(table["nation"] == "England") & prefix.isin(AREA_TYPE_BY_PREFIX)].copy()
    by_letters = table.set_index("local-authority-code")
    table["county_code"] = [_county(by_letters, row) for row in table.to_dict("records")]
    regions = _RegionFinder(raw, table)
    names = _region_names(raw)
    numbers = {code: number for number, code in dfe_la_numbers(raw).items()}
    out = pd.DataFrame({
        "area_code": table["gss-code"],
        "area_name": table["nice-name"],
        "area_type": table["gss-code"].str[:3].map(AREA_TYPE_BY_PREFIX),
        "nation": "England",
        "current": table["current-authority"] == "True",
        "dfe_la_number": table["gss-code"].map(numbers).astype("Int64"),
    })
    region_code = table["gss-code"].map(regions.find)
    out["region"] = region_code.map(names)
    out["parent_code"] = table["county_code"].where(table["county_code"].notna(), region_code)
    missing = out[out["region"].isna()]
    if len(missing):
        raise ValueError(f"no region found for {sorted(missing['area_code'])}")
    return out


def _county(by_letters: pd.DataFrame, row: dict) -> str | None:
    """ONS code of the county a district sits in (None for other councils)."""
    county = row["county-la"]
    if not isinstance(county, str):
        return None
    successor = row["replaced-by"]
    if isinstance(successor, str) and "," not in successor and successor in by_letters.index:
        successor_county = by_letters.at[successor, "county-la"]
        if isinstance(successor_county, str) and successor_county != county:
            county = successor_county
    return by_letters.at[county, "gss-code"]


class _RegionFinder:
    """Finds the E12 region code of a council by the rules in the module docstring."""

    def __init__(self, raw: Path, table: pd.DataFrame) -> None:
        self.dfe = dfe_regions(raw)
        self.by_name = region_codes(raw)
        self.rows = table.set_index("gss-code")
        self.letters = dict(zip(table["local-authority-code"], table["gss-code"], strict=True))

    def find(self, code: str, depth: int = 0) -> str | None:
        if code in self.dfe:
            return self.dfe[code]
        if depth > 3 or code not in self.rows.index:
            return None
        row = self.rows.loc[code]
        if isinstance(row["county_code"], str):
            found = self.find(row["county_code"], depth + 1)
            if found:
                return found
        if isinstance(row["region"], str):
            return self.by_name[normalise_name(row["region"])]
        successor = self.letters.get(str(row["replaced-by"]))
        return self.find(successor, depth + 1) if successor else None
