"""The words the data contract is written in: :class:`Column` and
:class:`Table`, and the columns that many tables share.

The contract itself (which tables, which columns, which rules) is in
:mod:`perfkit.data.contract`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AREA_CODE", "INDICATOR_ID", "Column", "Table", "make_synthetic_column",
           "normalise_name"]


@dataclass(frozen=True)
class Column:
    """One column of a table.

    kind is one of: text, code, number, count (a whole number of at least 0),
    integer, period, date, bool, choice, choices (several choices separated by
    ";").
    """

    name: str
    kind: str
    description: str
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: object = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = False
    management: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def normalise_name(name: object) -> str:
    """A column name as the contract reads it: case does not matter, and
    spaces or hyphens are underscores ('Area Code' is area_code)."""
    return str(name).strip().lower().replace(" ", "_").replace("-", "_")


def make_synthetic_column() -> Column:
    """The optional ``synthetic`` flag that every table but ``areas`` and
    ``peer_groups`` may carry."""
    return Column(
        "synthetic",
        "bool",
        "true when the rows are made-up demonstration data, not the council's own",
        required=False,
        default=False,
    )


#: The council a row is about, in the tables that hold one council's figures.
AREA_CODE = Column("area_code", "code", "ONS code of the council, e.g. E08000009")
#: The indicator a row is about.
INDICATOR_ID = Column("indicator_id", "code", "indicator id from the indicators table")
