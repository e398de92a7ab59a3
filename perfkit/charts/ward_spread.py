"""The spread of small areas inside each ward: a strip chart.

One row per ward, its name above it (so that the dots have the whole width,
and the chart reads on a phone), one dot per small area (LSOA) at its Index
of Multiple Deprivation score. Small areas in England's most deprived tenth are drawn
larger and in another shape (a diamond) as well as another colour, and the
chart's table counts them in words; the ward's middle (median) score is a bar. The numbers come from
:func:`perfkit.analysis.wards.small_area_points` and
:func:`~perfkit.analysis.wards.small_area_spread`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from perfkit.charts import style as cs
from perfkit.charts.cache import kept

__all__ = ["SPREAD_WIDTH", "spread_chart"]

#: Width of the chart in inches (about 440 pixels, as wide as the ward map),
#: and the height of one ward's row: its name, then its dots.
SPREAD_WIDTH = 4.4
_ROW = 0.42
_SPACE = 1.6  # inches for the axis and the legend
#: How far above its dots a ward's name sits, in rows.
_NAME_ABOVE = 0.45
#: Room to the right of the highest point, as a share of it.
_RIGHT_ROOM = 1.08
_TICK_STEP = 10
_MARKERS = {"small_area": ("o", 5), "most_deprived": ("D", 7), "median": ("|", 14)}


def _alt(spread: pd.DataFrame, what: str, period: str, text) -> str:
    total = int(spread["small_areas"].sum())
    deprived = spread[spread["most_deprived"] > 0]
    parts = [f"Strip chart of {what} of the {total} small areas in {len(spread)} wards "
             f"({period}), one row per ward, one dot per small area."]
    widest = spread.assign(width=spread["score_max"] - spread["score_min"]).sort_values(
        ["width", "ward_name"], ascending=[False, True]).iloc[0]
    parts.append(f"The widest spread is in {widest['ward_name']}, from "
                 f"{text(widest['score_min'])} to {text(widest['score_max'])}.")
    if len(deprived):
        parts.append("Small areas in England's most deprived 10%: " + ", ".join(
            f"{r.ward_name} ({r.most_deprived})" for r in deprived.itertuples()) + ".")
    else:
        parts.append("No small area is in England's most deprived 10%.")
    return " ".join(parts)


@kept
def spread_chart(points: pd.DataFrame, spread: pd.DataFrame, *, title: str, what: str,
                 period: str, most_deprived_decile: int = 1, decimal_places: int = 1) -> cs.Chart:
    """Small areas by ward. ``points``: one row per small area (``ward_code``,
    ``score``, ``decile``); ``spread``: one row per ward in the order to draw
    them, top first (``ward_code``, ``ward_name``, ``small_areas``,
    ``score_min``, ``score_median``, ``score_max``, ``most_deprived``)."""
    style = cs.palette()["ward_spread"]
    text = lambda v: cs.value_text(v, "score", decimal_places)  # noqa: E731
    rows = {code: len(spread) - 1 - i for i, code in enumerate(spread["ward_code"])}
    with cs.style():
        figure = cs.new_figure(SPREAD_WIDTH, _ROW * len(spread) + _SPACE)
        ax = figure.add_subplot()
        y = points["ward_code"].map(rows).to_numpy(dtype=float)
        worst = (points["decile"] == most_deprived_decile).to_numpy()
        for key, chosen in (("small_area", ~worst), ("most_deprived", worst)):
            marker, size = _MARKERS[key]
            ax.plot(points["score"].to_numpy()[chosen], y[chosen], ls="none", marker=marker,
                    ms=size, color=cs.colour(style[key]), alpha=0.9, zorder=3)
        marker, size = _MARKERS["median"]
        ax.plot(spread["score_median"], [rows[c] for c in spread["ward_code"]], ls="none",
                marker=marker, ms=size, mew=2, color=cs.colour(style["median"]), zorder=4)
        for code, name in zip(spread["ward_code"], spread["ward_name"], strict=True):
            ax.text(0, rows[code] + _NAME_ABOVE, name, transform=ax.get_yaxis_transform(),
                    va="center", ha="left", fontsize="small")
            ax.axhline(rows[code] + _NAME_ABOVE + 0.3, color="#b1b4b6", lw=0.5, zorder=1)
        ax.set_yticks([])
        highest = max(float(points["score"].max()), 1.0)
        ax.set_xticks(np.arange(0, highest + _TICK_STEP / 2, _TICK_STEP))
        ax.tick_params(axis="x", labelsize="small")
        ax.set_xlabel(what, fontsize="small", loc="left")
        ax.set_ylim(-0.5, len(spread) - 1 + _NAME_ABOVE + 0.4)
        ax.set_xlim(0, highest * _RIGHT_ROOM)
        ax.grid(axis="x", alpha=0.4)
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        handles = [Line2D([], [], ls="none", marker=_MARKERS[k][0], ms=_MARKERS[k][1],
                          color=cs.colour(style[k]), mew=2 if k == "median" else 1)
                   for k in ("small_area", "most_deprived", "median")]
        figure.legend(handles, ["A small area", "In England's most deprived 10%",
                                "Middle of the ward (median)"],
                      loc="outside lower left", ncol=1, fontsize="small", frameon=False)
    data = pd.DataFrame({
        "Ward": spread["ward_name"], "Small areas": spread["small_areas"].astype(int),
        "Lowest score": spread["score_min"].map(text),
        "Middle score": spread["score_median"].map(text),
        "Highest score": spread["score_max"].map(text),
        "In most deprived 10%": spread["most_deprived"].astype(int)})
    return cs.Chart(figure, title, _alt(spread, what, period, text), data)
