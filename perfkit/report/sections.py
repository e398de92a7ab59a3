"""Sections that belong to one line of enquiry, as the notebooks call them
(``sections.budget(report)``): each takes a
:class:`~perfkit.report.page.ReportPage` and returns HTML for a notebook cell.
The introduction and the overview's lists are here; the equality sections are
in :mod:`perfkit.report.equality_sections` and the finance sections in
:mod:`perfkit.report.finance_sections`, handed on from here. A section whose
figures the data do not hold for the council returns nothing, heading
included, so a report never shows an empty section.

Every section shows figures up to the report's period and none after it: a
report for 2024-25 Q2 is what the council could have known then.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from perfkit.analysis.reconcile import VERDICTS
from perfkit.periods import parse_period
from perfkit.report import blocks, front_page, trend_table
from perfkit.report import introduction as intros
from perfkit.report.actions import actions_overview_html
from perfkit.report.equality_sections import equality_breakdown, fsm_gap, who_waits_longer
from perfkit.report.finance_sections import (
    budget,
    council_tax,
    finance_parts,
    unit_costs,
    value_for_money,
)
from perfkit.report.headline import headline
from perfkit.report.lists import going_well_rows, needs_attention_rows
from perfkit.report.page import ReportPage

__all__ = [
    "actions", "budget", "citizens_view", "council_tax", "equality_breakdown",
    "fsm_gap", "going_well", "introduction", "keep_an_eye_on", "needs_attention", "trends",
    "unit_costs", "value_for_money", "verdict_counts", "warning_signs", "who_waits_longer",
]


#: The warning signs shown open, those of the measures that most need attention
#: first; the rest are folded away.
WARNING_SIGNS_SHOWN = 5


def _say(*sentences: str) -> str:
    return blocks.sentences_html(list(sentences))


def _own_up_to_period(rep: ReportPage, table: pd.DataFrame | None) -> pd.DataFrame | None:
    """The council's rows of an optional table, up to the report's period."""
    if table is None:
        return None
    return rep.up_to_period(table[table["area_code"] == rep.council])


# -- introductions --------------------------------------------------------------------
def introduction(rep: ReportPage) -> HTML:
    """The report's question, and what it looks at for this council: only the
    duties, breakdowns and sections the data hold for it."""
    if rep.notebook == "legal_duties":
        services = rep.data.indicators.set_index("indicator_id").get("service")
        measures = rep.totals[["indicator_id", "short_title"]].assign(
            service=None if services is None else rep.totals["indicator_id"].map(services))
        return HTML(intros.legal_duties_intro(rep.council_name, rep.period, measures))
    if rep.notebook == "equality":
        return HTML(intros.equality_intro(rep.council_name, rep.breakdowns(dimensions=None)))
    if rep.notebook == "finance":
        return HTML(intros.finance_intro(rep.council_name, finance_parts(rep)))
    return HTML(intros.plain_intro(rep.notebook))


# -- trends -------------------------------------------------------------------------
def trends(rep: ReportPage) -> HTML:
    """Every measure in one table with a sparkline, then a full chart only for
    the few with something to see (see :mod:`perfkit.report.trend_table`)."""
    return HTML(trend_table.trends_html(rep))


# -- overview -------------------------------------------------------------------------
def _list(rows: pd.DataFrame, empty: str, *, with_reason: bool = False) -> HTML:
    """Each measure in one sentence, its headline; ``with_reason``: the reason
    for its verdict after it (why it is in the list)."""
    if rows.empty:
        return HTML(_say(empty))
    items = "".join(
        f"<li>{html.escape(headline(r))}"
        + (f" <strong>{html.escape(str(r['verdict_reason']))}</strong>" if with_reason else "")
        + "</li>" for _, r in rows.iterrows())
    return HTML(f'<div class="perfkit"><ul class="measure-list">{items}</ul></div>')


def going_well(rep: ReportPage) -> HTML:
    """Measures getting better, and those on target and in the best quarter of
    similar councils; context measures (neither better nor worse) never."""
    return _list(going_well_rows(rep.totals),
                 "No measure shows a real improvement this period.")


def needs_attention(rep: ReportPage) -> HTML:
    return _list(needs_attention_rows(rep.totals), "No measure needs attention.",
                 with_reason=True)


def actions(rep: ReportPage) -> HTML:
    """Every improvement action: overdue first, each with its progress and,
    once finished, what its measure did since."""
    if rep.data.actions is None:
        return HTML("")
    return HTML(blocks.section_heading("What the council is doing about it")
                + actions_overview_html(rep.actions, rep.data.indicators))


def verdict_counts(rep: ReportPage) -> HTML:
    """How many measures are doing how."""
    return HTML(f'<div class="perfkit">{front_page.verdict_counts(rep.totals)}</div>')


def keep_an_eye_on(rep: ReportPage) -> HTML:
    return _list(rep.totals[rep.totals["verdict"] == "watch"],
                 "No other measure needs watching.", with_reason=True)


def warning_signs(rep: ReportPage) -> HTML:
    """Warning signs of the current, judged measures (context and out-of-date
    measures are left out: the first are not judged, the second are listed
    at the end)."""
    totals = rep.totals
    rows = totals[(totals["flags"] != "") & ~totals["verdict"].isin(["context", "stale"])]
    if rows.empty:
        return HTML(_say("No warning signs."))
    severity = rows["verdict"].map({verdict: place for place, verdict in enumerate(VERDICTS)})
    rows = rows.assign(_severity=severity).sort_values(["_severity", "short_title"],
                                                       kind="stable")
    table = pd.DataFrame({"Measure": rows["short_title"], "Warning sign": rows["flag_reasons"]})
    first = blocks.table_html(table.head(WARNING_SIGNS_SHOWN), "Contradictions and warning signs")
    rest = table.iloc[WARNING_SIGNS_SHOWN:]
    if rest.empty:
        return HTML(first)
    more = blocks.table_html(rest, "More warning signs")
    return HTML(first + f'<div class="perfkit"><details><summary>{len(rest)} more warning '
                f"signs</summary>{more}</details></div>")


def citizens_view(rep: ReportPage) -> HTML:
    """Complaints, compliments and resident satisfaction (the citizen's view)."""
    parts = []
    mine = _own_up_to_period(rep, rep.data.complaints)
    if mine is not None and not mine.empty:
        quarters = mine.groupby("period")[["received", "upheld", "answered_in_time",
                                           "compliments"]].sum()
        quarters = quarters.loc[sorted(quarters.index, key=parse_period)].tail(4)
        shown = pd.DataFrame({
            "Quarter": quarters.index, "Complaints": quarters["received"].astype(int),
            "Upheld": (100 * quarters["upheld"] / quarters["received"]).map("{:.0f}%".format),
            "Answered in time": (100 * quarters["answered_in_time"] / quarters["received"])
            .map("{:.0f}%".format),
            "Compliments": quarters["compliments"].astype(int)})
        parts.append(blocks.table_html(shown, "Complaints and compliments, last four quarters"))
    mine = _own_up_to_period(rep, rep.data.satisfaction)
    if mine is not None and not mine.empty:
        latest = max(mine["period"].unique(), key=parse_period)
        wave = mine[mine["period"] == latest]
        shown = pd.DataFrame({"Question": wave["question"],
                              "Satisfied": (100 * wave["satisfied"] / wave["respondents"])
                              .map("{:.0f}%".format),
                              "People asked": wave["respondents"].astype(int)})
        parts.append(blocks.table_html(shown, f"Resident survey, {latest}"))
    if not parts:
        return HTML(_say("There are no complaints or survey figures for this council."))
    return HTML("\n".join(parts))
