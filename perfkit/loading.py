"""One entry point that loads a data folder into validated tables.

>>> data = load_data("data")            # raises DataError listing every problem
>>> data.observations.head()

A data folder holds one file per contract table (``areas.csv``,
``observations.parquet``...). Files that are not tables (README.md,
SOURCES.yaml) are left alone; a table-like file with an unknown name gets a
warning that suggests the name it was probably meant to have.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import datacache
from .contract import TABLES
from .crosschecks import check_across_tables
from .problems import DataError, Problem
from .reading import TABLE_SUFFIXES, read_table_file
from .validation import check_table

__all__ = ["Dataset", "load_data", "validate_data"]


@dataclass
class Dataset:
    """The validated tables of one data folder. Optional tables that are not
    present are None."""

    folder: Path
    tables: dict[str, pd.DataFrame]
    files: dict[str, Path]
    warnings: list[Problem] = field(default_factory=list)
    sources: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame | None:
        if name in TABLES:
            return self.tables.get(name)
        raise AttributeError(name)

    def file_hashes(self) -> dict[str, str]:
        """sha256 of every file used, for the run manifest."""
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.files.values())
        }

    @property
    def synthetic_tables(self) -> list[str]:
        """Tables with any synthetic rows: reports must say so."""
        return sorted(
            name for name, frame in self.tables.items()
            if "synthetic" in frame.columns and frame["synthetic"].any()
        )


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


def validate_data(folder: str | Path,
                  cache: str | Path | bool | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every table; return the dataset (None if any error) and
    every problem found, errors and warnings, in one list.

    ``cache``: a folder of already-validated copies (True: the default one,
    False: none; default: the ``PERFKIT_DATA_CACHE`` environment variable,
    which the runner sets). A copy made from exactly the same files is used
    instead of validating again; see :mod:`perfkit.datacache`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None, [Problem(str(folder), "no such folder", "a folder of data tables",
                              "Check the path; run from the project folder.")]
    store = datacache.cache_folder(cache)
    if store is not None:
        cached = datacache.load_cached(folder, store)
        if cached is not None:
            return cached, list(cached.warnings)
    dataset, problems = _validate(folder)
    if store is not None and dataset is not None:
        datacache.store(dataset, store)
    return dataset, problems


def _validate(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    files, problems = _find_files(folder)
    tables: dict[str, pd.DataFrame] = {}
    for name, path in files.items():
        raw = read_table_file(path, TABLES[name].names)
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
