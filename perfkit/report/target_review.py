"""The target review: next year's proposed targets against the evidence.

Each March a performance sub-committee examines the targets proposed for the
coming year. A notebook opens its report with :func:`perfkit.open_report` and
hands it to :func:`target_review_page`; each method of the
:class:`TargetReviewPage` is one section and returns HTML for a notebook
cell: the title, "In short", the proposed targets (a table per council-plan
priority), suggested ranges for measures with no target proposed, questions
for the committee and how to read it. The numbers come from
:mod:`perfkit.analysis.target_review`, the words from
:mod:`perfkit.report.target_words`. For a council with no proposed targets
the page is its title, one sentence saying so and the suggested ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from IPython.display import HTML

from perfkit.analysis.target_classes import AT_BEST_POSSIBLE
from perfkit.analysis.target_review import next_year, review_targets
from perfkit.markup import absent, table, wrap
from perfkit.markup import escape as _e
from perfkit.report import blocks, target_words
from perfkit.report.comparison_words import group_label
from perfkit.report.page import ReportPage
from perfkit.report.target_words import class_badge, range_words, shown

__all__ = ["OTHER_PRIORITY", "TargetReviewPage", "target_review_page"]

#: The heading of the table of measures that name no council-plan priority.
OTHER_PRIORITY = "Other measures"
_CLASS_ORDER = {"not_stretching": 0, "beyond_seen": 1, "realistic_stretch": 2}
_TARGET_HEADERS = ["Measure", "Proposed target", "Latest result", "Usual range",
                   "Similar councils: median", "Similar councils: best quarter",
                   "How stretching, and why"]
#: The reason beside a badge keeps this width, so that on a phone the table
#: scrolls sideways rather than squeezing each row into a tall column.
_REASON_WIDTH = "16em"
_RANGE_HEADERS = ["Measure", "Current target", "Latest result", "Usual range",
                  "Similar councils: best quarter", "Suggested range", "Top of the range"]


def _section(heading: str, body: str, anchor: str) -> HTML:
    return HTML(blocks.titled_section(heading, body, anchor))


@dataclass
class TargetReviewPage:
    """The target review of one report: the evidence per measure and the sections."""

    report: ReportPage

    # -- the figures ------------------------------------------------------------
    @cached_property
    def review(self) -> pd.DataFrame:
        """One row per measure (see :func:`~perfkit.analysis.target_review.review_targets`),
        with its council-plan priority."""
        rep = self.report
        rows = review_targets(rep.totals, rep.data, rep.council, rep.period)
        info = rep.data.indicators.set_index("indicator_id")
        priority = info["priority"] if "priority" in info.columns else pd.Series(dtype=object)
        return rows.assign(priority=rows["indicator_id"].map(priority).fillna(OTHER_PRIORITY))

    @property
    def proposed(self) -> pd.DataFrame:
        return self.review[self.review["proposed_target"].notna()]

    @property
    def year(self) -> str:
        """Next year, as the council's financial year: "2026-27"."""
        return next_year("financial_year", self.report.period).label

    @property
    def has_proposals(self) -> bool:
        return not self.proposed.empty

    # -- the sections -------------------------------------------------------------
    def header(self) -> HTML:
        """Style, title, council and period (as every report), and what the page does."""
        rep = self.report
        if self.has_proposals:
            text = (f"Each March the committee looks at the targets proposed for next year "
                    f"({self.year}). This report sets each one beside what "
                    f"{rep.council_name} usually achieves, its latest and best results and "
                    "what similar councils achieve, and says how far it stretches the "
                    "council.")
        else:
            text = (f"No targets for {self.year} have been proposed for {rep.council_name}, "
                    "so there is nothing to judge yet; the suggested ranges below are a "
                    "place to start.")
        return HTML(rep.header().data + blocks.sentences_html([text]))

    def in_short(self) -> HTML:
        """The counts of each class in one sentence, the names behind them."""
        if not self.has_proposals:
            return HTML("")
        points = target_words.in_short(self.review, self.year)
        items = "".join(f"<li>{_e(p)}</li>" for p in points)
        return _section("In short", wrap(f'<ul class="measure-list">{items}</ul>'), "in-short")

    def targets_table(self) -> HTML:
        """The proposed targets and their evidence, a table per priority."""
        if not self.has_proposals:
            return HTML("")
        rows = self.proposed.assign(
            _order=self.proposed["target_class"].map(_CLASS_ORDER).fillna(len(_CLASS_ORDER)))
        parts = []
        for priority in _priorities(rows):
            mine = rows[rows["priority"] == priority].sort_values(["_order", "short_title"])
            cells = [self._target_cells(row) for _, row in mine.iterrows()]
            caption = _e(f"{priority}: targets proposed for {self.year}")
            parts.append(table(caption, _TARGET_HEADERS, cells,
                               [False, True, True, True, True, True, False]))
        intro = blocks.sentences_html([
            "The measures whose targets need a second look come first in each table: "
            "those not stretching, then those beyond anything seen."])
        return _section("The proposed targets", intro + wrap("".join(parts)),
                        "proposed-targets")

    def _target_cells(self, row: pd.Series) -> list[str]:
        key = row["target_class"]
        badge = class_badge(key) if not absent(key) else "<strong>Not judged</strong>"
        target = f"{shown(row, 'proposed_target')} for {_unbroken(row['proposed_period'])}"
        why = (f'<div style="min-width: {_REASON_WIDTH}">{badge}<br>'
               f'{_e(row["class_reason"])}</div>')
        return [_e(row["short_title"]), _e(target), _e(_latest(row)),
                _e(range_words(row, "usual_low", "usual_high") or "too few figures"),
                _e(shown(row, "peer_median")), _e(shown(row, "peer_best_quarter")), why]

    def suggested_ranges(self) -> HTML:
        """A range for each measure with a better direction and no target
        proposed: those with a target now first, the others folded away."""
        rows = self.review[self.review["suggested_low"].notna()].sort_values("short_title")
        if rows.empty:
            return HTML("")
        now = rows[rows["current_target"].notna()]
        text = (f"No target for {self.year} is proposed for these measures. Each range "
                "starts just better than the council's usual average or latest result and "
                "goes up to what the evidence shows is possible. They are a starting point, "
                "not a recommendation.")
        body = blocks.sentences_html([text])
        if not now.empty:
            body += wrap(self._range_table(
                now, f"Measures with a target now and none proposed for {self.year}"))
        others = rows[rows["current_target"].isna()]
        if not others.empty:
            body += blocks.analyst_details(
                f"Measures with no target now or for {self.year} ({len(others)})",
                wrap(self._range_table(others, "Measures with no target: suggested ranges")))
        return _section("Suggested ranges where no target is proposed", body,
                        "suggested-ranges")

    def _range_table(self, rows: pd.DataFrame, caption: str) -> str:
        cells = [[_e(row["short_title"]), _e(shown(row, "current_target", "none")),
                  _e(_latest(row)),
                  _e(range_words(row, "usual_low", "usual_high") or "too few figures"),
                  _e(shown(row, "peer_best_quarter")), _e(_suggested(row)),
                  _e(row["suggestion_basis"] if not absent(row["suggestion_basis"])
                     else "no better figure to aim at")]
                 for _, row in rows.iterrows()]
        return table(_e(caption), _RANGE_HEADERS, cells,
                     [False, True, True, True, True, True, False])

    def questions(self) -> HTML:
        """Questions for the committee, from the evidence."""
        if not self.has_proposals:
            return HTML("")
        asked = target_words.questions(self.review)
        return _section("Questions for the committee", blocks.questions_html(asked),
                        "questions")

    def how_to_read(self) -> HTML:
        """What the columns and classes mean, and what the evidence cannot tell."""
        if not self.has_proposals:
            return HTML("")
        judged = self.review[self.review["proposed_target"].notna()
                             | self.review["suggested_low"].notna()]
        names = sorted({group_label(n) for n in judged["peer_group_name"].dropna()})
        exceptional = self.report.data.exceptional_periods
        periods = [] if exceptional is None else [str(p) for p in exceptional["period"]]
        sentences = target_words.how_to_read(names, periods)
        items = "".join(f"<li>{_e(s)}</li>" for s in sentences)
        return _section("How to read this report", wrap(f"<ul>{items}</ul>"), "how-to-read")


def _priorities(rows: pd.DataFrame) -> list[str]:
    """The priorities of the rows in name order, the measures of none last."""
    found = sorted(set(rows["priority"]) - {OTHER_PRIORITY})
    return found + ([OTHER_PRIORITY] if OTHER_PRIORITY in set(rows["priority"]) else [])


def _unbroken(period: object) -> str:
    """A period label that a narrow column does not break at its hyphen ("2024-25")."""
    return str(period).replace("-", "\u2011")


def _latest(row: pd.Series) -> str:
    if absent(row.get("latest_value")):
        return "no figure"
    return f"{shown(row, 'latest_value')} ({_unbroken(row['latest_period'])})"


def _suggested(row: pd.Series) -> str:
    if row["suggestion_basis"] == AT_BEST_POSSIBLE:
        return f"keep at {shown(row, 'suggested_low')}"
    if not absent(row.get("suggested_high")):
        return range_words(row, "suggested_low", "suggested_high")
    figure = shown(row, "suggested_low")
    return f"at least {figure}" if row["polarity"] == "higher_is_better" else f"{figure} or lower"


def target_review_page(report: ReportPage) -> TargetReviewPage:
    """The target review of a report opened with :func:`perfkit.open_report`."""
    return TargetReviewPage(report)
