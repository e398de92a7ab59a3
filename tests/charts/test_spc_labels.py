"""Where the words on an SPC chart go (perfkit/charts/spc_labels.py), measured
on the drawn chart: the notes beside special causes are not crossed by the
average, the limits or the target, and the labels of the lines at the right
are apart even when two lines are at the same value.

Each chart is drawn from a small hand-made frame of what
:func:`perfkit.analysis.spc.xmr` returns (the lines flat at 50, 60 and 40), so
that a line sits exactly where a note or label would fall. Positions are read
from the laid-out figure in pixels: the notes' and labels' window extents,
and the lines' pixel heights.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.font_manager import FontProperties

from perfkit.charts import style as cs
from perfkit.charts.spc import spc_chart
from perfkit.charts.spc_labels import LABEL_SPACING, PLOT_HEIGHT_SHARE, place_line_labels

STEADY = [50.0, 48.0, 52.0, 49.0, 51.0, 50.0, 49.0, 52.0, 50.0, 51.0]
LINES = ("Average", "Process limits (usual range)", "Target")
LABELS = ("Average", "Upper limit", "Lower limit", "Target")


def frame(values: list[float], kinds: dict[int, str], *, mean: float = 50.0,
          upl: float = 60.0, lpl: float = 40.0) -> pd.DataFrame:
    """A series as xmr returns it, with flat lines and the given point types."""
    return pd.DataFrame({
        "period": [str(2010 + i) for i in range(len(values))],
        "value": values, "mean": mean, "upl": upl, "lpl": lpl,
        "point_type": [kinds.get(i, "common_cause") for i in range(len(values))],
        "segment": 0, "trial_limits": False})


#: A special cause whose note, at its usual place (10 points above an upward
#: marker, 14 below a downward one), a line would run through.
CROSSINGS = {
    # improvement just above the upper limit, with the target just above it
    "target over an improvement": (frame([*STEADY, 61.0], {10: "special_cause_improvement"}),
                                   "higher_is_better", 63.0),
    # improvement (lower is better) below the lower limit, the limit just above
    "lower limit over an improvement": (
        frame([*STEADY, 38.5], {10: "special_cause_improvement"}), "lower_is_better", None),
    # concern above the upper limit, the limit just below
    "upper limit under a concern": (frame([*STEADY, 61.5, 50.0], {10: "special_cause_concern"}),
                                    "lower_is_better", None),
}


def draw(series: pd.DataFrame, polarity: str = "higher_is_better",
         target: float | None = None):
    return spc_chart(series, title="Plans on time", unit="percent", polarity=polarity,
                     target=target)


def notes(chart) -> list:
    looks = cs.palette()["point_types"].values()
    words = {look["note"] for look in looks if look["note"]}
    return [t for t in chart.figure.axes[0].texts if t.get_text() in words]


def labels(chart) -> dict[str, object]:
    """The labels at the right, by the line each names."""
    texts = chart.figure.axes[0].texts
    return {name: t for name in LABELS for t in texts if t.get_text().startswith(f"{name} ")}


def em() -> float:
    """The labels' and notes' font size, in points."""
    with cs.style():
        return FontProperties(size="small").get_size_in_points()


def crossings(chart) -> list[str]:
    """Each (note, line) where the line runs through the note's text."""
    ax = chart.figure.axes[0]
    renderer = chart.figure.canvas.get_renderer()
    found = []
    for note in notes(chart):
        box = note.get_window_extent(renderer)
        for line in ax.lines:
            if line.get_label() not in LINES:
                continue
            xy = line.get_transform().transform(
                np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
            xy = xy[~np.isnan(xy).any(axis=1)]
            half = ax.transData.transform([(0.5, 0)])[0][0] - ax.transData.transform([(0, 0)])[0][0]
            across = (xy[:, 0] - half <= box.x1) & (xy[:, 0] + half >= box.x0)
            if (across & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)).any():
                found.append(f"{line.get_label()} through {note.get_text()}")
    return found


@pytest.mark.parametrize("case", list(CROSSINGS))
def test_no_line_runs_through_a_note(case):
    series, polarity, target = CROSSINGS[case]
    chart = draw(series, polarity, target)
    assert len(notes(chart)) == 1
    assert crossings(chart) == []


@pytest.mark.parametrize("case", list(CROSSINGS))
def test_a_note_sits_on_a_white_box_over_the_lines(case):
    series, polarity, target = CROSSINGS[case]
    chart = draw(series, polarity, target)
    (note,) = notes(chart)
    box = note.get_bbox_patch()
    assert box is not None and to_hex(box.get_facecolor()) == "#ffffff"
    lines = [line for line in chart.figure.axes[0].lines if line.get_label() in LINES]
    points = [line for line in chart.figure.axes[0].lines if line.get_gid()]
    assert all(line.get_zorder() < note.get_zorder() for line in lines)
    assert all(note.get_zorder() < line.get_zorder() for line in points)


def test_a_note_at_the_latest_point_stays_inside_the_plot():
    series, polarity, target = CROSSINGS["target over an improvement"]
    chart = draw(series, polarity, target)
    (note,) = notes(chart)
    renderer = chart.figure.canvas.get_renderer()
    plot = chart.figure.axes[0].get_window_extent(renderer)
    assert note.get_window_extent(renderer).x1 <= plot.x1
    assert not any(note.get_window_extent(renderer).overlaps(label.get_window_extent(renderer))
                   for label in labels(chart).values())


def test_a_missing_value_does_not_split_a_run_into_two_notes():
    values = [*STEADY, 38.0, np.nan, 37.0]
    kinds = {10: "special_cause_improvement", 11: np.nan,  # as xmr gives a missing value
             12: "special_cause_improvement"}
    chart = draw(frame(values, kinds), "lower_is_better")
    (note,) = notes(chart)
    assert note.xy == (12, 37.0)


def test_notes_of_neighbouring_runs_do_not_overlap():
    values = [*STEADY, 38.5, 61.5, 50.0]
    kinds = {10: "special_cause_improvement", 11: "special_cause_concern"}
    chart = draw(frame(values, kinds), "lower_is_better")
    renderer = chart.figure.canvas.get_renderer()
    first, second = (note.get_window_extent(renderer) for note in notes(chart))
    assert not first.overlaps(second)
    assert crossings(chart) == []


# -- the labels of the lines ----------------------------------------------------------
@pytest.fixture
def target_on_the_upper_limit():
    """A target equal to the upper limit (as when a limit is clipped to 100%)."""
    return draw(frame(STEADY, {}, mean=60.0, upl=100.0, lpl=20.0), target=100.0)


def test_target_and_upper_limit_labels_are_a_minimum_gap_apart(target_on_the_upper_limit):
    chart = target_on_the_upper_limit
    found = labels(chart)
    assert set(found) == {"Average", "Upper limit", "Lower limit", "Target"}
    gap = LABEL_SPACING * em() / (PLOT_HEIGHT_SHARE * chart.figure.get_figheight() * 72)
    renderer = chart.figure.canvas.get_renderer()
    plot = chart.figure.axes[0].get_window_extent(renderer)
    middles = {name: (box.y0 + box.y1) / 2 for name, box in
               ((name, label.get_window_extent(renderer)) for name, label in found.items())}
    assert abs(middles["Target"] - middles["Upper limit"]) >= gap * plot.height - 0.01


def test_labels_of_lines_at_one_value_do_not_overlap(target_on_the_upper_limit):
    chart = target_on_the_upper_limit
    renderer = chart.figure.canvas.get_renderer()
    boxes = {name: label.get_window_extent(renderer) for name, label in labels(chart).items()}
    upper, target = boxes["Upper limit"], boxes["Target"]
    assert not upper.overlaps(target)
    white = max(upper.y0 - target.y1, target.y0 - upper.y1)  # pixels between them
    assert white >= em() * chart.figure.dpi / 72 / 4


def test_labels_are_moved_together_into_the_plots_height():
    with cs.style():
        ax = cs.new_figure().add_subplot()
        ax.set_ylim(0, 1)
        top = place_line_labels(ax, [1.0, 1.0, 0.5])
        bottom = place_line_labels(ax, [0.0, 0.0])
    gap = LABEL_SPACING * em() / (PLOT_HEIGHT_SHARE * ax.get_figure().get_figheight() * 72)
    assert max(top) == pytest.approx(1.0)
    assert abs(top[0] - top[1]) == pytest.approx(gap)
    assert top[2] < min(top[:2])
    assert min(bottom) == pytest.approx(0.0) and max(bottom) == pytest.approx(gap)


def test_labels_keep_the_order_of_their_lines():
    chart = draw(frame(STEADY, {}, mean=50.0, upl=51.0, lpl=49.0), target=50.5)
    heights = {name: label.xy[1] for name, label in labels(chart).items()}
    assert heights["Lower limit"] < heights["Average"] < heights["Target"] < heights["Upper limit"]
