"""The settings file of a data folder, ``perfkit.yaml``: how to read each
table's file when it is not laid out as the contract asks.

For each table, by its name, it may give:

* ``sheet``: the sheet of an XLSX workbook that holds the table;
* ``header_row``: the row of the column names (row 1 is the top of the file);
* ``columns``: the council's or publisher's column names, each with the
  contract's name it stands for (``Area Code: area_code``).

>>> settings, problems = read_folder_settings(Path("data"), TABLES)

The file is checked here, once, with messages that name its line and key; a
folder without one reads every file as the contract asks.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perfkit.data.schema import Table, normalise_name
from perfkit.problems import Problem

__all__ = ["SETTINGS_FILE", "TableSettings", "read_folder_settings"]

#: The name of the settings file in a data folder.
SETTINGS_FILE = "perfkit.yaml"
_SEE = "See 'Reading files laid out differently' in docs/data-contract.md."
_EXPECTED = {
    "sheet": "the name of a sheet, as written on its tab",
    "header_row": "the row of the column names: a whole number of 1 or more "
                  "(row 1 is the top of the file)",
    "columns": "your column names, one a line, each with the contract's name it "
               "stands for, e.g. 'Area Code: area_code'",
}
_FIX = {
    "sheet": "Write the sheet's name; put it in quotes if it is a number, e.g. sheet: '2024'.",
    "header_row": "Write the row number without quotes, e.g. header_row: 4.",
    "columns": "Write one 'Your name: contract_name' line for each column to rename, "
               "indented under 'columns:'.",
}

#: How a YAML value is described in a message, by its Python type.
_KIND_OF = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
            "list": "a list", "dict": "a mapping", "NoneType": "nothing"}


class TableSettings(BaseModel):
    """How to read one table's file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sheet: str | None = None
    header_row: int | None = Field(None, ge=1)
    columns: dict[str, str] = Field(default_factory=dict)

    def contract_name(self, written: object) -> str | None:
        """The contract's name for a column name as written in the file, if
        ``columns`` renames it (case and spaces do not matter)."""
        return self._renames.get(normalise_name(written))

    @property
    def _renames(self) -> dict[str, str]:
        return {normalise_name(k): normalise_name(v) for k, v in self.columns.items()}


def read_folder_settings(folder: Path, tables: dict[str, Table]
                         ) -> tuple[dict[str, TableSettings], list[Problem]]:
    """The settings of each table named in ``folder/perfkit.yaml`` (none if
    there is no such file), and the problems found in the file."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return {}, _misnamed(folder)
    try:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        return {}, [_problem("text that is not UTF-8", "YAML saved as UTF-8 text",
                             "Save the file as plain UTF-8 text in a text editor.", row=1)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [_problem(f"YAML that cannot be read ({getattr(error, 'problem', error)})",
                             "plain YAML: table names, then indented settings",
                             f"Correct the line shown. {_SEE}",
                             row=mark.line + 1 if mark else None)]
    if data is None:
        return {}, []
    lines = _key_lines(node)
    if not isinstance(data, dict):
        return {}, [_problem(f"a YAML {type(data).__name__}",
                             "table names, each with its settings indented below it",
                             f"Start each table's settings with its name, e.g. 'observations:'. "
                             f"{_SEE}", row=1)]
    settings: dict[str, TableSettings] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        found = _table_settings(str(name), value, tables, lines, problems)
        if found is not None:
            settings[str(name)] = found
    return settings, problems


def _table_settings(name: str, value: object, tables: dict[str, Table],
                    lines: dict[tuple, int], problems: list[Problem]) -> TableSettings | None:
    if name not in tables:
        close = difflib.get_close_matches(name, list(tables), n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        problems.append(_problem(f"'{name}', which is not a table", "one of: " + ", ".join(tables),
                                 f"{hint}Name a table of the contract.",
                                 row=lines.get((name,)), column=name))
        return None
    if not isinstance(value, dict):
        problems.append(_problem(repr(value), "the table's settings, indented below its name",
                                 f"Write 'sheet:', 'header_row:' or 'columns:' lines under "
                                 f"'{name}:'. {_SEE}", row=lines.get((name,)), column=name))
        return None
    try:
        settings = TableSettings.model_validate(value)
    except ValidationError as error:
        problems += [_setting_problem(name, item, lines) for item in error.errors()]
        return None
    before = len(problems)
    _check_renames(name, settings, tables[name], lines, problems)
    return settings if len(problems) == before else None


def _setting_problem(table: str, item: dict, lines: dict[tuple, int]) -> Problem:
    loc = tuple(str(part) for part in item["loc"] if part != "[key]")
    key = loc[0]
    where = (table, *loc)
    row = next((lines[where[:n]] for n in range(len(where), 0, -1) if where[:n] in lines), None)
    if item["type"] == "extra_forbidden":
        close = difflib.get_close_matches(key, list(_EXPECTED), n=1, cutoff=0.5)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        return _problem(f"'{key}', which is not a setting", "sheet, header_row or columns",
                        f"{hint}{_SEE}", row=row, column=f"{table}.{key}")
    value = item["input"]
    kind = _KIND_OF.get(type(value).__name__, type(value).__name__)
    return _problem(f"{value!r}, {kind}", _EXPECTED[key],
                    _FIX[key], row=row, column=".".join(where))


def _check_renames(name: str, settings: TableSettings, table: Table,
                   lines: dict[tuple, int], problems: list[Problem]) -> None:
    """Each rename names a column of the table, and no two name the same one."""
    taken: dict[str, str] = {}
    for written, target in settings.columns.items():
        row, column = lines.get((name, "columns", written)), f"{name}.columns.{written}"
        contract = normalise_name(target)
        if contract not in table.names:
            close = difflib.get_close_matches(contract, table.names, n=1, cutoff=0.6)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            problems.append(_problem(
                f"'{target}', which is not a column of the {name} table",
                "one of: " + ", ".join(table.names),
                f"{hint}Write the contract's name after the colon, your own before it.",
                row=row, column=column))
        elif contract in taken:
            problems.append(_problem(
                f"'{written}' and '{taken[contract]}' both read as '{contract}'",
                "one of your columns for each of the contract's",
                "Keep the line for the column that holds the figures; remove the other.",
                row=row, column=column))
        taken.setdefault(contract, written)


def _misnamed(folder: Path) -> list[Problem]:
    """A settings file under a near name is not read: say so."""
    names = [p.name for p in folder.iterdir()
             if p.name.lower() in ("perfkit.yml", "perfkit.yaml.txt", "perfkit.yaml")]
    return [Problem(name, "a settings file that is not named perfkit.yaml",
                    f"the settings in '{SETTINGS_FILE}'",
                    f"It was ignored: rename it to {SETTINGS_FILE}.", severity="warning")
            for name in names if name != SETTINGS_FILE]


def _problem(found: str, expected: str, fix: str, row: int | None = None,
             column: str | None = None) -> Problem:
    return Problem(SETTINGS_FILE, found, expected, fix, row=row, column=column)


def _key_lines(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """The line of every key, by its path of keys: ('observations', 'columns', 'Value')."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = (*path, str(key.value))
            lines[where] = key.start_mark.line + 1
            lines.update(_key_lines(value, where))
    return lines
