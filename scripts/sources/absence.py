"""Persistent absence from school: all pupils, FSM-eligible pupils, looked-after children.

Raw files (DfE, via ONS Explore Local Statistics), each with ``.json`` metadata:

* ``explore-local-statistics-data/persistent-absences-for-all-pupils/...csv``
  (academic years 2006/07 to 2024/25, none for 2019/20);
* ``.../persistent-absences-for-pupils-eligible-for-free-school-meals/...csv``
  (2018/19 to 2024/25, none for 2019/20);
* ``.../persistent-absences-for-pupils-looked-after-by-local-authorities/...csv``
  (reporting years ending 31 March 2019 to 2025).

One indicator, ``persistent_absence``, with a ``pupil_group`` breakdown: all
pupils are "all"/"all"; FSM-eligible pupils are ("pupil_group", "free school
meals"); looked-after children are ("pupil_group", "looked after").

Judgements:

* The all-pupils and FSM periods are "2024-08-01/P1Y" (ONS starts academic
  years on 1 August): academic year "2024/25".
* The looked-after file uses financial-year periods, "2024-04-01/P1Y": DfE's
  reporting year for children looked after continuously for 12 months at 31
  March 2025, whose absence is for the academic year 2024/25. It is mapped to
  the academic year that starts in the same calendar year ("2024-04-01" ->
  "2024/25"). The evidence: every value for "2019-04-01/P1Y" is "x", and the
  metadata says no absence data exist for the 2019/20 academic year.
* DfE says the looked-after figures are matched to the school census by a
  different method (by school type, including pupil referral units) and are
  not directly comparable with the all-pupils and FSM figures, which come from
  the national absence statistics. The FSM gap (FSM minus all pupils) is like
  for like; a looked-after "gap" is only indicative.
* FSM means eligible for free school meals at any time in the past six years.
* English councils (E06/E08/E09/E10), regions (E12) and England (E92) only;
  the looked-after file's Inner and Outer London rows (E13) are dropped.
* Codes are kept as published, including former councils (e.g. Bournemouth
  E06000028, Cumbria E10000006, Northamptonshire E10000021) and Barnsley and
  Sheffield under their pre-2025 codes E08000016 and E08000019, the only codes
  these files use for them. Two pre-2013 codes of councils that still exist
  are renamed to the current code (``common.code_aliases``): Northumberland
  E06000048 -> E06000057 and Gateshead E08000020 -> E08000037 (the old codes
  cover the years to 2013/14 and 2012/13, the new ones the years after, so
  nothing overlaps; build() checks this).
* A missing observation has its DfE marker in ``status`` ("x" not available,
  "c" confidential/suppressed, "z" not applicable): value NaN, status
  "suppressed", never zero. Published zeros (City of London 2006/07 all pupils,
  Rutland 2021 looked after) are kept as zeros.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import code_aliases, conform, observations, parse_values, year_label

_FOLDER = "explore-local-statistics-data"
_NAMES = (
    "persistent-absences-for-all-pupils",
    "persistent-absences-for-pupils-eligible-for-free-school-meals",
    "persistent-absences-for-pupils-looked-after-by-local-authorities",
)
SOURCE = {
    "id": "absence",
    "publisher": "ONS Explore Local Statistics, from DfE Pupil absence in schools in "
                 "England and Outcomes for children in need, including children looked "
                 "after by local authorities in England",
    "repository": "ONSdigital/explore-local-statistics-data",
    "commit": "4972c588d0c192839afc8fa54ae82cb3dc7721ed",
    "licence": "OGL v3 (repository LICENSE.md)",
    "files": [f"{_FOLDER}/{name}/{name}.{ext}" for name in _NAMES for ext in ("csv", "json")],
    "notes": "Looked-after periods are DfE reporting years (to 31 March), mapped to the "
             "academic year the absence covers.",
}

INDICATOR_ID = "persistent_absence"
INDICATORS = [{
    "indicator_id": INDICATOR_ID,
    "title": "Pupils who are persistently absent (missing 10% or more of sessions)",
    "short_title": "Persistent absence",
    "unit": "percent",
    "polarity": "lower_is_better",
    "decimal_places": 1,
    "frequency": "academic_year",
    "source": "DfE, Pupil absence in schools in England; DfE, Outcomes for children in need, "
              "including children looked after by local authorities in England (via ONS "
              "Explore Local Statistics)",
    "licence": "OGL v3",
    "enquiry_lines": "equality;trends",
    "service": "Education",
    "statutory_basis": None,
    "statutory_threshold": None,
    "description": (
        "Percentage of pupils in state-funded primary, secondary and special schools who "
        "missed 10% or more of their possible sessions in the academic year. Breakdown "
        "pupil_group: 'free school meals' is pupils eligible for free school meals at any "
        "time in the past six years (2018/19 on); 'looked after' is children looked after "
        "continuously for at least 12 months at 31 March (also counting pupil referral "
        "units), from DfE's outcomes release, whose reporting year to 31 March is shown as "
        "the academic year it covers. DfE: the looked-after figures use a different "
        "method and are not directly comparable with the all-pupils and FSM figures. No "
        "data for 2019/20 (COVID-19). In 2020/21 and 2021/22, sessions missed for COVID "
        "reasons count as possible sessions but not as absence."
    ),
}]

#: file name -> (breakdown_dimension, breakdown_category, ISO month the period starts)
_GROUPS = {
    _NAMES[0]: ("all", "all", "08"),
    _NAMES[1]: ("pupil_group", "free school meals", "08"),
    _NAMES[2]: ("pupil_group", "looked after", "04"),
}
_ENGLISH = r"E(0[6-9]|10|12)\d{6}$|E92000001$"


def _academic_year(period: pd.Series, month: str) -> pd.Series:
    """'2024-08-01/P1Y' (or '2024-04-01/P1Y' for looked-after) -> '2024/25'."""
    start = period.str.extract(rf"^(\d{{4}})-{month}-01/P1Y$")[0]
    if start.isna().any():
        raise ValueError(f"absence: a period does not start on 1 of month {month}")
    return start.map(lambda year: year_label("academic_year", int(year)))


def _group(raw: Path, name: str) -> pd.DataFrame:
    dimension, category, month = _GROUPS[name]
    # The FSM file repeats the 'notes' header; only the first is used.
    frame = pd.read_csv(raw / _FOLDER / name / f"{name}.csv", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    frame = frame[frame["areacd"].str.match(_ENGLISH)]
    cells = frame["observation"].where(frame["observation"].str.strip() != "", frame["status"])
    parsed = parse_values(cells)
    return pd.DataFrame({
        "area_code": frame["areacd"].replace(code_aliases(raw)),
        "indicator_id": INDICATOR_ID,
        "period": _academic_year(frame["period"], month),
        "value": parsed["value"],
        "breakdown_dimension": dimension,
        "breakdown_category": category,
        "status": parsed["status"],
        "status_reason": parsed["status_reason"],
    })


def build(raw: Path) -> dict[str, pd.DataFrame]:
    table = pd.concat([_group(raw, name) for name in _NAMES], ignore_index=True)
    key = ["area_code", "period", "breakdown_dimension", "breakdown_category"]
    if table.duplicated(key).any():
        raise ValueError("absence: an old and a new code of one council share a period")
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
