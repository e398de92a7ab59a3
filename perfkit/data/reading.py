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

from perfkit.problems import Problem

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
    try:
        return _read(path, expected_columns)
    except OSError as error:  # a folder named like a table, no permission, a vanished file
        return _failed(path.name, f"a file that cannot be read ({error.strerror or error})",
                       "a readable file",
                       "Check that it is a file, not a folder, that you may read it and that "
                       "no other program has it locked; then run again.")


def _read(path: Path, expected_columns: tuple[str, ...]) -> RawTable:
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


#: Byte order marks of the UTF-16 and UTF-32 encodings (longest first).
_WIDE_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
              (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (Excel's 'Unicode Text'), by the byte order mark or by
    the zero bytes every other character has; None for a byte-wide encoding."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:1000]
    return "UTF-16" if sample and sample.count(0) * 4 >= len(sample) else None


def _decode(path: Path) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file and any warning; None and an error when it is
    not text perfkit can read."""
    data = path.read_bytes()
    wide = _wide_encoding(data)
    if wide:
        return None, [Problem(
            path.name, f"text encoded as {wide} (Excel's 'Unicode Text' saves this)",
            "UTF-8 text",
            "Open the file in Excel and save it with 'Save as type: CSV UTF-8 (Comma "
            "delimited)', or export the table again as CSV UTF-8.", row=1)]
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
            row=line, severity="warning",
        )
        return data.decode(_FALLBACK_ENCODING, errors="replace"), [warning]


def _read_csv(path: Path) -> RawTable:
    text, problems = _decode(path)
    if text is None:
        return RawTable(path.name, pd.DataFrame(), pd.Series(dtype="int64"), problems)
    if not text.strip():
        return _failed(path.name, "a file with only blank space", "a header row and data rows",
                       "Export the table again; the file has no header and no rows.")
    lines = text.splitlines(keepends=True)
    above = next(i for i, line in enumerate(lines) if line.strip())  # blank lines on top
    text = "".join(lines[above:])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error) as error:
        found, row = _parser_error(str(error))
        return _failed(path.name, found, "every row to have as many fields as the header",
                       "Check that row for an extra comma or an unclosed quote; the file may "
                       "be cut short.", row=None if row is None else row + above)
    frame.columns = _header_names(text, frame.columns)
    separator = _wrong_separator(frame.columns)
    if separator:
        return _failed(path.name, f"columns separated by {separator} rather than commas",
                       "comma-separated values",
                       "Save the table from Excel as 'CSV UTF-8 (Comma delimited)', or "
                       "export it again with commas between the values.", row=1 + above)
    rows = pd.Series(frame.index + 2 + above, index=frame.index)  # the header is line 1
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    return _without_blank_rows(path.name, frame, rows, blank, problems)


def _parser_error(message: str) -> tuple[str, int | None]:
    """What the CSV reader's error means, and the line it names (header = 1)."""
    message = message.strip()
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        wanted, line, saw = (int(n) for n in fields.groups())
        return (f"a row the CSV reader could not split: {saw} fields where the header has "
                f"{wanted}", line)
    quote = re.search(r"inside string starting at row (\d+)", message)
    if quote:  # counted from 0 at the header
        return ("a row the CSV reader could not split: a quote (\") is opened and never "
                "closed", int(quote.group(1)) + 1)
    line = re.search(r"line (\d+)", message)
    return (f"a row the CSV reader could not split ({message})",
            int(line.group(1)) if line else None)


def _header_names(text: str, parsed: pd.Index) -> list[str]:
    """The header as written: pandas renames a repeated name ('value.1'), which
    would hide the repeat from the checks."""
    written = next(csv.reader(io.StringIO(text)), [])
    if len(written) != len(parsed):
        return [str(c).strip() for c in parsed]
    return [name.strip() or str(fallback).strip() for name, fallback in zip(written, parsed,
                                                                            strict=True)]


def _wrong_separator(columns: list[str]) -> str | None:
    """Semicolons or tabs between the values (Excel in some countries, or its
    'Text' export): the whole header is read as one column."""
    if len(columns) != 1:
        return None
    for mark, words in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if mark in columns[0]:
            return words
    return None


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
    if sheet.empty:
        return _failed(path.name, "a workbook whose first sheet is empty",
                       "the table on the first sheet, with column names on row 1",
                       "Put the table on the first sheet of the workbook (perfkit reads only "
                       "that one), or export it as CSV.")
    header_row = _find_header_row(sheet, expected_columns)
    problems: list[Problem] = []
    if header_row > 0:
        problems.append(Problem(
            path.name,
            f"the column names on row {header_row + 1}, with {header_row} row(s) above them",
            "the column names on row 1",
            ("Row 1 was skipped as a title; delete it" if header_row == 1 else
             f"Rows 1 to {header_row} were skipped as titles; delete them")
            + " from the sheet to avoid this warning.",
            severity="warning",
        ))
    frame = sheet.iloc[header_row + 1:].reset_index(drop=True)
    frame.columns = _xlsx_header(sheet, header_row)
    frame = frame.loc[:, [c != "" for c in frame.columns]]
    rows = pd.Series(frame.index + header_row + 2, index=frame.index)
    return _without_blank_rows(path.name, frame, rows, (frame == "").all(axis=1), problems)


def _without_blank_rows(name: str, frame: pd.DataFrame, rows: pd.Series, blank: pd.Series,
                        problems: list[Problem]) -> RawTable:
    """Blank rows are skipped; the rest keep the row numbers of the file and
    are numbered 0, 1, 2... as tables are everywhere else."""
    return RawTable(name, frame[~blank].reset_index(drop=True),
                    rows[~blank].reset_index(drop=True), problems)


def _xlsx_header(sheet: pd.DataFrame, header_row: int) -> list[str]:
    """The column names on the header row. A name merged down over two header
    rows is held by the upper cell only, so a blank name takes the nearest
    name above it."""
    names = []
    for column in sheet.columns:
        cells = [str(v).strip() for v in sheet[column].iloc[:header_row + 1]]
        above = [cell for cell in cells if cell]
        names.append(cells[-1] or (above[-1] if above else ""))
    return names


def _find_header_row(sheet: pd.DataFrame, expected_columns: tuple[str, ...]) -> int:
    """The first of the top rows that holds the most expected column names
    (names merged down from the row above count)."""
    if not expected_columns or sheet.empty:
        return 0
    wanted = {c.lower() for c in expected_columns}
    best, best_hits = 0, 0
    for i in range(min(HEADER_SEARCH_ROWS, len(sheet))):
        cells = {name.lower() for name in _xlsx_header(sheet, i)}
        hits = len(wanted & cells)
        if hits > best_hits:
            best, best_hits = i, hits
    return best
