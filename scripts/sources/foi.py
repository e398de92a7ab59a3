"""Freedom of Information requests answered within 20 working days, 2017 (mySociety).

Raw files:

* ``research_localgov_foi_stats/total_fois_with_wdtk.csv`` (mySociety, FOI
  statistics obtained by FOI request for "2017"; councils named only);
* ``research_localgov_foi_stats/readme.md`` (licence: CC BY 4.0);
* ``uk_local_authority_names_and_codes/data/lookup_name_to_registry.csv`` and
  ``uk_local_authorities.csv`` (mySociety register of local authority names
  and codes) to turn names into ONS (GSS) codes.

Judgements:

* ``type`` says how the council read "2017": "Calendar" -> period "2017";
  "Financial" -> "2017-18" (the financial year that starts in 2017: Barnet's,
  Harborough's and Anglesey's linked publications are for 2017-18, and the
  file's WhatDoTheyKnow counts for these councils fit a year from April 2017). As a
  period has one kind per indicator, calendar-year figures are ``foi_in_time``
  and financial-year figures ``foi_in_time_fy``; compare them with care.
* Dropped: the two councils with non-standard years (Liverpool "Feb-Feb",
  Spelthorne "July-July") and the four with no ``type`` (Greater London
  Authority, Haringey, North Tyneside, Swindon; none gave an in-time count).
* Value: ``in_time_p`` (= in_time / all x 100, checked to 0.005 points), with
  numerator ``in_time`` and denominator ``all`` (FOI and EIR requests
  received). Where ``in_time`` is "-" the council did not give it: the value is
  missing ("suppressed", never zero). The file's ``in_time_p`` for those rows
  is not used: it repeats the previous percentage column (``granted_p``), a
  processing artefact (e.g. Bedford 82.33 = its granted_p).
* Names are turned into ONS codes with ``common.code_for_name`` (mySociety
  name lookup, then the name without generic words such as "Borough Council";
  every one of the 349 names matches, and the result agrees with the
  WhatDoTheyKnow id in the file, ``wdtk_id``, for all of them). Because the
  lookup prefers a current council when a name fits a former and a current
  one, names are also checked against councils that existed in 2017-18.
  England only (E06-E10 codes): Welsh, Scottish and Northern Irish councils and
  the Greater London Authority are dropped. ``unmatched_names(raw)`` lists
  names that find no council at all (none at this commit).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import authorities, code_for_name, conform, observations

SOURCES = [
    {
        "id": "foi",
        "publisher": "mySociety, Freedom of Information in Local Government (2019 research "
                     "data release)",
        "repository": "mysociety/research_localgov_foi_stats",
        "commit": "67ba18c0649899cefc376034e9a3e8f67bc24c59",
        "licence": "CC BY 4.0 (readme.md)",
        "files": [
            "research_localgov_foi_stats/total_fois_with_wdtk.csv",
            "research_localgov_foi_stats/readme.md",
        ],
        "notes": "FOI statistics for 2017 (calendar or financial year, per council), "
                 "obtained by FOI requests on WhatDoTheyKnow.",
    },
    {
        "id": "foi_names",
        "publisher": "mySociety, UK local authority names and codes",
        "repository": "mysociety/uk_local_authority_names_and_codes",
        "commit": "67ef8b118938678401a452f4f19f669a7221cc73",
        "licence": "CC BY 4.0 (data package); code MIT",
        "files": [
            "uk_local_authority_names_and_codes/data/lookup_name_to_registry.csv",
            "uk_local_authority_names_and_codes/data/uk_local_authorities.csv",
        ],
        "notes": "Used only to turn council names into ONS codes.",
    },
]
_FOI = SOURCES[0]["files"][0]

_COMMON = {
    "title": "Freedom of Information requests answered within 20 working days",
    "unit": "percent",
    "polarity": "higher_is_better",
    "decimal_places": 1,
    "source": "mySociety, Freedom of Information in Local Government (2019), FOI "
              "statistics for 2017 obtained from councils by FOI request",
    "licence": "CC BY 4.0",
    "enquiry_lines": "legal_duties",
    "service": "Information governance",
    "statutory_basis": "Freedom of Information Act 2000, s10: respond within 20 working "
                       "days (Environmental Information Regulations 2004, reg 5(2): the "
                       "same limit)",
    "statutory_threshold": None,
}
_DESCRIPTION = (
    "Percentage of information requests (FOI and EIR) received in {year} that the council "
    "answered within 20 working days, as the council reported it to mySociety. A one-off "
    "survey: figures are self-reported and not audited. The law sets the limit for every "
    "request; no statutory percentage applies, though the Information Commissioner may "
    "monitor authorities answering fewer than 90% in time. {other}"
)
INDICATORS = [
    {**_COMMON, "indicator_id": "foi_in_time", "short_title": "FOI answered in time",
     "frequency": "calendar_year",
     "description": _DESCRIPTION.format(
         year="calendar year 2017",
         other="Councils that keep these statistics by financial year are in foi_in_time_fy "
               "(2017-18).")},
    {**_COMMON, "indicator_id": "foi_in_time_fy",
     "title": _COMMON["title"] + " (councils reporting by financial year)",
     "short_title": "FOI answered in time (FY)", "frequency": "financial_year",
     "description": _DESCRIPTION.format(
         year="financial year 2017-18",
         other="The same survey as foi_in_time (calendar year 2017), for councils that "
               "keep their statistics by financial year.")},
]
_PERIODS = {"Calendar": ("foi_in_time", "2017"), "Financial": ("foi_in_time_fy", "2017-18")}
_ENGLISH = r"E(0[6-9]|10)\d{6}$"


def _codes(raw: Path, names: pd.Series) -> pd.Series:
    """ONS code for each council name; None if unknown, ambiguous or not a
    council that existed in 2017-18."""
    table = authorities(raw).dropna(subset=["gss-code"]).set_index("gss-code")
    existed = (table["start-date"].fillna("") <= "2018-03-31") & (
        table["end-date"].fillna("9999") >= "2017-01-01")
    codes = names.map(lambda name: code_for_name(raw, name))
    return codes.where(codes.map(lambda code: bool(code) and bool(existed.get(code, False))))


def unmatched_names(raw: Path) -> list[str]:
    """Names in the FOI file that find no council (of any nation) that existed
    in 2017-18."""
    councils = pd.read_csv(raw / _FOI, dtype=str, keep_default_na=False)
    return sorted(councils.loc[_codes(raw, councils["council"]).isna(), "council"])


def build(raw: Path) -> dict[str, pd.DataFrame]:
    councils = pd.read_csv(raw / _FOI, dtype=str, keep_default_na=False)
    councils = councils[councils["type"].isin(_PERIODS)]
    councils = councils.assign(area_code=_codes(raw, councils["council"]))
    councils = councils[councils["area_code"].fillna("").str.match(_ENGLISH)]
    in_time = pd.to_numeric(councils["in_time"], errors="coerce")
    requests = pd.to_numeric(councils["all"], errors="coerce")
    given = in_time.notna() & requests.gt(0)
    indicator, period = zip(*councils["type"].map(_PERIODS), strict=True)
    table = pd.DataFrame({
        "area_code": councils["area_code"],
        "indicator_id": list(indicator),
        "period": list(period),
        "value": pd.to_numeric(councils["in_time_p"], errors="coerce").where(given),
        "numerator": in_time,
        "denominator": requests,
        "status": given.map({True: "final", False: "suppressed"}),
        "status_reason": pd.Series(
            "not available: the council did not give the number answered in time",
            index=councils.index).where(~given, None),
    })
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
