"""Where the words on an SPC chart go: the notes beside special causes, clear
of the lines, and the labels of the lines at the right, apart.

Both are placed while the chart is drawn, before the layout is known, from
the share of the figure the plotting area is expected to take
(:data:`PLOT_HEIGHT_SHARE` and the width the chart passes in). A note is
tried above and below its point and moved past whatever it would cover (the
average, the process limits, the target, the points, the line through them,
other notes); if the lines and points leave it no room, it keeps clear of the
average, limits and target at least. Whatever happens, it sits on a white box
over the lines, so no line ever runs through its words. The labels at the
right are spread at least :data:`LABEL_SPACING` lines of text apart.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties

from perfkit.charts import style as cs

__all__ = ["LABEL_SPACING", "NOTE_BOX", "PLOT_HEIGHT_SHARE", "name_special_causes",
           "place_line_labels"]

#: About how much of the figure's height the plotting area takes (the period
#: labels and the legend take the rest): 0.73 to 0.83 in the demo pack.
PLOT_HEIGHT_SHARE = 0.78
#: The labels of the lines at the right are at least this many lines of their
#: text apart (centre to centre), so none is drawn over another.
LABEL_SPACING = 1.6
#: A note sits on a white box, over the lines but under the points.
NOTE_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
_NOTE_LAYER = 2.5
#: A note's size in ems of its bold text, with room to spare: the width of a
#: character (0.61 to 0.68 measured) and the height of the line.
_NOTE_EM_WIDTH, _NOTE_EM_HEIGHT = 0.7, 1.3
#: Notes start this many points above or below their point (below leaves room
#: for the downward marker), keep this many points clear of what they should
#: not cover, and are moved at most this far from their point to do so.
_NOTE_OFFSET = {True: 10.0, False: 14.0}  # above, below
_NOTE_CLEARANCE = 3.0
_NOTE_FURTHEST = 48.0
#: The points' markers, as squares this many points from the middle to the
#: edge, and the line through them, as this many points along each step.
_MARKER_RADIUS = 5.0
_LINE_SAMPLES = 12


class _Box(NamedTuple):
    """A note's rectangle in points, measured from the data's origin."""

    left: float
    right: float
    bottom: float
    top: float

    def raised(self, by: float) -> _Box:
        return self._replace(bottom=self.bottom + by, top=self.top + by)


#: What a note should keep clear of: one row per rectangle, in points, with
#: these columns (a line or a point along one is a rectangle of no size).
_LEFT, _RIGHT, _BOTTOM, _TOP = range(4)


def _points_per_unit(ax: Axes, room: float) -> tuple[float, float]:
    """Points per data unit across and up, in the plotting area as expected."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    height = PLOT_HEIGHT_SHARE * ax.get_figure().get_figheight()
    return room * 72 / (x1 - x0), height * 72 / (y1 - y0)


def _boxes(x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
    found = np.column_stack([x0, x1, y0, y1]).reshape(-1, 4)
    return found[~np.isnan(found).any(axis=1)]


def _line_boxes(frame: pd.DataFrame, targets: pd.Series, across: float, up: float
                ) -> np.ndarray:
    """The average, limits and target as flat boxes: each point's value across
    its own width (as drawn, give or take half a point at a segment's ends)."""
    lines = np.concatenate([frame[name].to_numpy(dtype=float) for name in ("mean", "upl", "lpl")]
                           + [targets.to_numpy(dtype=float)])
    x = np.tile(np.arange(len(frame), dtype=float), 4)
    return _boxes((x - 0.5) * across, (x + 0.5) * across, lines * up, lines * up)


def _value_boxes(values: np.ndarray, across: float, up: float) -> np.ndarray:
    """The points, and the line through them as points along each step."""
    x, r = np.arange(len(values), dtype=float), _MARKER_RADIUS
    points = _boxes(x * across - r, x * across + r, values * up - r, values * up + r)
    steps = np.linspace(0, 1, _LINE_SAMPLES)[:, None]  # one row per place along each step
    xs = ((x[:-1] + steps) * across).ravel()
    ys = ((values[:-1] + steps * (values[1:] - values[:-1])) * up).ravel()
    return np.concatenate([points, _boxes(xs, xs, ys, ys)])


def _clear_offset(note: _Box, above: bool, taken: np.ndarray, floor: float,
                  ceiling: float) -> float | None:
    """How far above (or below) its point a note, drawn at ``note`` when its
    bottom is at the point, clears everything taken and stays in the plot;
    None if it cannot within :data:`_NOTE_FURTHEST` points."""
    offset, height, clear = _NOTE_OFFSET[above], note.top - note.bottom, _NOTE_CLEARANCE
    across = taken[(taken[:, _LEFT] < note.right) & (note.left < taken[:, _RIGHT])]
    while offset <= _NOTE_FURTHEST:
        box = note.raised(offset if above else -offset - height)
        if box.bottom < floor or box.top > ceiling:
            return None
        hits = across[(across[:, _BOTTOM] < box.top + clear)
                      & (box.bottom < across[:, _TOP] + clear)]
        if not len(hits):
            return offset
        offset = clear + (hits[:, _TOP].max() - note.bottom if above
                          else note.bottom - hits[:, _BOTTOM].min())
    return None


def _choose_side(note: _Box, below: bool, tiers: list[np.ndarray], floor: float,
                 ceiling: float) -> tuple[bool, float]:
    """(above, offset): the side that needs the note moved least, its own side
    if both need the same, keeping clear of every tier's boxes if it can, else
    of the first tiers'; its own side, not moved, if neither side is clear."""
    for taken in tiers:
        found = [(offset - _NOTE_OFFSET[side], side == below, side, offset)
                 for side in (True, False)
                 if (offset := _clear_offset(note, side, taken, floor, ceiling)) is not None]
        if found:
            return min(found)[2:]
    return not below, _NOTE_OFFSET[not below]


def name_special_causes(ax: Axes, frame: pd.DataFrame, targets: pd.Series,
                        room: float) -> None:
    """Write the kind of special cause beside the last point of each run of it
    (a missing value does not end a run), clear of the lines and other notes.
    ``room``: the plotting area's expected width in inches. Call it once the
    axes' limits are set."""
    looks, colour = cs.palette()["point_types"], cs.colour(cs.palette()["text"]["main"])
    kinds = frame["point_type"].astype(str).to_numpy()
    values = frame["value"].to_numpy(dtype=float)
    observed = np.flatnonzero(~np.isnan(values))
    across, up = _points_per_unit(ax, room)
    lines, data = _line_boxes(frame, targets, across, up), _value_boxes(values, across, up)
    notes = np.empty((0, 4))
    em = FontProperties(size="small").get_size_in_points()
    floor, ceiling = (limit * up for limit in ax.get_ylim())
    for place, i in enumerate(observed):
        kind = kinds[i]
        if not looks.get(kind, {}).get("note") or (
                place + 1 < len(observed) and kinds[observed[place + 1]] == kind):
            continue
        text, below = looks[kind]["note"], looks[kind]["marker"] == "v" or kind.endswith("_low")
        width, x, y = len(text) * em * _NOTE_EM_WIDTH, i * across, values[i] * up
        align = "right" if i == len(kinds) - 1 else "left" if i == 0 else "center"
        left = {"right": x - width, "left": x, "center": x - width / 2}[align]
        at_point = _Box(left, left + width, y, y + em * _NOTE_EM_HEIGHT)
        kept = np.concatenate([lines, notes])
        above, offset = _choose_side(at_point, below, [np.concatenate([kept, data]), kept],
                                     floor, ceiling)
        placed = at_point.raised(offset if above else -offset - em * _NOTE_EM_HEIGHT)
        notes = np.vstack([notes, placed])
        ax.annotate(text, (i, values[i]), xytext=(0, offset if above else -offset),
                    textcoords="offset points", ha=align, va="bottom" if above else "top",
                    fontsize="small", fontweight="bold", annotation_clip=False,
                    color=colour, bbox=NOTE_BOX, zorder=_NOTE_LAYER)


def place_line_labels(ax: Axes, values: list[float]) -> list[float]:
    """Where to write the labels of lines at these values, in axes fraction:
    at their lines, but at least :data:`LABEL_SPACING` lines of text apart,
    in order, and moved together into the plot's height as far as they fit."""
    low, high = ax.get_ylim()
    height = PLOT_HEIGHT_SHARE * ax.get_figure().get_figheight() * 72  # points
    gap = LABEL_SPACING * FontProperties(size="small").get_size_in_points() / height
    places = cs.spread([(v - low) / (high - low) for v in values], gap=gap)
    if not places:
        return places
    shift = max(0.0, -min(places)) or min(0.0, 1 - max(places))
    return [y + shift for y in places]
