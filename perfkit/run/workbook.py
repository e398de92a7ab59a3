"""``assessment.xlsx``: the assessment table of one council as an accessible
workbook, beside ``assessment.csv``, for analysts.

>>> write_assessment_workbook(table, "E08000009", Path("assessment.xlsx"),
...                           council_name="Trafford", period="2025-26 Q3")

It is made with gptables (the Analysis Function's package for the guidance
on releasing statistics in spreadsheets): a cover sheet (what the workbook
holds, how it was made, where the figures come from, and a warning where its
targets are made-up demonstration data), a table of contents, the notes that
column headings refer to, and the tables: ``Measures`` (one row per measure),
``Breakdowns`` (one row per group of people) and ``All_columns`` (every column
of assessment.csv, under its own name). Each table has a title, subtitles,
instructions, the shorthand it uses for missing cells, and its source
(:mod:`perfkit.run.workbook_tables`).

The file is the same, byte for byte, whenever the same table is written: its
parts are built in memory (so they carry the zip format's fixed date) and
its "created" property is :data:`CREATED`, not the time of writing. A run's
time stamps stay in ``manifest.json``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import gptables
import pandas as pd

from perfkit.analysis.reconcile import VERDICTS
from perfkit.report.glossary import term
from perfkit.run.workbook_tables import (
    BREAKDOWNS,
    CONFIDENTIAL,
    MEASURES,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SheetTable,
    all_columns_table,
    plain_text,
    sheet_table,
)

__all__ = ["CREATED", "WORKBOOK_FILE", "write_assessment_workbook"]

#: The workbook's file name, beside assessment.csv.
WORKBOOK_FILE = "assessment.xlsx"
#: The "created" document property of every workbook, so that the file does not
#: change with the time it was written.
CREATED = datetime(2000, 1, 1, tzinfo=UTC)
#: The widest a table column is made (in characters); longer text wraps.
WIDEST_COLUMN = 60
#: The same in pixels, as xlsxwriter counts them (7 a character, and 5 of padding).
_WIDEST_PIXELS = WIDEST_COLUMN * 7 + 5
#: xlsxwriter options: parts built in memory (fixed zip dates), and text from the
#: data written as text, never as a formula or a link.
_WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False,
                     "strings_to_urls": False, "strings_to_numbers": False}
_LEGEND = {NOT_AVAILABLE: "[x] = not available $$not_available$$",
           NOT_APPLICABLE: "[z] = not applicable $$not_applicable$$",
           CONFIDENTIAL: "[c] = confidential $$confidential$$"}
_INSTRUCTIONS = ("This worksheet contains one table. Some column headings refer to notes, "
                 "on the Notes worksheet. Figures are shown rounded to each measure's "
                 "decimal places; the cells hold them as assessment.csv does.")
_ALL_COLUMNS = ("This worksheet contains one table, with the column names of assessment.csv "
                "(perfkit's docs/methodology.md describes them). The cells hold the figures "
                "as assessment.csv does, unrounded; true and false are TRUE and FALSE.")


def _version() -> str:
    try:
        return metadata.version("perfkit")
    except metadata.PackageNotFoundError:
        return "(version unknown)"


def _notes(name: str) -> dict[str, str]:
    """Every note a table may refer to, by its reference."""
    return {
        "verdict": "The verdict says in a few words how the measure is doing: "
                   + ", ".join(VERDICTS.values()) + ". It weighs the trend (SPC), the "
                   "target, and the comparisons with similar councils and the nation; "
                   "the Why column gives the reason (perfkit's docs/methodology.md, "
                   "'The verdict').",
        "exceptional": "A figure in a period set aside as exceptional, such as the "
                       "pandemic year, gets no target rating, and the usual range is "
                       "set from the other figures.",
        "direction": term("direction-of-travel").plain + " " + term("about-the-same").plain,
        "usual_range": term("usual-range").plain + " " + term("trial-limits").plain,
        "target": term("target").plain + " " + term("rag-rating").plain,
        "synthetic": f"Yes where the target is made-up demonstration data, not {name}'s "
                     "own. " + term("synthetic-data").why,
        "rank": "1 is the best. " + term("similar-councils").plain + " The Similar "
                "councils column names the group each measure is compared with. Rank "
                "in nation is among all councils of the nation with a figure.",
        "breakdowns": "A breakdown splits a measure by a group of people, such as age, sex "
                      "or ethnicity; each group's row is its own latest figure. Targets "
                      "are for the whole population, so breakdowns have none.",
        "not_available": "[x]: not available. For example, too few figures for a usual "
                         "range, no earlier figure to compare with, or too few similar "
                         "councils with a figure to rank.",
        "not_applicable": "[z]: not applicable. The measure has no target for its latest "
                          "period, so it has no target, rating or rating reason.",
        "confidential": "[c]: confidential. The data marked the figure suppressed, to "
                        "protect small numbers.",
        "blank": "On the All_columns sheet, [x] stands for a blank cell of assessment.csv: "
                 "no value, whether not available or not applicable to the row. perfkit's "
                 "docs/methodology.md describes each column ('The assessment table').",
    }


def _gptable(table: SheetTable, name: str, title: str, subtitles: list[str],
             source: str, legend: list[str] | None = None,
             instructions: str = _INSTRUCTIONS) -> gptables.GPTable:
    legend = legend if legend is not None else [_LEGEND[s] for s in table.shorthand]
    formats = [{"cell": {"cells": cell, "format": {"num_format": number_format}}}
               for cell, number_format in table.formats.items()]
    return gptables.GPTable(
        table=table.frame, table_name=name, title=title, subtitles=subtitles,
        instructions=instructions, legend=legend, source=source,
        units=dict(table.units) or None, table_notes=dict(table.notes) or None,
        index_columns={2: 0}, additional_formatting=formats)


def _sheets(rows: pd.DataFrame, columns: list[str], where: str,
            source: str) -> dict[str, gptables.GPTable]:
    """The workbook's tables, by sheet name (All_columns: ``columns``, those of
    assessment.csv); with no measure, a Measures table of one row that says so."""
    totals = rows["breakdown_dimension"].eq("all") if "breakdown_dimension" in rows \
        else pd.Series(True, index=rows.index)
    measures = sheet_table(rows[totals], MEASURES) if totals.any() else SheetTable(
        pd.DataFrame({"Measure": ["No measure was assessed"], "Period": [NOT_AVAILABLE]}),
        shorthand=[NOT_AVAILABLE])
    sheets = {"Measures": _gptable(
        measures, "measures", f"Measures: {where}",
        ["One row per measure: its latest figure, verdict and why, usual range, target "
         "and rating, and how it compares with similar councils and the nation."], source)}
    if (~totals).any():
        sheets["Breakdowns"] = _gptable(
            sheet_table(rows[~totals], BREAKDOWNS), "breakdowns", f"Breakdowns: {where}",
            ["One row per measure and group of people: its latest figure, verdict and "
             "how it compares."], source)
    if not rows.empty:
        sheets["All_columns"] = _gptable(
            all_columns_table(rows[columns]), "all_columns",
            f"Every column of assessment.csv: {where}",
            ["The assessment table as assessment.csv holds it, one row per measure and "
             "breakdown, for analysts who join it to other tables."], source,
            legend=["[x] = blank in assessment.csv $$blank$$"], instructions=_ALL_COLUMNS)
    return sheets


def _referenced(sheets: dict[str, gptables.GPTable], notes: dict[str, str]) -> pd.DataFrame:
    """The notes the tables refer to, as gptables' notes table."""
    text = " ".join(str([t.title, t.legend, t.table_notes]) for t in sheets.values())
    used = [key for key in notes if f"$${key}$$" in text]
    return pd.DataFrame({"Note reference": used, "Note text": [notes[k] for k in used]})


#: What each table sheet holds, for the cover.
_HOLDS = {"Measures": "the Measures sheet has one row per measure",
          "Breakdowns": "the Breakdowns sheet one row per group of people (such as age or sex)",
          "All_columns": "the All_columns sheet every column of assessment.csv under its own name"}


def _cover(name: str, period: str, run_title: str | None, demonstration: bool,
           with_sources: bool, sheets: Iterable[str]) -> gptables.Cover:
    holds = [_HOLDS[sheet] for sheet in sheets]
    intro = [f"This workbook holds perfkit's assessment of {name}'s performance measures "
             f"for {period}: for each measure, its latest figure, a verdict on how it is "
             "doing and why, its usual range, its target and rating, and how it compares "
             "with similar councils and with the nation.",
             "It holds the figures of assessment.csv, beside it: "
             + (", and ".join([", ".join(holds[:-1]), holds[-1]]) if len(holds) > 1
                else holds[0]) + "."]
    if run_title:
        intro.append(f"Made for the run file '{run_title}'.")
    sources = ("Each measure's source and licence are in the Source and Licence columns of "
               "the Measures sheet." if with_sources else
               "The indicators table of the council's data folder names each measure's "
               "source and licence.")
    about = [[{"bold": True}, "How it was made"],
             f"perfkit {_version()} worked out every figure from the council's data "
             "folder, the same way for every council and measure: statistical process "
             "control (SPC) for each measure's usual range and real changes, the council's "
             "targets for the ratings, and rankings among similar councils and among all "
             "councils of the nation. perfkit's docs/methodology.md explains each step. "
             "manifest.json, beside this workbook, records the data files, the run's "
             "settings and the software versions.",
             [{"bold": True}, "Where the figures come from"], sources]
    if demonstration:
        about += [[{"bold": True}, "Demonstration data"],
                  f"The targets in this workbook, and the ratings and forecasts measured "
                  f"against them, are made-up demonstration data, not {name}'s own. "
                  "Do not make decisions from them."]
    about += [[{"bold": True}, "Small numbers"],
              "Small numbers are not suppressed: like assessment.csv, this workbook is for "
              "analysts. Suppress small counts before publishing any of it.",
              [{"bold": True}, "Notes, missing figures and units"],
              "Some column headings refer to notes on the Notes worksheet; note markers are "
              "in square brackets, for example [note 1]. A cell with no figure holds a "
              "shorthand: [x] not available, [z] not applicable, [c] confidential. A "
              "column with one unit gives it in round brackets in its heading; each "
              "measure's own unit is in the Unit column."]
    return gptables.Cover(title=f"Performance assessment: {name}, {period}", intro=intro,
                          about=about, cover_label="Cover")


def _narrow_columns(workbook) -> None:
    """No table column wider than WIDEST_COLUMN characters: longer text wraps."""
    for sheet in workbook.worksheets()[1:]:  # the cover sets its own width
        for column, info in sorted(sheet.col_info.items()):
            if info.width is not None and info.width > _WIDEST_PIXELS:
                sheet.set_column_pixels(column, column, _WIDEST_PIXELS)


def _demonstration(rows: pd.DataFrame, synthetic_tables: Iterable[str]) -> bool:
    flagged = rows["target_synthetic"].eq(True).any() if "target_synthetic" in rows else False
    return bool(flagged) or "targets" in set(synthetic_tables)


def _with_sources(rows: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """Each row with its measure's source and licence, from the indicators table."""
    wanted = ["indicator_id", "source", "licence"]
    if indicators is None or not set(wanted) <= set(indicators.columns) \
            or "source" in rows.columns:
        return rows
    sources = indicators[wanted].drop_duplicates("indicator_id")
    return rows.merge(sources, on="indicator_id", how="left")


def write_assessment_workbook(table: pd.DataFrame, council: str, path: Path, *,
                              council_name: str | None = None, period: str | None = None,
                              run_title: str | None = None,
                              indicators: pd.DataFrame | None = None,
                              synthetic_tables: Iterable[str] = ()) -> None:
    """Write one council's rows of the assessment table to ``path`` as an
    accessible workbook. ``indicators``: the data folder's indicators table
    (for each measure's source and licence); ``synthetic_tables``: the tables
    of made-up demonstration data (``Dataset.synthetic_tables``)."""
    rows = table[table["area_code"] == council]
    keys = [c for c in ("indicator_id", "breakdown_dimension", "breakdown_category",
                        "period") if c in rows.columns]
    rows = _with_sources(rows.sort_values(keys, kind="mergesort", ignore_index=True),
                         indicators)
    name, period = plain_text(council_name or council), plain_text(period or "all periods")
    source = f"Source: {name}'s data folder, assessed by perfkit {_version()}."
    sheets = _sheets(rows, list(table.columns), f"{name}, {period}", source)
    cover = _cover(name, period, plain_text(run_title) if run_title else None,
                   _demonstration(rows, synthetic_tables), "source" in rows.columns, sheets)
    with warnings.catch_warnings():  # gptables' own use of pandas, not ours to act on
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="gptables")
        warnings.filterwarnings("ignore", category=FutureWarning, module="gptables")
        workbook = gptables.produce_workbook(
            filename=str(path), sheets=sheets, cover=cover,
            notes_table=_referenced(sheets, _notes(name)),
            contentsheet_options={"additional_elements": ["subtitles"]},
            workbook_options=dict(_WORKBOOK_OPTIONS))
    workbook.set_properties({"title": cover.title, "subject": "Performance assessment",
                             "author": "perfkit", "created": CREATED,
                             "comments": f"Made by perfkit {_version()} with gptables."})
    _narrow_columns(workbook)
    workbook.close()
