"""EHC plans issued within 20 weeks: DfE "Education, health and care plans", 2025 release.

Reads ``timeliness_20_week.csv`` (calendar years 2019-2024; England, the 9
regions and each LA) into two indicators:

* ``ehcp_20_weeks``: new EHC plans issued within 20 weeks, as a % of all new
  plans issued (numerator ``plans_issued_within_20_weeks``, denominator
  ``plans_issued_den``);
* ``ehcp_20_weeks_excluding_exceptions``: the same without the cases where the
  regulations allow longer (``plans_issued_20_weeks_ex`` / ``plans_issued_den_ex``).

The DfE breakdowns become ``breakdown_dimension``/``breakdown_category``: the
total ("All EHC plans issued") is ``all``/``all``; the others are ``age``,
``ethnicity`` and ``sex`` with DfE's own category wording ("age 2 and under",
"Asian - Indian", "Female", "Unknown"...). Suppressed cells ("x") stay missing
with status ``suppressed``; where the "x" stands for 0 of 0 plans the reason
says so. LA rows are filed under the council that holds the
DfE LA number (``common.dfe_la_numbers``), so Buckinghamshire, which DfE files
under the old county code in 2019, 2023 and 2024, has one series.

LAIT carries the same two measures (``SEN_EHC_All_20wks``, ``SEN_EHC_Excpt_20wks``,
2016-2024). This file is preferred for 2019-2024 because it has the numerators,
denominators and breakdowns, and ``lait.py`` leaves LAIT's twins out, so the
LAIT-only years 2016-2018 are not carried.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    EHCP_FILE,
    ENGLAND_CODE,
    conform,
    dfe_la_numbers,
    ehcp_table,
    observations,
    parse_values,
    period_label,
)

__all__ = ["INDICATORS", "SOURCE", "build"]

SOURCE = {
    "id": "dfe_ehcp_2025",
    "publisher": "Department for Education (via MastodonC/witan.sen2)",
    "repository": "MastodonC/witan.sen2",
    "commit": "3ddb8c31e6b753f3e25efa2a77e4f570f2e822f7",
    "licence": "OGL v3",
    "files": [EHCP_FILE],
    "notes": "Extracted unchanged from the repository's copy of the DfE release zip "
             "(explore-education-statistics download dated 2025-07-01).",
}
TOTAL_TOPIC = "All EHC plans issued"
#: Reason given where DfE shows "x" because no plans were issued (0 of 0).
NO_PLANS_REASON = "not applicable: no plans issued"
DIMENSIONS = {"Child or young persons age": "age", "Ethnicity": "ethnicity", "Sex": "sex"}
_BASIS = ("Children and Families Act 2014; SEND Regulations 2014, reg 13(2): EHC plan "
          "issued within 20 weeks of the request for assessment")
_COMMON = {
    "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
    "frequency": "calendar_year",
    "source": "DfE, Education, health and care plans (SEN2), 2025 release",
    "licence": "OGL v3", "enquiry_lines": "legal_duties;equality;trends",
    "service": "Special educational needs and disabilities", "statutory_basis": _BASIS,
    "statutory_threshold": 100.0, "synthetic": False,
}
_THRESHOLD_NOTE = ("The statutory threshold is 100 because the duty applies to every plan; "
                   "no lower national target is published.")
#: indicator_id -> (value, numerator, denominator column, title, short title, description)
INDICATORS = {
    "ehcp_20_weeks": (
        "pc_plans_issued_within_20_weeks", "plans_issued_within_20_weeks", "plans_issued_den",
        "New EHC plans issued within 20 weeks, including exception cases (%)",
        "EHC plans issued within 20 weeks",
        "New education, health and care plans issued in the calendar year within 20 weeks "
        "of the request for assessment, as a % of all new plans issued that year.",
    ),
    "ehcp_20_weeks_excluding_exceptions": (
        "PC_plans_issued_20_weeks_ex", "plans_issued_20_weeks_ex", "plans_issued_den_ex",
        "New EHC plans issued within 20 weeks, excluding exception cases (%)",
        "EHC plans within 20 weeks (excl. exceptions)",
        "As ehcp_20_weeks, leaving out the cases where the regulations allow the 20 weeks "
        "to be exceeded (exception cases).",
    ),
}


def build(raw: Path) -> dict[str, pd.DataFrame]:
    table = ehcp_table(Path(raw))
    areas = _area_codes(Path(raw), table)
    dimension = table["breakdown_topic"].map(lambda t: "all" if t == TOTAL_TOPIC
                                             else DIMENSIONS[t])
    category = table["breakdown"].where(table["breakdown_topic"] != TOTAL_TOPIC, "all")
    period = table["time_period"].map(period_label)
    frames, indicators = [], []
    for indicator_id, (value, numerator, denominator, title, short, text) in INDICATORS.items():
        values = parse_values(table[value])
        counts = parse_values(table[denominator])["value"]
        no_plans = values["value"].isna() & (counts == 0)
        frames.append(pd.DataFrame({
            "area_code": areas, "indicator_id": indicator_id, "period": period,
            "value": values["value"],
            "numerator": parse_values(table[numerator])["value"],
            "denominator": counts,
            "breakdown_dimension": dimension, "breakdown_category": category,
            "status": values["status"],
            "status_reason": values["status_reason"].mask(no_plans, NO_PLANS_REASON),
        }))
        indicators.append({"indicator_id": indicator_id, "title": title, "short_title": short,
                           "description": f"{text} {_THRESHOLD_NOTE}", **_COMMON})
    return {"indicators": conform("indicators", pd.DataFrame(indicators)),
            "observations": observations(pd.concat(frames))}


def _area_codes(raw: Path, table: pd.DataFrame) -> pd.Series:
    """ONS code of each row: England, the region, or the council with the LA number."""
    level = table["geographic_level"]
    numbers = dfe_la_numbers(raw)
    la = pd.to_numeric(table["old_la_code"], errors="coerce").map(numbers)
    codes = pd.Series(ENGLAND_CODE, index=table.index)
    codes = codes.where(level != "Regional", table["region_code"])
    codes = codes.where(level != "Local authority", la)
    if codes.isna().any():
        raise ValueError(f"{EHCP_FILE}: rows with no area code: {table[codes.isna()].head()}")
    return codes
