"""The ward view: where in the borough things differ.

A notebook opens its report with :func:`perfkit.open_report` and hands it to
:func:`ward_page`; each method of the :class:`WardPage` is one section and
returns HTML for a notebook cell: the title, "In short", the map with its
table, the small areas inside each ward, the ranks on each kind of
deprivation, questions to ask and how to read it. The numbers come from
:mod:`perfkit.analysis.wards` (ranks: 1 = the highest value in the borough,
the most deprived), the words from :mod:`perfkit.report.ward_words`. Each
section carries its own heading, so that for a council with no ward figures
the page is its title and one sentence saying so, and nothing else.

Like every section, it shows figures up to the report's period and none after.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from IPython.display import HTML

from perfkit.analysis import wards
from perfkit.charts.html import chart_html
from perfkit.charts.ward_map import ward_map
from perfkit.charts.ward_spread import spread_chart
from perfkit.data.boundaries import read_boundaries
from perfkit.formatting import format_value
from perfkit.markup import frame_table, wrap
from perfkit.periods import parse_period
from perfkit.report import blocks, ward_words
from perfkit.report.page import ReportPage

__all__ = ["WardPage", "ward_page"]

_SMALL_AREA_WHAT = "IMD score (higher = more deprived)"


def _section(heading: str, body: str, anchor: str) -> HTML:
    return HTML(blocks.titled_section(heading, body, anchor))


@dataclass
class WardPage:
    """The ward view of one report: its wards, their figures and the sections."""

    report: ReportPage

    # -- the figures ------------------------------------------------------------
    @cached_property
    def _own(self) -> pd.DataFrame:
        data = self.report.data
        return wards.within_council(data.observations, data.areas, self.report.council)

    @cached_property
    def observations(self) -> pd.DataFrame:
        """The observations of the council's wards and small areas, up to the period."""
        return self.report.up_to_period(self._own)

    @cached_property
    def profile(self) -> wards.WardProfile:
        return wards.ward_profile(self.observations, self.report.data.areas,
                                  self.report.council)

    @cached_property
    def domains(self) -> wards.WardProfile:
        return wards.ward_profile(self.observations, self.report.data.areas,
                                  self.report.council, wards.DEPRIVATION_DOMAINS)

    @cached_property
    def points(self) -> pd.DataFrame:
        return wards.small_area_points(self.observations, self.report.data.areas,
                                       self.report.council)

    @cached_property
    def spread(self) -> pd.DataFrame:
        return wards.small_area_spread(self.points)

    @property
    def has_figures(self) -> bool:
        """Whether the council has wards with any figure up to the period."""
        return any(self.profile.has(m) for m in self.profile.indicators)

    def _indicator(self, indicator_id: str) -> pd.Series:
        return self.report.data.indicators.set_index("indicator_id").loc[indicator_id]

    def _later(self) -> list[str]:
        """Measures left out because their ward figures come after the period."""
        later = []
        for measure, indicator_id in self.profile.indicators.items():
            own = self._own[self._own["indicator_id"] == indicator_id]
            if self.profile.has(measure) or own.empty:
                continue
            first = ward_words.period_words(min(own["period"].unique(), key=parse_period))
            title = self.report.title_of(indicator_id).lower()
            later.append(f"The ward figures for {title} are for {first}, after "
                         f"{self.report.period}, so they are left out.")
        return later

    # -- the sections -------------------------------------------------------------
    def header(self) -> HTML:
        """Style and title; for a council without ward figures, one sentence saying so."""
        rep = self.report
        title = (f"<h1>{html.escape(rep.title)}</h1><p>{html.escape(rep.council_name)}, "
                 f"figures up to {html.escape(rep.period)}.</p>")
        if not self.has_figures:
            text = (f"There are no ward figures for {rep.council_name} up to {rep.period}, "
                    "so this report has nothing to show.")
            return HTML(blocks.page_style() + wrap(title) + blocks.sentences_html([text]))
        intro = (f"Where in {rep.council_name} do things differ? This report compares "
                 f"the {len(self.profile.table)} wards on deprivation, people claiming "
                 "unemployment benefits and election turnout, and looks inside each ward.")
        return HTML(blocks.page_style() + wrap(title) + blocks.sentences_html([intro]))

    def in_short(self) -> HTML:
        """Which wards stand out, in plain words."""
        if not self.has_figures:
            return HTML("")
        points = ward_words.in_short(self.profile, self.spread) + self._later()
        items = "".join(f"<li>{html.escape(p)}</li>" for p in points)
        return _section("In short", wrap(f'<ul class="measure-list">{items}</ul>'), "in-short")

    def _map(self) -> str:
        shapes = read_boundaries(self.report.data.folder)
        table = self.profile.table
        if shapes is None or not table["area_code"].isin(shapes).any():
            return blocks.sentences_html(["The data folder has no ward boundaries "
                                          "(boundaries.geojson), so there is no map."])
        info = self._indicator(wards.WARD_MEASURES["imd_score"])
        frame = table.rename(columns={"imd_score": "value", "imd_score_rank": "rank"})
        period = ward_words.period_words(self.profile.periods["imd_score"])
        chart = ward_map(shapes, frame[["area_code", "area_name", "value", "rank"]],
                         title=f"Deprivation by ward, {self.report.council_name}, {period}",
                         what="Deprivation score", higher="more deprived",
                         unit=str(info["unit"]), decimal_places=int(info["decimal_places"]),
                         place=self.report.council_name)
        return chart_html(chart)

    def _ward_table(self) -> str:
        """Every ward's figures, most deprived first; short headings (the table
        fits a phone), the periods and what each figure is in the caption."""
        table = self.profile.table.sort_values(["imd_score_rank", "area_name"])
        periods = {m: ward_words.period_words(p) for m, p in self.profile.periods.items()}
        ranks = table["imd_score_rank"].map(lambda r: "" if pd.isna(r) else f" ({int(r)})")
        shown = pd.DataFrame({"Ward (rank)": table["area_name"] + ranks})
        caption = f"{self.report.council_name}'s wards, most deprived first"
        notes = ["The rank is the number on the map."]
        columns = (("population", "People", "count", 0, "residents, {period} estimate"),
                   ("claimant_rate", "Claimant rate", "percent", 1,
                    "% of people aged 16 to 64 claiming, {period}"),
                   ("turnout", "Turnout", "percent", 1, "local elections, {period}"))
        for measure, heading, unit, places, note in columns:
            if self.profile.has(measure):
                shown[heading] = table[measure].map(lambda v, u=unit, d=places:
                                                    format_value(v, u, d))
                notes.append(f"{heading}: {note.format(period=periods[measure])}.")
        note = f'<p class="muted">{html.escape(" ".join(notes))}</p>'
        return wrap(frame_table(shown, caption) + note)

    def map_and_table(self) -> HTML:
        """The map of deprivation, and beside it every ward's figures."""
        if not self.has_figures:
            return HTML("")
        body = (blocks.sentences_html(["The darker the ward, the more deprived. Each ward's "
                                       "number is its rank: 1 is the most deprived. The "
                                       "table lists the wards in that order."])
                + f'<div class="perfkit side-by-side">{self._map()}{self._ward_table()}</div>')
        return _section("The wards at a glance", body, "wards-at-a-glance")

    def small_areas(self) -> HTML:
        """How the small areas inside each ward differ."""
        if not self.has_figures:
            return HTML("")
        if self.spread.empty:
            return _section("Inside each ward", blocks.sentences_html(
                ["There are no small-area figures for these wards."]), "inside-each-ward")
        period = ward_words.period_words(self.points["period"].iloc[0])
        total = int(self.spread["small_areas"].sum())
        text = (f"A ward's average can hide very different streets. Each dot is one of "
                f"the {total} small areas, at its deprivation score ({period}). "
                + _diamonds(int(self.spread["most_deprived"].sum())))
        chart = spread_chart(self.points, self.spread,
                             title=f"Deprivation of the small areas in each ward, {period}",
                             what=_SMALL_AREA_WHAT, period=period,
                             most_deprived_decile=wards.MOST_DEPRIVED_DECILE)
        return _section("Inside each ward", blocks.sentences_html([text]) + chart_html(chart),
                        "inside-each-ward")

    def deprivation_domains(self) -> HTML:
        """Each ward's rank on each kind of deprivation, folded away."""
        if not self.has_figures or self.domains.empty:
            return HTML("")
        table = self.domains.table.sort_values(["imd_score_rank", "area_name"])
        shown = pd.DataFrame({"Ward": table["area_name"]})
        for measure, indicator_id in self.domains.indicators.items():
            if self.domains.has(measure):
                shown[self.report.title_of(indicator_id)] = table[f"{measure}_rank"].map(
                    lambda r: "" if pd.isna(r) else str(int(r)))
        caption = "Rank on each kind of deprivation (1 = most deprived ward)"
        # folded on paper too: eleven columns print as a block per ward, pages of them
        return HTML(blocks.analyst_details("Ward ranks on each kind of deprivation",
                                           wrap(frame_table(shown, caption))))

    def questions(self) -> HTML:
        """Questions to ask, from the evidence."""
        if not self.has_figures:
            return HTML("")
        asked = ward_words.questions(self.profile, self.spread, self.domains)
        return _section("Questions to ask", blocks.questions_html(asked), "questions")

    def how_to_read(self) -> HTML:
        """Where the figures come from and what they can say."""
        if not self.has_figures:
            return HTML("")
        small = self.points["period"].iloc[0] if len(self.points) else None
        source = str(self._indicator(wards.WARD_MEASURES["imd_score"])["source"])
        sentences = ward_words.how_to_read(self.report.council_name, self.profile.periods,
                                           small, source)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        return _section("How to read this report", wrap(f"<ul>{items}</ul>"), "how-to-read")


def _diamonds(count: int) -> str:
    if count == 0:
        return "None is in England's most deprived 10%."
    if count == 1:
        return "The diamond is the one small area in England's most deprived 10%."
    return f"Diamonds are the {count} small areas in England's most deprived 10%."


def ward_page(report: ReportPage) -> WardPage:
    """The ward view of a report opened with :func:`perfkit.open_report`."""
    return WardPage(report)
