"""Run files: one YAML file per report run, checked before anything runs.

>>> plan = read_parameters("parameters/quarterly_deep_dive.yaml")
>>> plan.councils, plan.period, plan.notebooks

A run file holds the notebooks' own parameters (``period``, ``peer_group``,
``audience``, ``theme``, ``indicators``, ``suppression_threshold``,
``tolerance``, ``data_dir``) and the runner's keys:

* ``notebooks``: which notebooks to run (default: all of them);
* ``council`` (one ONS code) or ``councils`` (a list of codes, or ``all``);
* ``title``: the heading of each council's index page;
* ``outputs``: the folder for the reports (default: ``outputs``).

Paths in a run file (``data_dir``, ``outputs``) are relative to the run
file's own folder, not to the folder the command is run from, and so are
their defaults (``data`` and ``outputs`` beside the run file): a run file
means the same wherever it is run from. The notebooks are given the data
folder as an absolute path. The notebooks themselves are those perfkit ships
(:mod:`perfkit.run.notebook_source`) unless another folder is named.

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
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from perfkit.data.dataset import Dataset
from perfkit.data.loading import validate_data
from perfkit.periods import PeriodError, parse_period
from perfkit.problems import DataError
from perfkit.run.notebook_source import declared_parameters, notebooks_folder, select_notebooks
from perfkit.run.run_file import FIX, ONS_CODE, Collector, RunFile, read_yaml, resolve_path, suggest
from perfkit.run.scope import check_peer_group, missing_tables, run_councils, run_indicators

__all__ = ["RUNNER_KEYS", "RunPlan", "period_slug", "read_parameters"]

_SLUG = re.compile(r"^[0-9A-Za-z_-]+$")
_UNSAFE = re.compile(r"[^0-9A-Za-z_-]+")
#: Keys the runner reads itself; any other key must be a parameter that one of
#: the selected notebooks declares.
RUNNER_KEYS = ("notebooks", "council", "councils", "title", "period", "peer_group", "data_dir",
               "outputs")
_PYTHON_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                 "list": (list,), "dict": (dict,)}


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
    #: the data folder and the outputs folder, absolute
    data_dir: Path
    outputs: Path
    peer_group: str | None
    #: the run's indicators: those of its notebooks' lines of enquiry (every one
    #: with the overview), narrowed by ``indicators`` and ``theme``; the front
    #: page and assessment.csv judge these
    indicators: tuple[str, ...] | None
    data: Dataset = field(repr=False, compare=False)

    @property
    def notes(self) -> list[str]:
        """What the selected notebooks read that the data folder lacks: not an
        error (those parts of the reports say so), but worth knowing first."""
        return missing_tables(self.data, self.notebooks)

    @property
    def slug(self) -> str:
        return period_slug(self.period)

    @property
    def run_name(self) -> str:
        """The run file's name as a folder name (``quarterly_deep_dive``), so
        that two run files for one council and period keep their own reports."""
        return _UNSAFE.sub("-", self.source.stem).strip("-.") or "run"

    @property
    def folder(self) -> Path:
        """Where a council's reports go under the outputs folder, without the
        council: ``<period slug>/<run name>``."""
        return Path(self.slug) / self.run_name

    def notebook_parameters(self, council: str, notebook: str) -> dict:
        """The parameters to inject into one notebook for one council: those
        the file gives, and the data folder as an absolute path."""
        given = {**self.parameters, "council": council, "data_dir": str(self.data_dir)}
        return {k: v for k, v in given.items() if k in self.declared[notebook]}


def period_slug(label: str) -> str:
    """A period as a folder name: ``2025-26 Q3`` -> ``2025-26-Q3``,
    ``2024/25`` (academic year) -> ``2024_25``."""
    slug = parse_period(label).label.replace(" ", "-").replace("/", "_")
    if not _SLUG.match(slug):
        raise PeriodError(f"{label!r} does not make a safe folder name")
    return slug


# -- the checks -------------------------------------------------------------------------
def _check_model(raw: dict, declared_names: set[str], collector: Collector,
                 notebooks_known: bool) -> RunFile | None:
    """Pydantic checks of every key the model knows; unknown keys get a suggestion.
    When some notebooks could not be read, keys are not checked against them."""
    known = set(RUNNER_KEYS) | declared_names
    if not notebooks_known:
        known |= set(RunFile.model_fields)
    for key in raw:
        if key in RunFile.model_fields and key not in known:
            collector.add(key, f"'{key}', which none of the selected notebooks declares",
                       "a parameter of the selected notebooks",
                       "Remove it, or add a notebook that uses it to 'notebooks'.")
    checked = {k: v for k, v in raw.items() if k in RunFile.model_fields or k not in known}
    try:
        return RunFile.model_validate(checked)
    except ValidationError as error:
        _report_validation(error, raw, known, collector)
        return None


def _report_validation(error: ValidationError, raw: dict, known: set[str], collector: Collector):
    for item in error.errors():
        key = str(item["loc"][0]) if item["loc"] else "council"
        if key in collector.keys:
            continue
        if item["type"] == "extra_forbidden":
            collector.add(key, f"'{key}', which is not a parameter of the selected notebooks",
                       "one of: " + ", ".join(sorted(known)),
                       f"{suggest(key, known)}Otherwise remove it.")
        elif item["type"] == "missing":
            collector.add(key, f"no '{key}' key", fix=f"Add a line '{key}: ...'.")
        elif not item["loc"]:
            collector.add(key, "both council and councils" if "councils" in raw
                       else "neither council nor councils",
                       "exactly one of 'council: CODE' and 'councils: [CODE, ...]' or all",
                       "Keep one of the two keys.")
        else:
            collector.add(key, f"{raw.get(key)!r} ({item['msg']})")


def _check_types(raw: dict, declared: dict[str, dict], collector: Collector) -> None:
    """Each value against the type its notebooks' parameters cell declares."""
    for notebook, parameters in declared.items():
        for key, spec in parameters.items():
            wanted = _PYTHON_TYPES.get(spec["inferred_type_name"])
            if key not in raw or key in collector.keys or wanted is None:
                continue
            value = raw[key]
            if isinstance(value, wanted) and not (isinstance(value, bool) and bool not in wanted):
                continue
            collector.add(key, f"{value!r}, a {type(value).__name__}",
                       f"a {spec['inferred_type_name']}, as notebook '{notebook}' declares",
                       FIX.get(key, f"Write a {spec['inferred_type_name']} value."))


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


def _partial_model(raw: dict, collector: Collector) -> RunFile:
    """The keys that passed their checks, so the data checks can still run and
    every problem is reported at once."""
    values = {k: v for k, v in raw.items() if k in RunFile.model_fields and k not in collector.keys}
    if isinstance(raw.get("councils"), list):
        values["councils"] = [code for code in raw["councils"]
                              if isinstance(code, str) and ONS_CODE.match(code)]
    return RunFile.model_construct(**values)


def _load(data_dir: Path, datasets: dict, collector: Collector) -> Dataset | None:
    if data_dir not in datasets:
        datasets[data_dir] = validate_data(data_dir)
    dataset, problems = datasets[data_dir]
    if dataset is None:
        collector.problems += [p for p in problems if p.severity == "error"]
        collector.add("data_dir", f"'{data_dir}', whose data did not load (see the errors above)",
                   "a valid data folder", f"Run 'perfkit validate {data_dir}' and correct it. "
                   "(A relative data_dir starts from the run file's own folder.)")
    return dataset


# -- the entry point --------------------------------------------------------------------
def read_parameters(path: str | Path, notebooks_dir: str | Path | None = None,
                    datasets: dict | None = None) -> RunPlan:
    """Read and check one run file; raise :class:`DataError` listing every problem.

    Relative paths in the file start from the file's own folder.
    ``notebooks_dir``: the notebooks to run (default: those perfkit ships).
    ``datasets`` caches loaded data folders across several run files.
    """
    path = Path(path)
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else notebooks_folder()
    raw, lines = read_yaml(path)
    collector = Collector(path, lines)
    notebooks = select_notebooks(raw, notebooks_dir, collector)
    declared = declared_parameters(notebooks, notebooks_dir, collector)
    names = set().union(*declared.values()) if declared else set()
    model = _check_model(raw, names, collector, notebooks_known=not collector.problems)
    _check_types(raw, declared, collector)
    checked = model or _partial_model(raw, collector)
    defaults = _defaults(declared)
    data_dir = resolve_path(path, checked.data_dir or defaults.get("data_dir", "data"))
    data = _load(data_dir, datasets if datasets is not None else {}, collector)
    peer_group = checked.peer_group or defaults.get("peer_group")
    if data is not None:
        indicators = run_indicators(data, checked, notebooks, collector)
        councils = run_councils(data, checked, indicators, collector)
        check_peer_group(data, peer_group, collector)
    if collector.problems or model is None or data is None:
        raise DataError(collector.problems)
    given = model.model_dump(exclude_none=True, exclude=set(RUNNER_KEYS) - {"period",
                             "peer_group", "data_dir"})
    given = {k: v for k, v in given.items() if k in raw}
    given |= {k: v for k, v in raw.items() if k in names and k not in RunFile.model_fields}
    return RunPlan(
        source=path, title=model.title or path.stem.replace("_", " ").capitalize(),
        notebooks=tuple(notebooks), councils=councils, period=model.period,
        parameters=given, declared={n: frozenset(p) for n, p in declared.items()},
        notebooks_dir=notebooks_dir.resolve(), data_dir=data_dir,
        outputs=resolve_path(path, model.outputs or "outputs"), peer_group=peer_group,
        indicators=tuple(indicators), data=data)
