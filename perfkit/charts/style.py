"""What every perfkit chart shares: the :class:`Chart` result, the palette,
the Analysis Function style, axis formatting and deterministic rendering.

Colours and marker shapes are read from ``palette.yaml`` beside this file (a
colour may name a position in an afcharts palette). Figures are made with
:class:`matplotlib.figure.Figure`, never through pyplot, so nothing keeps them
alive once a :class:`Chart` is gone and notebooks do not grow in memory.
Rendering fixes every source of variation (metadata dates and software
versions, SVG ids), so the same chart gives the same bytes every time.

Rendering is the largest cost of a report (see docs/performance.md), so it is
done as little as possible: a chart is laid out once when it is made, each
format is drawn only when asked for (the PNG once, with the renderer that did
the layout), the style is read once, and SVG output is written compactly
(coordinates to 1/100 pt, shared text style, no metadata; see
:mod:`perfkit.charts.svg`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import matplotlib
import matplotlib.image
import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from perfkit.charts.html import chart_html
from perfkit.charts.palette import colour, palette
from perfkit.charts.svg import compact_svg
from perfkit.formatting import format_value, is_missing

__all__ = [
    "AF_STYLE",
    "Chart",
    "better_side",
    "colour",
    "compact_svg",
    "in_sentence",
    "label_period",
    "new_figure",
    "palette",
    "render_png",
    "render_svg",
    "set_value_axis",
    "spread",
    "style",
    "thin_ticks",
    "unit_label",
    "value_text",
]

#: The Analysis Function matplotlib style that afcharts ships.
AF_STYLE = "afcharts.afcharts"
#: Fixed salt for the ids in SVG output, so repeated runs give identical bytes.
SVG_HASH_SALT = "perfkit"

_STYLE_OVERRIDES = {
    "text.parse_math": False,  # "$" in a council's text must not become maths
    "svg.fonttype": "none",  # real text in SVG: smaller, and selectable
    "svg.hashsalt": SVG_HASH_SALT,
    "axes.titlesize": "medium",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
#: So that ``set_layout_engine(None)`` leaves a figure with no layout engine.
_NO_AUTOMATIC_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}
_MONEY = ("gbp", "gbp_thousands", "gbp_millions")
_UNIT_LABELS = {
    "rate_per_1000": "Per 1,000",
    "rate_per_10000": "Per 10,000",
    "rate_per_100000": "Per 100,000",
    "gbp_per_head": "£ per person",
    "days": "Days",
    "weeks": "Weeks",
    "years": "Years",
    "ratio": "Ratio",
    "score": "Score",
    "rank": "Rank",
}


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart and everything needed to show it accessibly: the figure, its
    title, a plain-English text alternative and the data behind it (readable
    column names, formatted values) to show as a table."""

    figure: Figure
    title: str
    alt_text: str
    data: pd.DataFrame
    _png: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # The constrained layout moves things a little on each of the first
        # few draws. Lay the figure out once and then fix it, so that every
        # rendering gives the same bytes. With no layout engine left, savefig
        # does not draw once more before it renders. The layout measures the
        # text with the Agg renderer that png() then draws with.
        FigureCanvasAgg(self.figure)  # the figure's canvas from now on
        with style(), matplotlib.rc_context(_NO_AUTOMATIC_LAYOUT):
            engine = self.figure.get_layout_engine()
            if engine is not None:
                engine.execute(self.figure)
            self.figure.set_layout_engine(None)

    def png(self, dpi: float | None = None) -> bytes:
        """PNG bytes. At the figure's resolution they are drawn on the canvas
        that laid the figure out, once, and kept until the figure changes."""
        canvas = self.figure.canvas
        if _dpi(dpi) != self.figure.dpi or not isinstance(canvas, FigureCanvasAgg):
            return render_png(self.figure, dpi)
        if self._png is None or self.figure.stale:
            with style():
                canvas.draw()
            object.__setattr__(self, "_png", _encode_png(np.asarray(canvas.buffer_rgba()),
                                                         self.figure.dpi))
        return self._png

    def svg(self) -> bytes:
        return render_svg(self.figure)

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in inches."""
        width, height = self.figure.get_size_inches()
        return float(width), float(height)

    def _repr_html_(self) -> str:
        return chart_html(self)


# -- figures and style ---------------------------------------------------------
@lru_cache(maxsize=1)
def _style_params() -> dict:
    """The afcharts style file's settings with perfkit's additions, read once
    (``matplotlib.style.context`` would read and parse the file every time)."""
    package, _, name = AF_STYLE.rpartition(".")
    path = files(package).joinpath(f"{name}.mplstyle")
    settings = matplotlib.rc_params_from_file(path, use_default_template=False)
    return {**{key: settings[key] for key in settings}, **_STYLE_OVERRIDES}


@contextmanager
def style() -> Iterator[None]:
    """The afcharts style with perfkit's few additions, for drawing and saving."""
    with matplotlib.rc_context(_style_params()):
        yield


def new_figure(width: float | None = None, height: float | None = None) -> Figure:
    """A figure of fixed size in the constrained layout, outside pyplot."""
    size = palette()["figure"]
    return Figure(
        figsize=(width or size["width"], height or size["height"]),
        dpi=size["dpi"],
        layout="constrained",
    )


def _dpi(dpi: float | None) -> float:
    return dpi or palette()["figure"]["dpi"]


def _save(figure: Figure, fmt: str, metadata: dict, dpi: float | None) -> bytes:
    buffer = io.BytesIO()
    with style():
        figure.savefig(buffer, format=fmt, dpi=_dpi(dpi), metadata=metadata)
    return buffer.getvalue()


#: PNG metadata: no software version, so the bytes do not change with it.
_PNG_METADATA = {"Software": None}


def _encode_png(pixels: np.ndarray, dpi: float) -> bytes:
    """RGBA pixels as PNG, exactly as matplotlib's savefig writes them."""
    buffer = io.BytesIO()
    matplotlib.image.imsave(buffer, pixels, format="png", origin="upper", dpi=dpi,
                            metadata=_PNG_METADATA)
    return buffer.getvalue()


def render_png(figure: Figure, dpi: float | None = None) -> bytes:
    """PNG bytes, without the software version in the metadata."""
    return _save(figure, "png", _PNG_METADATA, dpi)


def render_svg(figure: Figure) -> bytes:
    """SVG bytes, without a creation date, with fixed ids, written compactly
    (see :func:`compact_svg`)."""
    return compact_svg(_save(figure, "svg", {"Date": None, "Creator": None}, None))


# -- text and axes -------------------------------------------------------------
def better_side(polarity: str) -> str:
    """"higher", "lower" or "neutral", from a polarity ("higher_is_better") or
    from the short form ("higher")."""
    word = str(polarity).removesuffix("_is_better")
    return word if word in ("higher", "lower") else "neutral"


def label_period(period: object) -> str:
    """The label of a period (a :class:`~perfkit.periods.Period` or text)."""
    return str(getattr(period, "label", period))


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: 'Forecast spend' -> 'forecast
    spend', but 'EHC plans' and 'Trafford's spend' are left alone."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() and first.isalpha() and first[0].isupper():
        return first.lower() + title[len(first):]
    return title


def unit_label(unit: str) -> str:
    """Axis title for units the tick labels do not show ('' for % and £)."""
    return _UNIT_LABELS.get(unit, "")


def value_text(value: object, unit: str, places: int) -> str:
    """A value for a label on a chart: % and £ as in reports, other units as
    plain numbers (the axis title names the unit)."""
    if is_missing(value):
        return "not available"
    if unit == "percent" or unit in _MONEY:
        return format_value(value, unit, places)
    if unit == "gbp_per_head":
        return format_value(value, "gbp", places)
    return format_value(value, "count", places)


class _ValueFormatter(Formatter):
    """Tick labels with the unit, to no more decimal places than the ticks need."""

    def __init__(self, unit: str, decimal_places: int):
        self.unit, self.decimal_places, self.places = unit, decimal_places, 0

    def format_ticks(self, values):
        steps = np.diff(np.asarray(values, dtype=float))
        step = float(np.min(np.abs(steps))) if len(steps) else 1.0
        needed = 0 if step >= 1 or step == 0 else math.ceil(-math.log10(step) - 1e-9)
        self.places = min(max(needed, 0), self.decimal_places)
        return [self(value) for value in values]

    def __call__(self, x, pos=None):
        return value_text(x, self.unit, self.places)


def set_value_axis(axis: Axis, unit: str, decimal_places: int) -> None:
    """Format a value axis with the unit, and title it when ticks cannot say it."""
    axis.set_major_formatter(_ValueFormatter(unit, int(decimal_places)))
    axis.set_label_text(unit_label(unit))


#: Roughly how wide one character of a tick label is, in inches, at the
#: afcharts style's 14-point font, and the space to leave between labels.
CHARACTER_WIDTH = 0.12
LABEL_GAP = 0.4


def thin_ticks(labels: Sequence[str], most: int | None = None,
               room: float | None = None) -> list[int]:
    """Positions of the labels to show: evenly spaced, always the latest; no
    more than ``most``, nor than fit side by side in ``room`` inches."""
    most = most or palette()["figure"]["max_tick_labels"]
    if room is not None and labels:
        widest = max(len(label) for label in labels) * CHARACTER_WIDTH + LABEL_GAP
        most = max(2, min(most, int(room / widest)))
    step = max(1, math.ceil(len(labels) / most))
    return sorted(range(len(labels) - 1, -1, -step))


def spread(positions: Sequence[float], gap: float) -> list[float]:
    """Move label positions apart so that no two are closer than ``gap``,
    keeping their order and their centre."""
    if len(positions) < 2:
        return list(positions)
    order = np.argsort(positions, kind="stable")
    placed = np.asarray(positions, dtype=float)[order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed += np.mean(np.asarray(positions, dtype=float)[order]) - np.mean(placed)
    result = np.empty_like(placed)
    result[order] = placed
    return result.tolist()
