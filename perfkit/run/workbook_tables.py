"""The tables of the assessment workbook (:mod:`perfkit.run.workbook`), from
the assessment table: plain column headings, words for codes, the GSS
shorthand for a missing cell and, for each figure, the number format of its
measure's decimal places.

Numbers stay numbers, at the precision of ``assessment.csv``
(:data:`perfkit.run.record.CSV_FLOAT_FORMAT`); only their display is rounded.
A cell with nothing in it gets a shorthand from the Analysis Function's
guidance on symbols in tables: ``[x]`` not available, ``[z]`` not applicable
(a target's columns where there is no target), ``[c]`` confidential (a figure
the data marked suppressed).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["BREAKDOWNS", "CONFIDENTIAL", "MEASURES", "NOT_APPLICABLE", "NOT_AVAILABLE",
           "Column", "SheetTable", "all_columns_table", "number_format", "plain_text",
           "sheet_table"]

NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
CONFIDENTIAL = "[c]"
_SHORTHAND = (NOT_AVAILABLE, NOT_APPLICABLE, CONFIDENTIAL)
#: Significant digits kept, as assessment.csv's "%.10g".
_DIGITS = 10
#: unit code (data contract) -> the unit in words, for the Unit column
_UNIT_WORDS = {
    "percent": "per cent", "rate_per_1000": "per 1,000", "rate_per_10000": "per 10,000",
    "rate_per_100000": "per 100,000", "gbp": "pounds", "gbp_thousands": "£ thousands",
    "gbp_millions": "£ millions", "gbp_per_head": "pounds per person", "count": "count",
    "days": "days", "weeks": "weeks", "years": "years", "score": "score", "rank": "rank",
    "ratio": "ratio"}
_DIRECTIONS = {"improving": "Better", "worsening": "Worse",
               "no_significant_change": "About the same", "increased": "Higher",
               "decreased": "Lower", "not_comparable": None}
_VARIATION = {"common_cause": "Normal ups and downs",
              "special_cause_improvement": "Real change for the better",
              "special_cause_concern": "Real change for the worse",
              "special_cause_neutral_high": "Real change upwards",
              "special_cause_neutral_low": "Real change downwards"}
_RAG = {"green": "Green", "amber": "Amber", "red": "Red", "none": None}
_YES_NO = {True: "Yes", False: "No"}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its ``header``, the assessment column it shows
    (``source``), how (``kind``: "text"; "figure", in the measure's unit and
    rounding; "whole", a whole number), ``words`` for codes, the ``note`` its
    heading refers to, its ``unit`` (shown in the heading) and what a missing
    cell means (``missing``: [x]; "target": [z] where there is no target, else
    [x]; or words, such as "None")."""

    header: str
    source: str
    kind: str = "text"
    words: Mapping | None = None
    note: str | None = None
    unit: str | None = None
    missing: str = NOT_AVAILABLE


@dataclass
class SheetTable:
    """A sheet's table, ready for gptables: cells, heading units and notes (by
    column position), number formats by (row, column) of the written table
    (its heading is row 0) and the shorthand it uses."""

    frame: pd.DataFrame
    units: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    shorthand: list[str] = field(default_factory=list)


_TARGET = "target"
_FIGURES = ("value", "numerator", "denominator")
_COMMON = (
    Column("Measure", "title"),
    Column("Measure ID", "indicator_id"),
)
_LATEST = (
    Column("Period", "period"),
    Column("Latest value", "value", "figure"),
    Column("Unit", "unit", words=_UNIT_WORDS),
    Column("Count (numerator)", "numerator", "whole"),
    Column("Base (denominator)", "denominator", "whole"),
    Column("Verdict", "verdict_label", note="verdict"),
    Column("Why", "verdict_reason"),
    Column("Exceptional period", "exceptional", note="exceptional", missing="No"),
    Column("Previous period", "previous_period"),
    Column("Previous value", "previous_value", "figure"),
    Column("Change since previous period", "direction_previous", words=_DIRECTIONS,
           note="direction"),
    Column("Same period last year", "last_year_period"),
    Column("Value last year", "last_year_value", "figure"),
    Column("Change since last year", "direction_last_year", words=_DIRECTIONS),
    Column("Average", "spc_mean", "figure", note="usual_range"),
    Column("Usual range low", "spc_lpl", "figure"),
    Column("Usual range high", "spc_upl", "figure"),
    Column("Variation", "variation", words=_VARIATION),
)
_TARGETS = (
    Column("Target", "target", "figure", note="target", missing=_TARGET),
    Column("Rating", "rag", words=_RAG, missing=_TARGET),
    Column("Rating reason", "rag_reason", missing=_TARGET),
    Column("Target is demonstration data", "target_synthetic", words=_YES_NO,
           note="synthetic", missing=_TARGET),
    Column("Forecast", "forecast_value", "figure"),
    Column("Forecast period", "forecast_period"),
)
_COMPARISONS = (
    Column("Rank among similar councils", "peer_rank", "whole", note="rank"),
    Column("Similar councils with a figure", "peer_count", "whole", unit="count"),
    Column("Similar councils' median", "peer_median", "figure"),
    Column("Similar councils", "peer_group_name"),
    Column("Rank in nation", "national_rank", "whole"),
    Column("Councils in nation with a figure", "national_count", "whole", unit="count"),
    Column("National median", "national_median", "figure"),
    Column("Nation's own figure", "national_value", "figure"),
    Column("Nation", "nation"),
    Column("Warning signs", "flag_reasons", missing="None"),
    Column("Figures in series", "points", "whole", unit="count"),
)
#: From the indicators table, where the workbook is given it.
_SOURCES = (Column("Source", "source"), Column("Licence", "licence"))
MEASURES = (*_COMMON, *_LATEST, *_TARGETS, *_COMPARISONS, *_SOURCES)
#: Targets are for the whole population: breakdowns have none.
BREAKDOWNS = (*_COMMON, Column("Breakdown", "breakdown_dimension", words={},
                                note="breakdowns"),
              Column("Group", "breakdown_category"), *_LATEST, *_COMPARISONS)


def plain_text(text: object) -> str:
    """Text that gptables writes as typed: not a link ("[a](b)") nor a note
    reference ("$$a$$")."""
    return str(text).replace("](", "] (").replace("$$", "$ $")


def _missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: object) -> float | int:
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return float(f"{number:.{_DIGITS}g}")


def _cell(value: object, column: Column) -> object:
    """The cell for one value (None if it is missing)."""
    if column.words is not None and not _missing(value):
        value = column.words.get(value, str(value).replace("_", " ").capitalize())
    if _missing(value):
        return None
    if column.kind != "text":
        return _number(value)
    return plain_text(value)


def _fill(rows: pd.DataFrame, column: Column) -> pd.Series:
    """The shorthand for each missing cell of a column."""
    fill = NOT_AVAILABLE if column.missing == _TARGET else column.missing
    shorthand = pd.Series(fill, index=rows.index, dtype=object)
    if column.missing == _TARGET and "target" in rows:
        shorthand[rows["target"].isna()] = NOT_APPLICABLE
    if column.source in _FIGURES and "status" in rows:
        shorthand[rows["status"].eq("suppressed")] = CONFIDENTIAL
    return shorthand


def _places(rows: pd.DataFrame) -> pd.Series:
    """Each row's decimal places (one where the table does not say)."""
    places = pd.Series(rows["decimal_places"] if "decimal_places" in rows else None,
                       index=rows.index, dtype=object)
    return pd.to_numeric(places, errors="coerce").fillna(1).clip(0, 10).astype(int)


def number_format(places: int) -> str:
    """Excel's number format for a figure with this many decimal places."""
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def sheet_table(rows: pd.DataFrame, columns: tuple[Column, ...]) -> SheetTable:
    """The sheet of these assessment rows, with these columns (those whose
    source the table has)."""
    rows = rows.reset_index(drop=True)
    shown = [c for c in columns if c.source in rows.columns]
    table, cells_of = SheetTable(pd.DataFrame()), {}
    places = _places(rows)
    for position, column in enumerate(shown):
        cells = pd.Series([_cell(v, column) for v in rows[column.source]],
                          index=rows.index, dtype=object)
        missing = cells.isna()
        cells[missing] = _fill(rows, column)[missing]
        cells_of[column.header] = cells
        table.shorthand += [s for s in cells[missing] if s in _SHORTHAND]
        if column.unit:
            table.units[position] = column.unit
        if column.note:
            table.notes[position] = f"$${column.note}$$"
        for row in rows.index[~missing] if column.kind != "text" else ():
            if column.kind == "figure":
                table.formats[(row + 1, position)] = number_format(places[row])
            elif isinstance(cells[row], int):  # a whole number shown whole
                table.formats[(row + 1, position)] = number_format(0)
    table.shorthand = [s for s in _SHORTHAND if s in table.shorthand]
    table.frame = pd.DataFrame(cells_of, index=rows.index, dtype=object)
    return table


def all_columns_table(rows: pd.DataFrame) -> SheetTable:
    """Every column of the assessment, named as in assessment.csv: numbers as
    numbers, true/false as TRUE/FALSE, and [x] where the CSV is blank."""
    rows = rows.reset_index(drop=True)
    cells = {name: [_raw_cell(v) for v in rows[name]] for name in rows.columns}
    frame = pd.DataFrame({name: [NOT_AVAILABLE if c is None else c for c in column]
                          for name, column in cells.items()}, index=rows.index, dtype=object)
    used = [NOT_AVAILABLE] if frame.isin([NOT_AVAILABLE]).to_numpy().any() else []
    return SheetTable(frame, shorthand=used)


def _raw_cell(value: object) -> object:
    if _missing(value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Real):  # numpy's numbers too
        return _number(value)
    return plain_text(value)
