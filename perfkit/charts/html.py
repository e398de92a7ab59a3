"""A chart on a page: the image, its text alternative and the data behind it."""

from __future__ import annotations

import base64

from perfkit.charts.palette import palette
from perfkit.markup import escape, frame_table, wrap

__all__ = ["chart_html"]


def chart_html(chart, fmt: str = "svg") -> str:
    """A chart (a :class:`~perfkit.charts.style.Chart`, or one kept by
    :mod:`perfkit.charts.cache`) as an inline image (SVG: sharp at any zoom,
    real text, and the cheapest to draw; ``fmt="png"`` gives a PNG) with its
    text alternative as ``alt``, its title as the caption, and the data behind
    it in a table that opens on request."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be 'svg' or 'png', not {fmt!r}")
    mime, drawn = ("image/png", chart.png()) if fmt == "png" else ("image/svg+xml", chart.svg())
    data = base64.b64encode(drawn).decode("ascii")
    width, height = (inches * palette()["figure"]["dpi"] for inches in chart.size)
    image = (f'<img src="data:{mime};base64,{data}" alt="{escape(chart.alt_text)}" '
             f'width="{width:.0f}" height="{height:.0f}">')
    return wrap(f'<figure class="chart"><figcaption>{escape(chart.title)}</figcaption>{image}'
                f"</figure><details><summary>Data behind this chart</summary>"
                f"{frame_table(chart.data, chart.title)}</details>")
