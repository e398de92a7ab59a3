"""Adult Social Care Outcomes Framework (ASCOF): satisfaction with care and
support, and permanent admissions to care homes of people aged 65 and over.

Raw files (Trafford Data Lab, ``trafford_themes/data/health``, from NHS
England's ASCOF via LG Inform), each for Trafford, its 15 NHS England adult
social care near neighbours and England, with the publisher's notes:

* ``social_care_satisfaction.csv``: % of people using services who are
  satisfied with their care and support (ASCOF 3A, from the Adult Social Care
  Survey), 2014/15 to 2024/25;
* ``admissions_care_homes_65p.csv``: permanent admissions to residential and
  nursing care homes, aged 65+, per 100,000 aged 65+ (ASCOF 2A part 2),
  2014/15 to 2023/24.

Judgements:

* "2014/15" is a financial year (ASCOF reports April to March): "2014-15".
* "NA" stays missing (never zero). Satisfaction for 2020/21 is missing for
  England and 13 of the 16 councils: the survey was not run nationally that
  year (COVID-19) and only councils that ran it themselves have a figure. This
  was checked against NHS Digital's ASCOF 2020-21 open data file
  (``social_care_datahub/Data/2021/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx``),
  which marks it ``[x]`` for Trafford and England and agrees with every 2020/21
  figure here but one: it has a care home admissions rate for Stockport
  (1,367.7, over twice Stockport's other years) that LG Inform's series leaves
  blank. The blank is kept, as the dashboard shows it. That file is not read
  by the build (it is a large spreadsheet for one year).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._themes import read_tidy, source, tidy_observations, year_labels
from .common import conform

__all__ = ["INDICATORS", "SOURCE", "build"]

_SATISFACTION = "health/social_care_satisfaction.csv"
_ADMISSIONS = "health/admissions_care_homes_65p.csv"
SOURCE = source(
    "themes_ascof", "Trafford Data Lab, from NHS England's Adult Social Care Outcomes "
    "Framework (ASCOF) via LG Inform",
    [_SATISFACTION, _ADMISSIONS, "health/metadata/social_care_satisfaction.md",
     "health/metadata/admissions_care_homes_65p.md",
     "health/pre-processing/social_care_satisfaction.R",
     "health/pre-processing/admissions_care_homes_65p.R"],
    "Financial years; Trafford, its 15 NHS England adult social care near neighbours and "
    "England. 2020/21 checked against NHS Digital's ASCOF 2020-21 open data file "
    "(ericyang-almaeconomics/social_care_datahub @ c481891, Data/2021/"
    "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, OGL v3 source), not read by the build.")

_SURVEY_NOT_RUN = ("not collected: the Adult Social Care Survey was not run nationally in "
                   "2020-21 (COVID-19); only councils that ran it themselves have a figure")
_ASC = "Adult social care"
INDICATORS = [
    {
        "indicator_id": "ascof_satisfaction_with_care",
        "title": "People using adult social care who are satisfied with their care and "
                 "support (ASCOF 3A), %",
        "short_title": "Satisfied with care and support",
        "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
        "frequency": "financial_year",
        "source": "NHS England, Adult Social Care Outcomes Framework (Adult Social Care "
                  "Survey), via LG Inform and Trafford Data Lab trafford_themes",
        "licence": "OGL v3", "enquiry_lines": "trends", "service": _ASC,
        "description": "Overall satisfaction of people who use services with their care and "
                       "support, from the annual Adult Social Care Survey (ASCOF 3A). Only "
                       "covers people whose care the council pays for in full or in part. "
                       "Not collected nationally in 2020/21. Trafford, its 15 NHS England "
                       "near neighbours and England, 2014/15 to 2024/25.",
    },
    {
        "indicator_id": "ascof_care_home_admissions_65_plus",
        "title": "Permanent admissions of people aged 65 and over to residential and nursing "
                 "care homes, per 100,000 aged 65+ (ASCOF 2A)",
        "short_title": "Care home admissions, 65+",
        "unit": "rate_per_100000", "polarity": "lower_is_better", "decimal_places": 1,
        "frequency": "financial_year",
        "source": "NHS England, Adult Social Care Outcomes Framework, via LG Inform and "
                  "Trafford Data Lab trafford_themes",
        "licence": "OGL v3", "enquiry_lines": "trends", "service": _ASC,
        "description": "Older people whose long-term support needs were met by a permanent "
                       "admission to a residential or nursing care home in the year, per "
                       "100,000 residents aged 65 and over (ASCOF 2A part 2). Only covers "
                       "people whose care the council pays for in full or in part. Lower is "
                       "better: the aim is to help people live at home for longer. Trafford, "
                       "its 15 NHS England near neighbours and England, 2014/15 to 2023/24.",
    },
]


def _financial_years(raw: Path, name: str, indicator_id: str,
                     reasons: dict[str, str] | None = None) -> pd.DataFrame:
    frame = read_tidy(raw, name)
    if not frame["period"].str.fullmatch(r"\d{4}/\d{2}").all():
        raise ValueError(f"{name}: a period is not of the form 2014/15")
    return tidy_observations(frame, indicator_id,
                             year_labels(frame["period"], "financial_year"), reasons=reasons)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    raw = Path(raw)
    parts = [
        _financial_years(raw, _SATISFACTION, "ascof_satisfaction_with_care",
                         {"2020-21": _SURVEY_NOT_RUN}),
        _financial_years(raw, _ADMISSIONS, "ascof_care_home_admissions_65_plus"),
    ]
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": pd.concat(parts, ignore_index=True)}
