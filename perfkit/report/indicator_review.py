"""The indicator-set review: are we measuring the right things?

Once a year, in March, a head of performance and the scrutiny committee look at
the council's measures as a set, as the LGA's guide asks: does each serve a
plan priority, is it up to date, can it show improvement, is its target
stretching, do any two say the same thing, and is the set balanced between
outcomes, outputs and processes? A notebook opens its report with
:func:`perfkit.open_report` and hands it to :func:`review_page`; each method
of :class:`IndicatorReviewPage` is one section and returns HTML for a cell.
The findings come from :mod:`perfkit.analysis.indicator_review`, the words
from :mod:`perfkit.report.review_words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from IPython.display import HTML

from perfkit.analysis.indicator_review import (
    ALWAYS_GREEN_MIN_PERIODS,
    ALWAYS_GREEN_YEARS,
    KINDS,
    MIN_POINTS_TO_TELL,
    IndicatorReview,
    review_indicators,
)
from perfkit.analysis.nations import all_councils_in
from perfkit.analysis.paired_measures import MIN_COUNCILS_TO_CORRELATE, STRONG_CORRELATION
from perfkit.analysis.review_suggestions import SUGGESTION_CODES, when
from perfkit.analysis.targets import RagRule
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.formatting import format_value
from perfkit.markup import escape, frame_table, table, wrap
from perfkit.report import blocks, review_words
from perfkit.report.page import ReportPage

__all__ = ["OPEN_ROWS", "UNLINKED_HEADING", "IndicatorReviewPage", "review_page"]

#: A table of at most this many rows is shown open; a longer one is folded away.
OPEN_ROWS = 12
#: The heading of the measures linked to no plan priority.
UNLINKED_HEADING = "Not linked to a plan priority"
_INTRO = ("Are these the right measures? Each year the council checks them as a set. "
          "The suggestions are starting points for the committee to discuss.")
_PAIRS_EXPLAINED = (
    "Across councils, where one of these figures is high the other is high too (\"with\"), "
    "or low (\"against\"). Two such measures may tell you the same thing, so one may be "
    "enough. But two measures can also move together because both follow something else, "
    "such as how well off an area is: then each may still be worth keeping. r runs from "
    "-1 to 1: 1 means the councils are in exactly the same order on both measures, -1 in "
    "exactly the opposite order.")


def _section(heading: str, body: str, anchor: str) -> HTML:
    return HTML(blocks.titled_section(heading, body, anchor))


def _anchor(indicator_id: str) -> str:
    return f"what-{indicator_id}"


def _suggestions_cell(suggestions: list[str]) -> str:
    """The first suggestion's action in bold (its reason after the colon is
    not), then the others."""
    first, *rest = suggestions
    action, colon, reason = first.partition(": ")
    return "<br>".join([f"<strong>{escape(action)}</strong>{colon}{escape(reason)}",
                        *map(escape, rest)])


def _target_cell(row: pd.Series) -> str:
    if row["context"]:
        return "not applicable"
    if not row["has_target"]:
        return "none"
    return escape(format_value(row["target"], row["unit"], int(row["decimal_places"])))


def _latest_cell(row: pd.Series) -> str:
    text = when(row["period"]) + (" (out of date)" if row["out_of_date"] else "")
    return escape(text)


def _rows_by_urgency(rows: pd.DataFrame) -> pd.DataFrame:
    """The measures whose first suggestion matters most first, then by title."""
    order = {code: i for i, code in enumerate(SUGGESTION_CODES)}
    rank = rows["suggestion_codes"].map(lambda codes: order[codes[0]])
    return rows.assign(_rank=rank).sort_values(["_rank", "short_title"], kind="stable")


def _measure_table(rows: pd.DataFrame, caption: str) -> str:
    headers = ["Measure", "What to do", "Kind", "Owner", "Latest figure", "Target"]
    cells = [[f'<a href="#{_anchor(r["indicator_id"])}">{escape(r["short_title"])}</a>',
              _suggestions_cell(r["suggestions"]),
              escape(review_words.KIND_WORDS[r["kind"]][0]),
              escape(r["owner"] or "none named"), _latest_cell(r), _target_cell(r)]
             for _, r in _rows_by_urgency(rows).iterrows()]
    return table(escape(caption), headers, cells, [False] * len(headers))


def _fold(summary: str, body: str, rows: int) -> str:
    """Open where short, folded away where long."""
    return body if rows <= OPEN_ROWS else blocks.analyst_details(summary, body)


@dataclass
class IndicatorReviewPage:
    """The indicator-set review of one report: its findings and the sections."""

    report: ReportPage

    @cached_property
    def review(self) -> IndicatorReview:
        rep = self.report
        return review_indicators(rep.data, rep.totals, council=rep.council, period=rep.period,
                                 peer_group=rep.peer_group_for_run(),
                                 rule=RagRule(tolerance=rep.tolerance))

    def _groups(self) -> list[tuple[str, pd.DataFrame]]:
        """(heading, measures) per priority, in the review's order."""
        measures = self.review.measures
        return [(priority or UNLINKED_HEADING, measures[measures["priority"] == priority])
                for priority in dict.fromkeys(measures["priority"])]

    # -- the sections -------------------------------------------------------------
    def header(self) -> HTML:
        """The report's title and notices."""
        return self.report.header()

    def in_short(self) -> HTML:
        """What this review is for, and how the set of measures stands."""
        said = review_words.in_short(self.review, self.report.council_name)
        items = "".join(f"<li>{escape(s)}</li>" for s in said)
        return _section("In short", blocks.sentences_html([_INTRO])
                        + wrap(f'<ul class="measure-list">{items}</ul>'), "in-short")

    def measures(self) -> HTML:
        """Each measure and what to do with it, priority by priority."""
        if self.review.measures.empty:
            return HTML("")
        parts = [blocks.sentences_html([
            "The measures are grouped by the plan priority they serve; those needing a "
            "decision come first, with the decision in bold. A measure's name links to "
            "what it counts, at the end of this report."])]
        for heading, rows in self._groups():
            title = f"{heading}: {len(rows)} measure{'' if len(rows) == 1 else 's'}"
            body = wrap(_measure_table(rows, f"{heading}: what to do with each measure"))
            which = (f"{len(rows)} measures not linked to a plan priority"
                     if heading == UNLINKED_HEADING else f"{len(rows)} {heading} measures")
            parts.append(wrap(f"<h3>{escape(title)}</h3>")
                         + blocks.sentences_html([review_words.decision_sentence(rows)])
                         + _fold(f"Show the {which}", body, len(rows)))
        parts.append(blocks.analyst_details("How the suggestions are made",
                                            blocks.sentences_html(_rules())))
        return _section("What to do with each measure", "".join(parts), "measures")

    def balance(self) -> HTML:
        """How many measures each priority has of each kind."""
        tidy = self.review.balance
        if tidy.empty:
            return HTML("")
        wide = tidy.pivot(index="priority", columns="kind", values="measures")
        wide = wide.reindex(index=list(dict.fromkeys(tidy["priority"])), columns=list(KINDS))
        if not wide["not set"].any():
            wide = wide.drop(columns="not set")
        wide.loc["All measures"] = wide.sum()
        wide["Total"] = wide.sum(axis=1)
        wide.index = [p or UNLINKED_HEADING for p in wide.index]
        wide.columns = [str(c).capitalize() for c in wide.columns]
        shown = wide.rename_axis("Priority").reset_index()
        text = ("The LGA's guide for councillors asks for a balance of measures: outcomes "
                "(a change in residents' lives or the place), outputs (what the council "
                "delivers) and processes (how the work is done). Context figures have no "
                "better direction.")
        return _section("The balance of measures",
                        blocks.sentences_html([text])
                        + wrap(frame_table(shown, "Measures by priority and kind")), "balance")

    def pairs(self) -> HTML:
        """The pairs of measures that move together across councils."""
        strong = self.review.strong_pairs
        if self.review.measures.empty:
            return HTML("")
        if strong.empty:
            text = (f"No two measures move together closely (r of {STRONG_CORRELATION:g} or "
                    f"more, or -{STRONG_CORRELATION:g} or less) across councils.")
            return _section("Measures that move together", blocks.sentences_html([text]),
                            "pairs")
        body = wrap(frame_table(self._pairs_table(strong), "Pairs of measures that move "
                                                           "together across councils"))
        return _section("Measures that move together",
                        blocks.sentences_html([_PAIRS_EXPLAINED])
                        + _fold(f"Show the {len(strong)} pairs", body, len(strong)), "pairs")

    def _pairs_table(self, strong: pd.DataFrame) -> pd.DataFrame:
        titles = self.review.measures.set_index("indicator_id")["short_title"]
        rep = self.report
        across = {"peer_group": rep.group_name(rep.peer_group_for_run()),
                  "nation": all_councils_in(rep.nation).replace("all councils", "councils")}
        return pd.DataFrame({
            "Measure": strong["indicator_id"].map(titles),
            "Moves": strong["r"].map(lambda r: "with" if r > 0 else "against"),
            "Other measure": strong["other_id"].map(titles),
            "r": strong["r"].map(lambda r: f"{r:.2f}"),
            "Councils": strong["councils"],
            "Among": strong["compared_with"].map(across),
            "Figures for": strong["period"].map(when)})

    def questions(self) -> HTML:
        """Questions for the committee, from the evidence."""
        if self.review.measures.empty:
            return HTML("")
        asked = review_words.questions(self.review)
        return _section("Questions for the committee", blocks.questions_html(asked),
                        "questions")

    def glossary(self) -> HTML:
        """What each measure counts, why it matters and where it comes from."""
        if self.review.measures.empty:
            return HTML("")
        parts = [blocks.sentences_html(["Each measure in plain words, grouped by the plan "
                                        "priority it serves."])]
        for heading, rows in self._groups():
            entries = "".join(_entry(row) for _, row in rows.iterrows())
            body = wrap(f'<dl class="measure-glossary">{entries}</dl>')
            parts.append(blocks.analyst_details(f"{heading}: {len(rows)} measures", body))
        return _section("What each measure counts", "".join(parts), "what-each-counts")


def _entry(row: pd.Series) -> str:
    words = review_words.glossary_entry(row)
    return (f'<dt id="{escape(_anchor(row["indicator_id"]))}"><strong>'
            f'{escape(row["short_title"])}</strong></dt><dd>'
            f"<p><strong>What it counts:</strong> {escape(words['what'])}</p>"
            f"<p><strong>Why it matters:</strong> {escape(words['why'])}</p>"
            f"<p><strong>Where it comes from:</strong> {escape(words['where'])}</p></dd>")


def _rules() -> list[str]:
    """The rules behind the suggestions, with their numbers."""
    return [
        "A measure is out of date when its latest figure is more than "
        f"{STALE_AFTER_PERIODS} of its own periods before this report's period.",
        f"A measure can show improvement once it has {MIN_POINTS_TO_TELL} figures: enough "
        "to set a reliable usual range and tell a real change from normal ups and downs.",
        "A measure is always green when it met its target every time it was rated in the "
        f"{ALWAYS_GREEN_YEARS} years up to its latest figure, at least "
        f"{ALWAYS_GREEN_MIN_PERIODS} times. Exceptional periods, such as the pandemic "
        "year, are left out.",
        "Two measures move together when their figures for the latest period they share "
        f"put at least {MIN_COUNCILS_TO_CORRELATE} councils in nearly the same order, or "
        f"nearly the opposite order (Spearman's r of {STRONG_CORRELATION:g} or more, or "
        f"-{STRONG_CORRELATION:g} or less). The councils are the similar councils where "
        f"at least {MIN_COUNCILS_TO_CORRELATE} of them have both figures, otherwise every "
        "council in the nation.",
    ]


def review_page(report: ReportPage) -> IndicatorReviewPage:
    """The indicator-set review of a report opened with :func:`perfkit.open_report`."""
    return IndicatorReviewPage(report)
