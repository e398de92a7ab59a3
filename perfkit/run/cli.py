"""The ``perfkit`` command.

    perfkit init FOLDER          write a starter workspace: data/ with an example
                                 row in each table, run.yaml and a README
    perfkit validate DATA_DIR    check a data folder and list every problem
    perfkit summary DATA_DIR     validate, then describe what the folder holds
    perfkit run PARAMS.yaml ...  check run files, then run and export the reports
                                 (--workers N on this machine, or --scheduler
                                 ADDRESS on a dask.distributed cluster; --check:
                                 check only, run nothing)

Paths in a run file (data_dir, outputs) are relative to the run file's own
folder, so a run file means the same from any folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from perfkit.data.loading import validate_data
from perfkit.data.summary import summarise
from perfkit.problems import DataError, Problem, format_problems
from perfkit.run.mappers import dask_mapper, process_pool_mapper
from perfkit.run.parameters import read_parameters
from perfkit.run.runner import run_reports
from perfkit.run.workspace import DEMO_COUNCIL, RUN_FILE, write_workspace
from perfkit.settings import enable_cache

__all__ = ["main"]

#: Exit status after Ctrl-C, as shells report it (128 + SIGINT).
INTERRUPTED = 130


def _validate(args: argparse.Namespace) -> int:
    dataset, problems = validate_data(args.data_dir)
    if problems:
        print(format_problems(problems), file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if dataset is None:
        print(f"{args.data_dir}: {errors} error(s), {warnings} warning(s). "
              "Nothing was loaded; correct the errors above and run again.", file=sys.stderr)
        return 1
    print(f"{args.data_dir}: valid ({warnings} warning(s)).")
    if args.summary:
        print(summarise(dataset))
    return 0


def _init(args: argparse.Namespace) -> int:
    try:
        write_workspace(args.folder, args.council, args.name)
    except FileExistsError:
        print(f"{args.folder} is not empty: perfkit init writes a new workspace only into a "
              "new or empty folder, so that nothing of yours is replaced. Name a new folder.",
              file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"--council: {error}.", file=sys.stderr)
        return 1
    folder = args.folder.rstrip("/\\") or args.folder
    print(f"Wrote a starter workspace in {folder}: data/ (one example row in each table), "
          f"{RUN_FILE} and README.md (what to fill in). Check and run it:\n"
          f"  perfkit validate {folder}/data\n  perfkit run {folder}/{RUN_FILE}")
    return 0


def _read_plans(args: argparse.Namespace) -> tuple[list, list[Problem]]:
    plans, problems, datasets = [], [], {}
    for path in args.parameters:
        try:
            plans.append(read_parameters(path, args.notebooks_dir, datasets=datasets))
        except DataError as error:
            problems += error.problems
    return plans, problems


def _report_run(council_folders: list) -> int:
    for council_folder in council_folders:
        for result in council_folder.results:
            if not result.ok:
                where = f"{council_folder.council} {council_folder.plan.period}"
                print(f"{where}: {result.notebook} failed "
                      f"({result.error}: {result.message}); see "
                      f"{council_folder.folder / (result.notebook + '.html')}", file=sys.stderr)
        if council_folder.assessment.get("status") != "succeeded":
            where = f"{council_folder.council} {council_folder.plan.period}"
            print(f"{where}: assessment.csv not written "
                  f"({council_folder.assessment.get('error')})", file=sys.stderr)
    print("Reports:")
    for council_folder in council_folders:
        print(f"  {council_folder.folder / 'index.html'}")
    return 0 if all(council_folder.ok for council_folder in council_folders) else 1


def _mapper(args: argparse.Namespace):
    if args.scheduler:
        return dask_mapper(args.scheduler)
    return process_pool_mapper(args.workers)


def _describe(plans: list) -> int:
    for plan in plans:
        councils = plan.councils[0] if len(plan.councils) == 1 else \
            f"{len(plan.councils)} councils"
        print(f"{plan.source}: {', '.join(plan.notebooks)} for {councils}, {plan.period}; "
              f"data {plan.data_dir}; reports in {plan.outputs}")
    print("Checked: nothing was run.")
    return 0


def _run(args: argparse.Namespace) -> int:
    enable_cache()
    plans, problems = _read_plans(args)
    if not problems:
        for note in dict.fromkeys(note for plan in plans for note in plan.notes):
            print(f"Note: {note}", file=sys.stderr)
        if args.check:
            return _describe(plans)
        try:
            council_folders = run_reports(plans, args.outputs, mapper=_mapper(args))
        except DataError as error:
            problems = error.problems
        except KeyboardInterrupt:
            print("Interrupted: no report was replaced; earlier reports are as they were.",
                  file=sys.stderr)
            return INTERRUPTED
        else:
            return _report_run(council_folders)
    print(format_problems(problems), file=sys.stderr)
    print("Nothing was run and nothing was written to outputs: correct the problems "
          "above and run again.", file=sys.stderr)
    return 1


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfkit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="write a starter workspace to fill in")
    init.add_argument("folder", help="a new (or empty) folder for the workspace")
    init.add_argument("--council", default=DEMO_COUNCIL[0], metavar="CODE",
                      help=f"the council's ONS code (default: {DEMO_COUNCIL[0]})")
    init.add_argument("--name", default=None, help="the council's name")
    init.set_defaults(handler=_init)
    validate = commands.add_parser("validate", help="check a data folder")
    validate.add_argument("data_dir", help="folder holding the data tables")
    validate.set_defaults(handler=_validate, summary=False)
    summary = commands.add_parser("summary", help="validate and describe a data folder")
    summary.add_argument("data_dir", help="folder holding the data tables")
    summary.set_defaults(handler=_validate, summary=True)
    run = commands.add_parser("run", help="run the report notebooks for each run file")
    run.add_argument("parameters", nargs="+", metavar="PARAMS.yaml",
                     help="run files (see parameters/); paths in each are relative to "
                     "its own folder")
    run.add_argument("--outputs", default=None,
                     help="folder for every run file's reports (default: each run file's "
                     "'outputs', or outputs/ beside it)")
    run.add_argument("--check", action="store_true",
                     help="check the run files and data, say what would run, run nothing")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, default=None,
                       help="notebooks run at once (default: one per core)")
    where.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="run the notebooks on the dask.distributed cluster whose "
                       "scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786); see "
                       "docs/performance.md")
    run.add_argument("--notebooks-dir", default=None,
                     help="folder holding the report notebooks (default: those perfkit ships)")
    run.set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
