"""The ``perfkit`` command.

    perfkit validate DATA_DIR    check a data folder and list every problem
    perfkit summary DATA_DIR     validate, then describe what the folder holds
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .loading import validate_data
from .problems import format_problems
from .summary import summarise

__all__ = ["main"]


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfkit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a data folder")
    validate.add_argument("data_dir", help="folder holding the data tables")
    validate.set_defaults(handler=_validate, summary=False)
    summary = commands.add_parser("summary", help="validate and describe a data folder")
    summary.add_argument("data_dir", help="folder holding the data tables")
    summary.set_defaults(handler=_validate, summary=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
