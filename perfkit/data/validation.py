"""Checking one table against the data contract, column by column.

:func:`check_table` turns a :class:`~perfkit.data.reading.RawTable` into a typed
DataFrame and a list of problems: missing or misspelt columns, empty cells,
values of the wrong type, values out of range, unknown choices, duplicate
keys. Checks between tables (unknown codes, percentages, numerators) live in
:mod:`perfkit.data.crosschecks`.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from perfkit.data.choices import convert_choice
from perfkit.data.contract import SUPPRESSION_MARKERS
from perfkit.data.reading import RawTable
from perfkit.data.schema import Column, Table, normalise_name
from perfkit.periods import PeriodError, parse_period
from perfkit.problems import Problem

__all__ = ["check_table"]

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}
_KIND_WORDS = {
    "choice": "one of the listed words",
    "choices": "one or more of the listed words, separated by ;",
    "text": "some text",
    "code": "a code",
    "number": "a number",
    "count": "a whole number of 0 or more",
    "integer": "a whole number",
    "period": "a period such as 2024-25 Q3, 2024-25, 2024/25 or 2024",
    "date": "a date as YYYY-MM-DD",
    "bool": "true or false",
}


class _Checker:
    """Collects problems for one table while its columns are converted."""

    def __init__(self, raw: RawTable, table: Table):
        self.raw, self.table, self.file = raw, table, raw.file
        self.problems: list[Problem] = []
        self.markers: dict[str, pd.Series] = {}

    def add(self, found: str, expected: str, fix: str, *, rows=None, column=None,
            severity: str = "error") -> None:
        if rows is None:
            self.problems.append(Problem(self.file, found, expected, fix, column=column,
                                         severity=severity))
            return
        for row in rows:
            self.problems.append(Problem(self.file, found, expected, fix, row=int(row),
                                         column=column, severity=severity))

    def add_cells(self, mask: pd.Series, values: pd.Series, column: str, expected: str,
                  fix: str, severity: str = "error") -> None:
        """One problem per row where mask is true, quoting the cell."""
        for index in mask[mask].index:
            self.problems.append(Problem(
                self.file, _quote(values.loc[index]), expected, fix,
                row=int(self.raw.rows.loc[index]), column=column, severity=severity))


def _quote(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    if text == "":
        return "an empty cell"
    return repr(text if len(text) <= 60 else text[:57] + "...")


def check_table(raw: RawTable, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Convert and check one table. Returns (typed frame or None, problems)."""
    checker = _Checker(raw, table)
    checker.problems.extend(raw.problems)
    if not raw.ok:
        return None, checker.problems
    frame = raw.frame
    if frame.empty:
        found = "a header row but no data rows" if len(frame.columns) else "no columns"
        checker.add(found, "at least one data row",
                    f"Add the rows of the {table.name} table, or remove the file if the "
                    "table is optional.")
        return None, checker.problems
    frame = frame.rename(columns=normalise_name)
    written = raw.written or list(raw.frame.columns)
    if not _check_repeated_columns(checker, raw.frame.columns, written) or not _check_columns(
            checker, frame):
        return None, checker.problems
    typed = pd.DataFrame(index=frame.index)
    for column in table.columns:
        if column.name in frame.columns:
            typed[column.name] = _convert(checker, frame[column.name], column)
        else:
            typed[column.name] = column.default
    _check_keys(checker, typed)
    typed.attrs["rows"] = raw.rows
    typed.attrs["file"] = raw.file
    typed.attrs["markers"] = checker.markers
    return typed, checker.problems


def _check_repeated_columns(checker: _Checker, columns: pd.Index, written: list) -> bool:
    """Two columns that are read as the same name ('Value' and 'value', or a
    column renamed in perfkit.yaml to one the file has already): perfkit
    cannot tell which one holds the figures."""
    names = pd.Series([normalise_name(str(c)) for c in columns])
    ok = True
    for name in sorted(set(names[names.duplicated()])):
        ok = False
        spelt = " and ".join(f"'{c}'" for c, n in zip(written, names, strict=True) if n == name)
        checker.add(f"{(names == name).sum()} columns read as '{name}' ({spelt})",
                    "each column once", "Delete the extra column, or rename it if it holds "
                    "something else; perfkit cannot tell which one to use.", column=name)
    return ok


def _check_columns(checker: _Checker, frame: pd.DataFrame) -> bool:
    """Match column names (ignoring case and spaces); report missing and extra."""
    present = set(frame.columns)
    extra = sorted(present - set(checker.table.names))
    ok = True
    for column in checker.table.columns:
        if column.name in present or not column.required:
            continue
        ok = False
        close = difflib.get_close_matches(column.name, extra, n=1, cutoff=0.6)
        found = f"column '{close[0]}'" if close else "no such column"
        fix = (f"Rename '{close[0]}' to '{column.name}'." if close else
               f"Add a '{column.name}' column ({column.description}).")
        checker.add(found, f"a column named '{column.name}'", fix, column=column.name)
    for name in extra:
        if name.startswith("unnamed") or ok is False and difflib.get_close_matches(
                name, checker.table.names, n=1, cutoff=0.6):
            continue
        checker.add(f"an extra column '{name}'", "only the contract's columns",
                    "It is ignored; remove it or check its spelling if it was meant to be "
                    "one of: " + ", ".join(checker.table.names) + ".",
                    column=name, severity="warning")
    return ok


def _convert(checker: _Checker, values: pd.Series, column: Column) -> pd.Series:
    if column.kind in ("number", "count", "integer"):
        return _convert_number(checker, values, column)
    text = values.astype("string").str.strip()
    text = text.fillna("")
    _check_blanks(checker, text == "", values, column)
    if column.default is not None:
        text = text.mask(text == "", str(column.default))
    if column.kind == "period":
        return _convert_period(checker, text, column)
    if column.kind == "date":
        return _convert_date(checker, text, column)
    if column.kind == "bool":
        return _convert_bool(checker, text, column)
    if column.kind in ("choice", "choices"):
        return convert_choice(checker, text, column)
    return text.where(text != "", None).astype(object)


def _check_blanks(checker: _Checker, blank: pd.Series, values: pd.Series,
                  column: Column) -> None:
    if column.nullable or column.default is not None:
        return
    checker.add_cells(blank, values, column.name, _KIND_WORDS.get(column.kind, "a value"),
                      f"Fill in the cell: {column.name} is {column.description}.")


def _convert_number(checker: _Checker, values: pd.Series, column: Column) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype("float64")
        blank = numbers.isna()
        marker = pd.Series(False, index=values.index)
    else:
        text = values.astype("string").fillna("").str.strip()
        blank = text == ""
        marker = text.str.lower().isin(list(SUPPRESSION_MARKERS))
        cleaned = text.str.replace(",", "", regex=False).str.replace("£", "", regex=False)
        numbers = pd.to_numeric(cleaned.where(~(blank | marker)), errors="coerce")
        numbers = numbers.astype("float64")
        bad = numbers.isna() & ~blank & ~marker
        checker.add_cells(bad, values, column.name,
                          _KIND_WORDS[column.kind] + _marker_hint(column),
                          "Correct the cell: numbers only, with no units or words.")
    checker.add_cells(np.isinf(numbers), values, column.name, _KIND_WORDS[column.kind],
                      "Correct the cell: an infinite value is not a figure (it may come from "
                      "a division by zero, or a number too large to store).")
    if not column.nullable:
        checker.add_cells(blank | marker, values, column.name, _KIND_WORDS[column.kind],
                          f"Fill in the {column.name} ({column.description}); it cannot be "
                          "left blank or suppressed here.")
    _check_range(checker, numbers, values, column)
    if column.kind in ("count", "integer"):
        fraction = numbers.notna() & (numbers != np.floor(numbers))
        checker.add_cells(fraction, values, column.name, _KIND_WORDS[column.kind],
                          "Counts are whole numbers: check the cell.")
    if marker.any():
        checker.markers[column.name] = values.where(marker)
    return numbers


def _marker_hint(column: Column) -> str:
    if not column.nullable:
        return ""
    return " or a suppression marker such as x, c, z, - or .. (see docs/data-contract.md)"


def _check_range(checker: _Checker, numbers: pd.Series, values: pd.Series,
                 column: Column) -> None:
    low = 0 if column.kind == "count" else column.minimum
    if low is not None:
        checker.add_cells(numbers < low, values, column.name, f"a value of at least {low:g}",
                          f"A {column.name} cannot be below {low:g}: correct the cell.")
    if column.maximum is not None:
        checker.add_cells(numbers > column.maximum, values, column.name,
                          f"a value of at most {column.maximum:g}",
                          f"A {column.name} cannot be above {column.maximum:g}.")


def _convert_period(checker: _Checker, text: pd.Series, column: Column) -> pd.Series:
    labels = pd.Series(None, index=text.index, dtype=object)
    for raw_label, index in text[text != ""].groupby(text, sort=False).groups.items():
        try:
            labels.loc[index] = parse_period(raw_label).label
        except PeriodError as error:
            mask = pd.Series(text.index.isin(index), index=text.index)
            checker.add_cells(mask, text, column.name, _KIND_WORDS["period"],
                              f"Correct the period: {error}.")
    return labels


def _convert_date(checker: _Checker, text: pd.Series, column: Column) -> pd.Series:
    dates = pd.to_datetime(text.where(text != ""), format="ISO8601", errors="coerce")
    bad = dates.isna() & (text != "")
    checker.add_cells(bad, text, column.name, _KIND_WORDS["date"],
                      "Write the date as YYYY-MM-DD, e.g. 2025-03-31.")
    return dates


def _convert_bool(checker: _Checker, text: pd.Series, column: Column) -> pd.Series:
    lower = text.str.lower()
    bad = ~lower.isin(_TRUE | _FALSE)
    checker.add_cells(bad, text, column.name, _KIND_WORDS["bool"], "Write true or false.")
    return lower.isin(_TRUE)


def _check_keys(checker: _Checker, typed: pd.DataFrame) -> None:
    key = list(checker.table.key)
    complete = typed[key].notna().all(axis=1)
    duplicated = typed[key].duplicated(keep=False) & complete
    if not duplicated.any():
        return
    by = key[0] if len(key) == 1 else key  # a one-column key groups by its values
    groups = typed[duplicated].groupby(by, sort=False, dropna=False).groups
    for values, index in groups.items():
        rows = sorted(int(r) for r in checker.raw.rows.loc[index])
        described = ", ".join(f"{k}={v}" for k, v in zip(key, np.atleast_1d(values),
                                                         strict=True))
        checker.add(f"the same {described} on rows {', '.join(map(str, rows))}",
                    "one row per " + ", ".join(key),
                    "Remove the repeated rows, or correct the one that is wrong.",
                    rows=rows[1:], column=key[0])
