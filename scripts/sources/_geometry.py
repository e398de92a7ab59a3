"""Plane geometry for the ward build: polygons, centroids and point-in-polygon
tests on GeoJSON coordinates (longitude, latitude), with numpy and
matplotlib's point-in-polygon test (shapely is not a dependency). Used by
:mod:`sources.wards`; the build does not run it (its name starts with ``_``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.path import Path as PolygonPath

__all__ = ["contains", "inside_point", "polygons"]


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon geometry, each a list of rings."""
    kind = geometry["type"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"a {kind} where a polygon was expected")
    return [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]


def contains(geometry: dict, point: tuple[float, float]) -> bool:
    """Whether the point lies inside an outer ring and outside its holes."""
    for polygon in polygons(geometry):
        outer, *holes = (PolygonPath(np.asarray(ring)) for ring in polygon)
        if outer.contains_point(point) and not any(h.contains_point(point) for h in holes):
            return True
    return False


def _centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid of a polygon or multipolygon (holes subtracted)."""
    total = x_sum = y_sum = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            x, y = np.asarray(ring, dtype=float).T
            cross = x[:-1] * y[1:] - x[1:] * y[:-1]
            signed = cross.sum() / 2
            area = abs(signed) * (1 if index == 0 else -1)
            total += area
            x_sum += area * ((x[:-1] + x[1:]) * cross).sum() / (6 * signed)
            y_sum += area * ((y[:-1] + y[1:]) * cross).sum() / (6 * signed)
    return x_sum / total, y_sum / total


def inside_point(geometry: dict) -> tuple[tuple[float, float], bool]:
    """A point inside the shape: its centroid, or (for a concave shape whose
    centroid lies outside it) the middle of its widest stretch along the
    centroid's line of latitude. Also says whether the centroid was used."""
    x0, y0 = _centroid(geometry)
    if contains(geometry, (x0, y0)):
        return (x0, y0), True
    best = (x0, x0)
    for polygon in polygons(geometry):
        crossings = sorted(
            x1 + (y0 - y1) * (x2 - x1) / (y2 - y1)
            for ring in polygon for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:], strict=True)
            if (y1 <= y0) != (y2 <= y0))
        for start, end in zip(crossings[0::2], crossings[1::2], strict=True):
            if end - start > best[1] - best[0]:
                best = (start, end)
    return ((best[0] + best[1]) / 2, y0), False
