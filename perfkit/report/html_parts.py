"""Status shown as a symbol and words, and lists of questions: the small
HTML parts of a report (the general ones are in :mod:`perfkit.markup`).

Symbols are hidden from screen readers (``aria-hidden``); the words beside
them never are.
"""

from __future__ import annotations

from collections.abc import Iterable

from perfkit.analysis.verdict import VERDICTS
from perfkit.charts.palette import palette
from perfkit.markup import escape

__all__ = ["question_items", "rag_label", "status_badge"]

_RAG_WORDS = {"green": "Green: on target", "amber": "Amber: close to target",
              "red": "Red: off target", "none": "No target"}


def status_badge(verdict: str) -> str:
    """A verdict as a symbol and words, e.g. "▲ Getting better". Takes the
    verdict ("improving") or its label ("Getting better")."""
    key = {label: code for code, label in VERDICTS.items()}.get(verdict, verdict)
    label = VERDICTS.get(key, verdict)
    icon = palette()["verdict_icons"].get(key)
    shown = f'<span class="icon" aria-hidden="true">{icon}</span> ' if icon else ""
    return f'<span class="badge badge-{escape(key)}">{shown}{escape(label)}</span>'


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
            items.append(f"<li>{escape(question)}</li>")
        else:
            line, text = question
            items.append(f'<li>{escape(text)} <span class="muted">(line of enquiry: '
                         f"{escape(line)})</span></li>")
    return items


