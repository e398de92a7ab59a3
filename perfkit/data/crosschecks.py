"""Checks that need more than one table: codes that must exist elsewhere,
counts that cannot exceed their totals (allowing for published counts rounded
to :data:`ROUNDING_BASE`), percentages, and periods of the kind an indicator's
frequency allows. Also records why suppressed values are missing.
"""

from __future__ import annotations

import difflib

import pandas as pd

from perfkit.data.contract import SUPPRESSION_MARKERS
from perfkit.periods import FREQUENCIES, parse_period
from perfkit.problems import Problem

__all__ = ["check_across_tables", "PARTS_NOT_ABOVE_WHOLE", "ROUNDED_PARTS", "ROUNDING_BASE"]

#: (table, part, whole): the part can never be larger than the whole.
PARTS_NOT_ABOVE_WHOLE = (
    ("observations", "numerator", "denominator"),
    ("complaints", "upheld", "received"),
    ("complaints", "answered_in_time", "received"),
    ("satisfaction", "satisfied", "respondents"),
)
#: Publishers round counts to this base to protect small numbers (DfE, DHSC).
ROUNDING_BASE = 5
#: The (table, part, whole) pairs that come from published files, so may be rounded.
ROUNDED_PARTS = (("observations", "numerator", "denominator"),)
_CODE_COLUMNS = (("area_code", "areas"), ("peer_code", "areas"), ("parent_code", "areas"),
                 ("indicator_id", "indicators"))
_PERCENT_RANGE = (0.0, 100.0)
_WORDS = {"area_code": "an area code", "peer_code": "an area code",
          "parent_code": "an area code",
          "indicator_id": "an indicator id"}


def check_across_tables(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Run every cross-table check on the tables that loaded. Fills in the
    status of suppressed observations in place."""
    problems = _check_codes(tables)
    for name, part, whole in PARTS_NOT_ABOVE_WHOLE:
        if name in tables:
            rounded = (name, part, whole) in ROUNDED_PARTS
            problems += _part_above_whole(tables[name], part, whole, rounded)
    if "observations" in tables:
        _record_suppression(tables["observations"])
    if "indicators" not in tables:
        return problems
    for name, column in (("observations", "value"), ("targets", "target")):
        if name in tables:
            problems += _percent_range(tables[name], tables["indicators"], column)
            problems += _period_kinds(tables[name], tables["indicators"])
    return problems


def _check_codes(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every code must be listed in the table it refers to."""
    known = {
        "areas": set(tables["areas"]["area_code"]) if "areas" in tables else None,
        "indicators": (set(tables["indicators"]["indicator_id"])
                       if "indicators" in tables else None),
    }
    problems: list[Problem] = []
    for name, frame in tables.items():
        for column, target in _CODE_COLUMNS:
            own_key = (name, column) in (("areas", "area_code"), ("indicators", "indicator_id"))
            if column in frame.columns and known[target] is not None and not own_key:
                problems += _unknown_codes(frame, column, known[target], target)
    return problems


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.Series:
    return frame.attrs["rows"].loc[mask[mask].index]


def _unknown_codes(frame: pd.DataFrame, column: str, known: set, target: str) -> list[Problem]:
    values = frame[column]
    unknown = values.notna() & ~values.isin(known)
    problems = []
    for code, index in frame[unknown].groupby(column, sort=True).groups.items():
        close = difflib.get_close_matches(str(code), sorted(known), n=1, cutoff=0.8)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        for row in frame.attrs["rows"].loc[index]:
            problems.append(Problem(
                frame.attrs["file"], f"'{code}', which is not in the {target} table",
                f"{_WORDS[column]} listed in the {target} table",
                f"Add it to the {target} table or correct the code.{hint}",
                row=int(row), column=column))
    return problems


def _part_above_whole(frame: pd.DataFrame, part: str, whole: str,
                      rounded: bool = False) -> list[Problem]:
    """A part above its whole is an error; where the counts are published
    ones and the excess looks like rounding (:func:`_looks_rounded`), a warning."""
    above = frame[part] > frame[whole]
    warned = above & _looks_rounded(frame[part], frame[whole]) if rounded else above & False
    file, rows = frame.attrs["file"], frame.attrs["rows"]
    found = {i: f"{part} {frame.at[i, part]:g} above {whole} {frame.at[i, whole]:g}"
             for i in above[above].index}
    return [
        Problem(file, found[i] + f": counts that look rounded to {ROUNDING_BASE}",
                f"{part} no larger than {whole}",
                f"The counts look rounded to {ROUNDING_BASE} by the publisher; the value is "
                "kept. Check the source if they should not be rounded.",
                row=int(rows.loc[i]), column=part, severity="warning")
        if warned[i] else
        Problem(file, found[i], f"{part} no larger than {whole}",
                f"Check both cells: {part} counts part of {whole}; they may be swapped.",
                row=int(rows.loc[i]), column=part)
        for i in found
    ]


def _looks_rounded(part: pd.Series, whole: pd.Series) -> pd.Series:
    """Above by less than the rounding base, or by at most the base where
    both are multiples of it (205 and 200: each may have been rounded)."""
    excess = part - whole
    multiples = (part % ROUNDING_BASE == 0) & (whole % ROUNDING_BASE == 0)
    return (excess < ROUNDING_BASE) | (multiples & (excess <= ROUNDING_BASE))


def _record_suppression(observations: pd.DataFrame) -> None:
    """A value given as a marker (x, c, z...) becomes missing with status
    'suppressed' and the marker's meaning as the reason, unless one is given."""
    markers = observations.attrs.get("markers", {}).get("value")
    if markers is None:
        return
    marked = markers.notna()
    meaning = markers[marked].str.strip().str.lower().map(SUPPRESSION_MARKERS)
    reasons = "'" + markers[marked].str.strip() + "': " + meaning
    observations.loc[marked, "status"] = "suppressed"
    no_reason = marked & observations["status_reason"].isna()
    observations.loc[no_reason, "status_reason"] = reasons[no_reason[marked]]


def _percent_range(frame: pd.DataFrame, indicators: pd.DataFrame,
                   column: str) -> list[Problem]:
    percent_ids = set(indicators.loc[indicators["unit"] == "percent", "indicator_id"])
    is_percent = frame["indicator_id"].isin(percent_ids)
    low, high = _PERCENT_RANGE
    outside = is_percent & ((frame[column] < low) | (frame[column] > high))
    return [
        Problem(frame.attrs["file"],
                f"{frame.at[i, column]:g} for {frame.at[i, 'indicator_id']}, a percentage",
                f"a percentage from {low:g} to {high:g}",
                "Check the cell: a proportion of 0.85 should be written as 85.",
                row=int(row), column=column)
        for i, row in _rows(frame, outside).items()
    ]


def _a(kind: str) -> str:
    """'an academic year', 'a financial year'."""
    words = kind.replace("_", " ")
    return ("an " if words[0] in "aeiou" else "a ") + words


def _period_kinds(frame: pd.DataFrame, indicators: pd.DataFrame) -> list[Problem]:
    """Each period must be of a kind the indicator's frequency allows; where
    it allows several (a two-yearly or irregular survey), of the same kind as
    the indicator's first period in the table."""
    frequency = indicators.set_index("indicator_id")["frequency"]
    pairs = frame[["indicator_id", "period"]].dropna().drop_duplicates()
    first_kind: dict[str, str] = {}
    problems = []
    for indicator_id, period in pairs.itertuples(index=False):
        if frequency.get(indicator_id) not in FREQUENCIES:
            continue
        allowed = FREQUENCIES[frequency[indicator_id]].kinds
        kind = parse_period(period).kind
        if kind in allowed:
            first_kind.setdefault(indicator_id, kind)
            if first_kind[indicator_id] == kind:
                continue
        problems += _wrong_kind(frame, indicator_id, period, kind,
                                first_kind.get(indicator_id), frequency[indicator_id])
    return problems


def _wrong_kind(frame: pd.DataFrame, indicator_id: str, period: str, kind: str,
                first: str | None, frequency: str) -> list[Problem]:
    allowed = FREQUENCIES[frequency].kinds
    if len(allowed) == 1:
        expected = f"{_a(allowed[0])}, as indicator '{indicator_id}' is reported"
    elif first is not None:
        expected = (f"{_a(first)}, like the first period of '{indicator_id}' (a "
                    f"{frequency.replace('_', '-')} survey keeps one kind of period)")
    else:
        expected = (" or ".join(map(_a, allowed)) + f", as '{indicator_id}' is a "
                    f"{frequency.replace('_', '-')} survey")
    mask = (frame["indicator_id"] == indicator_id) & (frame["period"] == period)
    return [Problem(
        frame.attrs["file"], f"period '{period}', {_a(kind)}", expected,
        "Write the period in the indicator's frequency (financial years as 2024-25, "
        "academic years as 2024/25), or correct the indicator's frequency.",
        row=int(row), column="period") for row in _rows(frame, mask)]
