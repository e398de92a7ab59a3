"""The run's record in each council's folder: ``assessment.csv`` (the
assessment table of the council), ``assessment.xlsx`` (the same as an
accessible workbook, :mod:`perfkit.run.workbook`) and ``manifest.json``
(parameters, data file hashes, versions, times and statuses). Time stamps are
written only to the manifest, so every other file of a run is reproducible.
"""

from __future__ import annotations

import platform
import warnings
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TextIO

import pandas as pd

from perfkit.analysis.targets import RagRule
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.run.folders import CouncilFolder
from perfkit.run.mappers import process_pool_mapper, serial_mapper
from perfkit.run.parameters import RunPlan
from perfkit.run.workbook import WORKBOOK_FILE, write_assessment_workbook

__all__ = ["CSV_FLOAT_FORMAT", "assess_all", "assess_plan", "manifest", "now", "write_assessment",
           "write_workbooks"]

#: Every float in assessment.csv, so the file is byte-identical across runs.
CSV_FLOAT_FORMAT = "%.10g"
#: From this many councils on, their workbooks are written on all this machine's
#: cores: a workbook takes about a second, and starting the workers a few.
WORKBOOKS_IN_PARALLEL_FROM = 16
_VERSIONS_OF = ("perfkit", "pandas", "papermill", "nbconvert", "matplotlib")


def assess_plan(plan: RunPlan) -> pd.DataFrame:
    """perfkit.analysis.verdict.assess for every council of a plan at once."""
    tolerance = plan.parameters.get("tolerance", RagRule().tolerance)
    options = AssessmentOptions(period=plan.period, areas=plan.councils,
                                indicators=plan.indicators,
                                peer_group=plan.peer_group or AssessmentOptions.peer_group,
                                rule=RagRule(tolerance=float(tolerance)))
    return assess(plan.data, options)


def write_assessment(assessment: pd.DataFrame, council: str, path: Path) -> int:
    """One council's rows, sorted, floats in one fixed format; returns the row count."""
    rows = assessment[assessment["area_code"] == council]
    keys = [c for c in ("area_code", "indicator_id", "breakdown_dimension",
                        "breakdown_category", "period") if c in rows.columns]
    rows = rows.sort_values(keys, kind="mergesort", ignore_index=True)
    rows.to_csv(path, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n",
                encoding="utf-8")
    return len(rows)


def assess_all(council_folders: list[CouncilFolder], log: TextIO) -> None:
    """Write each council's assessment.csv, then its assessment.xlsx
    (:func:`write_workbooks`). A failure is recorded in the manifest and named
    on ``log``; the reports still stand."""
    by_plan: dict[int, list[CouncilFolder]] = {}
    for council_folder in council_folders:
        by_plan.setdefault(id(council_folder.plan), []).append(council_folder)
    for group in by_plan.values():
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                table = assess_plan(group[0].plan)
            rows = {r.council: write_assessment(table, r.council, r.staging / "assessment.csv")
                    for r in group}
        except Exception as failure:  # noqa: BLE001 - recorded; the reports still stand
            error = f"{type(failure).__name__}: {failure}"
            print(f"assessment failed for {group[0].plan.source}: {error}", file=log)
            for council_folder in group:
                (council_folder.staging / "assessment.csv").unlink(missing_ok=True)
                council_folder.assessment = {"status": "failed", "error": error}
            continue
        notes = sorted({str(w.message) for w in caught})
        for council_folder in group:
            council_folder.assessment = {"status": "succeeded", "warnings": notes,
                                         "rows": rows[council_folder.council]}
            council_folder.table = table[table["area_code"] == council_folder.council]
    write_workbooks(council_folders, log)


@dataclass(frozen=True)
class _Workbook:
    """What one council's assessment.xlsx is written from (sent to a worker)."""

    number: int
    rows: pd.DataFrame
    council: str
    path: Path
    details: dict


def _write_workbook(workbook: _Workbook) -> tuple[int, str | None]:
    """Write one workbook; its number and the error if it failed (no file then)."""
    try:
        write_assessment_workbook(workbook.rows, workbook.council, workbook.path,
                                  **workbook.details)
    except Exception as failure:  # noqa: BLE001 - recorded; the CSV still stands
        workbook.path.unlink(missing_ok=True)
        return workbook.number, f"{type(failure).__name__}: {failure}"
    return workbook.number, None


def _workbook(number: int, council_folder: CouncilFolder) -> _Workbook:
    plan = council_folder.plan
    details = {"council_name": council_folder.council_name, "period": plan.period,
               "run_title": plan.title, "indicators": plan.data.indicators,
               "synthetic_tables": tuple(plan.data.synthetic_tables)}
    return _Workbook(number, council_folder.table, council_folder.council,
                     council_folder.staging / WORKBOOK_FILE, details)


def write_workbooks(council_folders: list[CouncilFolder], log: TextIO) -> None:
    """Each assessed council's assessment.xlsx, beside its assessment.csv. A
    failure is recorded in the manifest (``assessment.workbook``) and named on
    ``log``; the CSV and the reports still stand."""
    assessed = [r for r in council_folders if r.table is not None]
    workbooks = [_workbook(number, r) for number, r in enumerate(assessed)]
    mapper = (process_pool_mapper() if len(workbooks) >= WORKBOOKS_IN_PARALLEL_FROM
              else serial_mapper)
    results = mapper(_write_workbook, workbooks)  # type: ignore[arg-type]
    written: set[int] = set()
    try:
        for number, error in results:
            _record_workbook(assessed[number], error, log)
            written.add(number)
    except Exception as failure:  # noqa: BLE001 - a worker died; the CSVs still stand
        for number, council_folder in enumerate(assessed):
            if number not in written:
                (council_folder.staging / WORKBOOK_FILE).unlink(missing_ok=True)
                _record_workbook(council_folder, f"{type(failure).__name__}: {failure}", log)
    finally:
        getattr(results, "close", lambda: None)()


def _record_workbook(council_folder: CouncilFolder, error: str | None, log: TextIO) -> None:
    council_folder.assessment["workbook"] = (
        {"status": "succeeded"} if error is None else {"status": "failed", "error": error})
    if error is not None:
        print(f"{WORKBOOK_FILE} failed for {council_folder.council} "
              f"({council_folder.plan.source}): {error}", file=log)


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in _VERSIONS_OF:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def manifest(council_folder: CouncilFolder, started: str) -> dict:
    plan = council_folder.plan
    return {
        "parameters_file": str(plan.source),
        "title": plan.title,
        "council": council_folder.council,
        "council_name": council_folder.council_name,
        "period": plan.period,
        "notebooks": list(plan.notebooks),
        "parameters": {**plan.parameters, "council": council_folder.council},
        "peer_group": plan.peer_group,
        "data_dir": str(plan.data_dir),
        "data_files": plan.data.file_hashes(),
        "versions": _versions(),
        "started_utc": started,
        "finished_utc": now(),
        "results": [{k: v for k, v in asdict(r).items() if k not in ("folder", "council")}
                    for r in council_folder.in_order()],
        "assessment": council_folder.assessment,
        "status": "succeeded" if council_folder.ok else "failed",
    }


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
