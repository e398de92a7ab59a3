"""The dataset: the validated tables of one data folder, as
:func:`perfkit.data.loading.load_data` returns them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perfkit.data.contract import TABLES
from perfkit.data.folder_settings import SETTINGS_FILE
from perfkit.problems import Problem

__all__ = ["Dataset"]


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
        """sha256 of every file used (the tables, and the folder's perfkit.yaml
        that says how to read them), for the run manifest."""
        settings = Path(self.folder) / SETTINGS_FILE
        used = [*self.files.values(), *([settings] if settings.is_file() else [])]
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(used)
        }

    @property
    def synthetic_tables(self) -> list[str]:
        """Tables with any synthetic rows: reports must say so."""
        return sorted(
            name for name, frame in self.tables.items()
            if "synthetic" in frame.columns and frame["synthetic"].any()
        )
