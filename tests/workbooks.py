"""Write a small XLSX workbook for a test: the tests of sheet choice and the
bad-input corpus's workbook cases share it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> None:
    """An XLSX at ``path`` with one sheet per item, in order: title -> rows."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
