"""Yearly and quarterly measures of the place from Trafford's plan dashboard:
employment, pay, housing affordability and public electric vehicle chargers.

Raw files (Trafford Data Lab, ``trafford_themes/data``), each for Trafford, its
15 CIPFA nearest neighbours (LG Inform, July 2024) and England, with the
publisher's notes under ``*/metadata/``:

* ``economy/employment_rate.csv``: ONS Annual Population Survey, rolling
  12-month figures each quarter ("Jan 2024-Dec 2024");
* ``economy/real_living_wage.csv``: ONS Annual Survey of Hours and Earnings,
  employee jobs paid at or above the real Living Wage (by workplace), yearly;
* ``economy/housing_affordability.csv``: ONS house price to earnings ratios,
  workplace- and residence-based, yearly;
* ``climate/electric_vehicle_charging_points.csv``: DfT public charging devices
  per 100,000 residents, counted at the start of January, April, July and
  October ("2026-01").

Judgements:

* Employment: only the January-December figures are kept, as calendar years.
  The other rolling figures overlap them (each shares nine months of survey
  data with the next), so keeping them would count the same interviews again.
* Affordability: the workplace-based ratio only (the one the publisher's note
  leads with); lower is better (homes more affordable).
* Chargers: a count at 1 January 2026 is shown as the financial quarter it
  closes, 2025-26 Q3 (October to December 2025).
* Left out: borough CO2 emissions (total kilotonnes, not per resident: a total
  cannot be compared with peers of other sizes, and no population is in the
  file); household recycling (``recycling`` already has it, for every council).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._themes import read_tidy, source, tidy_observations
from .common import conform

__all__ = ["INDICATORS", "SOURCES", "build"]

_EMPLOYMENT = "economy/employment_rate.csv"
_LIVING_WAGE = "economy/real_living_wage.csv"
_AFFORDABILITY = "economy/housing_affordability.csv"
_CHARGERS = "climate/electric_vehicle_charging_points.csv"
_WORKPLACE_RATIO = ("Ratio of median house price to median gross annual workplace-based "
                    "earnings")
SOURCES = [source(
    "themes_place", "Trafford Data Lab, from ONS (Annual Population Survey, Annual Survey "
    "of Hours and Earnings, house price to earnings ratios, via nomis and LG Inform) and "
    "the Department for Transport (EV charging devices)",
    [_EMPLOYMENT, _LIVING_WAGE, _AFFORDABILITY, _CHARGERS,
     "economy/metadata/employment_rate.md", "economy/metadata/real_living_wage.md",
     "economy/metadata/housing_affordability.md",
     "climate/metadata/electric_vehicle_charging_points.md"],
    "Trafford, its 15 CIPFA nearest neighbours (LG Inform, July 2024) and England.")]

_VIA = "via Trafford Data Lab trafford_themes"
_AREAS = "Trafford, its 15 CIPFA nearest neighbours and England."
INDICATORS = [
    {"indicator_id": "employment_rate_16_64",
     "title": "Residents aged 16-64 in employment (%)", "short_title": "Employment rate",
     "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
     "frequency": "calendar_year",
     "source": f"ONS, Annual Population Survey (nomis), {_VIA}",
     "licence": "OGL v3", "enquiry_lines": "trends", "service": "Economic development",
     "description": "Employment rate of residents aged 16-64, January to December, from "
                    "the Annual Population Survey (a sample survey, so small changes may "
                    "be chance). " + _AREAS},
    {"indicator_id": "real_living_wage_jobs",
     "title": "Employee jobs paid at or above the real Living Wage (%)",
     "short_title": "Jobs paying the real Living Wage",
     "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
     "frequency": "calendar_year",
     "source": f"ONS, Annual Survey of Hours and Earnings, {_VIA}",
     "licence": "OGL v3", "enquiry_lines": "trends", "service": "Economic development",
     "description": "Share of employee jobs in the area (by workplace) paid at or above "
                    "the real Living Wage set by the Living Wage Foundation, in April of "
                    "each year (ONS estimates). " + _AREAS},
    {"indicator_id": "house_price_to_earnings_ratio",
     "title": "Median house price as a multiple of the median yearly earnings of people "
              "working in the area",
     "short_title": "House prices to earnings",
     "unit": "ratio", "polarity": "lower_is_better", "decimal_places": 1,
     "frequency": "calendar_year",
     "source": f"ONS, house price to workplace-based earnings ratio, via LG Inform, {_VIA}",
     "licence": "OGL v3", "enquiry_lines": "trends", "service": "Housing",
     "description": "Median house price divided by the median gross yearly earnings of "
                    "full-time employees working in the area (workplace-based: can people "
                    "afford to live where they work). Lower means homes are more "
                    "affordable. " + _AREAS},
    {"indicator_id": "ev_charging_devices",
     "title": "Public electric vehicle charging devices per 100,000 residents",
     "short_title": "Public EV chargers",
     "unit": "rate_per_100000", "polarity": "higher_is_better", "decimal_places": 1,
     "frequency": "financial_quarter",
     "source": f"Department for Transport and OZEV, electric vehicle charging devices "
               f"statistics, {_VIA}",
     "licence": "OGL v3", "enquiry_lines": "trends", "service": "Highways and transport",
     "description": "Publicly available charging devices at all speeds per 100,000 "
                    "residents, counted at the start of January, April, July and October; "
                    "each count is shown as the quarter it closes (1 January 2026 as "
                    "2025-26 Q3). " + _AREAS},
]


def _employment(raw: Path) -> pd.DataFrame:
    frame = read_tidy(raw, _EMPLOYMENT)
    years = frame["period"].str.extract(r"^Jan (\d{4})-Dec (\d{4})$")
    frame = frame[years[0].notna() & (years[0] == years[1])].reset_index(drop=True)
    return tidy_observations(frame, "employment_rate_16_64",
                             frame["period"].str[4:8])


def _calendar_years(raw: Path, name: str, indicator_id: str,
                    indicator: str | None = None) -> pd.DataFrame:
    frame = read_tidy(raw, name)
    if indicator:
        frame = frame[frame["indicator"] == indicator].reset_index(drop=True)
    if frame.empty or not frame["period"].str.fullmatch(r"\d{4}").all():
        raise ValueError(f"{name}: no rows, or a period that is not a year")
    return tidy_observations(frame, indicator_id, frame["period"])


def quarter_closed_by(month: str) -> str:
    """'2026-01' (a count on 1 January 2026) -> '2025-26 Q3', the financial
    quarter that ends the day before."""
    year, number = (int(part) for part in month.split("-"))
    year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    start = year if number >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d} Q{(number - 4) % 12 // 3 + 1}"


def _chargers(raw: Path) -> pd.DataFrame:
    frame = read_tidy(raw, _CHARGERS)
    if not frame["period"].str.fullmatch(r"\d{4}-(01|04|07|10)").all():
        raise ValueError(f"{_CHARGERS}: a count not at the start of a quarter")
    return tidy_observations(frame, "ev_charging_devices",
                             frame["period"].map(quarter_closed_by))


def build(raw: Path) -> dict[str, pd.DataFrame]:
    raw = Path(raw)
    parts = [
        _employment(raw),
        _calendar_years(raw, _LIVING_WAGE, "real_living_wage_jobs"),
        _calendar_years(raw, _AFFORDABILITY, "house_price_to_earnings_ratio",
                        _WORKPLACE_RATIO),
        _chargers(raw),
    ]
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": pd.concat(parts, ignore_index=True)}
