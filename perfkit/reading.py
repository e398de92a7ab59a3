"""Reading one table file (CSV, XLSX or Parquet) as it is, before any checks.

CSV and XLSX cells are read as text, so that the validator sees exactly what
the file holds ("x", "1,234", " 12 "); Parquet keeps its own types. Each
result remembers the row number a person would see in the file, so problems
can point at it: the spreadsheet row for CSV and XLSX, the data row for
Parquet.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .problems import Problem

__all__ = ["RawTable", "read_table_file", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
#: How far down an XLSX sheet to look for the header row.
HEADER_SEARCH_ROWS = 10
_FALLBACK_ENCODING = "cp1252"


@dataclass
class RawTable:
    """A table as read from its file: text cells, and row numbers for messages."""

    file: str
    frame: pd.DataFrame
    rows: pd.Series  # row number in the file, aligned with frame.index
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def read_table_file(path: Path, expected_columns: tuple[str, ...] = ()) -> RawTable:
    """Read a CSV, XLSX or Parquet file. Problems (empty file, bad encoding,
    broken rows) are collected on the result rather than raised."""
    path = Path(path)
    name = path.name
    if path.stat().st_size == 0:
        return _failed(name, "an empty file (0 bytes)", "a header row and data rows",
                       "Export the table again; the file has nothing in it.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path, expected_columns)
    if suffix == ".parquet":
        return _read_parquet(path)
    return _failed(name, f"a file of type '{suffix}'", "a .csv, .xlsx or .parquet file",
                   "Save the table as CSV (UTF-8), XLSX or Parquet.")


def _failed(name: str, found: str, expected: str, fix: str, row: int | None = None) -> RawTable:
    empty = pd.DataFrame()
    return RawTable(name, empty, pd.Series(dtype="int64"), [Problem(name, found, expected, fix,
                                                                    row=row)])


def _decode(path: Path) -> tuple[str, list[Problem]]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        warning = Problem(
            path.name,
            f"text that is not UTF-8 (first at line {line})",
            "UTF-8 text",
            "Read it as Windows-1252, the encoding of Excel's plain 'CSV' export; check accented "
            "names look right, and save as 'CSV UTF-8' next time to avoid this warning.",
            severity="warning",
        )
        return data.decode(_FALLBACK_ENCODING, errors="replace"), [warning]


def _read_csv(path: Path) -> RawTable:
    text, problems = _decode(path)
    if not text.strip():
        return _failed(path.name, "a file with only blank space", "a header row and data rows",
                       "Export the table again; the file has no header and no rows.")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    except (pd.errors.ParserError, csv.Error) as error:
        match = re.search(r"line (\d+)", str(error))
        row = int(match.group(1)) if match else None
        return _failed(path.name, f"a row the CSV reader could not split ({error})",
                       "every row to have as many fields as the header",
                       "Check that row for an extra comma or an unclosed quote; the file may "
                       "be cut short.", row=row)
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = pd.Series(frame.index + 2, index=frame.index)  # the header is line 1
    return RawTable(path.name, frame, rows, problems)


def _read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        return _failed(path.name, f"a file Parquet cannot read ({type(error).__name__})",
                       "a complete Parquet file",
                       "The file may be cut short or not Parquet at all; export it again.")
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    return RawTable(path.name, frame, pd.Series(frame.index + 1, index=frame.index))


def _read_xlsx(path: Path, expected_columns: tuple[str, ...]) -> RawTable:
    try:
        sheet = pd.read_excel(path, header=None, dtype=str, nrows=None)
    except Exception as error:  # openpyxl raises several types for a damaged file
        return _failed(path.name, f"a workbook that cannot be opened ({type(error).__name__})",
                       "a complete .xlsx workbook",
                       "Open it in Excel and save it again as .xlsx, or export CSV.")
    sheet = sheet.fillna("")
    header_row = _find_header_row(sheet, expected_columns)
    problems: list[Problem] = []
    if header_row > 0:
        problems.append(Problem(
            path.name,
            f"the column names on row {header_row + 1}, with {header_row} row(s) above them",
            "the column names on row 1",
            f"Rows 1 to {header_row} were skipped as titles; delete them from the sheet to "
            "avoid this warning.",
            severity="warning",
        ))
    frame = sheet.iloc[header_row + 1:].reset_index(drop=True)
    frame.columns = [str(c).strip() for c in sheet.iloc[header_row]]
    frame = frame.loc[:, [c != "" for c in frame.columns]]
    frame = frame[(frame != "").any(axis=1)]
    rows = pd.Series(frame.index + header_row + 2, index=frame.index)
    return RawTable(path.name, frame, rows, problems)


def _find_header_row(sheet: pd.DataFrame, expected_columns: tuple[str, ...]) -> int:
    """The first of the top rows that holds the most expected column names."""
    if not expected_columns or sheet.empty:
        return 0
    wanted = {c.lower() for c in expected_columns}
    best, best_hits = 0, 0
    for i in range(min(HEADER_SEARCH_ROWS, len(sheet))):
        cells = {str(v).strip().lower() for v in sheet.iloc[i]}
        hits = len(wanted & cells)
        if hits > best_hits:
            best, best_hits = i, hits
    return best
