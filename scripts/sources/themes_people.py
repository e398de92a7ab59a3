"""Yearly outcome measures for people from Trafford's plan dashboard: children
(obesity, MMR vaccination, GCSE English and maths) and adults' health
(activity, smoking, healthy life expectancy, preventable deaths).

Raw files: ``trafford_themes/data/children/*.csv`` and ``health/*.csv``
(Trafford Data Lab, mostly from OHID Fingertips), with the publisher's notes
under ``*/metadata/``. The Fingertips files cover every council with a figure
(districts and counties too) and England; the others Trafford, its 10 DfE
children's statistical neighbours and England. Which files, and which of their
rows, are in :data:`_ROWS`.

Judgements:

* Periods: "2014/15" is an academic year for the child measurement programme
  and GCSEs, a financial year for vaccination (COVER counts April to March) and
  an academic year for the Active Lives survey (its years run from mid-November
  to mid-November, nearer the school year than April to March). "2015 - 17"
  (healthy life expectancy) pools three calendar years and is shown as the last,
  2017; consecutive figures share two of their three years.
* Only the single-year obesity rows are kept (not the 3- and 5-year combined
  ones, nor the deprivation quintiles); only persons for preventable deaths;
  healthy life expectancy is published for men and women only, so each is an
  indicator (the contract needs a total row).
* Life expectancy is in years, a unit the contract does not have: it is given
  as ``score`` and the titles say "years".
* Left out because ``lait``, ``poverty`` or ``recycling`` already hold them:
  KS2 expected standard, NEET, school readiness, looked-after children's health
  checks, children in poverty. Left out for a short or pooled-only series:
  dental decay (every other year), Progress 8.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._themes import first_year, read_tidy, source, tidy_observations, year_labels
from .common import conform

__all__ = ["INDICATORS", "SOURCES", "build"]

#: indicator id -> (file, the rows kept: column -> value, period kind)
_ROWS = {
    "child_obesity_reception": ("children/obese_reception.csv", {
        "indicator": "Reception prevalence of obesity (including severe obesity)",
        "inequality": "NA"}, "academic_year"),
    "child_obesity_year_6": ("children/obese_year6.csv", {
        "indicator": "Year 6 prevalence of obesity (including severe obesity)",
        "inequality": "NA"}, "academic_year"),
    "mmr_one_dose_age_2": ("children/vaccination_mmr.csv", {
        "indicator": "Population vaccination coverage: MMR for one dose (2 years old)"},
        "financial_year"),
    "mmr_two_doses_age_5": ("children/vaccination_mmr.csv", {
        "indicator": "Population vaccination coverage: MMR for two doses (5 years old)"},
        "financial_year"),
    "gcse_english_maths_grade_5": ("children/grades_5_or_above_ks4.csv", {}, "academic_year"),
    "physically_active_adults": ("health/active_adults.csv", {}, "academic_year"),
    "adult_smoking": ("health/adults_smoking.csv", {}, "calendar_year"),
    "healthy_life_expectancy_men": ("health/healthy_life_expectancy.csv",
                                    {"inequality": "Male"}, "pooled_years"),
    "healthy_life_expectancy_women": ("health/healthy_life_expectancy.csv",
                                      {"inequality": "Female"}, "pooled_years"),
    "preventable_mortality_under_75": ("health/mortality_rate.csv", {"unit": "Persons"},
                                       "calendar_year"),
}
_NOTES = ["children/metadata/obese_reception.md", "children/metadata/obese_year6.md",
          "children/metadata/vaccination_mmr.md", "children/metadata/grades_5_or_above_ks4.md",
          "health/metadata/active_adults.md", "health/metadata/adults_smoking.md",
          "health/metadata/healthy_life_expectancy.md", "health/metadata/mortality_rate.md"]
SOURCES = [source(
    "themes_people", "Trafford Data Lab, from OHID Fingertips (NHS England, UKHSA, Sport "
    "England, ONS) and DfE via LG Inform",
    sorted({file for file, _, _ in _ROWS.values()}) + _NOTES,
    "Yearly; Fingertips files: every council with a figure and England; vaccination and "
    "GCSE files: Trafford, its 10 DfE children's statistical neighbours and England.")]

_OBESITY_2020 = ("not published: the 2020/21 child measurement programme was disrupted by "
                 "COVID-19 and most areas have no figure")
_REASONS = {"child_obesity_reception": {"2020/21": _OBESITY_2020},
            "child_obesity_year_6": {"2020/21": _OBESITY_2020}}
_FINGERTIPS = "via OHID Fingertips and Trafford Data Lab trafford_themes"
_CHILDREN = "via Trafford Data Lab trafford_themes"


def _indicator(indicator_id, title, short_title, unit, polarity, places, source_text,
               service, description):
    frequency = _ROWS[indicator_id][2].replace("pooled_years", "calendar_year")
    return {"indicator_id": indicator_id, "title": title, "short_title": short_title,
            "unit": unit, "polarity": polarity, "decimal_places": places,
            "frequency": frequency, "source": source_text, "licence": "OGL v3",
            "enquiry_lines": "trends", "service": service, "description": description}


_OBESE = ("who were obese (including severely obese) when measured in the school year, "
          "one year's data (National Child Measurement Programme). Every council with a "
          "figure and England.")
_MMR = ("in the financial year (COVER programme). Two doses protect against measles, mumps "
        "and rubella. Trafford, its 10 DfE children's statistical neighbours and England.")
_HLE = ("Years a newborn could expect to live in good health, from death rates and "
        "self-reported health (ONS). Each figure pools three calendar years and is shown "
        "as the last (2022 to 2024 as 2024), so neighbouring years share data. Unitary, "
        "metropolitan and London councils and England.")
INDICATORS = [
    _indicator("child_obesity_reception", "Children in Reception (age 4-5) who are obese (%)",
               "Obesity at age 4-5", "percent", "lower_is_better", 1,
               f"NHS England, National Child Measurement Programme, {_FINGERTIPS}",
               "Public health", f"Children in Reception (aged 4-5) {_OBESE}"),
    _indicator("child_obesity_year_6", "Children in Year 6 (age 10-11) who are obese (%)",
               "Obesity at age 10-11", "percent", "lower_is_better", 1,
               f"NHS England, National Child Measurement Programme, {_FINGERTIPS}",
               "Public health", f"Children in Year 6 (aged 10-11) {_OBESE}"),
    _indicator("mmr_one_dose_age_2", "Children given one dose of the MMR vaccine by age 2 (%)",
               "MMR vaccine by age 2", "percent", "higher_is_better", 1,
               f"UKHSA, COVER vaccination statistics (Public Health Outcomes Framework), "
               f"{_FINGERTIPS}", "Public health",
               f"Children who had one dose of the MMR vaccine by their second birthday, {_MMR}"),
    _indicator("mmr_two_doses_age_5", "Children given two doses of the MMR vaccine by age 5 (%)",
               "MMR vaccine by age 5", "percent", "higher_is_better", 1,
               f"UKHSA, COVER vaccination statistics (Public Health Outcomes Framework), "
               f"{_FINGERTIPS}", "Public health",
               f"Children who had both doses of the MMR vaccine by their fifth birthday, {_MMR}"),
    _indicator("gcse_english_maths_grade_5",
               "Pupils achieving grade 5 or above in English and maths GCSEs (%)",
               "GCSE English and maths, grade 5+", "percent", "higher_is_better", 1,
               f"DfE, key stage 4 performance, via LG Inform, {_CHILDREN}", "Education",
               "Pupils at the end of key stage 4 achieving grade 5 or above (a strong pass) "
               "in both English and maths, by school year. Grades in 2019/20 and 2020/21 "
               "were set by schools, not exams, so those years are not like the others. "
               "Trafford, its 10 DfE children's statistical neighbours and England."),
    _indicator("physically_active_adults",
               "Adults doing at least 150 minutes of moderate physical activity a week (%)",
               "Physically active adults", "percent", "higher_is_better", 1,
               f"Sport England, Active Lives Adult Survey, {_FINGERTIPS}", "Public health",
               "Respondents aged 19 and over doing at least 150 minutes of moderate "
               "physical activity a week (Active Lives survey). Survey years run from "
               "mid-November to mid-November and are shown as 2024/25. Every council with "
               "a figure and England."),
    _indicator("adult_smoking", "Adults aged 18 and over who smoke (%)", "Adults who smoke",
               "percent", "lower_is_better", 1,
               f"ONS, Annual Population Survey, {_FINGERTIPS}", "Public health",
               "People aged 18 and over who say they smoke (Annual Population Survey), by "
               "calendar year. ONS changed how the survey was collected in 2020, so the "
               "2020 figures are lower than they would otherwise have been. Every council "
               "with a figure and England."),
    _indicator("healthy_life_expectancy_men", "Healthy life expectancy at birth, men",
               "Healthy life expectancy, men", "years", "higher_is_better", 1,
               f"ONS, health state life expectancies, {_FINGERTIPS}", "Public health",
               f"Men. {_HLE}"),
    _indicator("healthy_life_expectancy_women",
               "Healthy life expectancy at birth, women",
               "Healthy life expectancy, women", "years", "higher_is_better", 1,
               f"ONS, health state life expectancies, {_FINGERTIPS}", "Public health",
               f"Women. {_HLE}"),
    _indicator("preventable_mortality_under_75",
               "Deaths under 75 from causes considered preventable, per 100,000 people",
               "Preventable deaths under 75", "rate_per_100000", "lower_is_better", 1,
               f"ONS, deaths registered in England and Wales, {_FINGERTIPS}", "Public health",
               "Age-standardised rate of deaths of people under 75 from causes considered "
               "preventable (for example by public health action), per 100,000 people, "
               "persons, by calendar year of registration. Every council with a figure and "
               "England."),
]


def _periods(labels: pd.Series, kind: str) -> pd.Series:
    if kind == "pooled_years":
        if not labels.str.fullmatch(r"\d{4} - \d{2}").all():
            raise ValueError(f"pooled periods not like '2015 - 17': {set(labels)}")
        return (first_year(labels) + 2).astype(str)
    if kind == "calendar_year":
        if not labels.str.fullmatch(r"\d{4}").all():
            raise ValueError(f"calendar years not like '2014': {set(labels)}")
        return labels
    if not labels.str.fullmatch(r"\d{4}/\d{2}").all():
        raise ValueError(f"years not like '2014/15': {set(labels)}")
    return year_labels(labels, kind)


def _rows(raw: Path, indicator_id: str) -> pd.DataFrame:
    name, wanted, kind = _ROWS[indicator_id]
    frame = read_tidy(raw, name)
    for column, value in wanted.items():
        frame = frame[frame[column] == value]
    if frame.empty:
        raise ValueError(f"{name}: no rows for {indicator_id}")
    frame = frame.reset_index(drop=True)
    reasons = {_periods(pd.Series([p]), kind).iloc[0]: text
               for p, text in _REASONS.get(indicator_id, {}).items()}
    return tidy_observations(frame, indicator_id, _periods(frame["period"], kind),
                             reasons=reasons)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    parts = [_rows(Path(raw), indicator_id) for indicator_id in _ROWS]
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": pd.concat(parts, ignore_index=True)}
