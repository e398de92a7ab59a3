"""NHS Health Checks received each quarter, from OHID's cumulative figures.

Raw file: ``trafford_themes/data/health/nhs_health_checks.csv`` (Trafford Data
Lab, from OHID Fingertips indicator 91112, "People receiving an NHS Health
Check"), 2021/22 Q1 to 2025/26 Q3, for 132 unitary, metropolitan and London
councils (the file has no county councils) and England; with the publisher's
note ``health/metadata/nhs_health_checks.md`` and fetch script.

The published value is **cumulative within the five-year cycle**: the % of the
eligible population aged 40-74 who have received a check since the cycle began.
The period text says so: "2021/22 Q1 - 2022/23 Q3" counts from 2021/22 Q1 to
2022/23 Q3, and "2021/22 Q1" is the cycle's first quarter alone.
:func:`quarter_figures` gives each quarter its own figure:

* the cycle's first quarter: its published figure, which covers that quarter
  alone;
* every later quarter: its cumulative figure minus the cumulative figure of the
  quarter just before it, in the same cycle (same first quarter). Example,
  Trafford: 2.9 (to 2021/22 Q2) - 0.8 (2021/22 Q1) = 2.1 points in 2021/22 Q2;
* a quarter whose previous cumulative figure is missing (not published, or a
  council whose series starts later) gets no figure, with status ``suppressed``
  and the reason.

Only percentages are published (no counts), so there is no numerator or
denominator: the difference is in points of the five-year eligible
population, assuming that population (the denominator) is the same in both
figures. Each published figure is rounded to 1 decimal place, so a quarter's
figure can be off by up to 0.1 point. A quarter with no rise shows 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perfkit.periods import parse_period

from ._themes import read_tidy, source
from .common import conform, observations, period_label

__all__ = ["INDICATORS", "SOURCE", "build", "quarter_figures", "split_periods"]

_FILE = "health/nhs_health_checks.csv"
INDICATOR_ID = "nhs_health_checks"
SOURCE = source(
    "themes_nhs_health_checks", "Trafford Data Lab, from OHID Fingertips (indicator 91112, "
    "NHS Health Check programme)",
    [_FILE, "health/metadata/nhs_health_checks.md", "health/pre-processing/nhs_health_checks.R"],
    "Quarterly, cumulative within the five-year cycle from 2021/22 Q1; each quarter's own "
    "figure is derived by differencing (see the module).")
INDICATORS = [{
    "indicator_id": INDICATOR_ID,
    "title": "Eligible people aged 40-74 who received an NHS Health Check in the quarter, "
             "as a % of the five-year eligible population",
    "short_title": "NHS Health Checks in the quarter",
    "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
    "frequency": "financial_quarter",
    "source": "OHID, Fingertips indicator 91112 (People receiving an NHS Health Check), via "
              "Trafford Data Lab trafford_themes; quarterly figures derived by perfkit's build",
    "licence": "OGL v3", "enquiry_lines": "trends", "service": "Public health",
    "description": "People aged 40-74 with no diagnosed heart disease, stroke, diabetes or "
                   "kidney disease are invited for a check once every five years. OHID "
                   "publishes the % of the eligible population checked since the cycle "
                   "began (2021/22 Q1), cumulatively. Each quarter's figure here is that "
                   "quarter's cumulative % minus the previous quarter's (the first quarter "
                   "of the cycle: its own figure), so it is in points of the five-year "
                   "eligible population: about 5 a quarter checks everyone in five years. "
                   "Published to 1 decimal place, so a quarter may be 0.1 out; it assumes "
                   "the eligible population is the same in both figures. No counts are "
                   "published. Unitary, metropolitan and London councils and England.",
}]
_NO_PREVIOUS = ("not derived: the cumulative figure for the quarter before is not "
                "published, so this quarter's own figure cannot be worked out")


def split_periods(periods: pd.Series) -> pd.DataFrame:
    """'2021/22 Q1 - 2022/23 Q3' -> cycle '2021-22 Q1', quarter '2022-23 Q3';
    '2021/22 Q1' -> both '2021-22 Q1'."""
    parts = periods.str.split(" - ", n=1, expand=True).reindex(columns=[0, 1])
    parts[1] = parts[1].fillna(parts[0])
    return pd.DataFrame({"cycle": parts[0].str.strip().map(period_label),
                         "quarter": parts[1].str.strip().map(period_label)},
                        index=periods.index)


def _position(label: str) -> int:
    period = parse_period(label)
    if period.kind != "financial_quarter":
        raise ValueError(f"{label!r} is not a financial quarter")
    return period.year * 4 + period.part - 1


def quarter_figures(cumulative: pd.DataFrame) -> pd.DataFrame:
    """Each quarter's own figure from cumulative ones (see the module docstring).

    ``cumulative`` has area_code, cycle, quarter (canonical labels) and value
    (the cumulative %, NaN where not published). Returns area_code, period,
    value, status and status_reason, one row per input row.
    """
    frame = cumulative.assign(position=cumulative["quarter"].map(_position),
                              start=cumulative["cycle"].map(_position))
    if (frame["position"] < frame["start"]).any():
        raise ValueError("a cumulative figure ends before its cycle starts")
    frame = frame.sort_values(["area_code", "cycle", "position"], kind="mergesort")
    earlier = frame.groupby(["area_code", "cycle"], sort=False)
    before = earlier["value"].shift(1)
    consecutive = earlier["position"].shift(1) == frame["position"] - 1
    first = frame["position"] == frame["start"]
    own = frame["value"].where(first, (frame["value"] - before).where(consecutive))
    derivable = first | (consecutive & before.notna())
    reason = pd.Series(None, index=frame.index, dtype=object)
    reason[frame["value"].isna()] = "not available: blank in the source"
    reason[frame["value"].notna() & ~derivable] = _NO_PREVIOUS
    return pd.DataFrame({
        "area_code": frame["area_code"], "period": frame["quarter"],
        "value": own.round(1),
        "status": reason.isna().map({True: "final", False: "suppressed"}),
        "status_reason": reason,
    }).reset_index(drop=True)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    frame = read_tidy(Path(raw), _FILE)
    frame = frame[frame["area_code"].str.fullmatch(r"E0[6-9]\d{6}|E92000001")]
    if frame.duplicated(["area_code", "period"]).any():
        raise ValueError(f"{_FILE}: more than one figure for an area and period")
    cumulative = pd.concat([frame[["area_code"]], split_periods(frame["period"])], axis=1)
    cumulative["value"] = pd.to_numeric(frame["value"].replace({"NA": None, "": None}))
    table = quarter_figures(cumulative).assign(indicator_id=INDICATOR_ID)
    return {"indicators": conform("indicators", pd.DataFrame(INDICATORS)),
            "observations": observations(table)}
