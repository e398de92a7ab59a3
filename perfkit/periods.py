"""Reporting periods: financial-year quarters, financial years, academic years,
calendar years, calendar quarters and months; and the frequencies an indicator
can have (:data:`FREQUENCIES`): one of those kinds, a survey every two years,
or an irregular one.

One ordered type, :class:`Period`, knows its start and end dates, the period
before it and the same period last year. Periods of different kinds compare by
their end date (then their start date), so "2024-25 Q4" and "2024-25" sort
together at 31 March 2025.

Canonical labels (what perfkit writes, and what the data contract asks for):

=================  ===============  =======================================
kind               label            covers
=================  ===============  =======================================
financial_quarter  ``2024-25 Q3``   1 Oct 2024 to 31 Dec 2024 (Q1 = Apr-Jun)
financial_year     ``2024-25``      1 Apr 2024 to 31 Mar 2025
academic_year      ``2024/25``      1 Sep 2024 to 31 Aug 2025
calendar_year      ``2024``         1 Jan 2024 to 31 Dec 2024
calendar_quarter   ``2024 Q3``      1 Jul 2024 to 30 Sep 2024
month              ``2024-11``      1 Nov 2024 to 30 Nov 2024
=================  ===============  =======================================

A hyphen means a financial year and a slash an academic year. Common variants
are read too ("2024/25 Q3", "Q3 2024-25", "FY 2024/25", "AY 2024-25",
"Nov 2024", "2024-11-01"). "2011-12" is read as the financial year; write
"Dec 2011" for the month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

__all__ = [
    "FREQUENCIES",
    "PERIOD_KINDS",
    "YEAR_KINDS",
    "Frequency",
    "Period",
    "PeriodError",
    "parse_period",
    "period_end_dates",
    "try_parse_period",
]

PERIOD_KINDS = (
    "financial_quarter",
    "financial_year",
    "academic_year",
    "calendar_year",
    "calendar_quarter",
    "month",
)
#: Whole years: the periods of a survey run every two years are years of one of these kinds.
YEAR_KINDS = ("financial_year", "academic_year", "calendar_year")


@dataclass(frozen=True)
class Frequency:
    """How often an indicator's figures come. ``kinds``: the kinds of period
    its labels may be (one kind within a series); ``step``: how many periods of
    that kind lie between one figure and the next (None: no set gap)."""

    name: str
    kinds: tuple[str, ...]
    step: int | None = 1


#: Every frequency by name: a kind of period (a figure every period), a survey
#: every two years (years of one kind, two apart) or an irregular one (no set gap).
FREQUENCIES = {
    **{kind: Frequency(kind, (kind,)) for kind in PERIOD_KINDS},
    "two_yearly": Frequency("two_yearly", YEAR_KINDS, step=2),
    "irregular": Frequency("irregular", PERIOD_KINDS, step=None),
}
#: The words the indicators' ``frequency`` column takes, which the contract
#: reads from here: every kind of period, then ``two_yearly`` and ``irregular``.

_MONTHS_IN = {
    "financial_quarter": 3,
    "financial_year": 12,
    "academic_year": 12,
    "calendar_year": 12,
    "calendar_quarter": 3,
    "month": 1,
}
_PARTS_PER_YEAR = {"financial_quarter": 4, "calendar_quarter": 4, "month": 12}
_FIRST_MONTH = {"financial_year": 4, "financial_quarter": 4, "academic_year": 9}


class PeriodError(ValueError):
    """A period label that perfkit cannot read."""


@dataclass(frozen=True)
class Period:
    """One reporting period. ``year`` is the year it starts in; ``part`` is the
    quarter (1-4) or month (1-12) within it, and 0 for whole years."""

    kind: str
    year: int
    part: int = 0

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise PeriodError(f"unknown period kind {self.kind!r}; expected one of "
                              f"{PERIOD_KINDS}")
        parts = _PARTS_PER_YEAR.get(self.kind, 0)
        if (parts and not 1 <= self.part <= parts) or (not parts and self.part != 0):
            raise PeriodError(f"part {self.part} is not valid for a {self.kind}")

    # -- dates ---------------------------------------------------------------
    @property
    def start(self) -> date:
        first = _FIRST_MONTH.get(self.kind, 1)
        step = _MONTHS_IN[self.kind]
        offset = (self.part - 1) * step if self.part else 0
        months = self.year * 12 + (first - 1) + offset
        return date(months // 12, months % 12 + 1, 1)

    @property
    def end(self) -> date:
        months = self.start.year * 12 + self.start.month - 1 + _MONTHS_IN[self.kind] - 1
        year, month = months // 12, months % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return _MONTHS_IN[self.kind]

    # -- neighbours ----------------------------------------------------------
    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (earlier if negative)."""
        parts = _PARTS_PER_YEAR.get(self.kind)
        if not parts:
            return Period(self.kind, self.year + steps)
        index = self.year * parts + (self.part - 1) + steps
        return Period(self.kind, index // parts, index % parts + 1)

    def previous(self) -> Period:
        """The period just before this one, of the same kind."""
        return self.shift(-1)

    def next(self) -> Period:
        """The period just after this one, of the same kind."""
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        """The same quarter, month or year one year earlier."""
        return Period(self.kind, self.year - 1, self.part)

    @property
    def financial_year(self) -> Period:
        """The financial year this period ends in."""
        end = self.end
        return Period("financial_year", end.year if end.month >= 4 else end.year - 1)

    # -- ordering and text ---------------------------------------------------
    def sort_key(self) -> tuple[date, date]:
        return (self.end, self.start)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Period) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Period) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Period) -> bool:
        return self.sort_key() >= other.sort_key()

    @property
    def label(self) -> str:
        two = f"{(self.year + 1) % 100:02d}"
        return {
            "financial_quarter": f"{self.year}-{two} Q{self.part}",
            "financial_year": f"{self.year}-{two}",
            "academic_year": f"{self.year}/{two}",
            "calendar_year": f"{self.year}",
            "calendar_quarter": f"{self.year} Q{self.part}",
            "month": f"{self.year}-{self.part:02d}",
        }[self.kind]

    def __str__(self) -> str:
        return self.label


# -- parsing -------------------------------------------------------------------
_SPLIT_YEAR = r"(?P<y1>\d{4})\s*(?P<sep>[-/])\s*(?P<y2>\d{2}|\d{4})"
_PATTERNS = [
    ("month", re.compile(r"^(?P<y1>\d{4})-(?P<m>\d{2})(?P<day>-01)?$")),
    ("fq", re.compile(rf"^(?:fy\s*)?{_SPLIT_YEAR}\s*q(?P<q>[1-4])$")),
    ("fq", re.compile(rf"^q(?P<q>[1-4])\s*(?:fy\s*)?{_SPLIT_YEAR}$")),
    ("fy", re.compile(rf"^(?:fy|financial year)\s*{_SPLIT_YEAR}$")),
    ("ay", re.compile(rf"^(?:ay|academic year)\s*{_SPLIT_YEAR}$")),
    ("split", re.compile(rf"^{_SPLIT_YEAR}$")),
    ("cq", re.compile(r"^(?P<y1>\d{4})\s*q(?P<q>[1-4])$")),
    ("cy", re.compile(r"^(?:cy\s*)?(?P<y1>\d{4})$")),
]
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_WORDS = re.compile(r"^(?P<mon>[a-z]{3})[a-z]*\s+(?P<y1>\d{4})$")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _check_split_year(match: re.Match[str], text: str) -> int:
    start = int(match["y1"])
    end = int(match["y2"])
    expected = start + 1
    if end != expected and end != expected % 100:
        raise PeriodError(
            f"{text!r}: the second year should follow the first (e.g. {start}-{expected % 100:02d})"
        )
    return start


@lru_cache(maxsize=8192)
def parse_period(text: str) -> Period:
    """Read a period label (see the module docstring for the forms accepted).

    Raises :class:`PeriodError` with the forms expected when it cannot.
    """
    if not isinstance(text, str):
        raise PeriodError(f"{text!r} is not a period label")
    clean = " ".join(text.strip().lower().split())
    for name, pattern in _PATTERNS:
        match = pattern.match(clean)
        if match:
            return _build(name, match, text)
    match = _MONTH_WORDS.match(clean)
    if match and match["mon"] in _MONTH_NAMES:
        return Period("month", int(match["y1"]), _MONTH_NAMES[match["mon"]])
    raise PeriodError(
        f"{text!r} is not a period perfkit can read; expected e.g. '2024-25 Q3' "
        "(financial quarter), '2024-25' (financial year), '2024/25' (academic year), "
        "'2024' (calendar year), '2024 Q3' (calendar quarter) or '2024-11' (month)"
    )


def _build(name: str, match: re.Match[str], text: str) -> Period:
    year = int(match["y1"])
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(f"{text!r}: year {year} is out of range")
    if name in ("fq", "fy", "ay", "split"):
        year = _check_split_year(match, text)
    if name == "fq":
        return Period("financial_quarter", year, int(match["q"]))
    if name == "fy" or (name == "split" and match["sep"] == "-"):
        return Period("financial_year", year)
    if name in ("ay", "split"):
        return Period("academic_year", year)
    if name == "cq":
        return Period("calendar_quarter", year, int(match["q"]))
    if name == "month":
        month = int(match["m"])
        if month == (year + 1) % 100 and match["day"] is None:
            # "2011-12" is the financial year; "2011-12-01" or "Dec 2011" the month
            return Period("financial_year", year)
        if not 1 <= month <= 12:
            raise PeriodError(
                f"{text!r} is neither a month (2024-11) nor a financial year "
                f"(the second year should follow the first, e.g. {year}-{(year + 1) % 100:02d})"
            )
        return Period("month", year, month)
    return Period("calendar_year", year)


def try_parse_period(text: object) -> Period | None:
    """Like :func:`parse_period`, but returns None for anything unreadable."""
    try:
        return parse_period(text)  # type: ignore[arg-type]
    except PeriodError:
        return None


def period_end_dates(labels: pd.Series) -> pd.Series:
    """End date of each period label, as datetime64 (NaT where unreadable).

    Parses each distinct label once, so it is fast on long tables.
    """
    codes, uniques = pd.factorize(labels, use_na_sentinel=True)
    ends = []
    for label in uniques:
        period = try_parse_period(label)
        ends.append(pd.Timestamp(period.end) if period else pd.NaT)
    ends_index = pd.DatetimeIndex(ends) if ends else pd.DatetimeIndex([])
    values = ends_index.take(codes, allow_fill=True, fill_value=pd.NaT)
    return pd.Series(values, index=labels.index, name="period_end")
