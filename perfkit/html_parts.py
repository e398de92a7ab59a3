"""The building blocks of perfkit's HTML: escaping, the wrapper every piece
sits in, accessible tables, and status shown as a symbol and words.

Text from data always goes through :func:`escape`. Symbols are hidden from
screen readers (``aria-hidden``); the words beside them never are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from .chart_style import palette
from .verdict import VERDICTS

__all__ = [
    "absent", "escape", "looks_numeric", "question_items", "rag_label", "status_badge",
    "table", "wrap",
]

#: Every piece is wrapped in this: it takes the report styles, and maths
#: renderers in notebooks leave the text alone ("$5 to $10" stays as typed).
_WRAPPER = '<div class="perfkit tex2jax_ignore mathjax_ignore">{}</div>'
_RAG_WORDS = {"green": "Green: on target", "amber": "Amber: close to target",
              "red": "Red: off target", "none": "No target"}
_NUMBER = re.compile(r"^\s*[-−+]?£?\d")
#: A table with more columns than this does not fit across a printed page: it
#: prints one block per row, each cell named by its column (see report.css).
PRINT_COLUMNS = 7


def absent(value: object) -> bool:
    """None, NaN, NA or NaT (and never an error for other values)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def escape(value: object) -> str:
    """Text from data, escaped for HTML; missing values are empty."""
    return "" if absent(value) else html.escape(str(value), quote=True)


def wrap(content: str) -> str:
    return _WRAPPER.format(content)


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


def looks_numeric(column: pd.Series) -> bool:
    """Numbers, or text that starts like one ("45.2%", "£1.2 million", "4th")."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return True
    cells = [str(v) for v in column if not absent(v) and str(v) != ""]
    return bool(cells) and all(_NUMBER.match(c) for c in cells)


def table(caption: str, headers: list[str], rows: list[list[str]], numeric: list[bool],
          row_headers: bool = False) -> str:
    """A table from a caption, headers and cells that are already HTML. Number
    columns are right-aligned; the wrapper scrolls sideways and can be reached
    with the keyboard. A table of more than :data:`PRINT_COLUMNS` columns is
    marked ``wide`` and its cells carry their column's name for print."""
    align = [' class="num"' if n else "" for n in numeric]
    wide = len(headers) > PRINT_COLUMNS
    labels = [f' data-label="{h}"' if wide else "" for h in headers]

    def cell(col: int, content: str) -> str:
        if row_headers and col == 0:
            return f'<th scope="row"{align[col]}>{content}</th>'
        return f"<td{align[col]}{labels[col]}>{content}</td>"

    head = "".join(f'<th scope="col"{a}>{h}</th>' for h, a in zip(headers, align, strict=True))
    body = "".join("<tr>" + "".join(cell(c, v) for c, v in enumerate(row)) + "</tr>"
                   for row in rows)
    opening = '<table class="wide">' if wide else "<table>"
    return (f'<div class="table-wrap" role="region" aria-label="{caption}" tabindex="0">'
            f"{opening}<caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")
