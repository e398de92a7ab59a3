"""What the notebooks call: one object per report, one method per section.

A notebook opens its report with :func:`open_report` and then calls one method
per section; each method returns HTML for the cell's output. The sections
common to every line of enquiry live here; those of one line live in
:mod:`perfkit.report.sections`. Nothing here calculates: it picks rows from the
assessment table and hands them to the chart, table and narrative functions.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from perfkit.analysis import spc
from perfkit.analysis.forecast import PERCENT_BOUNDS
from perfkit.analysis.targets import RagRule
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.analysis.warning_signs import stale_data
from perfkit.charts.compare import peer_chart
from perfkit.charts.html import chart_html
from perfkit.charts.spc import spc_chart
from perfkit.data.dataset import Dataset
from perfkit.data.loading import load_data
from perfkit.periods import parse_period, period_end_dates
from perfkit.polarity import IMPROVEMENT_OF_POLARITY
from perfkit.registry import NOTEBOOKS
from perfkit.report import blocks
from perfkit.report.front_page import in_short, measure_anchor
from perfkit.report.glance import at_a_glance
from perfkit.report.headline import headline, points
from perfkit.report.lists import (
    out_of_date_html,
    questions_by_severity,
    worth_a_chart,
)
from perfkit.report.narrative import SPC_EXPLAINED, Sentence, narrate

__all__ = ["ReportPage", "open_report"]


@dataclass
class ReportPage:
    """One report: its parameters, the data, and the council's assessment."""

    notebook: str
    council: str
    period: str
    peer_group: str
    audience: str
    data: Dataset
    theme: str = ""
    indicators: tuple[str, ...] = ()
    suppression_threshold: int = 5
    tolerance: float = 5.0
    _explained: bool = field(default=False, repr=False)

    # -- what the report covers -------------------------------------------------
    @property
    def title(self) -> str:
        return NOTEBOOKS[self.notebook].title

    @cached_property
    def council_name(self) -> str:
        areas = self.data.areas.set_index("area_code")["area_name"]
        return str(areas.get(self.council, self.council))

    def title_of(self, indicator_id: str) -> str:
        """An indicator's short title."""
        table = self.data.indicators.set_index("indicator_id")["short_title"]
        return str(table.get(indicator_id, indicator_id))

    def _chosen_indicators(self) -> list[str]:
        table = self.data.indicators
        line = NOTEBOOKS[self.notebook].enquiry_line
        chosen = table if line is None else table[table["enquiry_lines"].str.contains(line)]
        if self.indicators:
            chosen = chosen[chosen["indicator_id"].isin(self.indicators)]
        if self.theme:
            words = (chosen["indicator_id"] + " " + chosen["title"] + " "
                     + chosen["service"].fillna("")).str.lower()
            chosen = chosen[words.str.contains(self.theme.lower(), regex=False)]
        return list(chosen["indicator_id"])

    @cached_property
    def assessment(self) -> pd.DataFrame:
        """Every series of the council in this report, latest values first by
        verdict severity, then by indicator."""
        options = AssessmentOptions(
            period=self.period, areas=(self.council,), peer_group=self.peer_group,
            indicators=tuple(self._chosen_indicators()),
            rule=RagRule(tolerance=self.tolerance))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", spc.SPCWarning)
            return assess(self.data, options)

    @property
    def totals(self) -> pd.DataFrame:
        """One row per indicator: the series without a breakdown."""
        table = self.assessment
        return table[table["breakdown_dimension"] == "all"].reset_index(drop=True)

    # -- sections every report has ----------------------------------------------
    def header(self) -> HTML:
        """Style, title, council and period, the synthetic-data banner."""
        parts = [blocks.page_style(),
                 f"<h1>{html.escape(self.title)}: {html.escape(self.council_name)}, "
                 f"{html.escape(self.period)}</h1>",
                 f"<p>Figures up to {html.escape(self.period)}, compared with "
                 f"{html.escape(self._peer_name())} and with all English councils. "
                 'Words such as "usual range" are explained in '
                 '<a href="glossary.html">the glossary</a>.</p>',
                 blocks.synthetic_notice(self.data.synthetic_tables, self.council_name)]
        return HTML("\n".join(parts))

    def _peer_name(self) -> str:
        groups = self.data.peer_groups
        if groups is None:
            return "no peer group"
        named = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
        return str(named.get(self.peer_group, self.peer_group))

    def summary(self) -> HTML:
        """The answer first: how many measures are doing how, and each that
        needs attention in one sentence with its reason."""
        return HTML(in_short(self.totals))

    def how_to_read(self) -> HTML:
        """How the verdicts are reached, in plain words (said once)."""
        self._explained = True
        return HTML(blocks.sentences_html([SPC_EXPLAINED]))

    def at_a_glance(self) -> HTML:
        """Every current measure in one table (out-of-date ones are listed at
        the end of the report instead)."""
        current = self.totals[~stale_data(self.totals)]
        if current.empty:
            return HTML(blocks.sentences_html(["There are no recent figures for this report."]))
        return HTML(at_a_glance(current, "cabinet"))

    def analyst_detail(self) -> HTML:
        """For analysts only, folded away: SPC limits, assurance and England
        position per measure."""
        if self.audience != "analyst" or self.totals.empty:
            return HTML("")
        table = at_a_glance(self.totals, "analyst", caption="Every measure, with the SPC detail")
        return HTML(blocks.analyst_details("Detail for analysts: every measure", table))

    def out_of_date(self) -> HTML:
        """The measures with no recent figures, listed once."""
        old = stale_data(self.totals)
        return HTML(out_of_date_html(self.totals[old]) if old.any() else "")

    def details(self, indicator_ids: list[str] | None = None) -> HTML:
        """A section per indicator: verdict, narrative, charts, commentary,
        questions. Measures with no recent figures are listed together at the
        end instead: charts of old figures say nothing about the council now."""
        rows = self.totals
        if indicator_ids is not None:
            rows = rows[rows["indicator_id"].isin(indicator_ids)]
        old = stale_data(rows)
        shown = rows[~old]
        if self.audience == "cabinet":  # context measures are in the table at a glance
            shown = shown[shown["verdict"] != "context"]
        parts = [self._indicator_section(row) for _, row in shown.iterrows()]
        if old.any():
            parts.append(out_of_date_html(rows[old]))
        return HTML("\n".join(parts))

    def questions(self, most: int | None = None) -> HTML:
        """The suggested questions, once each, those about the measures that most
        need attention first; ``most``: at most this many (the rest are in the
        line-of-enquiry reports)."""
        pairs = questions_by_severity(self.totals)
        shown = pairs if most is None else pairs[:most]
        more = len(pairs) - len(shown)
        note = (blocks.sentences_html([f"{more} more questions are in the reports on each "
                                       "line of enquiry."]) if more > 0 else "")
        return HTML(blocks.questions_html(shown) + note)

    # -- one indicator ------------------------------------------------------------
    def _indicator_section(self, row: pd.Series) -> str:
        """The measure's verdict, headline and points; a chart where there is
        something to see; the commentary; the full detail for analysts, folded."""
        anchor = measure_anchor(str(row["indicator_id"]))
        parts = [f'<h3 id="{html.escape(anchor)}">{html.escape(str(row["title"]))}</h3>',
                 blocks.status_badge(row["verdict"]),
                 blocks.measure_summary(headline(row), points(row))]
        if self.audience != "cabinet" and worth_a_chart(row):
            parts.append(chart_html(self.spc_chart(row)))
            peers = self.peer_chart(row) if row["verdict"] in ("concern", "watch") else None
            if peers is not None:
                parts.append(chart_html(peers))
        parts.append(self._commentary(row))
        if self.audience != "cabinet":
            why = Sentence(f"Why this verdict: {row['verdict_reason']}", ("verdict_reason",))
            parts.append(blocks.analyst_details(
                f"Detail for analysts: {row['short_title']}",
                blocks.sentences_html([why, *narrate(row)])))
        return '<section class="perfkit measure">' + "\n".join(p for p in parts if p) + \
            "</section>"

    @cached_property
    def own_observations(self) -> pd.DataFrame:
        """The council's rows of the observations table (picked once: a report
        looks up many series, and the whole table is large)."""
        obs = self.data.observations
        return obs[obs["area_code"] == self.council]

    @cached_property
    def _peer_observations(self) -> pd.DataFrame:
        """Rows without a breakdown of the council and the members of its peer group."""
        groups = self.data.peer_groups
        members = {self.council}
        if groups is not None:
            chosen = groups[(groups["group_id"] == self.peer_group)
                            & (groups["area_code"] == self.council)]
            members |= set(chosen["peer_code"])
        obs = self.data.observations
        return obs[obs["area_code"].isin(members) & (obs["breakdown_dimension"] == "all")]

    def up_to_period(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` whose period ends by the end of the report's
        period: a report shows what the council could have known then."""
        end = pd.Timestamp(parse_period(self.period).end)
        return table[period_end_dates(table["period"]) <= end]

    def series(self, indicator_id: str, dimension: str = "all",
               category: str = "all") -> pd.DataFrame:
        """The council's values of one indicator up to the report's period, in order."""
        obs = self.own_observations
        mine = obs[(obs["indicator_id"] == indicator_id)
                   & (obs["breakdown_dimension"] == dimension)
                   & (obs["breakdown_category"] == category)]
        mine = self.up_to_period(mine)
        return mine.assign(_order=[parse_period(p) for p in mine["period"]]).sort_values(
            "_order").drop(columns="_order").reset_index(drop=True)

    def spc_chart(self, row: pd.Series):
        values = self.series(row["indicator_id"], row["breakdown_dimension"],
                             row["breakdown_category"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", spc.SPCWarning)
            chart = spc.xmr(values.set_index("period")["value"],
                            improvement=IMPROVEMENT_OF_POLARITY[row["polarity"]])
        if row["unit"] == "percent":
            chart = spc.clip_limits(chart, *PERCENT_BOUNDS)
        target = None if pd.isna(row["target"]) else float(row["target"])
        return spc_chart(chart, title=f"{row['short_title']}, {self.council_name}",
                         unit=row["unit"], decimal_places=int(row["decimal_places"]),
                         polarity=row["polarity"], target=target, area=self.council_name)

    def peer_values(self, indicator_id: str, period: str) -> pd.DataFrame:
        obs = self._peer_observations
        rows = obs[(obs["indicator_id"] == indicator_id) & (obs["period"] == period)]
        names = self.data.areas.set_index("area_code")["area_name"]
        return rows.assign(area_name=rows["area_code"].map(names))

    def peer_chart(self, row: pd.Series):
        values = self.peer_values(row["indicator_id"], row["period"])
        if len(values) < 2:
            return None
        return peer_chart(values, focal_code=self.council,
                          title=f"{row['short_title']}: {self._peer_name()}, {row['period']}",
                          unit=row["unit"], decimal_places=int(row["decimal_places"]),
                          polarity=row["polarity"], period=row["period"])

    def _commentary(self, row: pd.Series) -> str:
        notes = self.data.commentary
        if notes is None:
            return ""
        mine = notes[(notes["area_code"] == self.council)
                     & (notes["indicator_id"] == row["indicator_id"])
                     & (notes["period"] == row["period"])]
        if mine.empty:
            return ""
        note = mine.iloc[0]
        return blocks.commentary_block(note["commentary"], note["author"], note["period"])


def open_report(notebook: str, *, council: str, period: str, peer_group: str,
                audience: str, theme: str = "", indicators: list | tuple = (),
                suppression_threshold: int = 5, tolerance: float = 5.0,
                data_dir: str | Path = "data") -> ReportPage:
    """Load and validate the data folder and set up one report page."""
    if notebook not in NOTEBOOKS:
        raise ValueError(f"unknown notebook {notebook!r}; expected one of {list(NOTEBOOKS)}")
    return ReportPage(notebook, council, period, peer_group, audience, load_data(data_dir),
                  theme=theme, indicators=tuple(indicators),
                  suppression_threshold=int(suppression_threshold), tolerance=float(tolerance))
