"""The building blocks of perfkit's HTML, shared by the charts and the
reports: escaping, the wrapper every piece sits in, and accessible tables.

Text from data always goes through :func:`escape`, so HTML, scripts and
Markdown in it show as typed and never run or render.
"""

from __future__ import annotations

import html
import re

import pandas as pd

__all__ = ["PRINT_COLUMNS", "absent", "escape", "frame_table", "looks_numeric", "table", "wrap"]

#: Every piece is wrapped in this: it takes the report styles, and maths
#: renderers in notebooks leave the text alone ("$5 to $10" stays as typed).
_WRAPPER = '<div class="perfkit tex2jax_ignore mathjax_ignore">{}</div>'
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


def frame_table(frame: pd.DataFrame, caption: str, index: bool = False) -> str:
    """A DataFrame as an escaped :func:`table` (not wrapped)."""
    if index:
        frame = frame.reset_index()
    numeric = [looks_numeric(frame[c]) for c in frame.columns]
    rows = [[escape(v) for v in row] for row in frame.itertuples(index=False)]
    return table(escape(caption), [escape(c) for c in frame.columns], rows, numeric)
