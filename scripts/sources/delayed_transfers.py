"""Delayed transfers of care from hospital attributable to adult social care,
Trafford, monthly March 2017 to February 2020.

Raw file: ``dashboard/data/targeted/dtoc.csv`` (Trafford Data Lab's older
corporate plan dashboard, from NHS England's monthly delayed transfers of care
situation report via LG Inform metric 8499), with the fetch script
``dashboard/data/targeted/pre-processing/dtoc.R``. The note beside the file
(``metadata/dtoc.md``) describes another measure (care home admissions) by
mistake, so the definition is taken from the file's own columns (indicator
"Daily DTOC beds attributable to adult social care", measure "Average daily")
and the fetch script.

Judgements:

* Only Trafford is kept. The file's other rows, coded E47000001 and named
  "Greater Manchester", are not Greater Manchester's figure: the fetch script
  asks LG Inform for the *mean of the ten Greater Manchester districts' values*
  (``summary.summaryType = "mean"``). The contract has no area for such a
  mean, and giving it the combined authority's code would pass it off as one
  area's published figure, so it is dropped.
* Dates "2017-03-01" name the month: "2017-03".
* NHS England stopped collecting the data after February 2020 (COVID-19), so
  the series ends there.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import conform, observations, parse_values, period_label

__all__ = ["INDICATORS", "SOURCE", "build"]

_DIR = "dashboard/data/targeted"
SOURCE = {
    "id": "dashboard_delayed_transfers",
    "publisher": "Trafford Data Lab, from NHS England delayed transfers of care statistics "
                 "via LG Inform",
    "repository": "traffordDataLab/dashboard",
    "commit": "83e9bc0cd14d1fac19c743c1e5eece54e0145458",
    "licence": "OGL v3 (NHS England data via LG Inform); the repository code is MIT",
    "files": [f"{_DIR}/dtoc.csv", f"{_DIR}/pre-processing/dtoc.R", f"{_DIR}/metadata/dtoc.md"],
    "notes": "Trafford only, monthly, March 2017 to February 2020. The file's Greater "
             "Manchester rows (a mean of the ten districts' values) are dropped.",
}
COUNCIL = "E08000009"
INDICATOR_ID = "delayed_transfers_social_care"
_INDICATOR = "Daily DTOC beds attributable to adult social care"
INDICATORS = [{
    "indicator_id": INDICATOR_ID,
    "title": "Hospital beds occupied each day by patients whose discharge was delayed by "
             "adult social care (average in the month)",
    "short_title": "Delayed discharges (social care)",
    "unit": "count", "polarity": "lower_is_better", "decimal_places": 1,
    "frequency": "month",
    "source": "NHS England, delayed transfers of care monthly situation report, via LG "
              "Inform and Trafford Data Lab dashboard",
    "licence": "OGL v3", "enquiry_lines": "trends", "service": "Adult social care",
    "description": "Average number of hospital beds occupied each day in the month by "
                   "Trafford patients who were ready to leave but whose transfer of care "
                   "was delayed for reasons attributable to adult social care (LG Inform: "
                   "'Daily DTOC beds attributable to adult social care', average daily). "
                   "Trafford only; NHS England stopped the collection after February 2020.",
}]


def build(raw: Path) -> dict[str, pd.DataFrame]:
    frame = pd.read_csv(Path(raw) / SOURCE["files"][0], dtype=str, keep_default_na=False)
    if set(frame["indicator"].str.strip()) != {_INDICATOR}:
        raise ValueError(f"{SOURCE['files'][0]}: unexpected indicator {set(frame['indicator'])}")
    frame = frame[frame["area_code"] == COUNCIL]
    parsed = parse_values(frame["value"])
    table = pd.DataFrame({
        "area_code": COUNCIL, "indicator_id": INDICATOR_ID,
        "period": frame["period"].map(period_label),
        "value": parsed["value"], "status": parsed["status"],
        "status_reason": parsed["status_reason"],
    })
    months = table["period"]
    if not months.str.fullmatch(r"\d{4}-\d{2}").all() or months.duplicated().any():
        raise ValueError(f"{SOURCE['files'][0]}: periods are not one row per month")
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
