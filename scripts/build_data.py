"""Rebuild the project's data/ folder from the raw public files.

    python scripts/build_data.py [--raw ../shared/data/public] [--out data] [--skip MODULE]

Runs every module in ``scripts/sources/`` that has a ``build`` function
(``reference`` first, then the rest in sorted order), joins their tables,
checks them against the data contract (and loads the result with perfkit's own
validator before anything is moved into place) and writes:

* ``areas.csv``, ``peer_groups.csv``, ``indicators.csv``;
* ``observations.parquet`` (pyarrow, zstd, no index);
* ``SOURCES.yaml``: each module's sources and what came from them;
* any other file a module gives from a ``files(raw)`` function (file name ->
  bytes), e.g. ``boundaries.geojson`` from ``wards``.

After the modules run, the demo council's plan (``scripts/sources/plan.yaml``,
read by ``sources/_plan.py``) fills the indicators' ``priority``,
``peer_group``, ``owner`` and ``measure_type`` columns: the one place any of
them is set (the owners and measure types are the demo's, not the council's).

Older ONS codes of a council (e.g. Gateshead's E08000020) are replaced by its
code now; observations and peer-group rows whose area is then not in ``areas``
are dropped and counted. Duplicate keys, unknown indicators and values the contract does not
allow stop the build. Files are written to a temporary folder first and moved
into place only when all are ready; other files in the output folder (e.g. the
synthetic management tables) are left alone. The output is deterministic: the
same raw files give the same bytes.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO / "scripts" / "sources"
DEFAULT_RAW = REPO.parent / "shared" / "data" / "public"
DEFAULT_OUT = REPO / "data"
for _path in (REPO, REPO / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from perfkit.data.contract import TABLES  # noqa: E402, I001
from perfkit.data.loading import validate_data  # noqa: E402
from perfkit.periods import try_parse_period  # noqa: E402
from perfkit.problems import format_problems  # noqa: E402
from sources._plan import PlanError, apply_plan, plan_record, read_plan  # noqa: E402
from sources.common import code_aliases, conform  # noqa: E402

FIRST_MODULE = "reference"
HELPER_MODULES = {"common"}
OUTPUT_FILES = {
    "areas": "areas.csv",
    "peer_groups": "peer_groups.csv",
    "indicators": "indicators.csv",
    "observations": "observations.parquet",
}
SORT_ORDER = {
    "areas": ["area_code"],
    "peer_groups": ["group_id", "area_code", "rank", "peer_code"],
    "indicators": ["indicator_id"],
    "observations": list(TABLES["observations"].key),
}
PARQUET_COMPRESSION = "zstd"
SOURCES_FILE = "SOURCES.yaml"
MAX_CODES_SHOWN = 8


class BuildError(Exception):
    """The raw files or a source module gave something the contract forbids."""


@dataclass
class Fragment:
    """What one source module built."""

    module: str
    sources: list[dict]
    tables: dict[str, pd.DataFrame]
    dropped: dict[str, int] = field(default_factory=dict)
    dropped_codes: list[str] = field(default_factory=list)
    recoded: dict[str, int] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


# -- finding and running the modules -------------------------------------------------
def discover_modules(skip: set[str] = frozenset()) -> list[ModuleType]:
    """Source modules with a ``build`` function: reference first, then sorted."""
    names = sorted(info.name for info in pkgutil.iter_modules([str(SOURCES_DIR)])
                   if not info.name.startswith("_") and info.name not in HELPER_MODULES)
    names = [n for n in names if n not in skip]
    if FIRST_MODULE in names:
        names.remove(FIRST_MODULE)
        names.insert(0, FIRST_MODULE)
    modules = [importlib.import_module(f"sources.{name}") for name in names]
    return [m for m in modules if callable(getattr(m, "build", None))]


def source_list(module: ModuleType) -> list[dict]:
    sources = getattr(module, "SOURCES", None) or [getattr(module, "SOURCE", None)]
    if not all(isinstance(s, dict) for s in sources):
        raise BuildError(f"{module.__name__}: define SOURCE (a dict) or SOURCES (a list)")
    return list(sources)


def run_module(module: ModuleType, raw: Path) -> Fragment:
    name = module.__name__.rsplit(".", 1)[-1]
    sources = source_list(module)
    missing = [f for s in sources for f in s.get("files", []) if not (raw / f).exists()]
    if missing:
        raise BuildError(f"{name}: raw files not found under {raw}: {missing}")
    built = module.build(raw)
    unknown = sorted(set(built) - set(OUTPUT_FILES))
    if unknown:
        raise BuildError(f"{name}: built tables the contract has no place for: {unknown}")
    try:
        tables = {t: conform(t, frame) for t, frame in built.items()}
    except ValueError as error:
        raise BuildError(f"{name}: {error}") from error
    extra = module.files(raw) if callable(getattr(module, "files", None)) else {}
    clash = sorted(set(extra) & {*OUTPUT_FILES.values(), SOURCES_FILE})
    if clash or any(Path(f).name != f for f in extra):
        raise BuildError(f"{name}: files(raw) names files it may not write: {sorted(extra)}")
    return Fragment(name, sources, tables, files=dict(extra))


# -- joining and checking ------------------------------------------------------------
def combine(fragments: list[Fragment], raw: Path) -> dict[str, pd.DataFrame]:
    """Join the fragments. Older ONS codes of a council are replaced by its code
    now (mySociety's lookup, e.g. Gateshead E08000020 -> E08000037); then rows
    whose areas are still not in ``areas`` are dropped and counted."""
    aliases = code_aliases(raw)
    tables = {}
    for table in OUTPUT_FILES:
        parts = [f.tables[table].assign(_module=f.module) for f in fragments
                 if table in f.tables]
        tables[table] = (pd.concat(parts, ignore_index=True) if parts
                         else conform(table, pd.DataFrame(columns=TABLES[table].names)))
    known = set(tables["areas"]["area_code"])
    for table, columns in (("observations", ["area_code"]),
                           ("peer_groups", ["area_code", "peer_code"])):
        frame = tables[table]
        for column in columns:
            renamed = frame[column].isin(aliases.keys())
            for fragment in fragments:
                count = int((renamed & (frame["_module"] == fragment.module)).sum())
                if count:
                    fragment.recoded[table] = fragment.recoded.get(table, 0) + count
            frame[column] = frame[column].replace(aliases)
        inside = frame[columns].isin(known).all(axis=1)
        for fragment in fragments:
            outside = frame[~inside & (frame["_module"] == fragment.module)]
            if len(outside):
                fragment.dropped[table] = len(outside)
                codes = set(outside[columns].stack()) - known
                fragment.dropped_codes = sorted(set(fragment.dropped_codes) | codes)
        tables[table] = frame[inside]
    return tables


def check(tables: dict[str, pd.DataFrame]) -> None:
    """Raise BuildError if any table breaks the contract."""
    problems = []
    for name, frame in tables.items():
        problems += _duplicate_keys(name, frame)
        for column in TABLES[name].columns:
            problems += _column_problems(name, column, frame[column.name])
    indicators = set(tables["indicators"]["indicator_id"])
    orphans = sorted(set(tables["observations"]["indicator_id"]) - indicators)
    if orphans:
        problems.append(f"observations: indicator ids not in indicators: {orphans}")
    parents = tables["areas"]["parent_code"].dropna()
    strays = sorted(set(parents) - set(tables["areas"]["area_code"]))
    if strays:
        problems.append(f"areas: parent codes that are not areas: {strays}")
    if problems:
        raise BuildError("the data break the contract:\n  " + "\n  ".join(problems))


def _duplicate_keys(name: str, frame: pd.DataFrame) -> list[str]:
    key = list(TABLES[name].key)
    duplicated = frame[frame.duplicated(key, keep=False)]
    if duplicated.empty:
        return []
    modules = sorted(duplicated["_module"].unique()) if "_module" in frame else []
    example = duplicated[key].head(3).to_dict("records")
    return [f"{name}: {len(duplicated)} rows share a key {key} (from {modules}), e.g. {example}"]


def _column_problems(table: str, column, values: pd.Series) -> list[str]:
    where = f"{table}.{column.name}"
    present = values.dropna()
    problems = []
    if not column.nullable and len(present) < len(values):
        problems.append(f"{where}: {len(values) - len(present)} blank values")
    if column.kind == "choice":
        bad = set(present) - set(column.choices)
    elif column.kind == "choices":
        bad = {part for cell in present for part in str(cell).split(";")} - set(column.choices)
    elif column.kind == "period":
        bad = {p for p in present.unique() if _canonical(p) != p}
    else:
        bad = _out_of_range(column, present)
    if bad:
        problems.append(f"{where}: values not allowed: {sorted(map(str, bad))[:10]}")
    return problems


def _canonical(label: str) -> str | None:
    period = try_parse_period(label)
    return period.label if period else None


def _out_of_range(column, present: pd.Series) -> set:
    if column.minimum is None and column.maximum is None:
        return set()
    numbers = pd.to_numeric(present)
    low = numbers < column.minimum if column.minimum is not None else False
    high = numbers > column.maximum if column.maximum is not None else False
    return set(numbers[low | high])


def sort_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: frame.drop(columns="_module", errors="ignore")
            .sort_values(SORT_ORDER[name], kind="mergesort", na_position="last")
            .reset_index(drop=True)
            for name, frame in tables.items()}


# -- writing -------------------------------------------------------------------------
def write_table(frame: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".parquet":
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, path, compression=PARQUET_COMPRESSION)
    else:
        frame.to_csv(path, index=False, lineterminator="\n")


def sources_document(fragments: list[Fragment], tables: dict[str, pd.DataFrame]) -> dict:
    """What SOURCES.yaml holds: the tables, then each module's sources and output."""
    entries = []
    for fragment in fragments:
        ids = fragment.tables.get("indicators", pd.DataFrame(columns=["indicator_id"]))
        entries.append({
            "module": f"scripts/sources/{fragment.module}.py",
            "tables": {t: int(len(f)) for t, f in sorted(fragment.tables.items())},
            "rows_recoded_from_older_ons_codes": dict(sorted(fragment.recoded.items())),
            "rows_dropped_area_not_in_areas": dict(sorted(fragment.dropped.items())),
            "indicator_ids": sorted(ids["indicator_id"]),
            **({"files_written": sorted(fragment.files)} if fragment.files else {}),
            "sources": [{k: s.get(k) for k in ("id", "publisher", "repository", "commit",
                                               "licence", "files", "notes")}
                        for s in fragment.sources],
        })
    return {
        "generated_by": "scripts/build_data.py",
        "raw_folder": "shared/data/public (files are named relative to it)",
        "tables": {name: {"file": OUTPUT_FILES[name], "rows": int(len(frame))}
                   for name, frame in tables.items()},
        "modules": entries,
    }


def write_all(tables: dict[str, pd.DataFrame], document: dict, out: Path,
              extra: dict[str, bytes] | None = None) -> None:
    """Write every file (the tables, SOURCES.yaml and the modules' ``extra``
    files) to a temporary folder, then move them all into ``out``."""
    extra = extra or {}
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-data-", dir=out.parent))
    try:
        for name, frame in tables.items():
            write_table(frame, staging / OUTPUT_FILES[name])
        with open(staging / SOURCES_FILE, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("# Written by scripts/build_data.py: do not edit by hand.\n")
            yaml.safe_dump(document, handle, sort_keys=False, allow_unicode=True, width=100)
        for file, content in extra.items():
            (staging / file).write_bytes(content)
        _validate(staging)
        for file in [*OUTPUT_FILES.values(), SOURCES_FILE, *extra]:
            os.replace(staging / file, out / file)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _validate(folder: Path) -> None:
    """Load the written files with perfkit's own loader; any error stops the build."""
    _, problems = validate_data(folder)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError("perfkit's validator rejects the output:\n" + format_problems(errors))


# -- the command ---------------------------------------------------------------------
def build(raw: Path, out: Path, skip: set[str] = frozenset()) -> dict[str, pd.DataFrame]:
    if not raw.is_dir():
        raise BuildError(f"raw folder not found: {raw}")
    fragments = [run_module(module, raw) for module in discover_modules(skip)]
    tables = combine(fragments, raw)
    try:
        plan = read_plan()
        tables["indicators"] = apply_plan(tables["indicators"], tables["peer_groups"], plan,
                                          partial=bool(skip))
    except PlanError as error:
        raise BuildError(str(error)) from error
    check(tables)
    tables = sort_tables(tables)
    extra = {file: content for f in fragments for file, content in f.files.items()}
    if len(extra) < sum(len(f.files) for f in fragments):
        raise BuildError("two source modules write a file of the same name")
    document = {**sources_document(fragments, tables), "plan": plan_record(plan)}
    write_all(tables, document, out, extra)
    print_summary(fragments, tables, out)
    return tables


def print_summary(fragments: list[Fragment], tables: dict[str, pd.DataFrame], out: Path) -> None:
    print(f"Wrote {out}:")
    for name, frame in tables.items():
        print(f"  {OUTPUT_FILES[name]:<22} {len(frame):>8,} rows")
    for fragment in fragments:
        for file, content in sorted(fragment.files.items()):
            print(f"  {file:<22} {len(content):>8,} bytes (from {fragment.module})")
    print("Modules:")
    for fragment in fragments:
        counts = ", ".join(f"{t} {len(f):,}" for t, f in sorted(fragment.tables.items()))
        print(f"  {fragment.module:<12} {counts}")
        for table, count in sorted(fragment.recoded.items()):
            print(f"  {'':<12} gave {count:,} {table} rows an older ONS code: now the current one")
        for table, count in sorted(fragment.dropped.items()):
            print(f"  {'':<12} dropped {count:,} {table} rows whose area is not in areas")
        if fragment.dropped_codes:
            codes = fragment.dropped_codes
            extra = len(codes) - MAX_CODES_SHOWN
            more = f" and {extra} more" if extra > 0 else ""
            print(f"  {'':<12} (codes: {', '.join(codes[:MAX_CODES_SHOWN])}{more})")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                        help="folder of raw public files (default: ../shared/data/public)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder to write (default: data/)")
    parser.add_argument("--skip", action="append", default=[], metavar="MODULE",
                        help="leave out a source module (may be repeated)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        build(args.raw.resolve(), args.out.resolve(), set(args.skip))
    except BuildError as error:
        print(f"build_data: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
