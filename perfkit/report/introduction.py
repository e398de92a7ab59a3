"""Each report's introduction, from what the data hold for the council.

An introduction asks the report's question (the line of enquiry in the LGA's
guide) and says what the report looks at: the legal duties whose measures
the data hold, the breakdowns present, the finance sections that have
figures. It never promises a section the data cannot fill. The functions
here take plain tables and lists; :func:`perfkit.report.sections.introduction`
gathers them from a report.
"""

from __future__ import annotations

import pandas as pd

from perfkit.markup import absent, wrap
from perfkit.markup import escape as _e
from perfkit.report.blocks import sentences_html

__all__ = ["QUESTIONS", "equality_intro", "finance_intro", "in_a_sentence", "legal_duties_intro",
           "listed", "plain_intro"]

#: notebook -> the question it answers, and what it always does.
QUESTIONS = {
    "overview": ("Are the council's actions making the progress that matters to residents? "
                 "The answer comes first: how the measures are doing, what needs attention "
                 "and what is going well."),
    "legal_duties": "Is the council doing what the law requires, on time?",
    "finance": "Is public money spent wisely?",
    "equality": "Do all residents get a fair deal?",
    "trends": ("Is the council getting better or worse over time? One table shows every "
               "measure's trend at a glance. A full statistical process control chart "
               "follows only where there is something to see."),
}
_PRIVACY = ("It shows where gaps are real rather than chance. Small numbers are hidden to "
            "protect people's privacy.")


def listed(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def in_a_sentence(title: object) -> str:
    """A short title inside a sentence: "Assessments within 45 days" ->
    "assessments within 45 days"; "EHC plans" and "FOI answered" keep their capitals."""
    text = str(title)
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def plain_intro(notebook: str) -> str:
    """An introduction that does not depend on the data."""
    return sentences_html([QUESTIONS[notebook]])


def legal_duties_intro(council_name: str, period: str, measures: pd.DataFrame) -> str:
    """The question, and the legal duties the figures cover, grouped by
    service. ``measures``: one row per measure in the report (``short_title``,
    ``service``)."""
    if measures.empty:
        return sentences_html([QUESTIONS["legal_duties"],
                               f"There are no figures on legal duties for {council_name} "
                               f"up to {period}."])
    services = measures.assign(service=measures["service"].map(
        lambda s: "Other duties" if absent(s) or not str(s).strip() else str(s)))
    items = "".join(
        f"<li>{_e(service)}: {_e(listed([in_a_sentence(t) for t in rows['short_title']]))}.</li>"
        for service, rows in services.groupby("service", sort=False))
    lead = sentences_html([QUESTIONS["legal_duties"],
                           f"This report looks at the duties the figures cover for "
                           f"{council_name}:"])
    return lead + wrap(f"<ul>{items}</ul>")


def equality_intro(council_name: str, breakdowns: pd.DataFrame) -> str:
    """The question, and the breakdowns the data hold for the council.
    ``breakdowns``: one row per indicator and dimension (``short_title``,
    ``dimension``)."""
    if breakdowns.empty:
        return sentences_html([QUESTIONS["equality"],
                               f"The data hold no figures broken down by group for "
                               f"{council_name}, so this report shows each measure for "
                               "the council as a whole."])
    items = "".join(
        f"<li>{_e(title)}: by "
        f"{_e(listed([str(d).replace('_', ' ') for d in rows['dimension']]))}.</li>"
        for title, rows in breakdowns.groupby("short_title", sort=False))
    lead = sentences_html([QUESTIONS["equality"],
                           f"This report breaks these measures for {council_name} down by "
                           "group:"])
    return lead + wrap(f"<ul>{items}</ul>") + sentences_html([_PRIVACY])


def finance_intro(council_name: str, parts: list[str]) -> str:
    """The question, and the finance sections that have figures for the council."""
    if not parts:
        return sentences_html([QUESTIONS["finance"],
                               "The data hold no budget, unit cost or council tax figures "
                               f"for {council_name}."])
    items = "".join(f"<li>{_e(part[0].upper() + part[1:])}.</li>" for part in parts)
    return sentences_html([QUESTIONS["finance"], "This report shows:"]) + wrap(
        f"<ul>{items}</ul>")
