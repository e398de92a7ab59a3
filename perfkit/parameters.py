"""Run files: one YAML file per report run, checked before anything runs.

>>> plan = read_parameters("parameters/quarterly_deep_dive.yaml")
>>> plan.councils, plan.period, plan.notebooks

A run file holds the notebooks' own parameters (``period``, ``peer_group``,
``audience``, ``theme``, ``indicators``, ``suppression_threshold``,
``tolerance``, ``data_dir``) and the runner's keys:

* ``notebooks``: which notebooks to run (default: all five);
* ``council`` (one ONS code) or ``councils`` (a list of codes, or ``all``);
* ``title``: the heading of each council's index page.

``period`` and one of ``council``/``councils`` are required; every other
notebook parameter left out takes the notebook's own default. Every problem is
reported at once, each naming the file, the line of the key, what was found,
what was expected and what to do, and :func:`read_parameters` raises
:class:`~perfkit.problems.DataError` before any notebook runs.

``councils: all`` means every current council (not a region or England) with
at least one value of the run's indicators for a period ending in the
:data:`ALL_COUNCILS_LOOKBACK_YEARS` years up to the end of the reporting
period. The run's indicators are those whose enquiry lines name one of the
selected notebooks (``overview`` takes every indicator), narrowed by
``indicators`` and ``theme`` when given.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
import papermill
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .loading import Dataset, validate_data
from .periods import Period, PeriodError, parse_period, period_end_dates
from .problems import DataError, Problem

__all__ = [
    "ALL_COUNCILS_LOOKBACK_YEARS",
    "AUDIENCES",
    "NOTEBOOKS",
    "ONS_CODE",
    "RunFile",
    "RunPlan",
    "period_slug",
    "read_parameters",
]

NOTEBOOKS = ("overview", "legal_duties", "finance", "equality", "trends")
AUDIENCES = ("cabinet", "scrutiny", "analyst")
#: An ONS area code: a nation letter and eight digits. Codes name output folders,
#: so nothing else (no "/", no "..") is ever accepted.
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
_NOTEBOOK_NAME = re.compile(r"^[a-z0-9_]+$")
_SLUG = re.compile(r"^[0-9A-Za-z_-]+$")
#: ``councils: all`` looks this far back from the end of the reporting period:
#: yearly statistics are published up to a year after the period they cover.
ALL_COUNCILS_LOOKBACK_YEARS = 2
#: Keys the runner reads itself; any other key must be a parameter that one of
#: the selected notebooks declares.
RUNNER_KEYS = ("notebooks", "council", "councils", "title", "period", "peer_group", "data_dir")
_NOT_COUNCILS = ("country", "region")
_PYTHON_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                 "list": (list,), "dict": (dict,)}

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
    "data_dir": "the path of a data folder, e.g. data",
}
_FIX = {
    "notebooks": "List names of files in the notebooks folder, without .ipynb.",
    "council": "Write the council's ONS code (see data/areas.csv), or use councils: for several.",
    "councils": "List ONS codes from data/areas.csv, or write councils: all.",
    "period": "Write the period as e.g. 2025-26 Q3 (financial quarter) or 2024-25 (year).",
    "peer_group": "Use a group_id from the peer_groups table.",
    "audience": "Choose cabinet, scrutiny or analyst.",
    "suppression_threshold": "Write a whole number without quotes.",
    "tolerance": "Write a number without quotes.",
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
    audience: Literal["cabinet", "scrutiny", "analyst"] | None = None
    theme: str | None = None
    indicators: list[str] | None = None
    suppression_threshold: int | None = Field(None, ge=0)
    tolerance: float | None = Field(None, ge=0, allow_inf_nan=False)
    data_dir: str | None = None

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

    @field_validator("period")
    @classmethod
    def _period_parses(cls, value: str) -> str:
        return parse_period(value).label  # PeriodError is a ValueError

    @model_validator(mode="after")
    def _one_council_key(self) -> RunFile:
        if (self.council is None) == (self.councils is None):
            raise ValueError("exactly one of council and councils")
        return self


@dataclass(frozen=True)
class RunPlan:
    """A checked run file: what to run, for whom, with which parameters."""

    source: Path
    title: str
    notebooks: tuple[str, ...]
    councils: tuple[str, ...]
    period: str
    #: notebook parameters written in the file (period in canonical form), without council
    parameters: dict
    #: the parameter names each notebook declares
    declared: dict[str, frozenset[str]]
    notebooks_dir: Path
    data_dir: Path
    peer_group: str | None
    indicators: tuple[str, ...] | None
    data: Dataset = field(repr=False, compare=False)

    @property
    def slug(self) -> str:
        return period_slug(self.period)

    def notebook_parameters(self, council: str, notebook: str) -> dict:
        """The parameters to inject into one notebook for one council."""
        given = {**self.parameters, "council": council}
        return {k: v for k, v in given.items() if k in self.declared[notebook]}


def period_slug(label: str) -> str:
    """A period as a folder name: ``2025-26 Q3`` -> ``2025-26-Q3``,
    ``2024/25`` (academic year) -> ``2024_25``."""
    slug = parse_period(label).label.replace(" ", "-").replace("/", "_")
    if not _SLUG.match(slug):
        raise PeriodError(f"{label!r} does not make a safe folder name")
    return slug


# -- reading the file -------------------------------------------------------------------
def _read_yaml(path: Path) -> tuple[dict, dict[str, int]]:
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


class _Collector:
    """Problems about one run file, each at the line of its key."""

    def __init__(self, path: Path, lines: dict[str, int]):
        self.path, self.lines, self.problems = path, lines, []
        self.keys: set[str] = set()

    def add(self, key: str, found: str, expected: str | None = None, fix: str | None = None):
        self.keys.add(key)
        self.problems.append(Problem(
            str(self.path), found, expected or _EXPECTED.get(key, "a valid value"),
            fix or _FIX.get(key, f"Correct '{key}'."),
            row=self.lines.get(key), column=key))


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'? " if close else ""


# -- the checks -------------------------------------------------------------------------
def _selected_notebooks(raw: dict, notebooks_dir: Path, report: _Collector) -> list[str]:
    names = raw.get("notebooks", list(NOTEBOOKS))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        report.add("notebooks", f"{names!r}")
        return []
    available = sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))
    found = []
    for name in dict.fromkeys(names):
        if _NOTEBOOK_NAME.match(name) and (notebooks_dir / f"{name}.ipynb").is_file():
            found.append(name)
            continue
        report.add("notebooks", f"'{name}', which is not a notebook in {notebooks_dir}",
                   "one of: " + (", ".join(available) or "(the folder has no notebooks)"),
                   f"{_suggest(name, available)}Correct the name or remove it.")
    if not names:
        report.add("notebooks", "an empty list")
    return found


def _declared_parameters(notebooks: list[str], notebooks_dir: Path,
                         report: _Collector) -> dict[str, dict]:
    """Notebook -> {parameter name: papermill's inspection (type name, default...)}."""
    declared = {}
    for name in notebooks:
        try:
            declared[name] = papermill.inspect_notebook(str(notebooks_dir / f"{name}.ipynb"))
        except Exception as error:  # noqa: BLE001 - any unreadable notebook is reported
            report.add("notebooks", f"'{name}', which cannot be read ({type(error).__name__})",
                       "a Jupyter notebook with a cell tagged 'parameters'",
                       f"Open {name}.ipynb in JupyterLab and save it again.")
    return declared


def _check_model(raw: dict, declared_names: set[str], report: _Collector,
                 notebooks_known: bool) -> RunFile | None:
    """Pydantic checks of every key the model knows; unknown keys get a suggestion.
    When some notebooks could not be read, keys are not checked against them."""
    known = set(RUNNER_KEYS) | declared_names
    if not notebooks_known:
        known |= set(RunFile.model_fields)
    for key in raw:
        if key in RunFile.model_fields and key not in known:
            report.add(key, f"'{key}', which none of the selected notebooks declares",
                       "a parameter of the selected notebooks",
                       "Remove it, or add a notebook that uses it to 'notebooks'.")
    checked = {k: v for k, v in raw.items() if k in RunFile.model_fields or k not in known}
    try:
        return RunFile.model_validate(checked)
    except ValidationError as error:
        _report_validation(error, raw, known, report)
        return None


def _report_validation(error: ValidationError, raw: dict, known: set[str], report: _Collector):
    for item in error.errors():
        key = str(item["loc"][0]) if item["loc"] else "council"
        if key in report.keys:
            continue
        if item["type"] == "extra_forbidden":
            report.add(key, f"'{key}', which is not a parameter of the selected notebooks",
                       "one of: " + ", ".join(sorted(known)),
                       f"{_suggest(key, known)}Otherwise remove it.")
        elif item["type"] == "missing":
            report.add(key, f"no '{key}' key", fix=f"Add a line '{key}: ...'.")
        elif not item["loc"]:
            report.add(key, "both council and councils" if "councils" in raw
                       else "neither council nor councils",
                       "exactly one of 'council: CODE' and 'councils: [CODE, ...]' or all",
                       "Keep one of the two keys.")
        else:
            report.add(key, f"{raw.get(key)!r} ({item['msg']})")


def _check_types(raw: dict, declared: dict[str, dict], report: _Collector) -> None:
    """Each value against the type its notebooks' parameters cell declares."""
    for notebook, parameters in declared.items():
        for key, spec in parameters.items():
            wanted = _PYTHON_TYPES.get(spec["inferred_type_name"])
            if key not in raw or key in report.keys or wanted is None:
                continue
            value = raw[key]
            if isinstance(value, wanted) and not (isinstance(value, bool) and bool not in wanted):
                continue
            report.add(key, f"{value!r}, a {type(value).__name__}",
                       f"a {spec['inferred_type_name']}, as notebook '{notebook}' declares",
                       _FIX.get(key, f"Write a {spec['inferred_type_name']} value."))


def _defaults(declared: dict[str, dict]) -> dict:
    """The notebooks' default values (the first notebook declaring each wins)."""
    values: dict = {}
    for parameters in declared.values():
        for key, spec in parameters.items():
            try:
                values.setdefault(key, ast.literal_eval(spec["default"]))
            except (ValueError, SyntaxError):
                continue
    return values


def _partial_model(raw: dict, report: _Collector) -> RunFile:
    """The keys that passed their checks, so the data checks can still run and
    every problem is reported at once."""
    values = {k: v for k, v in raw.items() if k in RunFile.model_fields and k not in report.keys}
    if isinstance(raw.get("councils"), list):
        values["councils"] = [code for code in raw["councils"]
                              if isinstance(code, str) and ONS_CODE.match(code)]
    return RunFile.model_construct(**values)


def _load(data_dir: Path, datasets: dict, report: _Collector) -> Dataset | None:
    if data_dir not in datasets:
        datasets[data_dir] = validate_data(data_dir)
    dataset, problems = datasets[data_dir]
    if dataset is None:
        report.problems += [p for p in problems if p.severity == "error"]
        report.add("data_dir", f"'{data_dir}', whose data did not load (see the errors above)",
                   "a valid data folder", f"Run 'perfkit validate {data_dir}' and correct it.")
    return dataset


# -- checks against the data ------------------------------------------------------------
def _run_indicators(data: Dataset, model: RunFile, notebooks: list[str],
                    report: _Collector) -> list[str]:
    table = data.indicators
    if "overview" not in notebooks:
        lines = table["enquiry_lines"].astype(str).str.split(";")
        table = table[lines.map(lambda names: bool(set(names) & set(notebooks)))]
    if model.indicators is not None:
        unknown = [i for i in model.indicators if i not in set(data.indicators["indicator_id"])]
        for code in unknown:
            report.add("indicators", f"'{code}', which is not in the indicators table",
                       fix=f"{_suggest(code, data.indicators['indicator_id'])}"
                       "Use ids from the indicators table.")
        table = table[table["indicator_id"].isin(model.indicators)]
    if model.theme:
        text = table["indicator_id"] + " " + table["title"] + " " + table["service"].fillna("")
        table = table[text.str.contains(model.theme, case=False, regex=False)]
        if table.empty:
            report.add("theme", f"'{model.theme}', which matches no indicator of this run",
                       "text found in an indicator's id, title or service",
                       "Use a word from the indicators table, or remove 'theme'.")
    return list(table["indicator_id"])


def _councils_with_data(data: Dataset, indicators: list[str], period: Period) -> list[str]:
    areas = data.areas
    current = areas["current"] if "current" in areas else True
    councils = areas.loc[current & ~areas["area_type"].isin(_NOT_COUNCILS), "area_code"]
    obs = data.observations
    obs = obs[obs["indicator_id"].isin(indicators) & obs["value"].notna()
              & obs["area_code"].isin(councils)]
    ends = period_end_dates(obs["period"])
    end = pd.Timestamp(period.end)
    recent = (ends <= end) & (ends > end - pd.DateOffset(years=ALL_COUNCILS_LOOKBACK_YEARS))
    return sorted(obs.loc[recent, "area_code"].unique())


def _councils(data: Dataset, model: RunFile, indicators: list[str],
              report: _Collector) -> tuple[str, ...]:
    period = getattr(model, "period", None)
    if model.councils == "all" and period is not None:
        found = _councils_with_data(data, indicators, parse_period(period))
        if not found:
            report.add("councils", "all, but no council has data for this run",
                       "at least one council with values of the run's indicators",
                       "Check period, theme and indicators.")
        return tuple(found)
    key = "council" if model.council is not None else "councils"
    codes = [model.council] if model.council is not None else list(model.councils or [])
    areas = data.areas
    known = set(areas.loc[~areas["area_type"].isin(_NOT_COUNCILS), "area_code"])
    for code in codes:
        if code not in known:
            report.add(key, f"'{code}', which is not a council in the areas table of "
                       f"{data.folder}", fix=f"{_suggest(code, known)}Use a council's code "
                       "from areas.csv (not a region or England).")
    return tuple(dict.fromkeys(codes))


def _check_peer_group(data: Dataset, peer_group: str | None, report: _Collector) -> None:
    groups = data.peer_groups
    if peer_group is None or groups is None or peer_group in set(groups["group_id"]):
        return
    report.add("peer_group", f"'{peer_group}', which is not in the peer_groups table",
               "one of: " + ", ".join(sorted(groups["group_id"].unique())),
               f"{_suggest(peer_group, groups['group_id'].unique())}Use one of those ids.")


# -- the entry point --------------------------------------------------------------------
def read_parameters(path: str | Path, notebooks_dir: str | Path = "notebooks",
                    root: str | Path | None = None,
                    datasets: dict | None = None) -> RunPlan:
    """Read and check one run file; raise :class:`DataError` listing every problem.

    ``root`` is the folder relative paths in the file (``data_dir``) start from,
    and where notebooks run (default: the current folder). ``datasets`` caches
    loaded data folders across several run files.
    """
    path, notebooks_dir = Path(path), Path(notebooks_dir)
    root = Path(root) if root is not None else Path.cwd()
    raw, lines = _read_yaml(path)
    report = _Collector(path, lines)
    notebooks = _selected_notebooks(raw, notebooks_dir, report)
    declared = _declared_parameters(notebooks, notebooks_dir, report)
    names = set().union(*declared.values()) if declared else set()
    model = _check_model(raw, names, report, notebooks_known=not report.problems)
    _check_types(raw, declared, report)
    checked = model or _partial_model(raw, report)
    defaults = _defaults(declared)
    data_dir = (root / (checked.data_dir or defaults.get("data_dir", "data"))).resolve()
    data = _load(data_dir, datasets if datasets is not None else {}, report)
    peer_group = checked.peer_group or defaults.get("peer_group")
    if data is not None:
        indicators = _run_indicators(data, checked, notebooks, report)
        councils = _councils(data, checked, indicators, report)
        _check_peer_group(data, peer_group, report)
    if report.problems or model is None or data is None:
        raise DataError(report.problems)
    given = model.model_dump(exclude_none=True, exclude=set(RUNNER_KEYS) - {"period",
                             "peer_group", "data_dir"})
    given = {k: v for k, v in given.items() if k in raw}
    given |= {k: v for k, v in raw.items() if k in names and k not in RunFile.model_fields}
    return RunPlan(
        source=path, title=model.title or path.stem.replace("_", " ").capitalize(),
        notebooks=tuple(notebooks), councils=councils, period=model.period,
        parameters=given, declared={n: frozenset(p) for n, p in declared.items()},
        notebooks_dir=notebooks_dir.resolve(), data_dir=data_dir, peer_group=peer_group,
        indicators=tuple(model.indicators) if model.indicators is not None else None, data=data)
