"""SPC charts: one XmR chart, or short-term and long-term charts side by side.

Both draw what :func:`perfkit.analysis.spc.xmr` or :func:`perfkit.analysis.spc_many.xmr_many` has
already calculated (``value``, ``mean``, ``lpl``, ``upl``, ``point_type``,
``segment``, ``trial_limits``, and ``target`` if given). Each point type has
its own colour, marker shape and legend entry, and special causes are also
named in text beside the points, so nothing depends on colour. Where those
notes and the labels of the lines go (clear of the lines, and apart) is
:mod:`perfkit.charts.spc_labels`; what the chart says in words and its table
of values come from :mod:`perfkit.charts.spc_text`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from perfkit.analysis.spc import MIN_POINTS_RELIABLE
from perfkit.charts import style as cs
from perfkit.charts.cache import kept
from perfkit.charts.spc_labels import name_special_causes, place_line_labels
from perfkit.charts.spc_text import (
    EXCLUDED_LEGEND,
    Measure,
    label_periods,
    name_subject,
    read_targets,
    tabulate_values,
    write_alt_text,
)

__all__ = ["spc_chart", "trend_pair"]

#: How the lines are named at the right-hand end of the chart.
_LINE_NAMES = {"mean": "Average", "upl": "Upper limit", "lpl": "Lower limit",
               "target": "Target"}
#: About how much of the figure's width the plotting area takes (for its
#: height: :data:`perfkit.charts.spc_labels.PLOT_HEIGHT_SHARE`).
_PLOT_SHARE = 0.75
#: Titles sit just above the plot (the period labels are below it). Saying so,
#: rather than letting matplotlib work it out on every draw, saves measuring
#: every label of the chart again.
_TITLE_Y = 1.0


# -- drawing -------------------------------------------------------------------
def _draw_lines(ax: Axes, frame: pd.DataFrame, targets: pd.Series) -> None:
    lines = cs.palette()["lines"]
    x = np.arange(len(frame))
    segments = frame["segment"] if "segment" in frame else pd.Series(0, index=frame.index)
    for _, rows in frame.groupby(segments.to_numpy(), sort=False):
        where = x[frame.index.get_indexer(rows.index)]
        ax.plot(where, rows["mean"], color=cs.colour(lines["mean"]), lw=1.5,
                label="Average")
        for limit in ("upl", "lpl"):
            ax.plot(where, rows[limit], color=cs.colour(lines["limits"]), lw=1.2,
                    ls=(0, (5, 3)), label="Process limits (usual range)")
    if targets.notna().any():
        ax.plot(x, targets, color=cs.colour(lines["target"]), lw=2, ls=(0, (1, 1.5)),
                drawstyle="steps-mid", label="Target")
    ax.plot(x, frame["value"], color=cs.colour(lines["values"]), lw=1.5, zorder=2)


def _draw_points(ax: Axes, frame: pd.DataFrame) -> None:
    x = np.arange(len(frame))
    kinds = frame["point_type"].astype(str).to_numpy()
    for kind, look in cs.palette()["point_types"].items():
        hit = (kinds == kind) & frame["value"].notna().to_numpy()
        if hit.any():
            ax.plot(x[hit], frame["value"].to_numpy()[hit], ls="none", marker=look["marker"],
                    ms=look["size"], color=cs.colour(look["colour"]), mec="white", mew=0.8,
                    zorder=3, label=look["legend"], gid=kind)
    if "excluded" in frame and frame["excluded"].any():  # hollow: not judged
        hit = frame["excluded"].to_numpy(dtype=bool) & frame["value"].notna().to_numpy()
        look = cs.palette()["point_types"]["common_cause"]
        ax.plot(x[hit], frame["value"].to_numpy()[hit], ls="none", marker="D",
                ms=look["size"], mfc="white", mec=cs.colour(look["colour"]), mew=1.5,
                zorder=3, label=EXCLUDED_LEGEND, gid="excluded")


def _label_lines(ax: Axes, frame: pd.DataFrame, targets: pd.Series, measure: Measure) -> None:
    """Name the average, limits and target at the right-hand end (direct labels),
    spread apart so that none is drawn over another."""
    last = frame.iloc[-1]
    ends = {name: last[name] for name in ("upl", "mean", "lpl")}
    ends["target"] = targets.iloc[-1]
    ends = {name: float(v) for name, v in ends.items() if not pd.isna(v)}
    places = place_line_labels(ax, list(ends.values()))
    for (name, value), y in zip(ends.items(), places, strict=True):
        ax.annotate(f"{_LINE_NAMES[name]} {measure.text(value)}", (1, y),
                    xycoords="axes fraction", xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize="small",
                    annotation_clip=False, color=cs.colour(cs.palette()["text"]["main"]))


def _draw(ax: Axes, frame: pd.DataFrame, measure: Measure, direct_labels: bool,
          room: float) -> None:
    if frame.empty:
        ax.text(0.5, 0.5, "No values to show", transform=ax.transAxes, ha="center")
        return
    targets = read_targets(frame, measure)
    _draw_lines(ax, frame, targets)
    _draw_points(ax, frame)
    ax.margins(y=0.15)  # room for the notes above and below the points
    labels = label_periods(frame, measure)
    shown = cs.thin_ticks(labels, room=room)
    ax.set_xticks(shown, [labels[i] for i in shown])
    ax.set_xlim(-0.5, len(frame) - 0.5)
    cs.set_value_axis(ax.yaxis, measure.unit, measure.decimal_places)
    name_special_causes(ax, frame, targets, room)
    if direct_labels:
        _label_lines(ax, frame, targets, measure)
    trial = "trial_limits" in frame and bool(frame["trial_limits"].iloc[-1])
    if trial and frame["lpl"].notna().any():
        ax.set_title(f"Trial limits: fewer than {MIN_POINTS_RELIABLE} values", loc="right",
                     y=_TITLE_Y,
                     fontsize="small", color=cs.colour(cs.palette()["text"]["muted"]))


def _legend(figure, axes: list[Axes], with_lines: bool) -> None:
    """One legend under the chart: the point shapes (and the lines, when they
    are not labelled directly), each named once."""
    found: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            is_point = handle.get_gid() in (*cs.palette()["point_types"], "excluded")
            if (is_point or with_lines) and label not in found:
                found[label] = handle
    if found:
        figure.legend(found.values(), found.keys(), loc="outside lower center",
                      ncol=2, fontsize="small")


# -- public --------------------------------------------------------------------
@kept
def spc_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    decimal_places: int = 1,
    polarity: str = "higher_is_better",
    target: float | None = None,
    period: str = "period",
    area: str | None = None,
) -> cs.Chart:
    """An XmR chart of one series, as :func:`perfkit.analysis.spc.xmr` returned it.

    The values, the average and the dashed process limits (per segment), the
    target if any (``target``, or a ``target`` column), points marked by type,
    the lines named at the right, period labels from the ``period`` column
    (thinned when there are many). ``area`` names the council in the text.
    """
    measure = Measure(title, unit, int(decimal_places), polarity, target, period, area)
    frame = frame.reset_index(drop=True)
    with cs.style():
        figure = cs.new_figure()
        ax = figure.add_subplot()
        _draw(ax, frame, measure, direct_labels=True, room=_PLOT_SHARE * figure.get_figwidth())
        _legend(figure, [ax], with_lines=False)
    return cs.Chart(figure, title, write_alt_text(frame, measure), tabulate_values(frame, measure))


@kept
def trend_pair(
    short_frame: pd.DataFrame,
    long_frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    decimal_places: int = 1,
    polarity: str = "higher_is_better",
    short_label: str = "Quarter by quarter",
    long_label: str = "Year by year",
    period: str = "period",
    area: str | None = None,
) -> cs.Chart:
    """The short-term (e.g. quarters) and long-term (e.g. years) XmR charts of
    one measure side by side, each with its own limits and one shared legend."""
    frames = {short_label: short_frame.reset_index(drop=True),
              long_label: long_frame.reset_index(drop=True)}
    measure = Measure(title, unit, int(decimal_places), polarity, None, period, area)
    size = cs.palette()["figure"]
    with cs.style():
        figure = cs.new_figure(width=size["width"] * 1.25)
        axes = figure.subplots(1, 2)
        for ax, (label, frame) in zip(axes, frames.items(), strict=True):
            _draw(ax, frame, measure, direct_labels=False,
                  room=_PLOT_SHARE * figure.get_figwidth() / 2)
            ax.set_title(label, y=_TITLE_Y)
        _legend(figure, list(axes), with_lines=True)
    # the council is named once, in the first sentence
    alt = " ".join(f"{label}: " + write_alt_text(frame, replace(measure, area=None), "line chart")
                   for label, frame in frames.items())
    table = pd.concat([tabulate_values(frame, measure).assign(Timeframe=label)
                       for label, frame in frames.items()], ignore_index=True)
    table = table[["Timeframe", *[c for c in table.columns if c != "Timeframe"]]]
    alt = f"Two charts of {name_subject(measure)} side by side. {alt}"
    return cs.Chart(figure, title, alt, table)
