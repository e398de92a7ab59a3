"""Reading one table file (CSV, XLSX or Parquet) as it is, before any checks.

CSV and XLSX cells are read as text, so that the validator sees exactly what
the file holds ("x", "1,234", " 12 "); Parquet keeps its own types. Each
result remembers the row number a person would see in the file, so problems
can point at it: the spreadsheet row for CSV and XLSX, the data row for
Parquet. Title rows above the header are skipped (:mod:`perfkit.data.headers`),
a workbook's sheet is chosen (:mod:`perfkit.data.workbooks`), and the folder's
``perfkit.yaml`` can say where the header is and rename columns
(:mod:`perfkit.data.folder_settings`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import pandas as pd

from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings
from perfkit.data.headers import HEADER_SEARCH_ROWS, find_header
from perfkit.data.raw import RawTable, failed, rename_columns, without_blank_rows
from perfkit.data.schema import Table
from perfkit.data.workbooks import read_workbook
from perfkit.problems import Problem

__all__ = ["RawTable", "read_table_file", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
_FALLBACK_ENCODING = "cp1252"


def read_table_file(path: Path, table: Table | None = None,
                    settings: TableSettings | None = None) -> RawTable:
    """Read a CSV, XLSX or Parquet file as the ``table`` of the contract
    (its columns are how the header row and the sheet are found), following
    the folder's ``settings`` for it. Problems (empty file, bad encoding,
    broken rows) are collected on the result rather than raised."""
    path = Path(path)
    try:
        raw = _read(path, table, settings)
    except OSError as error:  # a folder named like a table, no permission, a vanished file
        return failed(path.name, f"a file that cannot be read ({error.strerror or error})",
                      "a readable file",
                      "Check that it is a file, not a folder, that you may read it and that "
                      "no other program has it locked; then run again.")
    return rename_columns(raw, table.name if table is not None else None, settings)


def _read(path: Path, table: Table | None, settings: TableSettings | None) -> RawTable:
    name = path.name
    if path.stat().st_size == 0:
        return failed(name, "an empty file (0 bytes)", "a header row and data rows",
                      "Export the table again; the file has nothing in it.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = _read_csv(path, table, settings)
    elif suffix == ".xlsx":
        return read_workbook(path, table, settings)
    elif suffix == ".parquet":
        raw = _read_parquet(path)
    else:
        return failed(name, f"a file of type '{suffix}'", "a .csv, .xlsx or .parquet file",
                      "Save the table as CSV (UTF-8), XLSX or Parquet.")
    if settings is not None and settings.sheet is not None:
        raw.problems.append(_ignored(name, "sheet", table))
    if suffix == ".parquet" and settings is not None and settings.header_row is not None:
        raw.problems.append(_ignored(name, "header_row", table))
    return raw


def _ignored(name: str, setting: str, table: Table | None) -> Problem:
    where = f"under '{table.name}:' " if table is not None else ""
    return Problem(name, f"'{setting}:' {where}in {SETTINGS_FILE}, for a "
                         f"{Path(name).suffix.lower()} file",
                   f"'{setting}:' only for " + ("XLSX workbooks" if setting == "sheet" else
                                                "CSV and XLSX files"),
                   f"It was ignored; remove the line from {SETTINGS_FILE}.", severity="warning")


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


def _read_csv(path: Path, table: Table | None, settings: TableSettings | None) -> RawTable:
    text, problems = _decode(path)
    if text is None:
        return RawTable(path.name, pd.DataFrame(), pd.Series(dtype="int64"), problems)
    if not text.strip():
        return failed(path.name, "a file with only blank space", "a header row and data rows",
                      "Export the table again; the file has no header and no rows.")
    lines = text.splitlines(keepends=True)
    blank_top = next(i for i, line in enumerate(lines) if line.strip())
    top = max(HEADER_SEARCH_ROWS, settings.header_row or 0) if settings else HEADER_SEARCH_ROWS
    rows, starts = _top_records(lines, blank_top, top)
    header = find_header(rows, lambda i: starts[i] + 1, path.name, table, settings)
    problems += header.problems
    if header.index is None:
        return RawTable(path.name, pd.DataFrame(), pd.Series(dtype="int64"), problems)
    above = starts[header.index] if starts else blank_top  # blank lines or titles above
    text = "".join(lines[above:])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error) as error:
        found, row = _parser_error(str(error))
        return failed(path.name, found, "every row to have as many fields as the header",
                      "Check that row for an extra comma or an unclosed quote; the file may "
                      "be cut short.", row=None if row is None else row + above,
                      problems=problems)
    frame.columns = _header_names(text, frame.columns)
    separator = _wrong_separator(frame.columns)
    if separator:
        return failed(path.name, f"columns separated by {separator} rather than commas",
                      "comma-separated values",
                      "Save the table from Excel as 'CSV UTF-8 (Comma delimited)', or "
                      "export it again with commas between the values.", row=1 + above,
                      problems=problems)
    rows = pd.Series(frame.index + 2 + above, index=frame.index)  # the header is line 1
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    return without_blank_rows(path.name, frame, rows, blank, problems)


def _top_records(lines: list[str], first: int, count: int
                 ) -> tuple[list[list[str]], list[int]]:
    """The first ``count`` records of a CSV text from line ``first`` (a blank
    line is an empty record), and the line (from 0) each starts on. A title
    line that the CSV reader cannot split ends the list."""
    reader = csv.reader(iter(lines[first:]))
    records: list[list[str]] = []
    starts: list[int] = []
    consumed = first
    with contextlib.suppress(csv.Error):
        for record in reader:
            records.append(record)
            starts.append(consumed)
            consumed = first + reader.line_num
            if len(records) >= count:
                break
    return records, starts


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
        return failed(path.name, f"a file Parquet cannot read ({type(error).__name__})",
                      "a complete Parquet file",
                      "The file may be cut short or not Parquet at all; export it again.")
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    return RawTable(path.name, frame, pd.Series(frame.index + 1, index=frame.index))
