"""One entry point that loads a data folder into validated tables.

>>> data = load_data("data")            # raises DataError listing every problem
>>> data.observations.head()

A data folder holds one file per contract table (``areas.csv``,
``observations.parquet``...). Files that are not tables (README.md,
SOURCES.yaml) are left alone; a table-like file with an unknown name gets a
warning that suggests the name it was probably meant to have. The folder's
``perfkit.yaml``, if any, says how to read files laid out differently
(:mod:`perfkit.data.folder_settings`); it is checked first, and nothing is
read while it has errors.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd
import yaml

from perfkit import settings
from perfkit.data import cache as data_cache
from perfkit.data.contract import TABLES
from perfkit.data.crosschecks import check_across_tables
from perfkit.data.dataset import Dataset
from perfkit.data.folder_settings import SETTINGS_FILE, TableSettings, read_folder_settings
from perfkit.data.reading import TABLE_SUFFIXES, read_table_file
from perfkit.data.validation import check_table
from perfkit.problems import DataError, Problem

__all__ = ["Dataset", "load_data", "validate_data"]


def _find_files(folder: Path) -> tuple[dict[str, Path], list[Problem]]:
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in TABLE_SUFFIXES or path.name.startswith((".", "~$")):
            continue
        name = path.stem.lower()
        if name in files:
            problems.append(Problem(
                path.name, f"a second file for the {name} table ({files[name].name} too)",
                "one file per table", "Remove or rename one of them."))
        elif name in TABLES:
            files[name] = path
        else:
            close = difflib.get_close_matches(name, list(TABLES), n=1, cutoff=0.6)
            hint = f"Did you mean '{close[0]}{path.suffix}'? " if close else ""
            problems.append(Problem(
                path.name, "a file that is not one of the contract's tables",
                "one of: " + ", ".join(TABLES),
                f"{hint}It was ignored.", severity="warning"))
    for name, table in TABLES.items():
        if table.required and name not in files:
            problems.append(Problem(
                f"{folder.name}/{name}.csv", "no such file",
                f"a {name} table (.csv, .xlsx or .parquet)",
                f"Add the {name} table: {table.description} See docs/data-contract.md."))
    return files, problems


def _unused_settings(settings: dict[str, TableSettings], files: dict[str, Path]
                     ) -> list[Problem]:
    return [Problem(SETTINGS_FILE, f"settings for the {name} table, which has no file here",
                    f"a {name} file (.csv, .xlsx or .parquet) in the folder",
                    "The settings were not used: add the file, or remove its settings.",
                    column=name, severity="warning")
            for name in settings if name not in files]


def validate_data(folder: str | Path,
                  cache: str | Path | bool | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every table; return the dataset (None if any error) and
    every problem found, errors and warnings, in one list.

    ``cache``: a folder of already-validated copies (True: the default one,
    False: none; default: the ``PERFKIT_CACHE`` environment variable,
    which the runner sets). A copy made from exactly the same files is used
    instead of validating again; see :mod:`perfkit.data.cache`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None, [Problem(str(folder), "no such folder", "a folder of data tables",
                              "Check the path. In a run file, data_dir is relative to "
                              "the run file's own folder.")]
    store = settings.cache_folder(cache)
    if store is not None:
        cached = data_cache.load_cached(folder, store)
        if cached is not None:
            return cached, list(cached.warnings)
    dataset, problems = _validate(folder)
    if store is not None and dataset is not None:
        data_cache.store(dataset, store)
    return dataset, problems


def _validate(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    settings, problems = read_folder_settings(folder, TABLES)
    if any(p.severity == "error" for p in problems):
        return None, problems
    files, found = _find_files(folder)
    problems += found + _unused_settings(settings, files)
    tables: dict[str, pd.DataFrame] = {}
    for name, path in files.items():
        raw = read_table_file(path, TABLES[name], settings.get(name))
        frame, table_problems = check_table(raw, TABLES[name])
        problems += table_problems
        if frame is not None:
            tables[name] = frame
    problems += check_across_tables(tables)
    for frame in tables.values():
        frame.attrs.clear()  # row numbers were for messages; pandas copies attrs everywhere
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return None, problems
    sources_file = folder / "SOURCES.yaml"
    sources = yaml.safe_load(sources_file.read_text("utf-8")) if sources_file.exists() else {}
    warnings = [p for p in problems if p.severity == "warning"]
    return Dataset(folder, tables, files, warnings, sources or {}), problems


def load_data(folder: str | Path, cache: str | Path | bool | None = None) -> Dataset:
    """Load a data folder into validated tables, or raise :class:`DataError`
    listing every problem found. ``cache`` as for :func:`validate_data`."""
    dataset, problems = validate_data(folder, cache)
    if dataset is None:
        raise DataError(problems)
    return dataset
