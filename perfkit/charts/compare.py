"""Charts that compare a council with similar councils: a ranked bar chart for
one measure, and a value-for-money quadrant of cost against outcome.

The council in focus is shown by colour, bold text and its name written
beside it; the medians are drawn and labelled. The medians default to those of
the values given, or can be passed in from :mod:`perfkit.analysis.peers`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.charts import style as cs
from perfkit.charts.cache import kept
from perfkit.formatting import ordinal

__all__ = ["peer_chart", "quadrant_chart"]


def _focal_name(frame: pd.DataFrame, focal_code: str, code: str, name: str) -> str:
    found = frame.loc[frame[code] == focal_code, name]
    return str(found.iloc[0]) if len(found) else str(focal_code)


#: A white box behind a label, so lines under it do not cross the words.
_BEHIND_TEXT = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1}


# -- peer bar chart ------------------------------------------------------------
def _ordered(values: pd.DataFrame, value: str, name: str, better: str) -> pd.DataFrame:
    """Best first (highest first when neither is better), with each area's rank;
    tied values share the best rank, as in :mod:`perfkit.analysis.peers`."""
    ascending = better == "lower"
    valued = values[values[value].notna()].sort_values(
        [value, name], ascending=[ascending, True], kind="stable")
    return valued.assign(_rank=valued[value].rank(method="min", ascending=ascending))


def _peer_alt(ordered, missing, focal, text, where, *, median, better, value, name) -> str:
    value_col, name_col = value, name
    order = "best to worst" if better != "neutral" else "highest to lowest"
    parts = [f"Bar chart of {where}, ordered from {order}."]
    mine = ordered[ordered["_focal"]]
    if len(mine):
        row = mine.iloc[0]
        parts.append(f"{focal} is {ordinal(row['_rank'])} of {len(ordered)}, at "
                     f"{text(row[value_col])}.")
    else:
        parts.append(f"{focal} has no figure.")
    parts.append(f"The median is {text(median)}.")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    top, bottom = ("best", "worst") if better != "neutral" else ("highest", "lowest")
    parts.append(f"The {top} is {first[name_col]} ({text(first[value_col])}) and the "
                 f"{bottom} is {last[name_col]} ({text(last[value_col])}).")
    if len(missing):
        parts.append("No figure for " + ", ".join(map(str, missing[name_col])) + ".")
    return " ".join(parts)


#: A longer name beside the council's bar would squeeze the chart (its name is
#: also in bold on the axis): the pointer then says "this council".
_LONGEST_POINTER_NAME = 20


def _draw_bars(ax, ordered, value, name, focal_label, text) -> None:
    peers = cs.palette()["peers"]
    y = np.arange(len(ordered))[::-1]
    focal = ordered["_focal"].to_numpy()
    colours = np.where(focal, cs.colour(peers["focal"]), cs.colour(peers["others"]))
    ax.barh(y, ordered[value], color=colours, height=0.7)
    ax.set_yticks(y, ordered[name].astype(str))
    for tick, is_focal in zip(ax.get_yticklabels(), focal, strict=True):
        tick.set_fontweight("bold" if is_focal else "normal")
    pointer = focal_label if len(focal_label) <= _LONGEST_POINTER_NAME else "this council"
    for yy, v, is_focal in zip(y, ordered[value], focal, strict=True):
        label = f"{text(v)}  ◀ {pointer}" if is_focal else text(v)
        ax.annotate(label, (max(v, 0), yy), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize="small", annotation_clip=False, zorder=4,
                    fontweight="bold" if is_focal else "normal", bbox=_BEHIND_TEXT)


def _mark_median(ax, median: float, label: str) -> None:
    ax.axvline(median, color=cs.colour(cs.palette()["lines"]["median"]), lw=1.5,
               ls=(0, (5, 3)))
    ax.annotate(label, (median, 1), xycoords=("data", "axes fraction"), xytext=(0, 4),
                textcoords="offset points", ha="center", va="bottom", fontsize="small")


@kept
def peer_chart(
    values: pd.DataFrame,
    *,
    focal_code: str,
    title: str,
    unit: str,
    decimal_places: int = 1,
    polarity: str = "higher_is_better",
    period: str | None = None,
    median: float | None = None,
    median_label: str = "Peer median",
    value: str = "value",
    name: str = "area_name",
    code: str = "area_code",
) -> cs.Chart:
    """A horizontal bar chart of one measure for a council and its peers,
    best at the top (by ``polarity``), the council in focus highlighted and the
    median line labelled. Councils with no value are listed in the text and
    the table, not drawn."""
    better = cs.better_side(polarity)
    frame = values[[code, name, value]].assign(_focal=values[code] == focal_code)
    ordered = _ordered(frame, value, name, better)
    missing = frame[frame[value].isna()].sort_values(name)
    median = float(ordered[value].median()) if median is None else float(median)
    focal = _focal_name(frame, focal_code, code, name)

    def text(v: object) -> str:
        return cs.value_text(v, unit, int(decimal_places))

    size = cs.palette()["figure"]
    with cs.style():
        figure = cs.new_figure(height=max(size["height"], size["row_height"] * len(ordered) + 1.4))
        ax = figure.add_subplot()
        _draw_bars(ax, ordered, value, name, focal, text)
        _mark_median(ax, median, f"{median_label} {text(median)}")
        ax.grid(False)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.margins(x=0.3)
    when = f", {period}" if period and period not in title else ""  # the period said once
    where = f"{cs.in_sentence(title)}{when} for {focal} and {len(frame) - 1} similar councils"
    alt = _peer_alt(ordered, missing, focal, text, where, median=median, better=better,
                   value=value, name=name)
    table = pd.DataFrame({
        "Position": [ordinal(r) for r in ordered["_rank"]] + [""] * len(missing),
        "Council": [f"{n} (this council)" if f else str(n) for n, f in
                    zip(pd.concat([ordered[name], missing[name]]),
                        pd.concat([ordered["_focal"], missing["_focal"]]), strict=True)],
        "Value": [text(v) for v in pd.concat([ordered[value], missing[value]])],
    })
    return cs.Chart(figure, title, alt, table)


# -- value-for-money quadrant --------------------------------------------------
def _above(values: pd.Series, median: float, better: str) -> np.ndarray:
    """True where a council is above the median. A council on the median is
    given the benefit of the doubt: it counts on the better side."""
    on_better_side = (values == median) & (better == "higher")
    return ((values > median) | on_better_side).to_numpy()


def _quadrant_names(x_word: str, y_word: str, y_better: str) -> dict[tuple[bool, bool], str]:
    """(above x median, above y median) -> the quadrant's name."""
    up, down = {"higher": ("better", "worse"), "lower": ("worse", "better")}.get(
        y_better, ("higher", "lower"))
    return {(hx, hy): f"{'Higher' if hx else 'Lower'} {x_word}, {up if hy else down} {y_word}"
            for hx in (False, True) for hy in (False, True)}


def _draw_quadrants(ax, names, best, x_median, y_median) -> None:
    grey = cs.colour(cs.palette()["lines"]["median"])
    ax.axvline(x_median, color=grey, lw=1.2, ls=(0, (5, 3)))
    ax.axhline(y_median, color=grey, lw=1.2, ls=(0, (5, 3)))
    muted = cs.colour(cs.palette()["text"]["muted"])
    for (hx, hy), label in names.items():
        ax.text(0.98 if hx else 0.02, 0.98 if hy else 0.02, label, transform=ax.transAxes,
                ha="right" if hx else "left", va="top" if hy else "bottom",
                fontsize="small", color=muted, fontweight="bold" if (hx, hy) == best else "normal",
                bbox=_BEHIND_TEXT)


@dataclass(frozen=True)
class _Axis:
    """One axis of the quadrant chart: its column, words, unit and polarity."""

    column: str
    label: str
    unit: str
    places: int
    better: str

    def text(self, value: object) -> str:
        return cs.value_text(value, self.unit, self.places)


def _quadrant_alt(rows, groups, focal, names, best, axes, focal_name, medians) -> str:
    x, y = axes
    parts = [f"Scatter chart of {cs.in_sentence(y.label)} against {cs.in_sentence(x.label)} "
             f"for {focal_name} and {len(rows) - int(focal.sum())} similar councils. Dashed "
             f"lines at the medians ({x.text(medians[0])} and {y.text(medians[1])}) split "
             f"them into four groups. The best value is '{names[best]}'."]
    if not focal.any():
        parts.append(f"{focal_name} does not have figures for both measures.")
        return " ".join(parts)
    mine = rows[focal].iloc[0]
    group = groups[int(np.argmax(focal))]
    parts.append(f"{focal_name} is in '{group}' ({x.label}: {x.text(mine[x.column])}; "
                 f"{y.label}: {y.text(mine[y.column])}); {groups.count(group)} of "
                 f"{len(rows)} councils are in that group.")
    return " ".join(parts)


def _draw_councils(ax, rows, focal, axes, name) -> None:
    x, y = axes
    colours = cs.palette()["peers"]
    ax.plot(rows[x.column][~focal], rows[y.column][~focal], ls="none", marker="o", ms=7,
            color=cs.colour(colours["points"]), label="Similar councils")
    ax.plot(rows[x.column][focal], rows[y.column][focal], ls="none", marker="D", ms=10,
            color=cs.colour(colours["focal"]), mec="white", label="This council", gid="focal")
    for _, row in rows[focal].iterrows():
        ax.annotate(str(row[name]), (row[x.column], row[y.column]), xytext=(8, 6),
                    textcoords="offset points", fontweight="bold")
    for axis, side in ((ax.xaxis, x), (ax.yaxis, y)):
        cs.set_value_axis(axis, side.unit, side.places)
        axis.set_label_text(side.label)
    ax.margins(0.15)


@kept
def quadrant_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    focal_code: str,
    x_label: str,
    y_label: str,
    x_better: str = "lower",
    y_better: str = "higher",
    x_unit: str = "gbp",
    y_unit: str = "percent",
    x_places: int = 0,
    y_places: int = 1,
    title: str | None = None,
    x_word: str = "cost",
    y_word: str = "outcome",
    x_median: float | None = None,
    y_median: float | None = None,
    name: str = "area_name",
    code: str = "area_code",
) -> cs.Chart:
    """Cost (``x``) against outcome (``y``) for a council and its peers, split
    into four groups at the medians, each group named ("Lower cost, better
    outcome") from the polarities; the best-value group's name is in bold.
    A council on a median line counts on its better side."""
    axes = (_Axis(x, x_label, x_unit, int(x_places), cs.better_side(x_better)),
            _Axis(y, y_label, y_unit, int(y_places), cs.better_side(y_better)))
    rows = frame[frame[x].notna() & frame[y].notna()]
    medians = (float(rows[x].median()) if x_median is None else float(x_median),
               float(rows[y].median()) if y_median is None else float(y_median))
    names = _quadrant_names(x_word, y_word, axes[1].better)
    best = (axes[0].better == "higher", axes[1].better == "higher")
    high_x = _above(rows[x], medians[0], axes[0].better)
    high_y = _above(rows[y], medians[1], axes[1].better)
    groups = [names[(hx, hy)] for hx, hy in zip(high_x, high_y, strict=True)]
    focal = (rows[code] == focal_code).to_numpy()
    with cs.style():
        figure = cs.new_figure()
        ax = figure.add_subplot()
        _draw_quadrants(ax, names, best, *medians)
        _draw_councils(ax, rows, focal, axes, name)
    focal_name = _focal_name(frame, focal_code, code, name)
    alt = _quadrant_alt(rows, groups, focal, names, best, axes, focal_name, medians)
    table = pd.DataFrame({
        "Council": [f"{n} (this council)" if f else str(n)
                    for n, f in zip(rows[name], focal, strict=True)],
        x_label: rows[x].map(axes[0].text).to_numpy(),
        y_label: rows[y].map(axes[1].text).to_numpy(),
        "Group": groups})
    return cs.Chart(figure, title or f"{y_label} against {x_label}", alt, table)
