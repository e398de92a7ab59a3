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
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS, stale_data
from perfkit.charts.compare import peer_chart
from perfkit.charts.html import chart_html
from perfkit.charts.spc import spc_chart
from perfkit.data.dataset import Dataset
from perfkit.data.loading import load_data
from perfkit.formatting import format_value
from perfkit.periods import parse_period, period_end_dates
from perfkit.polarity import IMPROVEMENT_OF_POLARITY
from perfkit.registry import NOTEBOOKS
from perfkit.report import blocks
from perfkit.report.glance import at_a_glance
from perfkit.report.narrative import SPC_EXPLAINED, Sentence, narrate
from perfkit.report.questions import scrutiny_questions

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
                 f"{html.escape(self._peer_name())} and with all English councils.</p>",
                 blocks.synthetic_notice(self.data.synthetic_tables, self.council_name)]
        return HTML("\n".join(parts))

    def _peer_name(self) -> str:
        groups = self.data.peer_groups
        if groups is None:
            return "no peer group"
        named = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
        return str(named.get(self.peer_group, self.peer_group))

    def how_to_read(self) -> HTML:
        """How the verdicts are reached, in plain words (said once)."""
        self._explained = True
        return HTML(blocks.sentences_html([SPC_EXPLAINED]))

    def at_a_glance(self) -> HTML:
        if self.totals.empty:
            return HTML(blocks.sentences_html(["There are no figures for this report."]))
        return HTML(at_a_glance(self.totals, "cabinet"))

    def analyst_detail(self) -> HTML:
        """For analysts only: SPC limits, assurance and England position per measure."""
        if self.audience != "analyst" or self.totals.empty:
            return HTML("")
        return HTML(at_a_glance(self.totals, "analyst",
                                       caption="Detail for analysts: every measure"))

    def details(self, indicator_ids: list[str] | None = None) -> HTML:
        """A section per indicator: verdict, narrative, charts, commentary,
        questions. Measures with no recent figures are listed together at the
        end instead: charts of old figures say nothing about the council now."""
        rows = self.totals
        if indicator_ids is not None:
            rows = rows[rows["indicator_id"].isin(indicator_ids)]
        old = stale_data(rows)
        parts = [self._indicator_section(row) for _, row in rows[~old].iterrows()]
        if old.any():
            parts.append(self._out_of_date(rows[old]))
        return HTML("\n".join(parts))

    def _out_of_date(self, rows: pd.DataFrame) -> str:
        shown = pd.DataFrame({
            "Measure": rows["short_title"],
            "Latest figure": [format_value(value, unit, int(places)) for value, unit, places
                              in zip(rows["value"], rows["unit"], rows["decimal_places"],
                                     strict=True)],
            "Period": rows["period"]})
        text = (f"These measures have not been updated for more than {STALE_AFTER_PERIODS} of "
                f"their reporting periods (for a yearly measure, more than {STALE_AFTER_PERIODS} "
                "years), so they cannot show how the council is doing now. They are listed "
                "here, not charted. Ask when newer figures will be available.")
        return "\n".join(["<h3>Measures with no recent figures</h3>",
                          blocks.sentences_html([text]),
                          blocks.table_html(shown, "Measures with no recent figures")])

    def questions(self) -> HTML:
        """Every suggested question in the report, once each."""
        pairs = [q for _, row in self.totals.iterrows() for q in scrutiny_questions(row)]
        return HTML(blocks.questions_html(list(dict.fromkeys(pairs))))

    # -- one indicator ------------------------------------------------------------
    def _indicator_section(self, row: pd.Series) -> str:
        why = Sentence(f"Why this verdict: {row['verdict_reason']}", ("verdict_reason",))
        parts = [f"<h3>{html.escape(str(row['title']))}</h3>",
                 blocks.status_badge(row["verdict"]),
                 blocks.sentences_html([why, *narrate(row)])]
        if self.audience != "cabinet":
            parts.append(chart_html(self.spc_chart(row)))
            peers = self.peer_chart(row)
            if peers is not None:
                parts.append(chart_html(peers))
        parts.append(self._commentary(row))
        if self.audience != "cabinet":
            parts.append(blocks.questions_html(scrutiny_questions(row)))
        return "\n".join(p for p in parts if p)

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
