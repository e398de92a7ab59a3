"""Reading a run file: YAML with the line of every key, and the problems found
in it, each reported at the line of its key with what was expected and what to do.

:mod:`perfkit.run.parameters` checks what is read here.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from perfkit.periods import parse_period
from perfkit.problems import DataError, Problem
from perfkit.registry import AUDIENCES, NOTEBOOKS

__all__ = ["FIX", "ONS_CODE", "Collector", "RunFile", "read_yaml", "resolve_path", "suggest"]

#: An ONS area code: a nation letter and eight digits. Codes name output folders,
#: so nothing else (no "/", no "..") is ever accepted.
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")

_EXPECTED = {
    "notebooks": "a list of notebook names, e.g. [overview, legal_duties]",
    "council": "one ONS council code, e.g. E08000009",
    "councils": "a list of ONS council codes, e.g. [E08000009, E08000001], or the word all",
    "title": "a line of text",
    "period": "a reporting period, e.g. '2025-26 Q3'",
    "peer_group": "a peer group id from peer_groups, e.g. ons_global_neighbours",
    "audience": "one of " + ", ".join(AUDIENCES),
    "theme": "a word or phrase, e.g. SEND",
    "indicators": "a list of indicator ids, e.g. [ehcp_20_weeks]",
    "suppression_threshold": "a whole number of at least 0, e.g. 5",
    "tolerance": "a number of at least 0 (% of the target), e.g. 5.0",
    "data_dir": "the path of a data folder, relative to the run file's own folder, e.g. data",
    "outputs": "the path of the folder for the reports, relative to the run file's own "
               "folder, e.g. outputs",
}
FIX = {
    "notebooks": "List names of files in the notebooks folder, without .ipynb.",
    "council": "Write the council's ONS code (see data/areas.csv), or use councils: for several.",
    "councils": "List ONS codes from data/areas.csv, or write councils: all.",
    "period": "Write the period as e.g. 2025-26 Q3 (financial quarter) or 2024-25 (year).",
    "peer_group": "Use a group_id from the peer_groups table.",
    "audience": "Choose " + ", ".join(AUDIENCES[:-1]) + " or " + AUDIENCES[-1] + ".",
    "suppression_threshold": "Write a whole number without quotes.",
    "tolerance": "Write a number without quotes.",
    "data_dir": "Write the folder's path as seen from the run file's folder (e.g. data, or "
                "../data for a folder beside it), or an absolute path.",
}


class RunFile(BaseModel):
    """The shape of a run file. Notebook parameters left out are None here and
    take the notebook's own default."""

    model_config = ConfigDict(extra="forbid", strict=True)

    notebooks: list[str] = Field(default_factory=lambda: list(NOTEBOOKS))
    council: str | None = None
    councils: list[str] | Literal["all"] | None = None
    title: str | None = None
    period: str
    peer_group: str | None = None
    audience: Literal[AUDIENCES] | None = None
    theme: str | None = None
    indicators: list[str] | None = None
    suppression_threshold: int | None = Field(None, ge=0)
    tolerance: float | None = Field(None, ge=0, allow_inf_nan=False)
    #: Paths, relative to the run file's own folder (see :func:`resolve_path`).
    data_dir: str | None = None
    outputs: str | None = None

    @field_validator("council")
    @classmethod
    def _council_is_code(cls, value: str | None) -> str | None:
        if value is not None and not ONS_CODE.match(value):
            raise ValueError(f"{value!r} is not an ONS code")
        return value

    @field_validator("councils")
    @classmethod
    def _councils_are_codes(cls, value: list[str] | str | None) -> list[str] | str | None:
        if isinstance(value, list):
            if not value:
                raise ValueError("an empty list names no council")
            bad = [code for code in value if not ONS_CODE.match(code)]
            if bad:
                raise ValueError(f"{', '.join(map(repr, bad))} not ONS codes")
        return value

    @field_validator("period", mode="before")
    @classmethod
    def _year_as_text(cls, value: object) -> object:
        return period_as_text(value)

    @field_validator("period")
    @classmethod
    def _period_parses(cls, value: str) -> str:
        return parse_period(value).label  # PeriodError is a ValueError

    @model_validator(mode="after")
    def _one_council_key(self) -> RunFile:
        if (self.council is None) == (self.councils is None):
            raise ValueError("exactly one of council and councils")
        return self


def resolve_path(run_file: Path, written: str | Path) -> Path:
    """A path written in a run file, as an absolute path: a relative one starts
    from the run file's own folder, never from the current folder, so a run
    file means the same wherever it is run from. ``~`` is the home folder."""
    return (run_file.resolve().parent / Path(written).expanduser()).resolve()


def period_as_text(value: object) -> object:
    """An unquoted year (``period: 2020``, which YAML reads as a number) as
    the label "2020"; anything else as it is (``period: 2024-25`` is text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def read_yaml(path: Path) -> tuple[dict, dict[str, int]]:
    """The file's mapping and the line of each top-level key; raises DataError."""
    name = str(path)
    try:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as error:
        raise DataError([Problem(name, f"a file that cannot be read ({error.strerror})",
                                 "a YAML run file", "Check the path.")]) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise DataError([Problem(
            name, "text that is not UTF-8", "a YAML run file saved as UTF-8 text",
            "Save the file as plain text in UTF-8 (any text editor can), not as a Word or "
            "spreadsheet file.", row=line)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise DataError([Problem(
            name, f"YAML that cannot be read safely ({problem})",
            "plain YAML: keys with text, numbers and lists, no !! tags",
            "Correct the line shown; remove any !!python or other !! tag.",
            row=mark.line + 1 if mark else None)]) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a YAML {type(data).__name__}"
        raise DataError([Problem(
            name, found, "a mapping of parameter names to values, e.g. 'period: 2025-26 Q3'",
            "Write one 'name: value' line per parameter (see parameters/ for examples).",
            row=1)])
    if "period" in data:
        data["period"] = period_as_text(data["period"])
    lines, repeated = _key_lines(node)
    if repeated:
        raise DataError([Problem(
            name, f"'{key}' given more than once (lines {', '.join(map(str, at))})",
            "each key once", f"Keep one '{key}' line: YAML would silently use the last one.",
            row=at[-1], column=key) for key, at in repeated.items()])
    return data, lines


def _key_lines(node: yaml.Node) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The line of each top-level key, and the lines of keys given twice."""
    seen: dict[str, list[int]] = {}
    for key, _value in getattr(node, "value", []):
        seen.setdefault(str(key.value), []).append(key.start_mark.line + 1)
    lines = {key: at[0] for key, at in seen.items()}
    return lines, {key: at for key, at in seen.items() if len(at) > 1}


class Collector:
    """Problems about one run file, each at the line of its key."""

    def __init__(self, path: Path, lines: dict[str, int]):
        self.path, self.lines, self.problems = path, lines, []
        self.keys: set[str] = set()

    def add(self, key: str, found: str, expected: str | None = None, fix: str | None = None):
        self.keys.add(key)
        self.problems.append(Problem(
            str(self.path), found, expected or _EXPECTED.get(key, "a valid value"),
            fix or FIX.get(key, f"Correct '{key}'."),
            row=self.lines.get(key), column=key))


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'? " if close else ""
