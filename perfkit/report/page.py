"""What the notebooks call: one object per report, one method per section.

A notebook opens its report with :func:`open_report` and then calls one method
per section; each method returns HTML for the cell's output. The sections
common to every line of enquiry live here; those of one line live in
:mod:`perfkit.report.sections`. Nothing here calculates: it picks rows from the
assessment table and hands them to the chart, table and narrative functions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from perfkit.analysis.exceptional import exceptional_reason
from perfkit.analysis.warning_signs import stale_data
from perfkit.charts.html import chart_html
from perfkit.data.loading import load_data
from perfkit.registry import NOTEBOOKS
from perfkit.report import blocks
from perfkit.report.actions import measure_actions_html
from perfkit.report.comparison_words import compared_with
from perfkit.report.front_page import in_short, measure_anchor
from perfkit.report.glance import at_a_glance
from perfkit.report.headline import headline, points
from perfkit.report.lists import (
    out_of_date_html,
    questions_by_severity,
    worth_a_chart,
)
from perfkit.report.narrative import SPC_EXPLAINED, Sentence, narrate
from perfkit.report.page_data import PageData

__all__ = ["ReportPage", "open_report"]


@dataclass
class ReportPage(PageData):
    """One report: its parameters, the data, and the council's assessment
    (:class:`~perfkit.report.page_data.PageData`), and a method per section."""

    _explained: bool = field(default=False, repr=False)

    # -- sections every report has ----------------------------------------------
    def header(self) -> HTML:
        """Style, title, council and period, the synthetic-data banner."""
        run_group = self.peer_group_for_run()
        compared = compared_with(self.totals, council_name=self.council_name,
                                 nation=self.nation,
                                 has_national_row=self.national_code is not None,
                                 run_group_name=run_group and self.group_name(run_group))
        parts = [blocks.page_style(),
                 f"<h1>{html.escape(self.title)}: {html.escape(self.council_name)}, "
                 f"{html.escape(self.period)}</h1>",
                 f"<p>Figures up to {html.escape(self.period)}. {html.escape(compared)} "
                 'Words such as "usual range" are explained in '
                 '<a href="glossary.html">the glossary</a>.</p>',
                 blocks.synthetic_notice(self.data.synthetic_tables, self.council_name),
                 self._exceptional_note()]
        return HTML("\n".join(parts))

    def _exceptional_note(self) -> str:
        """Where the report's figures include an exceptional period, one
        sentence saying how they are treated ('' where none do)."""
        periods = self.up_to_period(self.own_observations[
            self.own_observations["indicator_id"].isin(self.totals["indicator_id"])])["period"]
        found = exceptional_reason(pd.Series(pd.unique(periods)), self.data.exceptional_periods)
        named = list(dict.fromkeys(found.dropna()))
        if not named:
            return ""
        which = " and ".join(named)
        return (f"<p>Figures for {html.escape(which)} are set aside as exceptional: they are "
                "shown, but left out of the usual ranges, and get no target rating.</p>")

    def peer_group_for_run(self) -> str | None:
        """The run's peer group, where the council has it."""
        return self.peer_group if self.peers_in(self.peer_group) else None

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
        """For analysts only, folded away: SPC limits, assurance and the
        position among all councils of the nation, per measure."""
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
        parts.append(self._actions_for(row))
        if self.audience != "cabinet":
            why = Sentence(f"Why this verdict: {row['verdict_reason']}", ("verdict_reason",))
            parts.append(blocks.analyst_details(
                f"Detail for analysts: {row['short_title']}",
                blocks.sentences_html([why, *narrate(row)])))
        return '<section class="perfkit measure">' + "\n".join(p for p in parts if p) + \
            "</section>"

    def _actions_for(self, row: pd.Series) -> str:
        """The actions aimed at the measure: progress, overdue, what changed since."""
        if self.actions.empty or row["breakdown_dimension"] != "all":
            return ""
        measure = self.data.indicators.set_index("indicator_id", drop=False).loc[
            row["indicator_id"]]
        return measure_actions_html(self.actions, measure)

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
