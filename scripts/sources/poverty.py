"""Children in relative low-income families (DWP), via ONS Explore Local Statistics.

Raw file: ``explore-local-statistics-data/children-in-relative-poverty/
children-in-relative-poverty.csv`` with its ``.json`` metadata. Tidy ONS layout:
``areacd, areanm, geography, indicator, period, observation, measure, unit,
lci_95, uci_95, status, notes``.

The file holds two indicators:

* "Children in relative poverty before housing costs" (FYE 2022 to FYE 2025)
  -> ``child_poverty_relative``;
* "Children in relative poverty after housing costs" (FYE 2024 and FYE 2025
  only, a new DWP series) -> ``child_poverty_relative_ahc``.

Judgements:

* ``period`` "2024-04-01/P1Y" (ISO 8601 interval starting 1 April) is the
  financial year 2024-25 (FYE 2025).
* English areas only: E06/E07/E08/E09 councils, E10 counties and E12 regions.
  The file has no England (E92000001) row (the only national rows are the UK
  and the devolved nations), so there is no England comparator here. Combined
  authorities (E47), Wales, Scotland, Northern Ireland and the UK are dropped.
* Barnsley and Sheffield appear twice for every year, under their pre-2025
  codes (E08000016, E08000019, notes "Obsolete code since 2025") and their new
  codes (E08000038, E08000039), with identical values. One copy is kept, under
  the code the mySociety register (and so the areas table) knows: the old
  codes, which the absence files also use. The new-code rows are dropped.
* ``lci_95``/``uci_95`` are empty in this file and are not in the contract.
* ``status`` is empty for every row, but the metadata says "Figures are
  provisional and may be subject to revision in subsequent releases": every
  value is given status "provisional" with that reason. Rows whose notes say
  "This data has been aggregated and may show differences to other published
  figures" (the E10 counties, summed by ONS from their districts; also the
  dropped E08000038/39 rows) keep that note in ``status_reason``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import authorities, conform, observations, parse_values, year_label

SOURCE = {
    "id": "poverty",
    "publisher": "ONS Explore Local Statistics, from DWP Children in low income families: "
                 "local area statistics",
    "repository": "ONSdigital/explore-local-statistics-data",
    "commit": "4972c588d0c192839afc8fa54ae82cb3dc7721ed",
    "licence": "OGL v3 (repository LICENSE.md)",
    "files": [
        "explore-local-statistics-data/children-in-relative-poverty/"
        "children-in-relative-poverty.csv",
        "explore-local-statistics-data/children-in-relative-poverty/"
        "children-in-relative-poverty.json",
    ],
    "notes": "English councils, counties and regions; no England row in the file. "
             "Financial years ending 2022-2025.",
}

_SOURCE_TEXT = ("DWP, Children in low income families: local area statistics, FYE 2022 to "
                "FYE 2025 (via ONS Explore Local Statistics)")
_COMMON = (
    " A family is in relative low income if its equivalised household income is below 60% "
    "of the UK median in the year. DWP calibrates local counts of children from benefit and "
    "tax credit data to the national Households Below Average Income survey; rates use the "
    "mid-2024 population estimates. Figures are provisional and may be revised. The ONS "
    "file also gives 95% confidence limits (lci_95, uci_95), empty in this release and not "
    "carried into the contract. No England figure is published in the file."
)
INDICATORS = [
    {
        "indicator_id": "child_poverty_relative",
        "title": "Children aged under 16 in relative low-income families, before housing "
                 "costs",
        "short_title": "Child poverty (relative, BHC)",
        "unit": "percent",
        "polarity": "lower_is_better",
        "decimal_places": 1,
        "frequency": "financial_year",
        "source": _SOURCE_TEXT,
        "licence": "OGL v3",
        "enquiry_lines": "equality;trends",
        "service": "Children and families",
        "statutory_basis": None,
        "statutory_threshold": None,
        "description": "Percentage of children aged 0-15 living in relative low-income "
                       "families before housing costs (BHC)." + _COMMON,
    },
    {
        "indicator_id": "child_poverty_relative_ahc",
        "title": "Children aged under 16 in relative low-income families, after housing "
                 "costs",
        "short_title": "Child poverty (relative, AHC)",
        "unit": "percent",
        "polarity": "lower_is_better",
        "decimal_places": 1,
        "frequency": "financial_year",
        "source": _SOURCE_TEXT,
        "licence": "OGL v3",
        "enquiry_lines": "equality;trends",
        "service": "Children and families",
        "statutory_basis": None,
        "statutory_threshold": None,
        "description": "Percentage of children aged 0-15 living in relative low-income "
                       "families after housing costs (AHC), a new DWP series available for "
                       "FYE 2024 and FYE 2025 only." + _COMMON,
    },
]
_INDICATOR_IDS = {
    "Children in relative poverty before housing costs": "child_poverty_relative",
    "Children in relative poverty after housing costs": "child_poverty_relative_ahc",
}
_ENGLISH = r"E(0[6-9]|10|12)\d{6}$|E92000001$"
_PROVISIONAL = "DWP: figures are provisional and may be subject to revision"
_AGGREGATED = "This data has been aggregated"


def _financial_year(period: pd.Series) -> pd.Series:
    """'2024-04-01/P1Y' -> '2024-25'."""
    parts = period.str.extract(r"^(\d{4})-04-01/P1Y$")[0]
    if parts.isna().any():
        raise ValueError("poverty: a period is not a financial year starting 1 April")
    return parts.map(lambda year: year_label("financial_year", int(year)))


def _drop_duplicate_codes(frame: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    """Where a council's figures appear under its obsolete code and under the
    code that replaced it (same indicator, period and value), keep the code the
    mySociety register knows (the replacement if it knows both)."""
    replacement = frame["notes"].str.extract(r"replaced by (E\d{8})")[0]
    pairs = dict(zip(frame.loc[replacement.notna(), "areacd"], replacement.dropna(),
                     strict=True))
    counterpart = dict(pairs) | {new: old for old, new in pairs.items()}
    drop = {new if new not in known else old for old, new in pairs.items()}
    values = dict(zip(zip(frame["areacd"], frame["indicator"], frame["period"], strict=True),
                      frame["observation"], strict=True))
    duplicate = []
    for code, indicator, period, value in zip(frame["areacd"], frame["indicator"],
                                              frame["period"], frame["observation"],
                                              strict=True):
        other = values.get((counterpart.get(code), indicator, period))
        if code in drop and other is not None and other != value:
            raise ValueError(f"poverty: {code} and {counterpart[code]} differ in {period}")
        duplicate.append(code in drop and other is not None)
    return frame[~pd.Series(duplicate, index=frame.index)]


def build(raw: Path) -> dict[str, pd.DataFrame]:
    frame = pd.read_csv(raw / SOURCE["files"][0], dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    unknown = set(frame["indicator"]) - set(_INDICATOR_IDS)
    if unknown:
        raise ValueError(f"poverty: unexpected indicators {sorted(unknown)}")
    frame = frame[frame["areacd"].str.match(_ENGLISH)]
    frame = _drop_duplicate_codes(frame, set(authorities(raw)["gss-code"].dropna()))
    # A missing observation carries its marker (x, c, z...) in the status column.
    cells = frame["observation"].where(frame["observation"].str.strip() != "", frame["status"])
    parsed = parse_values(cells)
    suppressed = parsed["status"] == "suppressed"
    aggregated = frame["notes"].str.startswith(_AGGREGATED)
    note = pd.Series(_PROVISIONAL, index=frame.index).where(
        ~aggregated, _PROVISIONAL + "; " + frame["notes"].str.strip())
    table = pd.DataFrame({
        "area_code": frame["areacd"],
        "indicator_id": frame["indicator"].map(_INDICATOR_IDS),
        "period": _financial_year(frame["period"]),
        "value": parsed["value"],
        "status": parsed["status"].where(suppressed, "provisional"),
        "status_reason": parsed["status_reason"].where(suppressed, note),
    })
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
