"""Monthly series from Trafford's plan dashboard: the claimant count rate,
Universal Credit and care homes rated good or outstanding.

Raw files (Trafford Data Lab, ``trafford_themes/data``; see ``_themes.py``):

* ``economy/claimant_count.csv``: ONS claimant count (nomis NM_162_1), the
  count and the % of residents aged 16-64, March 2023 to March 2026, for
  Trafford, its 15 CIPFA nearest neighbours (LG Inform, July 2024) and England.
* ``economy/universal_credit.csv``: DWP people on Universal Credit (Stat-Xplore),
  the count and the Lab's rate per resident aged 16-64, same months and areas.
* ``health/care_homes_rating.csv``: % of CQC-registered care homes rated good
  or outstanding (CQC care directory via LG Inform), November 2023 to April
  2026, Trafford, its 15 NHS England near neighbours and England.
* the publisher's notes beside them (``*/metadata/*.md``) and the fetch scripts
  (``*/pre-processing/*.R``), which say how each figure was made.

Judgements:

* Month names ("March 2023", "Nov 2023") become ``2023-03``.
* The count is kept as the rate's numerator; the population it is divided by
  is not in the files, so the denominator stays blank (never re-derived).
* Ward rows (E05, the latest month only) are left to ``wards.py``.
* The older Trafford claimant series in ``dashboard/data/places/claimant_count.csv``
  (January 2013 to April 2019) is not spliced on: it holds counts only (no
  rate), for a period in which Universal Credit was rolled out and the count's
  coverage changed (which is why DWP published the "alternative claimant count"
  beside it), and 46 months are missing between the two files.
* Universal Credit is ``neutral``: from 2023 people on older benefits and tax
  credits were moved to Universal Credit (managed migration), and it includes
  people in work, so a rise is not in itself worse. A lower claimant rate is
  better.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._themes import read_tidy, source, tidy_observations
from .common import conform, period_label

__all__ = ["INDICATORS", "SOURCES", "build"]

_CLAIMANTS = "economy/claimant_count.csv"
_UNIVERSAL_CREDIT = "economy/universal_credit.csv"
_CARE_HOMES = "health/care_homes_rating.csv"

SOURCES = [
    source("themes_claimant_count", "Trafford Data Lab, from ONS Claimant Count (nomis)",
           [_CLAIMANTS, "economy/metadata/claimant_count.md",
            "economy/pre-processing/claimant_count.R"],
           "Monthly, March 2023 to March 2026; Trafford, its 15 CIPFA nearest neighbours "
           "(LG Inform, July 2024) and England. Ward rows are read by wards.py."),
    source("themes_universal_credit",
           "Trafford Data Lab, from DWP People on Universal Credit (Stat-Xplore) and ONS "
           "mid-year population estimates",
           [_UNIVERSAL_CREDIT, "economy/metadata/universal_credit.md",
            "economy/pre-processing/universal_credit.R"],
           "Monthly, March 2023 to March 2026; same areas. The rate is the Lab's: DWP's "
           "count divided by ONS residents aged 16-64."),
    source("themes_care_homes_rating",
           "Trafford Data Lab, from the Care Quality Commission care directory via LG Inform",
           [_CARE_HOMES, "health/metadata/care_homes_rating.md",
            "health/pre-processing/care_homes_rating.R"],
           "Monthly, November 2023 to April 2026; Trafford, its 15 NHS England adult social "
           "care near neighbours and England."),
]

_ECONOMY = "Economic development"
INDICATORS = [
    {
        "indicator_id": "claimant_rate",
        "title": "People claiming benefits because they are out of work (claimant count), "
                 "as a % of residents aged 16-64",
        "short_title": "Claimant count rate",
        "unit": "percent", "polarity": "lower_is_better", "decimal_places": 1,
        "frequency": "month",
        "source": "ONS, Claimant Count (nomis), via Trafford Data Lab trafford_themes",
        "licence": "OGL v3", "enquiry_lines": "trends", "service": _ECONOMY,
        "description": "People claiming Jobseeker's Allowance plus those claiming Universal "
                       "Credit who are required to seek work and be available for work, as "
                       "a % of residents aged 16-64, each month (ONS). The numerator is the "
                       "number of claimants; ONS's population figure is not in the file. "
                       "Trafford, its 15 CIPFA nearest neighbours and England, March 2023 "
                       "to March 2026.",
    },
    {
        "indicator_id": "universal_credit_rate",
        "title": "People on Universal Credit, as a % of residents aged 16-64",
        "short_title": "Universal Credit rate",
        "unit": "percent", "polarity": "neutral", "decimal_places": 1,
        "frequency": "month",
        "source": "DWP, People on Universal Credit (Stat-Xplore), and ONS mid-year "
                  "population estimates, via Trafford Data Lab trafford_themes",
        "licence": "OGL v3", "enquiry_lines": "trends", "service": _ECONOMY,
        "description": "People on Universal Credit each month (DWP), in or out of work, "
                       "divided by Trafford Data Lab by the ONS mid-year estimate of "
                       "residents aged 16-64 (the latest estimate for months after it). The "
                       "numerator is DWP's count. Neutral: from 2023 people on older "
                       "benefits and tax credits were moved onto Universal Credit, so a rise "
                       "is not in itself worse. Trafford, its 15 CIPFA nearest neighbours "
                       "and England, March 2023 to March 2026.",
    },
    {
        "indicator_id": "care_homes_good_or_outstanding",
        "title": "Care homes rated good or outstanding by the Care Quality Commission (%)",
        "short_title": "Care homes rated good or better",
        "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
        "frequency": "month",
        "source": "Care Quality Commission care directory, via LG Inform and Trafford "
                  "Data Lab trafford_themes",
        "licence": "OGL v3", "enquiry_lines": "trends", "service": "Adult social care",
        "description": "Percentage of all CQC-registered care homes in the area that are "
                       "active on the 1st of the month and have an overall rating of good "
                       "or outstanding. A rating changes only when CQC inspects, so the "
                       "figure moves in steps and often stays the same for months. "
                       "Trafford, its 15 NHS England adult social care near neighbours and "
                       "England, November 2023 to April 2026.",
    },
]


def _months(periods: pd.Series) -> pd.Series:
    labels = periods.map(period_label)
    if not labels.str.fullmatch(r"\d{4}-\d{2}").all():
        raise ValueError(f"monthly file has a period that is not a month: {set(periods)}")
    return labels


def _rate_with_count(raw: Path, name: str, indicator_id: str, rate: str,
                     count: str) -> pd.DataFrame:
    """Rows of measure ``rate`` with the same area and month's ``count`` as numerator."""
    frame = read_tidy(raw, name)
    if set(frame["measure"]) != {rate, count}:
        raise ValueError(f"{name}: measures {sorted(set(frame['measure']))}")
    rates = frame[frame["measure"] == rate].reset_index(drop=True)
    counts = frame[frame["measure"] == count].set_index(["area_code", "period"])["value"]
    numerator = pd.Series(list(zip(rates["area_code"], rates["period"], strict=True))).map(
        counts.to_dict())
    return tidy_observations(rates, indicator_id, _months(rates["period"]),
                             numerator=numerator)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    raw = Path(raw)
    care = read_tidy(raw, _CARE_HOMES)
    parts = [
        _rate_with_count(raw, _CLAIMANTS, "claimant_rate", "Percentage", "Count"),
        _rate_with_count(raw, _UNIVERSAL_CREDIT, "universal_credit_rate", "rate", "count"),
        tidy_observations(care, "care_homes_good_or_outstanding", _months(care["period"])),
    ]
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": pd.concat(parts, ignore_index=True)}
