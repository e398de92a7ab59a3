"""Sparklines: a series as a tiny inline SVG for a compact table of trends.

No axes, no labels: the values as a line scaled to the box (highest at the
top), broken where a value is missing, and a dot on the latest value. Words
say what the line shows: the SVG is an image (``role="img"``) named by its
``<title>`` ("Trend of <title>: <latest_label>." and the polarity's words),
and the table it sits in gives the figures. Colours come from
``palette.yaml`` (``sparkline``): dark greys, so nothing depends on colour.

The SVG text is written by hand, not by matplotlib: a table of trends has a
sparkline in every row, and this is much faster and smaller (coordinates to
one decimal place; under 1 kB for 40 values). The same values give the
same bytes every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from perfkit.charts.palette import colour, palette
from perfkit.markup import absent, escape
from perfkit.polarity import POLARITIES

__all__ = ["DOT_RADIUS", "LINE_WIDTH", "sparkline_svg"]

#: The latest value's dot (its radius), and the line's width, in pixels.
DOT_RADIUS = 2.5
LINE_WIDTH = 1.5
#: The dot drawn for a value with no value beside it (so no line to draw).
_LONE_RADIUS = 1.2
#: Room kept inside the edges, so the dot is never cut off.
_PADDING = DOT_RADIUS + 0.5
_POLARITY_TEXT = {"higher_is_better": " Higher is better.", "lower_is_better":
                  " Lower is better.", "neutral": ""}


def _number(value: float) -> str:
    """A coordinate to one decimal place, as short as it goes: 12.0 -> '12'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _positions(values: list[float], width: int, height: int) -> list[tuple[float, float] | None]:
    """Each value's (x, y) in the box (None where missing): first to last
    across, lowest to highest up, a flat series (or a single value) across the middle."""
    found = [v for v in values if not math.isnan(v)]
    low, high = (min(found), max(found)) if found else (0.0, 0.0)
    step = (width - 2 * _PADDING) / (len(values) - 1) if len(values) > 1 else 0.0
    start = _PADDING if len(values) > 1 else width - _PADDING  # one value: the latest, at the right

    def y(v: float) -> float:
        if high == low:
            return height / 2
        return height - _PADDING - (v - low) / (high - low) * (height - 2 * _PADDING)

    return [None if math.isnan(v) else (start + i * step, y(v)) for i, v in enumerate(values)]


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The points between missing values, in order."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def sparkline_svg(values: Sequence[float], *, polarity: str, latest_label: str, title: str,
                  width: int = 120, height: int = 28) -> str:
    """A sparkline of ``values`` (oldest first; None or NaN where missing) as
    inline SVG, ``width`` by ``height`` pixels.

    Its text alternative is "Trend of <title>: <latest_label>." and the
    polarity's words ("Higher is better."). ``title`` is used as given, so
    write it as it reads in a sentence; the caller writes ``latest_label``
    with the figures and periods, e.g. "from 41.0% in 2019 to 53.4% in 2024".
    A missing value breaks the line; a value with no value beside it is a
    small dot; the latest value is a larger dot. Raises ValueError for an
    unknown polarity.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {POLARITIES}")
    numbers = [math.nan if absent(v) else float(v) for v in values]
    numbers = [v if math.isfinite(v) else math.nan for v in numbers]  # infinity: no figure
    points = _positions(numbers, width, height)
    look = palette()["sparkline"]
    line, latest = colour(look["line"]), colour(look["latest"])
    said = latest_label.strip().rstrip(".")
    label = f"Trend of {title}{': ' + said if said else ''}.{_POLARITY_TEXT[polarity]}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" class="sparkline">'
             f"<title>{escape(label)}</title>"]
    runs = _runs(points)
    lines = [" ".join(f"{_number(x)},{_number(y)}" for x, y in run) for run in runs if len(run) > 1]
    if lines:
        parts.append(f'<g fill="none" stroke="{line}" stroke-width="{_number(LINE_WIDTH)}" '
                     'stroke-linejoin="round" stroke-linecap="round">'
                     + "".join(f'<polyline points="{xy}"/>' for xy in lines) + "</g>")
    parts += [_dot(run[0], _LONE_RADIUS, line) for run in runs[:-1] if len(run) == 1]
    if runs:
        parts.append(_dot(runs[-1][-1], DOT_RADIUS, latest))
    return "".join(parts) + "</svg>"


def _dot(point: tuple[float, float], radius: float, fill: str) -> str:
    x, y = point
    return f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(radius)}" fill="{fill}"/>'
