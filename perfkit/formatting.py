"""The one place that turns numbers into words: values with units, changes,
money, ranks. Rounding happens here, for display only."""

from __future__ import annotations

import math

__all__ = ["format_change", "format_value", "ordinal", "is_missing"]

_PER = {"rate_per_1000": "1,000", "rate_per_10000": "10,000", "rate_per_100000": "100,000"}
_MONEY_SCALE = {"gbp": 1, "gbp_thousands": 1_000, "gbp_millions": 1_000_000,
                "gbp_per_head": 1}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float, places: int) -> str:
    return f"{value:,.{max(int(places), 0)}f}"


def _money(pounds: float, places: int) -> str:
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    if pounds >= 1_000_000_000:
        return f"{sign}£{pounds / 1e9:,.1f} billion"
    if pounds >= 1_000_000:
        return f"{sign}£{pounds / 1e6:,.1f} million"
    if pounds >= 1_000:
        return f"{sign}£{pounds:,.0f}"
    return f"{sign}£{pounds:,.{min(max(int(places), 0), 2)}f}"


def format_value(value: object, unit: str, places: int = 1) -> str:
    """A value with its unit, e.g. '55.5%', '£1.2 million', '45.1 per 10,000'."""
    if is_missing(value):
        return "not available"
    value = float(value)  # type: ignore[arg-type]
    if unit == "percent":
        return f"{_number(value, places)}%"
    if unit in _MONEY_SCALE:
        text = _money(value * _MONEY_SCALE[unit], places)
        return text + (" per person" if unit == "gbp_per_head" else "")
    if unit in _PER:
        return f"{_number(value, places)} per {_PER[unit]}"
    if unit in ("days", "weeks", "years"):
        return f"{_number(value, places)} {unit if value != 1 else unit[:-1]}"
    if unit == "rank":
        return ordinal(round(value))
    return _number(value, places)


def format_change(change: object, unit: str, places: int = 1) -> str:
    """The size of a change, without its sign: '2.3 percentage points', '£40,000'."""
    if is_missing(change):
        return "not available"
    size = abs(float(change))  # type: ignore[arg-type]
    if unit == "percent":
        word = "point" if round(size, places) == 1 else "points"
        return f"{_number(size, places)} percentage {word}"
    return format_value(size, unit, places)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    number = int(number)
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
