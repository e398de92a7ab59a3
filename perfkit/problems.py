"""Problems found in input files, and how they are reported.

Every check in perfkit reports a :class:`Problem` that names the file, the row
and the column where there is one, what was found, what was expected and what
to do. Checks collect problems rather than stopping at the first, so a user
sees everything wrong with a file at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "Problem", "format_problems"]

#: How many rows of one kind of problem to list before summarising the rest.
ROWS_SHOWN_PER_PROBLEM = 10


@dataclass(frozen=True)
class Problem:
    file: str
    found: str
    expected: str
    fix: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # or "warning"

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        label = "Error" if self.severity == "error" else "Warning"
        return f"{label}: {self.where}: found {self.found}; expected {self.expected}. {self.fix}"


class DataError(ValueError):
    """Raised when input fails validation; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} problem(s) in the input:\n" + format_problems(self.problems)
        )


def format_problems(problems: Iterable[Problem], limit: int = ROWS_SHOWN_PER_PROBLEM) -> str:
    """Problems as text, errors first; after ``limit`` rows of the same kind
    (same file, column and expectation), the rest are counted, not listed."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    lines: list[str] = []
    seen: dict[tuple, int] = {}
    for problem in ordered:
        kind = (problem.severity, problem.file, problem.column, problem.expected)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= limit:
            lines.append(str(problem))
    for (severity, file, column, expected), count in seen.items():
        if count > limit:
            where = f"{file}, column '{column}'" if column else file
            lines.append(
                f"... and {count - limit} more {severity}s like this in {where} "
                f"(expected {expected})."
            )
    return "\n".join(lines)
