"""The council plan: one part per priority, answering "are we making progress
on what we said matters?".

The indicators table's optional ``priority`` column names the council plan
priority each measure serves (blank if none). :func:`plan_parts` groups a
council's assessment rows (one per measure) by priority, in alphabetical
order of the priorities' names: a stable order whatever the order of the
indicators table's rows, which the data build sorts by indicator id (it is
also the order in which the demo council's own dashboard lists its four).
The measures linked to no priority come last, in a part that says so. When
no measure has a priority there are no parts, and the reports keep their
structure without them.

Each part answers in one sentence built from the verdicts alone, e.g. "5
of the 7 Healthy Lives measures we can judge are steady or getting better; 2
need attention: Care homes rated good and Preventable deaths." It counts the
measures with a verdict that judges them (:data:`JUDGED`), in the verdicts'
own words (those of the badges beside it, :func:`verdict_counts`), and names
the measures of the "needs attention" list
(:func:`perfkit.report.lists.needs_attention_rows`), so the words cannot
disagree with the verdicts. Measures shown for context, out of date or with
too few figures are counted by the badges only, unless the part has nothing
else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import pandas as pd
from IPython.display import HTML

from perfkit.markup import escape as _e
from perfkit.report.blocks import status_badge
from perfkit.report.headline import headline, measure_name
from perfkit.report.lists import going_well_rows, needs_attention_rows

__all__ = ["COUNTED", "JUDGED", "NAMED", "UNLINKED", "UNLINKED_NOTE", "PlanPart",
           "by_priority", "in_short", "part_heading", "plan_parts", "verdict_counts",
           "with_priority"]

#: The verdicts in the order they are counted, shown and said (most serious first).
COUNTED = ("concern", "watch", "improving", "steady", "few", "stale", "context")
#: The title of the last part: the measures linked to no priority.
UNLINKED = "Other measures (not linked to a plan priority)"
#: What the last part asks (the LGA's guide asks that measures link to the
#: council plan).
UNLINKED_NOTE = "Ask which priority each of these serves, or whether it is still needed."
#: At most this many measures are named in one sentence ("A, B, C and 2 more");
#: the rest are listed elsewhere.
NAMED = 3

#: The verdicts that say how a measure is doing now; the others say it cannot
#: be judged (too few figures, out of date, context only).
JUDGED = ("concern", "watch", "improving", "steady")
#: verdict -> what one measure with it is.
_OF_ONE = {"concern": "needs attention", "watch": "is one to keep an eye on",
           "improving": "is getting better", "steady": "is steady",
           "few": "has too few figures to judge", "stale": "is out of date",
           "context": "is for context only"}
#: verdict -> what n measures that cannot be judged are ("2 for context only").
_NOT_JUDGED = {"few": "with too few figures", "stale": "out of date",
               "context": "for context only"}


def verdict_counts(totals: pd.DataFrame) -> str:
    """How many measures have each verdict: a badge and a number each."""
    found = totals["verdict"].value_counts()
    cells = [f'<li class="verdict-count">{status_badge(v)} <strong>{int(found.get(v, 0))}'
             "</strong></li>" for v in COUNTED if found.get(v, 0)]
    return (f'<ul class="verdict-counts" aria-label="Number of measures by verdict">'
            f'{"".join(cells)}</ul>')


def part_heading(part: PlanPart, level: int) -> str:
    """The part's heading and, beside it where there is room, its verdict counts."""
    return (f'<div class="plan-heading"><h{level} id="{_e(part.anchor)}">{_e(part.title)}'
            f"</h{level}>{verdict_counts(part.measures)}</div>")


def with_priority(totals: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """The assessment rows with a ``priority`` column ("" for none), joined
    from the indicators table by indicator_id. Rows that carry one already
    keep it."""
    if "priority" in totals.columns:
        named = totals["priority"]
    elif indicators is not None and "priority" in indicators.columns:
        named = totals["indicator_id"].map(indicators.set_index("indicator_id")["priority"])
    else:
        named = pd.Series("", index=totals.index)
    named = named.astype(object).where(named.notna(), "")
    return totals.assign(priority=named.astype(str).str.strip())


def _order(rows: pd.DataFrame) -> list[str]:
    """The priorities of these rows, alphabetically (ignoring case)."""
    return sorted(set(rows["priority"]) - {""}, key=lambda name: (name.casefold(), name))


def _anchor(priority: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", priority.lower()).strip("-") or "other"
    anchor, number = f"plan-{slug}", 2
    while anchor in taken:
        anchor, number = f"plan-{slug}-{number}", number + 1
    return anchor


def _listed(names: list[str]) -> str:
    shown = names[:NAMED]
    if len(names) > NAMED:
        return ", ".join(shown) + f" and {len(names) - NAMED} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _joined(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def _progress(counts: dict[str, int], judged: int, whose: str) -> str:
    """How many judged measures are steady or getting better, in the verdicts' words."""
    good = counts.get("steady", 0) + counts.get("improving", 0)
    words = " or ".join(w for v, w in (("steady", "steady"), ("improving", "getting better"))
                        if counts.get(v)) or "steady or getting better"
    if good == 0:
        return f"None of the {judged} {whose} we can judge is {words}"
    if good == judged:
        return f"{'Both' if judged == 2 else f'All {judged}'} {whose} we can judge are {words}"
    return f"{good} of the {judged} {whose} we can judge {'is' if good == 1 else 'are'} {words}"


def _answer(part: PlanPart, *, named: bool) -> str:
    counts = part.counts
    whose = f"{part.priority} measures" if part.priority else "other measures"
    judged = part.measures[part.measures["verdict"].isin(JUDGED)]
    if len(part.measures) == 1 and part.measures["verdict"].iloc[0] in _OF_ONE:
        row = part.measures.iloc[0]
        return f"The one {whose[:-1]}, {measure_name(row)}, {_OF_ONE[row['verdict']]}."
    if judged.empty:
        rest = _joined([f"{n} {_NOT_JUDGED[v]}" for v, n in counts.items()]) if counts else ""
        return (f"None of the {len(part.measures)} {whose} can be judged"
                + (f" ({rest})." if rest else "."))
    if len(judged) == 1:
        row = judged.iloc[0]
        return (f"The one {whose[:-1]} we can judge, {measure_name(row)}, "
                f"{_OF_ONE[row['verdict']]}.")
    clauses = [_progress(counts, len(judged), whose)]
    if counts.get("watch"):
        clauses.append(f"{counts['watch']} to keep an eye on")
    if counts.get("concern"):
        names = _listed([measure_name(row) for _, row in part.attention.iterrows()])
        need = "needs" if counts["concern"] == 1 else "need"
        clauses.append(f"{counts['concern']} {need} attention:" + (f" {names}." if named else ""))
        return "; ".join(clauses)
    return "; ".join(clauses) + "."


@dataclass(frozen=True)
class PlanPart:
    """One priority of the council plan (``priority`` "" for the measures
    linked to none) and its measures' rows of the assessment table."""

    priority: str
    measures: pd.DataFrame
    anchor: str

    @property
    def title(self) -> str:
        return self.priority or UNLINKED

    @property
    def counts(self) -> dict[str, int]:
        """verdict -> number of measures, in the order of :data:`COUNTED`, none zero."""
        found = self.measures["verdict"].value_counts()
        return {v: int(found[v]) for v in COUNTED if found.get(v, 0)}

    @property
    def attention(self) -> pd.DataFrame:
        return needs_attention_rows(self.measures)

    @property
    def going_well(self) -> pd.DataFrame:
        return going_well_rows(self.measures)

    @property
    def answer(self) -> str:
        """Are we making progress? One sentence, from the verdicts (see the
        module's docstring)."""
        return _answer(self, named=True)

    @property
    def answer_before_list(self) -> str:
        """The answer, ending "2 need attention:" where the measures are listed
        straight after it."""
        return _answer(self, named=False)


def plan_parts(totals: pd.DataFrame, indicators: pd.DataFrame | None = None) -> list[PlanPart]:
    """One part per priority (alphabetically), then the measures linked to
    none; no parts at all when no measure has a priority. ``totals``: the
    assessment rows without a breakdown, one per measure; ``indicators``: the
    indicators table, where their priorities are (unless the rows carry them)."""
    rows = with_priority(totals, indicators)
    if not rows["priority"].ne("").any():
        return []
    parts: list[PlanPart] = []
    for priority in [*_order(rows), ""]:
        mine = rows[rows["priority"] == priority]
        if len(mine):
            anchor = _anchor(priority, {p.anchor for p in parts})
            parts.append(PlanPart(priority, mine, anchor))
    return parts


# -- in the overview ------------------------------------------------------------------
class _Report(Protocol):
    """What these sections read of a report (a
    :class:`~perfkit.report.page.ReportPage`)."""

    @property
    def totals(self) -> pd.DataFrame: ...

    @property
    def data(self): ...


def _parts(report: _Report) -> list[PlanPart]:
    return plan_parts(report.totals, report.data.indicators)


def in_short(report: _Report) -> HTML:
    """The answer first: for each priority, one sentence, linked to its part.
    Nothing when no measure has a priority."""
    parts = _parts(report)
    if not parts:
        return HTML("")
    items = "".join(f'<li><a href="#{part.anchor}">{_e(part.title)}</a>: {_e(part.answer)}</li>'
                    for part in parts)
    return HTML('<div class="perfkit"><h2 id="in-short">In short</h2>'
                "<p>Are we making progress on what the council plan says matters? "
                f'Priority by priority:</p><ul class="plan-answers">{items}</ul></div>')


def _items(rows: pd.DataFrame, *, with_reason: bool) -> str:
    items = "".join(f"<li>{_e(headline(row))}"
                    + (f" <strong>{_e(row['verdict_reason'])}</strong>" if with_reason else "")
                    + "</li>" for _, row in rows.iterrows())
    return f'<ul class="measure-list">{items}</ul>'


def by_priority(report: _Report) -> HTML:
    """One part per priority: its verdict counts, the measures that need
    attention with their reasons, and the names of (at most :data:`NAMED`)
    measures going well (the overview's own lists, after the parts, describe
    them all). Nothing when no measure has a priority."""
    sections = []
    for part in _parts(report):
        body = [part_heading(part, 2),
                "" if part.priority else f"<p>{_e(UNLINKED_NOTE)}</p>"]
        if len(part.attention):
            body += ["<p>Needs attention:</p>", _items(part.attention, with_reason=True)]
        if len(part.going_well):
            names = [measure_name(row) for _, row in part.going_well.iterrows()]
            more = ", listed below" if len(names) > NAMED else ""
            body.append(f"<p>Going well: {_e(_listed(names))}{more}.</p>")
        sections.append('<section class="perfkit plan-part">' + "".join(body) + "</section>")
    return HTML("\n".join(sections))
