"""A map of the wards of a council, shaded by one measure.

Each ward is shaded in one of a few classes of a sequential palette (darker =
higher), and every ward carries its rank in the borough as a number in a white
circle (1 = the highest value), so the map never relies on colour: the table
beside it in the report (and the chart's own data table) gives each ward's
name, rank and value. The outlines come from
:func:`perfkit.data.boundaries.read_boundaries`; the values and ranks from
:func:`perfkit.analysis.wards.ward_profile`. Drawn with matplotlib alone (no
GeoPandas), small enough to read on a phone.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Polygon
from matplotlib.path import Path as PolygonPath

from perfkit.charts import style as cs
from perfkit.charts.cache import kept

__all__ = ["MAP_CLASSES", "MAP_WIDTH", "label_point", "map_classes", "ward_map"]

#: How many shades the map uses (fewer when there are fewer wards).
MAP_CLASSES = 5
#: Width of the map in inches: about 400 pixels, so that on a 320-pixel phone
#: screen it shrinks by no more than a quarter and its numbers stay readable.
MAP_WIDTH = 4.2
#: Height of one legend line, and the space around the legend, in inches.
_LEGEND_LINE = 0.33
_LEGEND_SPACE = 0.75
_LABEL_SIZE = 11


def _ring_area_centroid(ring: np.ndarray) -> tuple[float, float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if area == 0:
        return 0.0, float(x.mean()), float(y.mean())
    return (abs(area), float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)),
            float(((y[:-1] + y[1:]) * cross).sum() / (6 * area)))


def label_point(shape: list) -> tuple[float, float]:
    """Where a ward's number goes: the centroid of its largest polygon, or if
    that lies outside it (a concave ward), the middle of the widest stretch
    of the polygon along the centroid's line of latitude."""
    rings = [np.asarray(polygon[0], dtype=float) for polygon in shape]
    measured = [_ring_area_centroid(ring) for ring in rings]
    largest = max(range(len(rings)), key=lambda i: measured[i][0])
    ring, (_, x0, y0) = rings[largest], measured[largest]
    if PolygonPath(ring).contains_point((x0, y0)):
        return x0, y0
    x, y = ring[:, 0], ring[:, 1]
    crossing = (y[:-1] <= y0) != (y[1:] <= y0)
    xs = np.sort(x[:-1][crossing] + (y0 - y[:-1][crossing]) * (x[1:] - x[:-1])[crossing]
                 / (y[1:] - y[:-1])[crossing])
    pairs = list(zip(xs[0::2], xs[1::2], strict=False)) or [(x0, x0)]
    start, end = max(pairs, key=lambda pair: pair[1] - pair[0])
    return float((start + end) / 2), y0


def map_classes(ranks: pd.Series, count: int = MAP_CLASSES) -> pd.Series:
    """The shade of each ward from its rank (1 = highest): the wards split
    into ``count`` groups of nearly equal size, 0 = the highest group. Wards
    of equal value share a rank, so they share a shade. Missing ranks: NA."""
    known = ranks.dropna()
    count = max(1, min(count, len(known)))
    bounds = np.array_split(np.arange(1, len(known) + 1), count)
    group = {int(rank): number for number, part in enumerate(bounds) for rank in part}
    return ranks.map(lambda rank: group.get(int(rank)) if pd.notna(rank) else pd.NA)


def _legend_labels(frame: pd.DataFrame, classes: pd.Series, text) -> list[str]:
    labels = []
    for number in sorted(classes.dropna().unique()):
        values = frame.loc[classes == number, "value"]
        low, high = text(values.min()), text(values.max())
        ranks = frame.loc[classes == number, "rank"]
        first, last = int(ranks.min()), int(ranks.max())
        which = f"rank {first}" if first == last else f"ranks {first} to {last}"
        labels.append(f"{low} ({which})" if low == high else f"{low} to {high} ({which})")
    return labels


def _alt(frame: pd.DataFrame, what: str, text, place: str) -> str:
    shown = frame[frame["value"].notna()].sort_values(["rank", "area_name"])
    parts = [f"Map of the {len(frame)} wards of {place}, each shaded by "
             f"{cs.in_sentence(what)} (the darker, the higher) and numbered by its rank, "
             "1 being the highest."]
    if len(shown):
        top, low = shown.head(2), shown.iloc[-1]
        named = " and ".join(f"{r.area_name} ({text(r.value)})" for r in top.itertuples())
        parts.append(f"Highest: {named}. Lowest: {low.area_name} ({text(low.value)}).")
    missing = frame[frame["value"].isna()]
    if len(missing):
        parts.append("No figure for " + ", ".join(missing["area_name"]) + ".")
    parts.append("A table with the map gives every ward's value.")
    return " ".join(parts)


def _draw(ax, frame: pd.DataFrame, shapes: dict, classes: pd.Series) -> None:
    style = cs.palette()["ward_map"]
    shades = [cs.colour(name) for name in style["classes"]]
    # with fewer classes than shades, use the darkest, the lightest and between
    chosen = [shades[round(i * (len(shades) - 1) / max(1, classes.max()))]
              for i in range(int(classes.max()) + 1)] if classes.notna().any() else []
    for row, shade in zip(frame.itertuples(), classes, strict=True):
        face = cs.colour(style["missing"]) if pd.isna(shade) else chosen[int(shade)]
        for polygon in shapes[row.area_code]:
            ax.add_patch(Polygon(np.asarray(polygon[0]), closed=True, facecolor=face,
                                 edgecolor=cs.colour(style["edge"]), linewidth=1,
                                 hatch="//" if pd.isna(shade) else None))
        x, y = label_point(shapes[row.area_code])
        ax.text(x, y, "–" if pd.isna(row.rank) else str(int(row.rank)), ha="center",
                va="center", fontsize=_LABEL_SIZE, fontweight="bold",
                color=cs.colour(cs.palette()["text"]["main"]),
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white",
                      "edgecolor": cs.colour(style["label_edge"]), "linewidth": 0.6})
    return chosen


@kept
def ward_map(shapes: dict, wards: pd.DataFrame, *, title: str, what: str, unit: str,
             decimal_places: int, place: str, higher: str = "") -> cs.Chart:
    """Wards shaded by a measure, each numbered by its rank.

    ``shapes``: area code -> outline (:func:`perfkit.data.boundaries.read_boundaries`).
    ``wards``: one row per ward with ``area_code``, ``area_name``, ``value``
    and ``rank`` (1 = highest); wards without an outline are left off the map
    and named in the text alternative. ``what``: the measure in words, for
    the legend and the text alternative, e.g. "Deprivation score"; ``higher``:
    what a higher value means, e.g. "more deprived". ``place``: the council's
    name."""
    frame = wards[wards["area_code"].isin(shapes)].reset_index(drop=True)
    text = lambda v: cs.value_text(v, unit, decimal_places)  # noqa: E731
    classes = map_classes(frame["rank"])
    points = np.concatenate([np.asarray(polygon[0]) for code in frame["area_code"]
                             for polygon in shapes[code]])
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    labels = _legend_labels(frame, classes, text)
    height = (MAP_WIDTH * (north - south) * stretch / (east - west)
              + _LEGEND_SPACE + _LEGEND_LINE * (len(labels) + frame["rank"].isna().any()
                                                + bool(higher)))
    with cs.style():
        figure = cs.new_figure(MAP_WIDTH, height)
        ax = figure.add_subplot()
        shades = _draw(ax, frame, shapes, classes)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(stretch)
        ax.set_axis_off()
        handles = [Patch(facecolor=shade, edgecolor="none") for shade in shades]
        if frame["rank"].isna().any():
            handles.append(Patch(facecolor=cs.colour(cs.palette()["ward_map"]["missing"]),
                                 hatch="//", edgecolor="#505A5F"))
            labels.append("No figure")
        heading = f"{what}\n(higher = {higher})" if higher else what
        figure.legend(handles, labels, loc="outside lower center", ncol=1, fontsize="medium",
                      title=heading, title_fontsize="medium", frameon=False, alignment="left")
    data = pd.DataFrame({"Rank": frame["rank"].map(lambda r: "" if pd.isna(r) else int(r)),
                         "Ward": frame["area_name"], what: frame["value"].map(text)})
    data = data.assign(_order=frame["rank"].fillna(len(frame) + 1)).sort_values(
        ["_order", "Ward"]).drop(columns="_order").reset_index(drop=True)
    return cs.Chart(figure, title, _alt(wards, what, text, place), data)
