"""Finding the header row of a CSV file or a sheet: published files often put
title rows above the column names (a DfE CSV with its header on row 4).

The header is the first of the top :data:`HEADER_SEARCH_ROWS` rows that holds
every required column of the table, after the folder's renames
(:mod:`perfkit.data.folder_settings`). Rows above it that are not blank are
titles: perfkit says so in a warning. Where no row holds them all, the header
is where it seems to be (the row with most of the table's columns, else the
first that looks like column names): on the first row, the column checks say
what is missing; lower down, an error says which row and how to tell perfkit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings
from perfkit.data.schema import Table, normalise_name
from perfkit.problems import Problem

__all__ = ["HEADER_SEARCH_ROWS", "Header", "find_header", "renamed"]

#: How far down a file perfkit looks for the header row.
HEADER_SEARCH_ROWS = 20
_NUMBER = re.compile(r"^[£$]?-?[\d,]*\.?\d+%?$")


@dataclass
class Header:
    """Where the header is: ``index`` into the rows given (None: not found)."""

    index: int | None
    problems: list[Problem] = field(default_factory=list)


def renamed(name: object, settings: TableSettings | None) -> str:
    """A column name as the contract reads it, after the folder's renames."""
    mapped = settings.contract_name(name) if settings is not None else None
    return mapped or normalise_name(name)


def find_header(rows: Sequence[Sequence[str]], line: Callable[[int], int], file: str,
                table: Table | None, settings: TableSettings | None) -> Header:
    """The header among ``rows`` (the top rows of the file, cells as text;
    ``line(i)`` is the row number a person sees for ``rows[i]``)."""
    filled = [i for i, row in enumerate(rows) if any(str(c).strip() for c in row)]
    if not filled:
        return Header(0)
    if settings is not None and settings.header_row is not None:
        return _given_row(rows, line, file, table, settings.header_row)
    if table is None:
        return Header(filled[0])
    required = {c.name for c in table.columns if c.required}
    names = [{renamed(c, settings) for c in row if str(c).strip()} for row in rows]
    complete = next((i for i in filled if required <= names[i]), None)
    if complete is not None:
        return Header(complete, _titles_above(complete, filled, line, file, table.name))
    likely = _likely_header(rows, names, filled, set(table.names))
    if likely is None or likely == filled[0]:
        return Header(filled[0])  # the column checks say what is missing
    return Header(None, [_not_found(rows[likely], line(likely), file, table,
                                    sorted(required - names[likely]))])


def _given_row(rows: Sequence[Sequence[str]], line: Callable[[int], int], file: str,
               table: Table | None, header_row: int) -> Header:
    at = next((i for i in range(len(rows)) if line(i) == header_row), None)
    if at is not None:
        return Header(at)
    name = table.name if table is not None else "this table"
    return Header(None, [Problem(
        file, f"no row {header_row}, which {SETTINGS_FILE} gives as the header_row of {name}",
        f"a header_row within the file's first {len(rows)} rows",
        f"Correct 'header_row:' under '{name}:' in {SETTINGS_FILE}: the row of the column "
        "names, counting the top row of the file as 1.")])


def _titles_above(index: int, filled: list[int], line: Callable[[int], int], file: str,
                  table: str) -> list[Problem]:
    """A warning when rows with something in them stand above the header."""
    if index == filled[0]:
        return []
    top, last, header = line(filled[0]), line(index) - 1, line(index)
    titles = f"row {top} looks like a title" if top == last else \
        f"rows {top}–{last} look like titles"
    return [Problem(
        file, f"the column names on row {header}, with title rows above them",
        "the column names on row 1",
        f"perfkit read the header from row {header} of {file}; {titles}. Check that is "
        f"right; delete the rows above the header, or write 'header_row: {header}' under "
        f"'{table}:' in {SETTINGS_FILE}, to avoid this warning.",
        row=header, severity="warning")]


def _likely_header(rows: Sequence[Sequence[str]], names: list[set[str]], filled: list[int],
                   known: set[str]) -> int | None:
    """The row with most of the table's column names (the first of equals);
    else the first row that looks like column names: two or more cells, none
    of them a number."""
    hits = {i: len(names[i] & known) for i in filled}
    best = max(filled, key=lambda i: (hits[i], -i))
    if hits[best]:
        return best
    for i in filled:
        cells = [str(c).strip() for c in rows[i] if str(c).strip()]
        if len(cells) >= 2 and not any(_NUMBER.match(c) for c in cells):
            return i
    return None


def _not_found(row: Sequence[str], at: int, file: str, table: Table,
               missing: list[str]) -> Problem:
    written = [str(c).strip() for c in row if str(c).strip()]
    shown = ", ".join(f"'{c}'" for c in written[:6]) + (", ..." if len(written) > 6 else "")
    example = f"'Your name for it: {missing[0] if missing else 'area_code'}'"
    return Problem(
        file, f"no row with all the columns of the {table.name} table in the first "
              f"{HEADER_SEARCH_ROWS} rows; the header seems to be on row {at} ({shown}), "
              f"which has no {', '.join(missing)}",
        "a header row naming the table's columns: " + ", ".join(
            c.name for c in table.columns if c.required),
        f"Tell perfkit in {SETTINGS_FILE} in the data folder: under '{table.name}:', write "
        f"'header_row: {at}', and under 'columns:' give each of your column names the "
        f"contract's name it stands for, e.g. {example}. Or rename the columns in the file "
        "and delete the rows above them. See docs/data-contract.md.",
        row=at)
