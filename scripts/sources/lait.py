"""Children's services indicators from the DfE Local Authority Interactive Tool (LAIT).

Reads ``bds_long_0.parquet`` (one row per measure, year and area, values as text)
and ``lait_data_dictionary.csv`` (title, polarity, axis label, decimal places,
year type). ``SELECTION`` lists the measures kept: children's social care
timeliness and rates, care leavers, the social work workforce, S251 outturn
spending, SEND, absence and exclusions, attainment, NEET and youth justice.

How LAIT is read:

* Periods. "2023-24 (OT)" (outturn) and "2023-24" are financial years and
  "2023/24" an academic year. A bare "2024" is read with the measure's
  ``Year_Type``: the financial or academic year *ending* in 2024 (so "2024" for
  a children-in-need measure is 2023-24), the calendar year 2024, or for the
  workforce census ("Annual (end of Sept)") the calendar year 2024, meaning the
  position at 30 September 2024. "(Rev)" marks revised figures (status
  ``revised``), "(prov)" provisional ones.
* Values. LAIT's only marker is "-"; such cells stay missing with status
  ``suppressed`` and the contract's reason ("not available"). Rows for a
  council in a year before it existed or after it was abolished are dropped
  when they hold no number.
* Areas. LA numbers map to ONS codes through ``common.dfe_la_numbers``; 970 is
  England and regions are matched by name. Inner and Outer London (987, 988)
  have no area in the contract and are dropped.
* Kingston upon Thames and Richmond upon Thames, and North and West
  Northamptonshire, make joint social work workforce returns; LAIT repeats the
  joint figure for both, and those rows say so in ``status_reason``.
* Polarity is LAIT's ("High"/"Low"); where LAIT gives none ("-" or blank) the
  indicator is neutral and its description says so. Decimal places are LAIT's
  ``dps``, or where blank the fewest (at most 2) that show every published value.

Left out on purpose: ``SEN_EHC_All_20wks`` and ``SEN_EHC_Excpt_20wks`` (EHC plans
issued within 20 weeks), which ``ehcp.py`` builds from the DfE EHC plan release
with numerators, denominators and breakdowns for 2019-2024 (LAIT's twins would
duplicate them); and persistent absence for all pupils and for looked-after
children (``TotPerAbNew``, ``LAC_Pers_Abs``) and children in low-income families
(``ChildPov``), which other modules take from the ONS Explore Local Statistics
files. Take-up of funded early education by 2-year-olds (``%_2yr_olds``) is left
out because DfE's percentages go above 100 for several councils (the
denominator is an estimate of eligible children), which a percentage in the
contract cannot hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from perfkit.polarity import POLARITY_ALIASES

from .common import (
    ENGLAND_CODE,
    LAIT_DIR,
    conform,
    dfe_la_numbers,
    drop_outside_lifetime,
    normalise_name,
    observations,
    parse_values,
    region_codes,
    year_label,
)

__all__ = ["SELECTION", "SOURCE", "build"]

DATA_FILE = f"{LAIT_DIR}/bds_long_0.parquet"
DICTIONARY_FILE = f"{LAIT_DIR}/lait_data_dictionary.csv"
SOURCE = {
    "id": "dfe_lait",
    "publisher": "Department for Education (LAIT)",
    "repository": "dfe-analytical-services/local-authority-interactive-tool",
    "commit": "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
    "licence": "OGL v3 (DfE published statistics); code MIT",
    "files": [DATA_FILE, DICTIONARY_FILE],
    "notes": "LAIT benchmarking data set and data dictionary; LA numbers mapped to ONS "
             "codes through the EHC plan file's code pairs.",
}
SOURCE_NAME = "DfE Local Authority Interactive Tool (LAIT)"
LICENCE = "OGL v3"
MAX_INFERRED_DECIMALS = 2
DESCRIPTION_LENGTH = 500
LONDON_PARTS = {987, 988}  # Inner and Outer London: no contract area
WORKFORCE_YEAR_TYPE = "Annual (end of Sept)"
#: LA numbers that send one social work workforce return together, so DfE shows
#: the same figure for both (Kingston and Richmond; North and West Northamptonshire).
JOINT_WORKFORCE_RETURNS = ((314, 318), (940, 941))
JOINT_REASON = "joint workforce return: DfE shows the same figure for both councils"
ENGLAND_NUMBER = 970

_CSC = "Children's social care"
_FINANCE = "Children's services finance"
_SEND = "Special educational needs and disabilities"
_EDUCATION = "Education"
_WORKING_TOGETHER = "Working Together to Safeguard Children (statutory guidance)"

#: LAIT measure -> (indicator_id, short title, service, extras). Extras may set
#: statutory_basis (which makes the enquiry lines legal_duties;trends), polarity
#: or unit where LAIT's own needs overriding, with a note for the description.
SELECTION: dict[str, tuple[str, str, str, dict]] = {
    "CPP_Total_Rateper10,000": ("referrals_rate", "Referrals per 10,000 children", _CSC, {}),
    "ReReferral": ("re_referrals_12_months", "Re-referrals within 12 months", _CSC, {}),
    "Continue_Assess_Comp": ("assessments_45_working_days", "Assessments within 45 days",
                             _CSC, {"statutory_basis": f"{_WORKING_TOGETHER}: an assessment "
                                    "should be completed within 45 working days of the "
                                    "referral"}),
    "Section_47": ("section_47_enquiries_rate", "Section 47 enquiries per 10,000", _CSC, {}),
    "ISCP_Conf": ("initial_cp_conferences_rate", "Initial CP conferences per 10,000", _CSC, {}),
    "CP_conf_15days": ("cp_conference_15_days", "Initial CP conferences within 15 days", _CSC,
                       {"statutory_basis": f"{_WORKING_TOGETHER}: the initial child "
                        "protection conference should take place within 15 working days of "
                        "the strategy discussion at which section 47 enquiries were "
                        "started"}),
    "CPP_rate": ("cpp_rate", "Children on CP plans per 10,000", _CSC, {}),
    "CPP_Abuse_Rate": ("cpp_starts_rate", "CP plans started per 10,000", _CSC,
                       {"description": "Children who became the subject of a child protection "
                        "plan during the year (for physical, emotional or sexual abuse or "
                        "neglect), per 10,000 children, as LAIT's data item says; LAIT's "
                        "dictionary text for this measure describes plans at 31 March "
                        "instead."}),
    "RevCP": ("cp_reviews_in_time", "CP plans reviewed in time", _CSC,
              {"statutory_basis": f"{_WORKING_TOGETHER}: the first review conference within "
               "3 months of the initial conference, then at intervals of no more than 6 "
               "months"}),
    "PrevRegCPR": ("cpp_second_or_later", "CP plans for a second or later time", _CSC, {}),
    "CPPlans2yrsActive": ("cpp_2_years_or_more", "CP plans lasting 2 years or more", _CSC, {}),
    "CIN": ("cin_rate", "Children in need per 10,000", _CSC, {}),
    "LAC": ("cla_rate", "Children looked after per 10,000", _CSC, {}),
    "LAC_Start_Rate": ("cla_starts_rate", "Children starting care per 10,000", _CSC, {}),
    "LACStable_2016on": ("cla_3_or_more_placements", "Looked after: 3+ placements", _CSC, {}),
    "LAC_LongStable%": ("cla_long_term_stability", "Looked after: long-term stability",
                        _CSC, {}),
    "LACDistance": ("cla_placed_over_20_miles", "Looked after: placed 20+ miles away",
                    _CSC, {}),
    "LACHealth%": ("cla_health_checks", "Looked after: health checks", _CSC, {}),
    "%_of LAC Adopted": ("cla_adopted", "Looked after: adopted in year", _CSC, {}),
    "CareLeaverEET": ("care_leavers_eet", "Care leavers in education or work", _CSC, {}),
    "CareLeaverAcc": ("care_leavers_suitable_accommodation",
                      "Care leavers in suitable accommodation", _CSC, {}),
    "CareLeaversNEET": ("care_leavers_neet", "Care leavers NEET", _CSC, {}),
    "CareLeavers_LA_NotInTouch": ("care_leavers_not_in_touch", "Care leavers not in touch",
                                  _CSC, {}),
    "StayingPut": ("care_leavers_staying_put", "Care leavers staying put", _CSC, {}),
    "Work_Force_TO_Rate": ("social_worker_turnover", "Social worker turnover", _CSC, {}),
    "Work_Force_Vac_Rate": ("social_worker_vacancy_rate", "Social worker vacancies", _CSC, {}),
    "Work_Force_Agecy_Rate": ("social_worker_agency_rate", "Agency social workers", _CSC, {}),
    "Work_Force_AvgNumCase_SW": ("social_worker_caseload", "Cases per social worker", _CSC,
                                 {"unit": "ratio", "note": "Unit: cases per FTE social "
                                  "worker."}),
    "Work_Force_SWAbsence": ("social_worker_sickness_absence", "Social worker sickness absence",
                             _CSC, {}),
    "Work_Force_NoSW": ("social_workers_fte", "Children's social workers (FTE)", _CSC, {}),
    "LACFinance": ("cla_weekly_unit_cost", "Looked after: cost per child per week", _FINANCE,
                   {"description": "Outturn spending on children looked after (S251) divided "
                    "by the number of children looked after at 31 March, per week "
                    "(spend / children / 365 x 7)."}),
    "FosteringFinance": ("fostering_weekly_unit_cost", "Fostering: cost per placement per week",
                         _FINANCE, {"description": "Outturn spending on fostering services "
                                    "divided by the number of foster placements at 31 March, "
                                    "per week (spend / placements / 365 x 7)."}),
    "RescareFinance": ("residential_care_weekly_unit_cost",
                       "Residential care: cost per child per week", _FINANCE,
                       {"description": "Outturn spending on residential care divided by the "
                        "number of residential care days provided (SSDA903), times 7."}),
    "SWFinance": ("social_work_weekly_unit_cost", "Social work: cost per child in need per week",
                  _FINANCE, {"description": "Outturn spending on social work, commissioning "
                             "and children's services strategy divided by the number of "
                             "children in need at 31 March, per week (spend / children / "
                             "365 x 7)."}),
    "SENFinance": ("sen_weekly_unit_cost", "SEN services: cost per child per week", _FINANCE,
                   {"description": "S251 spending on SEN services (support services, direct "
                    "payments, SEN transport, assessment and co-ordination) divided by the "
                    "number of children with a statement or EHC plan in the January school "
                    "census, per week (spend / children / 365 x 7)."}),
    "C&YPExpenditure": ("childrens_services_gross_spend", "Children's services gross spend",
                        _FINANCE, {}),
    "TotalLACFinance": ("cla_gross_spend", "Looked-after children gross spend", _FINANCE, {}),
    "SafeguardingFinance": ("safeguarding_gross_spend", "Safeguarding gross spend", _FINANCE,
                            {"description": "Gross spending on safeguarding children and young "
                             "people's services (S251 outturn), including social work and the "
                             "council's child protection functions."}),
    "FamilySupportFinance": ("family_support_gross_spend", "Family support gross spend",
                             _FINANCE, {}),
    "YoungPeopleFinance": ("young_people_services_gross_spend",
                           "Services for young people gross spend", _FINANCE, {}),
    "YouthJusticeFinance": ("youth_justice_gross_spend", "Youth justice gross spend",
                            _FINANCE, {}),
    "LeaveCareSupServTotExp": ("leaving_care_gross_spend", "Leaving care support gross spend",
                               _FINANCE, {}),
    "SureStartFinance": ("childrens_centres_gross_spend",
                         "Children's centres and early years gross spend", _FINANCE, {}),
    "EHCP_Initial_req_refused": ("ehcp_requests_refused", "EHC assessment requests refused",
                                 _SEND, {}),
    "SEN_AppealableDec": ("send_tribunal_appeal_rate", "SEND Tribunal appeal rate", _SEND, {}),
    "SEN_TotStat": ("pupils_with_ehcp", "Pupils with an EHC plan", _SEND, {}),
    "SEN_TotSENSuP": ("pupils_with_sen_support", "Pupils with SEN support", _SEND, {}),
    "SEN_PEC_OUTCOME_COM_4WKS": (
        "ehcp_review_outcomes_4_weeks", "EHC plan review outcomes within 4 weeks", _SEND,
        {"statutory_basis": "Special Educational Needs and Disability Regulations 2014: after "
         "an annual review of an EHC plan the decision must be communicated within 4 weeks "
         "of the review meeting",
         "polarity": "higher_is_better",
         "note": "LAIT gives no polarity; higher is taken as better because the duty "
                 "applies to every review."}),
    "TotAbs": ("overall_absence_rate", "Overall absence", _EDUCATION, {}),
    "TotSevPerAbNew": ("severe_persistent_absence", "Severe persistent absence", _EDUCATION, {}),
    "CINPermAbsent_3Term": ("cin_persistent_absence", "Children in need: persistent absence",
                            _EDUCATION, {}),
    "TotPermEx": ("permanent_exclusion_rate", "Permanent exclusions", _EDUCATION, {}),
    "TotFixedEx": ("suspension_rate", "Suspensions", _EDUCATION, {}),
    "FSP_NEW_GOODDEV": ("good_level_of_development", "Good level of development at 5",
                        _EDUCATION, {}),
    "KS2RWM_Expected_STD": ("ks2_rwm_expected_standard", "KS2 reading, writing and maths",
                            _EDUCATION, {}),
    "AVG_Attain8_Score": ("ks4_attainment_8", "Attainment 8", _EDUCATION, {}),
    "16-17 NEET": ("neet_16_17", "16-17 year olds NEET", _EDUCATION, {}),
    "16-17_not known_NEET": ("neet_or_not_known_16_17", "16-17 year olds NEET or not known",
                             _EDUCATION, {}),
    "FirstYJS": ("youth_justice_first_time_entrants", "First-time entrants to youth justice",
                 "Youth justice", {}),
}

#: LAIT Year_Type -> (period kind, years to subtract from a bare "YYYY" to get
#: the year the period starts in, what a bare year means)
YEAR_TYPES = {
    "Financial Year": ("financial_year", 1, "the financial year ending 31 March of that year"),
    "Annual": ("financial_year", 1, "the position at 31 March of that year, filed under the "
               "financial year ending then"),
    "Academic Year": ("academic_year", 1, "the academic year ending that summer"),
    "Annual - January": ("academic_year", 1, "the January school census of that year, filed "
                         "under the academic year it falls in"),
    "Calendar Year": ("calendar_year", 0, "the calendar year"),
    "Annual (end of Sept)": ("calendar_year", 0, "the position at 30 September of that year "
                             "(flows: the 12 months to 30 September), filed under the "
                             "calendar year"),
}
STATUS_TAGS = {None: "final", "ot": "final", "final": "final", "rev": "revised",
               "prov": "provisional"}
_YEARS = re.compile(r"^(?P<year>\d{4}(?:[-/]\d{2})?)\s*(?:\((?P<tag>[^)]*)\))?$")


def build(raw: Path) -> dict[str, pd.DataFrame]:
    raw = Path(raw)
    dictionary = _dictionary(raw)
    data = pd.read_parquet(raw / DATA_FILE)
    data = data[data["Short Desc"].isin(SELECTION)]
    frames, indicators = [], []
    for code, rows in sorted(data.groupby("Short Desc")):
        meta = dictionary.loc[code]
        obs = _observations(raw, code, rows, meta["Year_Type"])
        frames.append(obs)
        indicators.append(_indicator(code, meta, obs))
    obs = drop_outside_lifetime(raw, pd.concat(frames))
    return {"indicators": conform("indicators", pd.DataFrame(indicators)),
            "observations": observations(obs)}


def _dictionary(raw: Path) -> pd.DataFrame:
    """One row per measure (the dictionary lists a few under two topics)."""
    table = pd.read_csv(raw / DICTIONARY_FILE, dtype=str)
    table = table.drop_duplicates("Measure_short").set_index("Measure_short")
    missing = sorted(set(SELECTION) - set(table.index))
    if missing:
        raise ValueError(f"{DICTIONARY_FILE}: no entry for {missing}")
    return table


# -- observations --------------------------------------------------------------------
def _observations(raw: Path, code: str, rows: pd.DataFrame, year_type: str) -> pd.DataFrame:
    indicator_id = SELECTION[code][0]
    areas = _area_codes(raw, rows)
    rows, areas = rows[areas.notna()], areas[areas.notna()]
    periods = rows["Years"].map(lambda text: _period(text, year_type))
    values = parse_values(rows["Values"])
    tagged = periods.map(lambda p: p[1])
    status = values["status"].where(values["status"] == "suppressed", tagged)
    obs = pd.DataFrame({
        "area_code": areas, "indicator_id": indicator_id,
        "period": periods.map(lambda p: p[0]), "value": values["value"],
        "status": status, "status_reason": values["status_reason"],
    })
    if year_type == WORKFORCE_YEAR_TYPE:
        _mark_joint_returns(rows["LA Number"].astype(int), obs)
    return obs


def _mark_joint_returns(numbers: pd.Series, obs: pd.DataFrame) -> None:
    """Note, in status_reason, the figures that two councils share."""
    for first, second in JOINT_WORKFORCE_RETURNS:
        one = obs[numbers == first].set_index("period")["value"]
        other = obs[numbers == second].set_index("period")["value"].reindex(one.index)
        shared = one.index[one.notna() & (one == other)]
        obs.loc[numbers.isin([first, second]) & obs["period"].isin(shared),
                "status_reason"] = JOINT_REASON


def _area_codes(raw: Path, rows: pd.DataFrame) -> pd.Series:
    """ONS code for each row (None for Inner/Outer London)."""
    numbers = dict(dfe_la_numbers(raw))
    numbers[ENGLAND_NUMBER] = ENGLAND_CODE
    regions = region_codes(raw)
    number = rows["LA Number"].astype(int)
    by_name = rows["LA and Regions"].map(lambda name: regions.get(normalise_name(name)))
    codes = number.map(numbers).fillna(by_name)
    unknown = rows[codes.isna() & ~number.isin(LONDON_PARTS)]
    if len(unknown):
        raise ValueError(f"{DATA_FILE}: no ONS code for {unknown['LA and Regions'].unique()}")
    return codes.where(~number.isin(LONDON_PARTS))


def _period(text: str, year_type: str) -> tuple[str, str]:
    """(canonical period label, status) for one LAIT ``Years`` cell."""
    match = _YEARS.match(text.strip())
    if not match:
        raise ValueError(f"{DATA_FILE}: cannot read the year {text!r}")
    tag = match["tag"].strip().lower() if match["tag"] else None
    year = match["year"]
    if len(year) == 4:
        kind, back, _ = YEAR_TYPES[year_type]
        label = year_label(kind, int(year) - back)
    else:
        label = year_label("financial_year" if "-" in year else "academic_year", int(year[:4]))
    return label, STATUS_TAGS[tag]


# -- indicators ----------------------------------------------------------------------
def _indicator(code: str, meta: pd.Series, obs: pd.DataFrame) -> dict:
    indicator_id, short_title, service, extras = SELECTION[code]
    unit = extras.get("unit") or _unit(meta["y_axis_name"])
    polarity, polarity_note = _polarity(meta["Polarity"], extras)
    legal = "statutory_basis" in extras
    enquiry = ("legal_duties;trends" if legal
               else "finance;trends" if service == _FINANCE else "trends")
    text = extras.get("description") or _first_paragraph(meta["Description"])
    notes = [text, _period_note(meta["Year_Type"]), _joint_note(meta["Year_Type"]),
             _aggregate_note(meta["Methodology"]),
             extras.get("note"), polarity_note, _unit_note(unit, meta), f"LAIT measure {code}."]
    return {
        "indicator_id": indicator_id,
        "title": " ".join(str(meta["Chart_title"]).split()),
        "short_title": short_title,
        "unit": unit,
        "polarity": polarity,
        "decimal_places": _decimal_places(meta["dps"], obs["value"]),
        "frequency": _frequency(obs["period"]),
        "source": SOURCE_NAME,
        "licence": LICENCE,
        "enquiry_lines": enquiry,
        "service": service,
        "statutory_basis": extras.get("statutory_basis"),
        "statutory_threshold": None,
        "description": " ".join(n for n in notes if n),
        "synthetic": False,
    }


def _unit(axis: str) -> str:
    """Contract unit for a LAIT ``y_axis_name``."""
    text = str(axis).lower()
    rules = [("per 10,000", "rate_per_10000"), ("per 100,000", "rate_per_100000"),
             ("per 1000", "rate_per_1000"), ("spend", "gbp"), ("unit cost", "gbp"),
             ("%", "percent"), ("rate", "percent"), ("score", "score"),
             ("number", "count"), ("social workers", "count")]
    for needle, unit in rules:
        if needle in text:
            return unit
    raise ValueError(f"{DICTIONARY_FILE}: no unit for y_axis_name {axis!r}")


def _unit_note(unit: str, meta: pd.Series) -> str | None:
    if unit != "gbp":
        return None
    if "unit cost" in str(meta["y_axis_name"]).lower():
        return "Unit: £ per week, rounded by DfE to the nearest £5."
    return "Unit: £ (whole pounds)."


def _polarity(raw: object, extras: dict) -> tuple[str, str | None]:
    if "polarity" in extras:
        return extras["polarity"], None
    polarity = POLARITY_ALIASES.get(str(raw).strip().lower()) if isinstance(raw, str) else None
    if polarity:
        return polarity, None
    return "neutral", "LAIT gives no polarity, so neither direction is treated as better."


def _decimal_places(dps: object, values: pd.Series) -> int:
    if isinstance(dps, str) and dps.strip():
        return int(float(dps))
    values = values.dropna()
    for places in range(MAX_INFERRED_DECIMALS + 1):
        if ((values - values.round(places)).abs() < 1e-9).all():
            return places
    return MAX_INFERRED_DECIMALS


def _frequency(periods: pd.Series) -> str:
    from perfkit.periods import parse_period

    kinds = {parse_period(label).kind for label in periods.unique()}
    if len(kinds) != 1:
        raise ValueError(f"periods of several kinds: {sorted(kinds)}")
    return kinds.pop()


def _first_paragraph(text: object) -> str:
    """LAIT's first paragraph, cut to whole sentences, without a closing
    "...includes:" whose list is not kept."""
    if not isinstance(text, str):
        return ""
    paragraph = " ".join(re.split(r"\n\s*\n|\r?\n", text.strip())[0].split())
    sentences = re.split(r"(?<=[.;])\s+", paragraph)
    while len(sentences) > 1 and sentences[-1].endswith(":"):
        sentences.pop()
    paragraph = " ".join(sentences).rstrip(":;")
    if len(paragraph) > DESCRIPTION_LENGTH:
        cut = paragraph[:DESCRIPTION_LENGTH].rsplit(". ", 1)[0]
        paragraph = cut if cut.endswith(".") else f"{cut}."
    return paragraph if paragraph.endswith(".") else f"{paragraph}."


def _aggregate_note(methodology: object) -> str | None:
    if "removed from national and regional aggregates" not in str(methodology):
        return None
    return ("For 2024-25 DfE left Wandsworth's and Middlesbrough's figures out of the "
            "national and regional totals because of data quality concerns.")


def _joint_note(year_type: str) -> str | None:
    if year_type != WORKFORCE_YEAR_TYPE:
        return None
    return ("Kingston upon Thames and Richmond upon Thames, and from 2021 North and West "
            "Northamptonshire, make joint workforce returns: DfE shows the joint figure for "
            "both councils (status_reason says so).")


def _period_note(year_type: str) -> str:
    return f"A year YYYY in LAIT means {YEAR_TYPES[year_type][2]}."
