"""Speed of planning decisions: major and non-major applications decided in time.

Raw files (Trafford Data Lab, trafford_themes, from the MHCLG live tables on
planning application statistics, P151 and P153, via LG Inform):

* ``trafford_themes/data/economy/planning_applications_major.csv``
  (2022/23 Q3 to 2025/26 Q3);
* ``trafford_themes/data/economy/planning_applications_non-major.csv``
  (2023/24 Q4 to 2025/26 Q3);
* definitions in ``trafford_themes/data/economy/metadata/*.md``.

Each file covers Trafford, its 15 CIPFA nearest neighbours and England only (17
areas); there is no file for every English planning authority.

Judgements:

* "2022/23 Q3" is a financial-year quarter (Q1 = April to June): "2022-23 Q3".
* No numerators or denominators are published here, only the percentage.
* The designation thresholds (60% major, 70% non-major) apply to a rolling
  assessment period (24 months under the 2022 criteria, 12 months from the
  2024 update), not to a single quarter. They are given as
  ``statutory_threshold`` because they are the government's published floor,
  but a quarter below the line is a warning sign, not a designation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import conform, observations, parse_values

SOURCE = {
    "id": "planning",
    "publisher": "Trafford Data Lab, from MHCLG live tables on planning application "
                 "statistics (P151, P153) via LG Inform",
    "repository": "traffordDataLab/trafford_themes",
    "commit": "ae20a088ae35b93b57843c79ee56e0072915db9e",
    "licence": "OGL v3 (data; the repository code is MIT)",
    "files": [
        "trafford_themes/data/economy/planning_applications_major.csv",
        "trafford_themes/data/economy/planning_applications_non-major.csv",
        "trafford_themes/data/economy/metadata/planning_applications_major.md",
        "trafford_themes/data/economy/metadata/planning_applications_non_major.md",
    ],
    "notes": "Trafford, its 15 CIPFA nearest neighbours and England only; quarterly.",
}

_BASIS = (
    "Town and Country Planning Act 1990, ss62A-62B (inserted by the Growth and "
    "Infrastructure Act 2013); MHCLG, 'Improving planning performance: criteria for "
    "designation'"
)
_CRITERIA = (
    " Designation regime: under s62B the government publishes criteria for designating a "
    "local planning authority as under-performing, after which applicants may apply "
    "directly to the Planning Inspectorate. Speed is assessed separately for major and "
    "non-major development: an authority is at risk if it decides fewer than {floor}% of "
    "{kind} applications within the statutory period or an agreed extension. The "
    "assessment period was 24 months under the 2022 criteria and is 12 months (October to "
    "September) under the update laid in December 2024. The threshold applies to that "
    "period, not to a single quarter as shown here. Quality (more than 10% of decisions "
    "overturned at appeal) is a separate test not covered by this indicator."
)

INDICATORS = [
    {
        "indicator_id": "planning_major_in_time",
        "title": "Major planning applications decided within 13 weeks or the agreed time",
        "short_title": "Major applications in time",
        "unit": "percent",
        "polarity": "higher_is_better",
        "decimal_places": 0,
        "frequency": "financial_quarter",
        "source": "MHCLG, live tables on planning application statistics (P151), via LG "
                  "Inform and Trafford Data Lab trafford_themes",
        "licence": "OGL v3",
        "enquiry_lines": "legal_duties;trends",
        "service": "Planning",
        "statutory_basis": _BASIS,
        "statutory_threshold": 60.0,
        "description": "Percentage of major development applications decided within 13 "
                       "weeks (16 weeks if subject to Environmental Impact Assessment), or "
                       "within an extended period agreed with the applicant (Planning "
                       "Performance Agreement or Extension of Time), in the quarter. "
                       "Published for Trafford, its CIPFA nearest neighbours and England only."
                       + _CRITERIA.format(floor=60, kind="major"),
    },
    {
        "indicator_id": "planning_non_major_in_time",
        "title": "Non-major planning applications decided within 8 weeks or the agreed time",
        "short_title": "Non-major applications in time",
        "unit": "percent",
        "polarity": "higher_is_better",
        "decimal_places": 1,
        "frequency": "financial_quarter",
        "source": "MHCLG, live tables on planning application statistics (P153), via LG "
                  "Inform and Trafford Data Lab trafford_themes",
        "licence": "OGL v3",
        "enquiry_lines": "legal_duties;trends",
        "service": "Planning",
        "statutory_basis": _BASIS,
        "statutory_threshold": 70.0,
        "description": "Percentage of non-major development applications (minor, change of "
                       "use and householder) decided within 8 weeks (16 weeks if subject to "
                       "Environmental Impact Assessment), or within an extended period "
                       "agreed with the applicant, in the quarter. Published for Trafford, "
                       "its CIPFA nearest neighbours and England only."
                       + _CRITERIA.format(floor=70, kind="non-major"),
    },
]
_FILES = {
    "planning_major_in_time": SOURCE["files"][0],
    "planning_non_major_in_time": SOURCE["files"][1],
}


def _quarter_label(period: pd.Series) -> pd.Series:
    """'2022/23 Q3' (financial year, slash) -> '2022-23 Q3'."""
    if not period.str.fullmatch(r"\d{4}/\d{2} Q[1-4]").all():
        raise ValueError("planning: a period is not of the form 2022/23 Q3")
    return period.str.replace("/", "-", regex=False)


def _observations(raw: Path, indicator_id: str) -> pd.DataFrame:
    frame = pd.read_csv(raw / _FILES[indicator_id], dtype=str, keep_default_na=False)
    frame = frame[frame["area_code"].str.match(r"E(0[6-9]|10|12)\d{6}$|E92000001$")]
    parsed = parse_values(frame["value"])
    return pd.DataFrame({
        "area_code": frame["area_code"],
        "indicator_id": indicator_id,
        "period": _quarter_label(frame["period"]),
        "value": parsed["value"],
        "status": parsed["status"],
        "status_reason": parsed["status_reason"],
    })


def build(raw: Path) -> dict[str, pd.DataFrame]:
    table = pd.concat([_observations(raw, i) for i in _FILES], ignore_index=True)
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
