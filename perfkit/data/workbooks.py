"""Reading a table from an XLSX workbook: which sheet, which row holds the
column names, and the cells as text.

A workbook of one sheet is read from that sheet. In a workbook of several
(an MHCLG revenue outturn workbook opens on a cover sheet), the sheet named in
the folder's ``perfkit.yaml`` is read; without one, the only sheet that holds
the table's columns, with a warning naming it. Where no sheet or several do,
the error names the sheets and says how to choose.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings
from perfkit.data.headers import HEADER_SEARCH_ROWS, find_header, renamed
from perfkit.data.raw import RawTable, failed, without_blank_rows
from perfkit.data.schema import Table
from perfkit.problems import Problem

__all__ = ["read_workbook"]

_SEE = "See 'Reading files laid out differently' in docs/data-contract.md."


def read_workbook(path: Path, table: Table | None,
                  settings: TableSettings | None) -> RawTable:
    """Read the table's sheet of an XLSX workbook, cells as text."""
    name = path.name
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
    except Exception as error:  # openpyxl raises several types for a damaged file
        return failed(name, f"a workbook that cannot be opened ({type(error).__name__})",
                      "a complete .xlsx workbook",
                      "Open it in Excel and save it again as .xlsx, or export CSV.")
    sheets = {str(title): sheet.fillna("") for title, sheet in sheets.items()}
    chosen, problems = _choose_sheet(name, sheets, table, settings)
    if chosen is None:
        return RawTable(name, pd.DataFrame(), pd.Series(dtype="int64"), problems)
    sheet = sheets[chosen]
    if sheet.empty:
        return failed(name, f"a workbook whose only sheet, '{chosen}', is empty"
                      if len(sheets) == 1 else f"sheet '{chosen}', which is empty",
                      "the table on a sheet, with its column names at the top",
                      "Put the table on the sheet, or export it as CSV.", problems=problems)
    top = max(HEADER_SEARCH_ROWS, settings.header_row or 0) if settings else HEADER_SEARCH_ROWS
    rows = [_names_at(sheet, i) for i in range(min(top, len(sheet)))]
    header = find_header(rows, lambda i: i + 1, name, table, settings)
    problems += header.problems
    if header.index is None:
        return RawTable(name, pd.DataFrame(), pd.Series(dtype="int64"), problems)
    frame = sheet.iloc[header.index + 1:].reset_index(drop=True)
    frame.columns = rows[header.index]
    frame = frame.loc[:, [c != "" for c in frame.columns]]
    numbers = pd.Series(frame.index + header.index + 2, index=frame.index)
    return without_blank_rows(name, frame, numbers, (frame == "").all(axis=1), problems)


def _names_at(sheet: pd.DataFrame, row: int) -> list[str]:
    """The cells of one row as column names. A name merged down over two
    header rows is held by the upper cell only, so a blank name takes the
    nearest name above it."""
    names = []
    for column in sheet.columns:
        cells = [str(v).strip() for v in sheet[column].iloc[:row + 1]]
        above = [cell for cell in cells if cell]
        names.append(cells[-1] or (above[-1] if above else ""))
    return names


def _has_columns(sheet: pd.DataFrame, table: Table, settings: TableSettings | None) -> bool:
    required = {c.name for c in table.columns if c.required}
    return any(required <= {renamed(c, settings) for c in _names_at(sheet, i) if c}
               for i in range(min(HEADER_SEARCH_ROWS, len(sheet))))


def _choose_sheet(name: str, sheets: dict[str, pd.DataFrame], table: Table | None,
                  settings: TableSettings | None) -> tuple[str | None, list[Problem]]:
    """The sheet to read, and a warning or an error about the choice."""
    titles = list(sheets)
    listed = ", ".join(f"'{t}'" for t in titles)
    table_name = table.name if table is not None else "this table"
    if settings is not None and settings.sheet is not None:
        if settings.sheet in sheets:
            return settings.sheet, []
        return None, [Problem(
            name, f"no sheet named '{settings.sheet}', which {SETTINGS_FILE} names for "
                  f"{table_name} (the sheets are {listed})",
            "the name of one of the workbook's sheets",
            f"Correct 'sheet:' under '{table_name}:' in {SETTINGS_FILE}: write the name as "
            "its tab shows it.")]
    filled = [t for t in titles if not sheets[t].empty]
    if len(filled) <= 1 or table is None:
        return (filled or titles)[0], []
    holding = [t for t in filled if _has_columns(sheets[t], table, settings)]
    if len(holding) == 1:
        others = ", ".join(f"'{t}'" for t in titles if t != holding[0])
        return holding[0], [Problem(
            name, f"{len(titles)} sheets ({listed})", "one sheet, or the sheet to read named "
            f"in {SETTINGS_FILE}", f"perfkit read sheet '{holding[0]}', the only one with the "
            f"columns of the {table_name} table, and ignored {others}. Check that is the "
            f"right sheet; write 'sheet: {holding[0]}' under '{table_name}:' in "
            f"{SETTINGS_FILE} to avoid this warning.", severity="warning")]
    required = ", ".join(c.name for c in table.columns if c.required)
    found = (f"{len(holding)} sheets with the columns of the {table_name} table ("
             + ", ".join(f"'{t}'" for t in holding) + ")") if holding else (
        f"{len(titles)} sheets ({listed}), none with all the columns of the {table_name} "
        f"table ({required}) in its first {HEADER_SEARCH_ROWS} rows")
    return None, [Problem(
        name, found, "one sheet with the table's columns, or the sheet to read named in "
        f"{SETTINGS_FILE}",
        f"Choose the sheet in {SETTINGS_FILE} in the data folder: under '{table_name}:', write "
        "'sheet: ' and the name on its tab; if its column names differ from the contract's, "
        f"give them under 'columns:'. Or save the table's sheet alone as CSV. {_SEE}")]
