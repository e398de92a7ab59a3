"""Council finance: net expenditure by service, reserves, council tax, spending power.

Raw files and judgements:

``council-cuts-charts/roall.csv`` (BBC Shared Data Unit; a tidy extract of MHCLG
Revenue Outturn Summary, RS, for 152 upper-tier and unitary councils):

* ``year`` is the year the financial year *ends*: 2016 -> "2015-16" and 2017
  -> "2016-17". (SOURCES.md reads it as 2016-17/2017-18; the figures say
  otherwise: for education, children's and adult social care, earmarked and
  unallocated reserves, all 760 values for 2016 equal the raw MHCLG RS 2015-16
  spreadsheet and all 755 for 2017 the RS 2016-17 one (council-reserves/),
  while fewer than 6% match any other year.)
* Values are in £ thousand (the RS "Net current expenditure (£ thousand)"):
  e.g. Bristol adult social care 153,963 = £154m.
* Reserves "at 1 April" are at the start of the row's financial year (2015-16
  -> 1 April 2015), as estimated in that year's RS return; they take the same
  period label as the row. Only "other earmarked" and "unallocated" reserves
  are used (schools, public health and HRA reserves are left out).
* North Yorkshire (E-code E2721) has ONS code E10000022, which is no
  council's code, in the 2016 row (and in MHCLG's own RS 2015-16 and 2017-18
  spreadsheets); the 2017 row (RS 2016-17) has its code E10000023, which is
  used for every year.
* "…" (Isles of Scilly, 2016-17, every column) is read as ".." (not
  available): value missing, status suppressed.
* Bristol's 2015-16 return appears to swap its earmarked (20,000) and
  unallocated (78,703) reserves (in 2016-17 they are 87,311 and 20,000). This
  is how MHCLG published it and it is kept as published.

``council-cuts-charts/RS_2017-18_data_by_LA.xlsx`` (the unmodified MHCLG RS
2017-18 spreadsheet in the same repository, sheet "RS LA Data 2017-18"):

* Gives "2017-18" for the same lines and the same 152 councils (matched by
  E-code; their ONS codes agree with roall's), so that the series runs
  2015-16 to 2017-18. Reserves are the "Estimated ... level at 1 April" (1
  April 2017) columns. Other authorities in the sheet (districts, police,
  fire...) are left out, to keep one consistent set of councils.

``council-tax/output/bandd_ctr.csv`` (Em1lyK/council-tax, from MHCLG Council Tax
Requirement tables; column meanings inferred from their names):

* ``avebandd_expp2223``/``2324`` -> ``band_d_council_tax`` (£, the council's own
  average Band D excluding parish precepts) for 2022-23 and 2023-24;
  ``tstb_2223``/``2324`` -> ``council_tax_base_band_d`` (tax base for
  tax-setting, Band D equivalents).
* Only billing and county council rows (class SD, UA, MD, OLB, ILB, SC) with
  an E06-E10 code are kept; England, class totals, the GLA (which carries the
  London region code E12000007), police, fire and combined authorities are
  dropped.
* The four unitaries created on 1 April 2023 (Cumberland, Westmorland and
  Furness, North Yorkshire, Somerset) have 2022-23 figures although they did
  not exist then: they can only be notional figures for the new council's
  area (the file is on the 2023-24 structure) and are marked "estimated". The
  councils they replaced have no rows in the file.

``councillorsatthecasino/spendingpower/SpendingMillions.csv`` (Cait Robinson,
from MHCLG local government finance settlements):

* Columns 2012 ... 2021 are financial years ending in that year: 2012 ->
  "2011-12" ... 2021 -> "2020-21" (the repository's own chart labels them so,
  and councils abolished on 1 April 2019 have ".." from the 2020 column on).
* ".." is missing (not available), never zero. Councils created in 2019-2020
  (Bournemouth, Christchurch and Poole; Dorset; East and West Suffolk; Somerset
  West and Taunton; Buckinghamshire) are not in the file, so their
  predecessors simply stop when they were abolished.
* Up to 2015-16 the settlements measured "revenue spending power"; from 2016-17
  "core spending power", a different definition. Those early values carry a
  status_reason saying so.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from .common import conform, observations, parse_values, year_label

SOURCES = [
    {
        "id": "finance_revenue_outturn",
        "publisher": "BBC Shared Data Unit, from MHCLG Revenue Outturn Summary (RS)",
        "repository": "BBC-Data-Unit/council-cuts-charts",
        "commit": "5b54d08f1af88ee6ba30719b8a2541bfa01e5e6d",
        "licence": "No repository licence (unclear); the underlying MHCLG data are OGL v3",
        "files": ["council-cuts-charts/roall.csv",
                  "council-cuts-charts/RS_2017-18_data_by_LA.xlsx"],
        "notes": "roall year 2016 = RS 2015-16, 2017 = RS 2016-17; 2017-18 from the "
                 "unmodified MHCLG spreadsheet; £ thousand.",
    },
    {
        "id": "finance_council_tax",
        "publisher": "Em1lyK/council-tax, from MHCLG Council Tax Requirement (CTR) tables",
        "repository": "Em1lyK/council-tax",
        "commit": "d81fd3ae94c44f658e32bb672933f5dae31d0fa7",
        "licence": "No repository licence (unclear); the source MHCLG CTR tables are OGL v3",
        "files": ["council-tax/output/bandd_ctr.csv"],
        "notes": "Column meanings inferred from their names; no documentation in the repo.",
    },
    {
        "id": "finance_spending_power",
        "publisher": "Cait Robinson (councillorsatthecasino), from MHCLG local government "
                     "finance settlements",
        "repository": "CaitHRobinson/councillorsatthecasino",
        "commit": "3b079018e4dfe62bbe036977a1c21f08ff6d3f50",
        "licence": "No repository licence (unclear); the underlying MHCLG data are OGL v3",
        "files": ["councillorsatthecasino/spendingpower/SpendingMillions.csv"],
        "notes": "Column 2012 = 2011-12 ... 2021 = 2020-21; £ million.",
    },
]
_ROALL, _BANDD, _SPENDING = (s["files"][0] for s in SOURCES)
_RS_2017_18 = SOURCES[0]["files"][1]
_RS_SHEET = "RS LA Data 2017-18"

_RS_SOURCE = ("MHCLG, Revenue Outturn Summary (RS) 2015-16 to 2017-18 (via BBC Shared Data "
              "Unit council-cuts-charts)")
_RS_LICENCE = "OGL v3 (MHCLG data; the extract's repository has no licence)"
_CT_SOURCE = ("MHCLG, Council Tax levels set by local authorities (Council Tax Requirement "
              "tables), 2022-23 and 2023-24 (via Em1lyK/council-tax)")
_SP_SOURCE = ("MHCLG, local government finance settlements, spending power 2011-12 to "
              "2020-21 (via CaitHRobinson/councillorsatthecasino)")

#: roall column -> (indicator_id, title, short title, what the line counts)
_SERVICES = {
    "190: Education services": (
        "net_expenditure_education", "Education services", "Education",
        "including maintained schools"),
    "290: Highways and transport services": (
        "net_expenditure_highways_transport", "Highways and transport services",
        "Highways and transport", ""),
    "330: Children Social Care": (
        "net_expenditure_childrens_social_care", "Children's social care",
        "Children's social care", ""),
    "360: Adult Social Care": (
        "net_expenditure_adult_social_care", "Adult social care", "Adult social care", ""),
    "390: Public Health": (
        "net_expenditure_public_health", "Public health", "Public health", ""),
    "490: Housing services (GFRA only)": (
        "net_expenditure_housing", "Housing services (General Fund only)", "Housing (GF)",
        "excluding the Housing Revenue Account"),
    "509: Cultural and related services": (
        "net_expenditure_culture", "Cultural and related services", "Culture", ""),
    "590: Environmental and regulatory services": (
        "net_expenditure_environmental_regulatory", "Environmental and regulatory services",
        "Environmental and regulatory", ""),
    "599: Planning and development services": (
        "net_expenditure_planning_development", "Planning and development services",
        "Planning and development", ""),
}
_RESERVES = {
    "other earmarked reserves at 1 April": (
        "reserves_earmarked", "Other earmarked financial reserves at 1 April",
        "Earmarked reserves",
        "Earmarked General Fund reserves other than schools' and public health reserves"),
    "unallocated financial reserves at 1 April": (
        "reserves_unallocated", "Unallocated financial reserves at 1 April",
        "Unallocated reserves", "General Fund reserves not set aside for a purpose"),
}
#: roall reserve column -> its heading (lower case) in the RS 2017-18 spreadsheet.
_RS_RESERVE_HEADINGS = {
    "other earmarked reserves at 1 April":
        "estimated other earmarked financial reserves level at 1 april",
    "unallocated financial reserves at 1 April":
        "estimated unallocated financial reserves level at 1 april",
}
#: An ONS code in roall that belongs to no council, and the right one (same E-code).
_ROALL_CODE_FIXES = {"E10000022": "E10000023"}
_COUNCIL_CLASSES = ("SD", "UA", "MD", "OLB", "ILB", "SC")
#: Unitaries created on 1 April 2023: their 2022-23 council tax figures are notional.
_NEW_IN_2023 = ("E06000063", "E06000064", "E06000065", "E06000066")
_ENGLISH_COUNCIL = r"E(0[6-9]|10)\d{6}$"
_REVENUE_SPENDING_POWER = ("revenue spending power, the settlement measure before 2016-17; "
                           "not comparable with core spending power")


def _indicator(indicator_id: str, title: str, short_title: str, unit: str, **extra) -> dict:
    row = {
        "indicator_id": indicator_id, "title": title, "short_title": short_title,
        "unit": unit, "polarity": "neutral", "decimal_places": 0,
        "frequency": "financial_year", "source": _RS_SOURCE, "licence": _RS_LICENCE,
        "enquiry_lines": "finance", "service": "Finance", "statutory_basis": None,
        "statutory_threshold": None, "description": None,
    }
    row.update(extra)
    return row


def _indicators() -> list[dict]:
    rows = []
    for indicator_id, title, short, note in _SERVICES.values():
        rows.append(_indicator(
            indicator_id, f"Net current expenditure: {title}", short, "gbp_thousands",
            description=f"Net current expenditure on {title.lower()}"
                        f"{' (' + note + ')' if note else ''}, £ thousand, from the MHCLG "
                        "Revenue Outturn Summary (RS). Upper-tier and unitary councils only "
                        "(152); not adjusted for inflation or population."))
    for indicator_id, title, short, note in _RESERVES.values():
        rows.append(_indicator(
            indicator_id, title, short, "gbp_thousands",
            description=f"{note}, £ thousand, level at 1 April at the start of the financial "
                        "year (2015-16 = 1 April 2015), as estimated in that year's RS return. "
                        "Upper-tier and unitary councils only."))
    rows.append(_indicator(
        "band_d_council_tax", "Average Band D council tax (excluding parish precepts)",
        "Band D council tax", "gbp", decimal_places=2, source=_CT_SOURCE,
        licence="OGL v3 (MHCLG data; the extract's repository has no licence)",
        description="The council's own average Band D council tax, £, excluding parish "
                    "precepts (and, for a district or London borough, excluding the county, "
                    "GLA, police and fire precepts, which are separate bodies). For the "
                    "unitaries created in April 2023, 2022-23 figures are notional."))
    rows.append(_indicator(
        "council_tax_base_band_d", "Council tax base (Band D equivalent dwellings)",
        "Council tax base", "count", decimal_places=0, source=_CT_SOURCE,
        licence="OGL v3 (MHCLG data; the extract's repository has no licence)",
        description="Tax base for tax-setting purposes: the number of dwellings expressed "
                    "as Band D equivalents after discounts, exemptions and council tax "
                    "support. A county's tax base is the sum of its districts'."))
    rows.append(_indicator(
        "core_spending_power", "Spending power", "Spending power", "gbp_millions",
        decimal_places=1, source=_SP_SOURCE,
        licence="OGL v3 (MHCLG data; the extract's repository has no licence)",
        description="Spending power, £ million, as set in each year's local government "
                    "finance settlement (government grants plus council tax and retained "
                    "business rates). Up to 2015-16 the measure was 'revenue spending "
                    "power'; from 2016-17 'core spending power', a different definition, so "
                    "the fall between 2015-16 and 2016-17 is not like for like. Not "
                    "adjusted for inflation. Councils created in 2019-2020 are not in the "
                    "source."))
    return rows


def _financial_year(end_year: pd.Series) -> pd.Series:
    """2016 (the year the financial year ends) -> '2015-16'."""
    return end_year.map(lambda end: year_label("financial_year", int(end) - 1))


def _long(frame: pd.DataFrame, columns: dict[str, str], periods: pd.Series | dict) -> list:
    """One observation frame per (raw column -> indicator id)."""
    parts = []
    for column, indicator_id in columns.items():
        # roall writes a missing value as a typographic ellipsis, "…" for "..".
        parsed = parse_values(frame[column].str.replace("\u2026", "..", regex=False))
        period = periods[column] if isinstance(periods, dict) else periods
        parts.append(pd.DataFrame({
            "area_code": frame["area_code"], "indicator_id": indicator_id, "period": period,
            "value": parsed["value"], "status": parsed["status"],
            "status_reason": parsed["status_reason"],
        }))
    return parts


def _revenue_outturn(raw: Path) -> list[pd.DataFrame]:
    frame = pd.read_csv(raw / _ROALL, dtype=str, keep_default_na=False)
    frame["area_code"] = frame["ONS Code"].replace(_ROALL_CODE_FIXES)
    columns = {c: v[0] for c, v in {**_SERVICES, **_RESERVES}.items()}
    return (_long(frame, columns, _financial_year(frame["year"]))
            + _rs_2017_18(raw, frame["E-code"]))


def _rs_2017_18(raw: Path, councils: pd.Series) -> list[pd.DataFrame]:
    """The same lines for 2017-18 from the raw RS spreadsheet, for ``councils``
    (E-codes). Service lines are found by their line number (190, 290...) in
    the row above the header, reserves by their column heading."""
    with warnings.catch_warnings():  # openpyxl: the workbook's print area is a name
        warnings.simplefilter("ignore", UserWarning)
        sheet = pd.read_excel(raw / _RS_2017_18, sheet_name=_RS_SHEET, header=None,
                              dtype=str)
    header = next(i for i in range(20) if "E-code" in sheet.iloc[i].tolist())
    names = [str(n).strip().lower() for n in sheet.iloc[header]]
    lines = [str(n).strip() for n in sheet.iloc[header - 1]]
    body = sheet.iloc[header + 1:]
    body = body[body.iloc[:, names.index("e-code")].isin(set(councils))]
    frame = pd.DataFrame({"area_code": body.iloc[:, names.index("ons code")].replace(
        _ROALL_CODE_FIXES)})
    for column in _SERVICES:
        frame[column] = body.iloc[:, lines.index(column.split(":")[0])]
    for column, heading in _RS_RESERVE_HEADINGS.items():
        frame[column] = body.iloc[:, names.index(heading)]
    if len(frame) != councils.nunique():
        raise ValueError("finance: RS 2017-18 lacks some of roall's councils")
    columns = {c: v[0] for c, v in {**_SERVICES, **_RESERVES}.items()}
    return _long(frame, columns, "2017-18")


def _council_tax(raw: Path) -> list[pd.DataFrame]:
    frame = pd.read_csv(raw / _BANDD, dtype=str, keep_default_na=False)
    frame = frame[frame["class"].isin(_COUNCIL_CLASSES)
                  & frame["onscode"].str.match(_ENGLISH_COUNCIL)].rename(
        columns={"onscode": "area_code"})
    columns = {"avebandd_expp2223": "band_d_council_tax",
               "avebandd_expp2324": "band_d_council_tax",
               "tstb_2223": "council_tax_base_band_d", "tstb_2324": "council_tax_base_band_d"}
    periods = {c: "2022-23" if c.endswith("2223") else "2023-24" for c in columns}
    parts = _long(frame, columns, periods)
    for part in parts:
        notional = part["area_code"].isin(_NEW_IN_2023) & (part["period"] == "2022-23")
        part.loc[notional, "status"] = "estimated"
        part.loc[notional, "status_reason"] = ("notional: the council was created on 1 April "
                                               "2023; figure for its area on the 2023-24 "
                                               "structure")
    return parts


def _spending_power(raw: Path) -> list[pd.DataFrame]:
    frame = pd.read_csv(raw / _SPENDING, dtype=str, keep_default_na=False,
                        encoding="utf-8-sig").rename(columns={"ons_code": "area_code"})
    years = [c for c in frame.columns if c.isdigit()]
    periods = dict(zip(years, _financial_year(pd.Series(years)), strict=True))
    parts = _long(frame, dict.fromkeys(years, "core_spending_power"), periods)
    for part in parts:
        early = (part["period"] <= "2015-16") & (part["status"] == "final")
        part.loc[early, "status_reason"] = _REVENUE_SPENDING_POWER
    return parts


def build(raw: Path) -> dict[str, pd.DataFrame]:
    parts = _revenue_outturn(raw) + _council_tax(raw) + _spending_power(raw)
    table = pd.concat(parts, ignore_index=True)
    table = table[table["area_code"].str.match(_ENGLISH_COUNCIL)]
    return {"indicators": conform("indicators", pd.DataFrame(_indicators())),
            "observations": observations(table)}
