"""A cache of validated data folders, so a run loads and checks its data once.

Loading and validating ``data/`` takes most of a second, and a run does it in
the runner and again in every notebook's kernel. When caching is on (the
runner turns it on; see :mod:`perfkit.settings`), :func:`perfkit.data.loading.validate_data`
first looks for an entry made from exactly the same files: each entry is
named by a hash of every file in the data folder (names and contents) and of
perfkit's own source (so a change to the checks is a new entry). Found, its
tables are read from Parquet, already validated; not found, the folder is
validated as usual and, if it is valid, stored for next time. A folder with
errors is never stored, so its problems are always reported afresh.

An entry holds one Parquet file per table and ``dataset.json`` (column types,
how missing text is written, warnings and sources). It is stored only after
reading it back gives tables identical to the validated ones, so a cached
load is the same as a fresh one. Entries are written to a temporary folder
and renamed into place, so runs in parallel never see half an entry; only the
:data:`KEEP_ENTRIES` most recent are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.data.dataset import Dataset
from perfkit.problems import Problem
from perfkit.settings import source_digest

__all__ = ["KEEP_ENTRIES", "load_cached", "store"]

#: Entries kept (most recently used first); older ones are removed.
KEEP_ENTRIES = 8
_FORMAT = "perfkit data cache 1"
_META = "dataset.json"
_MISSING = {"NAType": pd.NA, "NoneType": None, "float": np.nan}


def _key(folder: Path) -> str:
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(source_digest().encode())
    for path in sorted(folder.iterdir()):
        digest.update(b"\1" + path.name.encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# -- reading ----------------------------------------------------------------------------
def _restore(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """The table as validated: its column types, and missing text as it was."""
    for name, (dtype, missing) in columns.items():
        if dtype == "object":
            values = frame[name].astype(object)
            if missing is not None:
                values = values.where(values.notna(), _MISSING[missing])
            frame[name] = values
        elif str(frame[name].dtype) != dtype:
            frame[name] = frame[name].astype(dtype)
    return frame[list(columns)]


def _read_entry(entry: Path, folder: Path):
    meta = json.loads((entry / _META).read_text("utf-8"))
    tables = {name: _restore(pd.read_parquet(entry / f"{name}.parquet"), columns)
              for name, columns in meta["tables"].items()}
    return Dataset(folder, tables, {name: folder / file for name, file in meta["files"].items()},
                   [Problem(**p) for p in meta["warnings"]], meta["sources"])


def load_cached(folder: Path, cache: Path):
    """The cached :class:`~perfkit.data.loading.Dataset` of ``folder``, or None."""
    entry = cache / _key(folder)
    if not (entry / _META).exists():
        return None
    try:
        dataset = _read_entry(entry, folder)
    except Exception:  # noqa: BLE001 - a damaged or vanishing entry: validate instead
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # most recently used
    return dataset


# -- writing ----------------------------------------------------------------------------
def _missing_kind(values: pd.Series) -> tuple[bool, str | None]:
    """Whether an object column can be stored (text and one kind of missing
    value), and that kind."""
    missing = values[values.isna()]
    kinds = {type(v).__name__ for v in missing}
    text = values[values.notna()].map(type).eq(str).all()
    if not text or len(kinds) > 1 or not kinds <= set(_MISSING):
        return False, None
    return True, next(iter(kinds), None)


def _describe(frame: pd.DataFrame) -> dict | None:
    """Each column's type and missing-value kind, or None if the table
    cannot be stored exactly."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 \
            or frame.index.step != 1 or frame.attrs or not frame.columns.is_unique:
        return None
    columns = {}
    for name in frame.columns:
        missing = None
        if frame[name].dtype == object:
            storable, missing = _missing_kind(frame[name])
            if not storable:
                return None
        columns[str(name)] = (str(frame[name].dtype), missing)
    return columns if list(columns) == list(frame.columns) else None


def _write_entry(dataset, target: Path) -> bool:
    tables = {}
    for name, frame in dataset.tables.items():
        columns = _describe(frame)
        if columns is None:
            return False
        frame.to_parquet(target / f"{name}.parquet", index=False)
        tables[name] = columns
    sources = dataset.sources
    if json.loads(json.dumps(sources, default=str)) != sources:
        return False  # e.g. dates in SOURCES.yaml: not stored
    meta = {"tables": tables, "files": {n: p.name for n, p in dataset.files.items()},
            "warnings": [asdict(p) for p in dataset.warnings], "sources": sources}
    (target / _META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return _same(dataset, _read_entry(target, dataset.folder))


def _same(dataset, copy) -> bool:
    """Whether the entry reads back exactly as validated (types, values, missing kinds)."""
    if list(copy.tables) != list(dataset.tables) or copy.warnings != dataset.warnings:
        return False
    for name, frame in dataset.tables.items():
        other = copy.tables[name]
        try:
            pd.testing.assert_frame_equal(frame, other, check_exact=True)
        except AssertionError:
            return False
    return True


def store(dataset, cache: Path) -> None:
    """Keep a valid dataset for the next load of the same files. Best effort:
    a cache that cannot be written is skipped."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        entry = cache / _key(dataset.folder)
        if entry.exists():
            return
        target = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
        try:
            if _write_entry(dataset, target):
                os.rename(target, entry)  # fails if another run stored it first
        finally:
            shutil.rmtree(target, ignore_errors=True)
        _prune(cache)
    except OSError:
        return


def _prune(cache: Path) -> None:
    entries = sorted((p for p in cache.iterdir()  # entries only: not what else is kept here
                      if not p.name.startswith(".") and (p / _META).is_file()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)
