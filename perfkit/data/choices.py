"""Reading the cells of a column that takes words from a list (``unit``,
``status``, ``polarity``...), for :mod:`perfkit.data.validation`.

Case does not matter, and spaces or hyphens are read as underscores. The
polarity column also reads the words publishers use (``Descending``, ``High is
good``), each with a warning naming the reading, and refuses the words that can
be read either way (``up``, ``down``), saying why; see :mod:`perfkit.polarity`.
"""

from __future__ import annotations

import difflib
from typing import Protocol

import pandas as pd

from perfkit.data.schema import Column
from perfkit.polarity import POLARITIES, read_polarity_word

__all__ = ["convert_choice"]

_POLARITY_WORDS = ", ".join(POLARITIES)


class _Checker(Protocol):
    """What this module needs of the validator's problem collector."""

    raw: object

    def add(self, found: str, expected: str, fix: str, *, rows=None, column=None,
            severity: str = "error") -> None: ...

    def add_cells(self, mask: pd.Series, values: pd.Series, column: str, expected: str,
                  fix: str, severity: str = "error") -> None: ...


def convert_choice(checker: _Checker, text: pd.Series, column: Column) -> pd.Series:
    """The canonical words of a ``choice`` or ``choices`` column; unknown
    words are reported, with the nearest word as a suggestion."""
    normal = text.str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    if column.name == "polarity":
        normal = _read_polarity(checker, text, normal, column)
    elif column.name == "nation":
        by_lower = {c.lower(): c for c in column.choices}
        normal = text.str.lower().map(lambda v: by_lower.get(v, v))
    allowed = set(column.choices)
    if column.kind == "choices":
        parts = normal.str.split(";")
        bad = parts.map(lambda items: any(i.strip() not in allowed for i in items))
        normal = parts.map(lambda items: ";".join(i.strip() for i in items))
    else:
        bad = ~normal.isin(allowed) & normal.notna()
    bad &= text != ""
    for word in sorted(set(text[bad])):
        close = difflib.get_close_matches(word.lower(), column.choices, n=1, cutoff=0.5)
        fix = f"Did you mean '{close[0]}'?" if close else "Use one of the words listed."
        checker.add_cells(bad & (text == word), text, column.name,
                          "one of: " + ", ".join(column.choices), fix)
    return normal.where(text != "", None).astype(object)


def _read_polarity(checker: _Checker, text: pd.Series, normal: pd.Series,
                   column: Column) -> pd.Series:
    """Aliases read with a warning each; ambiguous words refused (left as
    None, so they are not reported again as unknown words)."""
    for word in sorted(set(text[text != ""])):
        reading = read_polarity_word(word)
        rows = checker.raw.rows[text == word]
        if reading.alias:
            normal = normal.mask(text == word, reading.polarity)
            checker.add(reading.note, f"one of: {_POLARITY_WORDS}",
                        f"Check that is what the publisher meant, and write "
                        f"{reading.polarity} in the file to avoid this warning.",
                        rows=rows, column=column.name, severity="warning")
        elif reading.polarity is None and reading.note:
            normal = normal.mask(text == word, None)
            checker.add(reading.note, f"one of: {_POLARITY_WORDS}",
                        "Write higher_is_better if a higher figure is better, lower_is_better "
                        "if a lower one is, or neutral if neither; perfkit will not guess.",
                        rows=rows, column=column.name)
        elif reading.polarity is not None:
            normal = normal.mask(text == word, reading.polarity)
    return normal
