"""A table as read from its file, before any checks: :class:`RawTable`, and
the small steps every reader shares (renaming columns, skipping blank rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings
from perfkit.data.headers import renamed
from perfkit.problems import Problem

__all__ = ["RawTable", "failed", "rename_columns", "without_blank_rows"]


@dataclass
class RawTable:
    """A table as read from its file: text cells, and row numbers for messages.
    ``written`` holds the column names as the file spells them, where the
    folder's settings renamed some."""

    file: str
    frame: pd.DataFrame
    rows: pd.Series  # row number in the file, aligned with frame.index
    problems: list[Problem] = field(default_factory=list)
    written: list[str] | None = None

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def failed(name: str, found: str, expected: str, fix: str, row: int | None = None,
           problems: Sequence[Problem] = ()) -> RawTable:
    """A file that could not be read: no rows, and the error (after any
    problems found before it)."""
    return RawTable(name, pd.DataFrame(), pd.Series(dtype="int64"),
                    [*problems, Problem(name, found, expected, fix, row=row)])


def without_blank_rows(name: str, frame: pd.DataFrame, rows: pd.Series, blank: pd.Series,
                       problems: list[Problem]) -> RawTable:
    """Blank rows are skipped; the rest keep the row numbers of the file and
    are numbered 0, 1, 2... as tables are everywhere else."""
    return RawTable(name, frame[~blank].reset_index(drop=True),
                    rows[~blank].reset_index(drop=True), problems)


def rename_columns(raw: RawTable, table: str | None,
                   settings: TableSettings | None) -> RawTable:
    """Give the columns the folder's settings rename their contract names,
    with a warning for each rename that matches no column of the file."""
    if settings is None or not settings.columns or not len(raw.frame.columns):
        return raw
    written = [str(c) for c in raw.frame.columns]
    names = [settings.contract_name(c) or c for c in written]
    raw.frame = raw.frame.set_axis(names, axis=1)
    raw.written = written
    present = {renamed(c, None) for c in written}
    for name in settings.columns:
        if renamed(name, None) not in present:
            raw.problems.append(Problem(
                raw.file, f"no column '{name}', which {SETTINGS_FILE} renames "
                          f"'{settings.columns[name]}'",
                "a column of that name in the file's header",
                f"Correct the name under 'columns:' for {table} in {SETTINGS_FILE} (as the "
                "file's header spells it), or remove the line.", severity="warning"))
    return raw
