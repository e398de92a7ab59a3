"""HTML pieces for the report notebooks, shown with ``IPython.display.HTML``.

Every piece is plain, accessible HTML: real tables with captions and header
scopes, status as a symbol *and* words (symbols are hidden from screen
readers, the words never are), charts with text alternatives and their data.
Every piece of text from data (titles, council names, commentary) is escaped,
so HTML, scripts and Markdown in it show as typed and never run or render.
Nothing refers to anything outside the page. Notebooks include
:func:`page_style` once; each piece is wrapped in ``<div class="perfkit">``.
The at-a-glance table is built in :mod:`perfkit.report.glance`, charts are
placed with :func:`perfkit.charts.html.chart_html`, and the general HTML parts
(escaping, tables) are in :mod:`perfkit.markup`. Symbols are hidden from
screen readers (``aria-hidden``); the words beside them never are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources import files

import pandas as pd

from perfkit.analysis.verdict import VERDICTS
from perfkit.charts.palette import palette
from perfkit.markup import absent, frame_table, wrap
from perfkit.markup import escape as _e
from perfkit.report.narrative import Sentence

__all__ = [
    "analyst_details",
    "commentary_block",
    "measure_summary",
    "question_items",
    "rag_label",
    "status_badge",
    "page_style",
    "questions_html",
    "section_heading",
    "sentences_html",
    "synthetic_notice",
    "table_html",
    "titled_section",
]

#: Table name -> what the synthetic notice calls it, in the order it names them.
_TABLE_WORDS = {"targets": "targets", "budget_monitoring": "budget",
                "complaints": "complaints", "satisfaction": "satisfaction",
                "commentary": "commentary", "actions": "actions"}
#: A RAG rating in words.
_RAG_WORDS = {"green": "Green: on target", "amber": "Amber: close to target",
              "red": "Red: off target", "none": "No target"}


def page_style() -> str:
    """One ``<style>`` block for the whole report: include it once."""
    css = files("perfkit.report").joinpath("report.css").read_text(encoding="utf-8")
    return f"<style>\n{css}</style>"


def sentences_html(sentences: Iterable[Sentence | str]) -> str:
    """Generated narrative as one paragraph; each sentence keeps the names of
    the fields it came from in ``data-fields``."""
    spans = []
    for sentence in sentences:
        if isinstance(sentence, Sentence):
            fields = _e(" ".join(sentence.fields))
            spans.append(f'<span data-fields="{fields}">{_e(sentence.text)}</span>')
        else:
            spans.append(f"<span>{_e(sentence)}</span>")
    return wrap(f'<p class="narrative">{" ".join(spans)}</p>')


def questions_html(questions: Iterable[tuple[str, str] | str]) -> str:
    """Suggested questions for members: (line of enquiry, question) pairs, or text."""
    items = question_items(questions)
    if not items:
        return wrap("<p>The figures do not suggest any particular questions.</p>")
    return wrap(f'<ul class="questions">{"".join(items)}</ul>')


def commentary_block(text: object, author: object = None, period: object = None) -> str:
    """Officer commentary, shown as text: paragraphs and line breaks kept,
    everything else escaped; long words wrap."""
    who = ", ".join(_e(part) for part in (author, period) if not absent(part) and part)
    caption = "Officer commentary" + (f": {who}" if who else "")
    if absent(text) or not str(text).strip():
        body = '<p class="muted">There is no officer commentary for this period.</p>'
    else:
        paragraphs = re.split(r"\n\s*\n", str(text).replace("\r\n", "\n").strip())
        body = "".join("<p>" + "<br>".join(_e(line) for line in p.split("\n")) + "</p>"
                       for p in paragraphs)
    return wrap(f'<figure class="commentary"><figcaption>{caption}</figcaption>'
                f"<blockquote>{body}</blockquote></figure>")


def synthetic_notice(tables: Iterable[str], area_name: str | None = None) -> str:
    """A banner naming the made-up demonstration data in a report (e.g. from
    ``Dataset.synthetic_tables()``), or '' when there is none."""
    names = list(dict.fromkeys(tables))
    if not names:
        return ""
    known = [word for name, word in _TABLE_WORDS.items() if name in names]
    words = known + [name.replace("_", " ") for name in names if name not in _TABLE_WORDS]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    whose = f"{area_name}'s" if area_name else "the council's"
    return wrap('<div class="synthetic-notice" role="note"><strong>Demonstration data.'
                f"</strong> The {_e(listed)} in this report are made-up demonstration data, "
                f"not {_e(whose)} own.</div>")


def table_html(frame: pd.DataFrame, caption: str, *, index: bool = False) -> str:
    """Any table, escaped, with a caption; number columns right-aligned."""
    return wrap(frame_table(frame, caption, index))


def status_badge(verdict: str) -> str:
    """A verdict as a symbol and words, e.g. "▲ Getting better". Takes the
    verdict ("improving") or its label ("Getting better")."""
    key = {label: code for code, label in VERDICTS.items()}.get(verdict, verdict)
    label = VERDICTS.get(key, verdict)
    icon = palette()["verdict_icons"].get(key)
    shown = f'<span class="icon" aria-hidden="true">{icon}</span> ' if icon else ""
    return f'<span class="badge badge-{_e(key)}">{shown}{_e(label)}</span>'


def rag_label(rag: object) -> str:
    """A RAG rating as a symbol and words, e.g. "✓ Green: on target"."""
    key = rag if rag in _RAG_WORDS else "none"
    icon = palette()["rag_symbols"][key]
    return (f'<span class="rag rag-{key}"><span class="icon" aria-hidden="true">{icon}'
            f"</span> {_RAG_WORDS[key]}</span>")


def question_items(questions: Iterable[tuple[str, str] | str]) -> list[str]:
    """``<li>`` items for questions: (line of enquiry, question) pairs, or text."""
    items = []
    for question in questions:
        if isinstance(question, str):
            items.append(f"<li>{_e(question)}</li>")
        else:
            line, text = question
            items.append(f'<li>{_e(text)} <span class="muted">(line of enquiry: '
                         f"{_e(line)})</span></li>")
    return items


def titled_section(heading: str, body: str, anchor: str) -> str:
    """A section of a page-object report (the ward view, the annual reviews):
    its heading, with ``anchor`` as its id, then its body (already HTML)."""
    return wrap(f'<h2 id="{_e(anchor)}">{_e(heading)}</h2>') + body


def section_heading(text: str) -> str:
    """A section's heading, for a section that is shown only when the data
    hold something for it (a Markdown heading would stay above nothing)."""
    anchor = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return f'<h2 id="{_e(anchor)}">{_e(text)}</h2>'


def measure_summary(headline: str, points: list[str]) -> str:
    """A measure's headline and its short points."""
    items = "".join(f"<li>{_e(p)}</li>" for p in points)
    listed = f'<ul class="points">{items}</ul>' if items else ""
    return f'<div class="perfkit"><p class="headline">{_e(headline)}</p>{listed}</div>'


def analyst_details(summary: str, body: str) -> str:
    """Detail for analysts, folded away in a ``<details>`` block."""
    return (f'<details class="perfkit analyst-detail"><summary>{_e(summary)}</summary>'
            f"{body}</details>")
