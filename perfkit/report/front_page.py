"""The front page of a run (each council's ``index.html``): the answer on one screen.

In order: the council, the period and how current the figures are; how the
measures are doing; each measure that needs attention, with its reason, what
the council is doing about it and a link (one part per council plan priority
where the indicators name one: :mod:`perfkit.report.plan`); what is going well;
what is new; and the reports. Run status is in the analysts' footer the runner
adds (:mod:`perfkit.run.index_page`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from perfkit.markup import escape as _e
from perfkit.periods import parse_period
from perfkit.registry import NOTEBOOKS
from perfkit.report.headline import headline, measure_name
from perfkit.report.lists import going_well_rows, needs_attention_rows
from perfkit.report.plan import (
    COUNTED,
    NAMED,
    UNLINKED_NOTE,
    PlanPart,
    part_heading,
    plan_parts,
    verdict_counts,
)
from perfkit.report.questions import scrutiny_questions

__all__ = ["BRIEFING_FACTS", "BRIEFING_QUESTIONS", "GOING_WELL_SHOWN", "ReportLink",
           "briefing_body", "front_page_body", "in_short", "measure_anchor", "verdict_counts"]

#: At most this many measures are listed under "going well" and "new" (the rest
#: are in the reports), so that the page prints on two sides of A4. Where the
#: page has a part for each council plan priority, at most
#: :data:`perfkit.report.plan.NAMED` of them are named, not described.
GOING_WELL_SHOWN = 5
#: A scrutiny briefing's first page: this many facts and at most this many questions.
BRIEFING_FACTS = 3
BRIEFING_QUESTIONS = 5


@dataclass(frozen=True)
class ReportLink:
    notebook: str
    href: str | None  # None: the report was not written


def measure_anchor(indicator_id: str) -> str:
    """The id of a measure's section in a report."""
    return f"m-{indicator_id}"


def _home(indicator: pd.Series, reports: list[ReportLink]) -> ReportLink | None:
    """The first written report that covers the measure (by its enquiry lines)."""
    lines = str(indicator.get("enquiry_lines") or "").split(";")
    for report in reports:
        line = NOTEBOOKS[report.notebook].enquiry_line
        if report.href and line in lines:
            return report
    return next((r for r in reports if r.href), None)


def _items(rows: pd.DataFrame, reports: list[ReportLink], *, with_reason: bool,
           actions: dict[str, str] | None = None) -> str:
    items = []
    for _, row in rows.iterrows():
        text = _e(headline(row))
        if with_reason:
            text += f" <strong>{_e(row['verdict_reason'])}</strong>"
        if actions and row["indicator_id"] in actions:
            text += f" {actions[row['indicator_id']]}"
        home = _home(row, reports)
        if home is not None:
            title = NOTEBOOKS[home.notebook].title
            text += (f' <a href="{_e(home.href)}#{measure_anchor(row["indicator_id"])}">'
                     f"More in {_e(title)}</a>")
        items.append(f"<li>{text}</li>")
    return f'<ul class="measure-list">{"".join(items)}</ul>'


def _currency(totals: pd.DataFrame, period: str) -> str:
    """How current the figures are, in one sentence."""
    judged = totals[totals["verdict"] != "context"]
    if judged.empty:
        return f"There are no figures up to {period}."
    latest = judged["period"].value_counts()
    newest = max(latest.index, key=parse_period)
    common = latest.index[0]
    text = (f"Figures up to {period}. The newest are for {newest} "
            f"({_count(latest[newest])})")
    if common != newest:
        text += f"; most are for {common} ({_count(latest[common])})"
    stale = int((judged["verdict"] == "stale").sum())
    if stale:
        text += f". {_count(stale).capitalize()} out of date and listed at the end"
    return text + "."


def _count(n: int) -> str:
    return f"{n} measure" if n == 1 else f"{n} measures"


def _new_this_period(totals: pd.DataFrame, period: str) -> pd.DataFrame:
    """Measures with a figure for a period that ended within the report's period."""
    start = parse_period(period).start
    ends = totals["period"].map(lambda p: parse_period(p).end)
    judged = totals["verdict"] != "context"
    return totals[judged & (ends >= start)]


def _reports(totals: pd.DataFrame, reports: list[ReportLink]) -> str:
    items = []
    for report in reports:
        book = NOTEBOOKS[report.notebook]
        mine = totals if book.enquiry_line is None else totals[
            totals["enquiry_lines"].fillna("").str.split(";").map(
                lambda lines, line=book.enquiry_line: line in lines)]
        attention = int((mine["verdict"] == "concern").sum()) if len(mine) else 0
        summary = (f"{_count(len(mine))}; {attention} need attention" if attention
                   else f"{_count(len(mine))}; none needs attention")
        if book.shows and not len(mine):
            summary = book.shows
        name = (f'<a href="{_e(report.href)}">{_e(book.title)}</a>' if report.href
                else f"{_e(book.title)} (not written: see the footer)")
        items.append(f"<li>{name}: {_e(summary)}.</li>")
    return f'<h2 id="reports">The reports</h2><ul class="report-list">{"".join(items)}</ul>'


def _plan_part(part: PlanPart, reports: list[ReportLink], actions: dict[str, str]) -> str:
    """A priority: its verdict counts, its one-sentence answer and each
    measure that needs attention, with its reason and a link; for the
    measures linked to no priority, a question."""
    return "\n".join(p for p in [
        f'<section class="plan-part" aria-labelledby="{_e(part.anchor)}">',
        part_heading(part, 3),
        f'<p class="plan-answer">{_e(part.answer_before_list)}</p>',
        _items(part.attention, reports, with_reason=True, actions=actions)
        if len(part.attention) else "",
        "" if part.priority else f"<p>{_e(UNLINKED_NOTE)}</p>",
        "</section>"] if p)


def _attention(totals: pd.DataFrame, plan: list[PlanPart], reports: list[ReportLink],
               actions: dict[str, str]) -> str:
    """Every measure that needs attention, with what the council is doing
    about it: in one list, or under its priority."""
    attention = needs_attention_rows(totals)
    if not plan:
        return "\n".join([
            f'<h2 id="needs-attention">Needs attention ({len(attention)})</h2>',
            _items(attention, reports, with_reason=True, actions=actions) if len(attention)
            else "<p>No measure needs attention.</p>"])
    return "\n".join([
        '<h2 id="needs-attention">Are we making progress on what we said matters?</h2>',
        *(_plan_part(part, reports, actions) for part in plan)])


def _linked_names(rows: pd.DataFrame, reports: list[ReportLink], rest: str) -> str:
    """The measures' names, each linked to its section, and how many more
    are ``rest`` ("in the reports")."""
    names = []
    for _, row in rows.head(NAMED).iterrows():
        home = _home(row, reports)
        name = _e(measure_name(row))
        names.append(f'<a href="{_e(home.href)}#{measure_anchor(row["indicator_id"])}">{name}</a>'
                     if home is not None else name)
    more = len(rows) - len(names)
    if more:
        names.append(f"{more} more {rest}")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _listed(rows: pd.DataFrame, reports: list[ReportLink], *, short: bool, empty: str,
            lead: str, where: str, verb: str = "") -> str:
    """A list of measures: the first few headlines and how many more are
    (``verb``) ``where``, or (``short``) their linked names after ``lead``;
    ``empty`` when there are none."""
    if rows.empty:
        return f"<p>{_e(empty)}</p>"
    if short:
        return f"<p>{lead}{_linked_names(rows, reports, where)}.</p>"
    text = _items(rows.head(GOING_WELL_SHOWN), reports, with_reason=False)
    more = len(rows) - GOING_WELL_SHOWN
    if more > 0:
        text += f"\n<p>{more} more {'is' if more == 1 else 'are'} {verb}{where}.</p>"
    return text


def _going_well(rows: pd.DataFrame, reports: list[ReportLink], *, short: bool) -> str:
    """What is going well: the first few headlines, or (``short``) names."""
    return _listed(rows, reports, short=short, lead="", where="in the overview", verb="listed ",
                   empty="No measure shows a real improvement this period.")


def _new(new: pd.DataFrame, reports: list[ReportLink], period: str, *, short: bool) -> str:
    """The measures with a new figure: their headlines, or (``short``) their names."""
    return _listed(new, reports, short=short, lead="New figures for ", where="in the reports",
                   empty=f"No measure has a new figure for {period}.")


def front_page_body(totals: pd.DataFrame, *, council_name: str, period: str, title: str,
                    reports: list[ReportLink], indicators: pd.DataFrame | None = None,
                    actions: dict[str, str] | None = None) -> str:
    """The page's content, from the council's assessment rows without breakdown;
    ``indicators``: the indicators table (its ``priority`` column gives the
    plan's parts); ``actions``: :func:`perfkit.report.actions.action_lines`."""
    if not len(totals):
        return _reports_only(council_name, title, reports)
    plan = plan_parts(totals, indicators)
    going_well = going_well_rows(totals)
    new = _new_this_period(totals, period)
    parts = [
        f"<h1>{_e(council_name)}: how we are doing, {_e(period)}</h1>",
        f'<p class="lead">{_e(title)}. {_e(_currency(totals, period))}</p>',
        '<h2 id="how-measures-are-doing">How the measures are doing</h2>',
        verdict_counts(totals),
        _attention(totals, plan, reports, actions or {}),
        f'<h2 id="going-well">Going well ({len(going_well)})</h2>',
        _going_well(going_well, reports, short=bool(plan)),
        f'<h2 id="new">New since the last report ({len(new)})</h2>',
        _new(new, reports, period, short=bool(plan)),
    ]
    parts.append(_reports(totals, reports))
    parts.append('<p>Words such as "usual range" and "similar councils" are explained in '
                 '<a href="glossary.html">the words used in these reports</a>.</p>')
    return "\n".join(p for p in parts if p)


def _by_severity(totals: pd.DataFrame) -> pd.DataFrame:
    rank = {verdict: place for place, verdict in enumerate(COUNTED)}
    return totals.assign(_rank=totals["verdict"].map(rank)).sort_values(
        ["_rank", "short_title"], kind="stable").drop(columns="_rank")


def _answer(totals: pd.DataFrame) -> str:
    """The answer in one sentence: how many measures need attention, and which."""
    judged = totals[~totals["verdict"].isin(["context", "stale"])]
    attention = needs_attention_rows(judged)
    names = [str(n) for n in attention["short_title"]]
    if not names:
        better = int((judged["verdict"] == "improving").sum())
        return (f"None of the {_count(len(judged))} needs attention"
                + (f"; {better} {'is' if better == 1 else 'are'} getting better." if better
                   else "."))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "needs" if len(names) == 1 else "need"
    return f"Of the {_count(len(judged))}, {len(names)} {verb} attention: {listed}."


def briefing_body(totals: pd.DataFrame, *, council_name: str, period: str, title: str,
                  reports: list[ReportLink]) -> str:
    """A scrutiny task group's briefing: one page first (the question, the
    answer, three facts, the questions to ask), then the evidence. A run
    that judges no measures (the ward view alone) lists its reports."""
    if not len(totals):
        return _reports_only(council_name, title, reports)
    ordered = _by_severity(totals[totals["verdict"] != "context"])
    current = ordered[ordered["verdict"] != "stale"]
    facts = "".join(f"<li>{_e(headline(row))}</li>"
                    for _, row in current.head(BRIEFING_FACTS).iterrows())
    asked = list(dict.fromkeys(q for _, row in current.iterrows()
                               for _, q in scrutiny_questions(row)))[:BRIEFING_QUESTIONS]
    questions = "".join(f"<li>{_e(q)}</li>" for q in asked)
    parts = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="lead">{_e(council_name)}. {_e(_currency(totals, period))}</p>',
        '<h2 id="the-answer">The answer</h2>', f"<p>{_e(_answer(totals))}</p>",
        '<h2 id="three-facts">Three facts</h2>', f'<ol class="measure-list">{facts}</ol>',
        '<h2 id="questions">Questions to ask</h2>',
        f"<ol>{questions}</ol>" if questions else "<p>The figures raise no questions.</p>",
        _reports(totals, reports).replace('id="reports">The reports', 'id="reports">The evidence'),
        '<p>Words such as "usual range" and "similar councils" are explained in '
        '<a href="glossary.html">the words used in these reports</a>.</p>',
    ]
    return "\n".join(parts)


def _reports_only(council_name: str, title: str, reports: list[ReportLink]) -> str:
    """The front page of a run whose reports judge no measures: what each shows."""
    return "\n".join([
        f"<h1>{_e(title)}</h1>",
        f'<p class="lead">{_e(council_name)}. These reports describe the place; they do '
        "not judge the council's measures.</p>",
        _reports(pd.DataFrame(columns=["verdict", "enquiry_lines"]), reports),
    ])


def in_short(totals: pd.DataFrame) -> str:
    """A report's answer first: the counts, and each measure that needs
    attention in one sentence with its reason."""
    attention = needs_attention_rows(totals)
    items = "".join(f"<li>{_e(headline(r))} <strong>{_e(r['verdict_reason'])}</strong></li>"
                    for _, r in attention.iterrows())
    listed = (f'<p>Needs attention:</p><ul class="measure-list">{items}</ul>' if items
              else "<p>No measure in this report needs attention.</p>")
    return f'<div class="perfkit">{verdict_counts(totals)}{listed}</div>'
