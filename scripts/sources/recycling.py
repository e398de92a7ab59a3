"""Household waste reused, recycled or composted (DEFRA ENV18, former NI192).

Raw file: ``climate_emergency/data/recycling.csv`` (Trafford Data Lab), tidy
columns ``area_code, area_name, period, indicator, measure, unit, value``.

Judgements:

* England only: rows whose ``area_code`` starts with E (E06/E07/E08/E09 councils;
  the file has no county, region or England rows). Wales, Scotland and Northern
  Ireland rows are dropped; Scotland's are calendar years and a different measure.
* ``period`` "2015/16" is a *financial* year here (ENV18 reports April to March),
  so it becomes "2015-16", not the academic year the slash would suggest.
* The value "NA" (Bristol, 2023/24) is a missing value, never zero: value NaN,
  status "suppressed" with the reason "not available".
* Values such as 47.099999999999994 are floating-point noise in the file and are
  rounded to the published one decimal place.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import conform, observations, parse_values

SOURCE = {
    "id": "recycling",
    "publisher": "Trafford Data Lab, from DEFRA ENV18 (Local authority collected waste)",
    "repository": "traffordDataLab/climate_emergency",
    "commit": "9c89b7b41eaf274c600b1866e06a5db52418a5ca",
    "licence": "OGL v3 (data, per DEFRA and Trafford Data Lab); the repository has no "
               "LICENSE file",
    "files": ["climate_emergency/data/recycling.csv"],
    "notes": "England councils only; '2015/16' periods are financial years.",
}

INDICATOR_ID = "household_recycling"
INDICATORS = [{
    "indicator_id": INDICATOR_ID,
    "title": "Household waste sent for reuse, recycling or composting",
    "short_title": "Household recycling",
    "unit": "percent",
    "polarity": "higher_is_better",
    "decimal_places": 1,
    "frequency": "financial_year",
    "source": "DEFRA, ENV18 local authority collected waste statistics (via Trafford Data "
              "Lab climate_emergency)",
    "licence": "OGL v3",
    "enquiry_lines": "trends",
    "service": "Waste and recycling",
    "statutory_basis": None,
    "statutory_threshold": None,
    "description": "Percentage of household waste sent for reuse, recycling or composting "
                   "(the former national indicator NI192), by waste collection or unitary "
                   "authority, financial year April to March.",
}]


def _is_financial_year(label: pd.Series) -> pd.Series:
    return label.str.fullmatch(r"\d{4}/\d{2}")


def build(raw: Path) -> dict[str, pd.DataFrame]:
    frame = pd.read_csv(raw / SOURCE["files"][0], dtype=str, keep_default_na=False)
    frame = frame[frame["area_code"].str.match(r"E0[6-9]\d{6}$")].copy()
    if not _is_financial_year(frame["period"]).all():
        raise ValueError("recycling.csv: England period not of the form 2015/16")
    parsed = parse_values(frame["value"])
    table = pd.DataFrame({
        "area_code": frame["area_code"],
        "indicator_id": INDICATOR_ID,
        "period": frame["period"].str.replace("/", "-", regex=False),
        "value": parsed["value"].round(1),
        "status": parsed["status"],
        "status_reason": parsed["status_reason"],
    })
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
