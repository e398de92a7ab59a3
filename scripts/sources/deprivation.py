"""English Indices of Deprivation: local authority district summaries.

Raw files (Trafford Data Lab, open_data/IndicesOfDeprivation, from MHCLG):

* ``IoD2015/local_authority_district/IoD2015.csv`` (317 districts on 2019
  boundaries; ``lad19cd``, ``rank_average_score``, ``proportion_bottom_decile``);
* ``IoD2019/local_authority_district/IoD2019.csv`` (317 districts, 2019
  boundaries; the official File 10 summaries);
* ``IoD2025/local_authority_district/indices_of_deprivation_2025_lad.csv``
  (296 districts on **2024** boundaries; the official File 10 summaries).

Indicators (the IMD overall and the IDACI supplementary index):

* ``imd_rank_average_score``: rank of the district's population-weighted
  average LSOA score, 1 = most deprived;
* ``imd_share_lsoas_most_deprived_decile``: % of the district's LSOAs in the
  most deprived 10% nationally;
* ``idaci_share_lsoas_most_deprived_decile``: the same share for the income
  deprivation affecting children index (IDACI).

Judgements:

* Release year -> calendar-year period: IoD2015 -> "2015", IoD2019 -> "2019",
  IoD2025 -> "2025". The underlying data are mostly from a few years before
  the release; the label is the release year.
* ``proportion_bottom_decile`` is a proportion (0.3621) and is multiplied by 100.
* Ranks are out of the number of districts in that release (326 in the
  original 2015 release, 317 here and in 2019, 296 in 2025) and are not
  comparable in level across releases; nor are scores. Polarity is neutral:
  deprivation is context, not council performance.
* IoD2015 is not the official 2015 district summary: Trafford Data Lab
  re-aggregated the 2015 LSOA data to 2019 districts (pre-processing.R in the
  same folder) so that its codes match 2019. Its ranks use dense ranking of the
  population-weighted average score, as the official method does.
* Area codes are kept as published (2019 codes for 2015/2019, 2024 codes for
  2025); councils abolished since (e.g. Cumbria districts) appear in 2015/2019.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import conform, observations

SOURCE = {
    "id": "deprivation",
    "publisher": "Trafford Data Lab, from MHCLG English Indices of Deprivation 2015, 2019 "
                 "and 2025",
    "repository": "traffordDataLab/open_data",
    "commit": "a33a7d94948399556302a5c2a2d1cbf4ce4878aa",
    "licence": "OGL v3 (repository LICENSE.txt)",
    "files": [
        "open_data/IndicesOfDeprivation/IoD2015/local_authority_district/IoD2015.csv",
        "open_data/IndicesOfDeprivation/IoD2019/local_authority_district/IoD2019.csv",
        "open_data/IndicesOfDeprivation/IoD2025/local_authority_district/"
        "indices_of_deprivation_2025_lad.csv",
    ],
    "notes": "IoD2015 is re-aggregated to 2019 districts by Trafford Data Lab; IoD2025 "
             "uses 2024 district boundaries.",
}

_SOURCE_TEXT = ("MHCLG, English Indices of Deprivation 2015, 2019 and 2025, local "
                "authority district summaries (via Trafford Data Lab open_data)")
_CAVEAT = (" Releases: IoD2015 (re-aggregated by Trafford Data Lab to 2019 districts), "
           "IoD2019 (2019 districts) and IoD2025 (2024 districts); the period is the "
           "release year. Deprivation is relative: a change in rank or share between "
           "releases does not by itself mean that the area became more or less deprived "
           "in absolute terms. Context, not a measure of council performance.")

INDICATORS = [
    {
        "indicator_id": "imd_rank_average_score",
        "title": "Index of Multiple Deprivation: rank of average score (1 = most deprived)",
        "short_title": "IMD rank of average score",
        "unit": "rank",
        "polarity": "neutral",
        "decimal_places": 0,
        "frequency": "calendar_year",
        "source": _SOURCE_TEXT,
        "licence": "OGL v3",
        "enquiry_lines": "equality",
        "service": "Context",
        "statutory_basis": None,
        "statutory_threshold": None,
        "description": "Rank of the district's population-weighted average LSOA score on "
                       "the Index of Multiple Deprivation among English lower-tier local "
                       "authority districts, where 1 is the most deprived (317 districts in "
                       "2015 and 2019, 296 in 2025)." + _CAVEAT,
    },
    {
        "indicator_id": "imd_share_lsoas_most_deprived_decile",
        "title": "Index of Multiple Deprivation: share of neighbourhoods (LSOAs) in the most "
                 "deprived 10% nationally",
        "short_title": "LSOAs in most deprived 10%",
        "unit": "percent",
        "polarity": "neutral",
        "decimal_places": 1,
        "frequency": "calendar_year",
        "source": _SOURCE_TEXT,
        "licence": "OGL v3",
        "enquiry_lines": "equality",
        "service": "Context",
        "statutory_basis": None,
        "statutory_threshold": None,
        "description": "Percentage of the district's lower-layer super output areas "
                       "(LSOAs) that fall in the most deprived 10% of LSOAs in England on "
                       "the Index of Multiple Deprivation." + _CAVEAT,
    },
    {
        "indicator_id": "idaci_share_lsoas_most_deprived_decile",
        "title": "Income Deprivation Affecting Children Index (IDACI): share of "
                 "neighbourhoods (LSOAs) in the most deprived 10% nationally",
        "short_title": "IDACI: LSOAs in most deprived 10%",
        "unit": "percent",
        "polarity": "neutral",
        "decimal_places": 1,
        "frequency": "calendar_year",
        "source": _SOURCE_TEXT,
        "licence": "OGL v3",
        "enquiry_lines": "equality",
        "service": "Context",
        "statutory_basis": None,
        "statutory_threshold": None,
        "description": "Percentage of the district's LSOAs in the most deprived 10% of "
                       "LSOAs in England on the Income Deprivation Affecting Children Index "
                       "(children aged 0-15 living in income-deprived families), a "
                       "supplementary index of the Indices of Deprivation." + _CAVEAT,
    },
]

#: (file index, code column, period) for each release.
_RELEASES = ((0, "lad19cd", "2015"), (1, "lad19cd", "2019"), (2, "area_code", "2025"))
_IMD = "Index of Multiple Deprivation"
_IDACI = "Income Deprivation Affecting Children"


def _release(raw: Path, file_index: int, code_column: str, period: str) -> pd.DataFrame:
    frame = pd.read_csv(raw / SOURCE["files"][file_index], dtype=str, keep_default_na=False)
    frame = frame[frame[code_column].str.match(r"E0[6-9]\d{6}$")]
    if "year" in frame.columns and not (frame["year"] == period).all():
        raise ValueError(f"deprivation: {SOURCE['files'][file_index]} is not all {period}")
    imd = frame[frame["index_domain"] == _IMD]
    idaci = frame[frame["index_domain"] == _IDACI]
    parts = [
        (imd, "imd_rank_average_score", "rank_average_score", 1.0),
        (imd, "imd_share_lsoas_most_deprived_decile", "proportion_bottom_decile", 100.0),
        (idaci, "idaci_share_lsoas_most_deprived_decile", "proportion_bottom_decile", 100.0),
    ]
    rows = []
    for part, indicator_id, column, scale in parts:
        if part.empty:
            raise ValueError(f"deprivation: no {indicator_id} rows in {period}")
        rows.append(pd.DataFrame({
            "area_code": part[code_column],
            "indicator_id": indicator_id,
            "period": period,
            "value": (pd.to_numeric(part[column], errors="raise") * scale).round(4),
        }))
    return pd.concat(rows)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    table = pd.concat([_release(raw, *r) for r in _RELEASES], ignore_index=True)
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
