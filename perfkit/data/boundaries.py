"""Area boundaries for maps: the optional ``boundaries.geojson`` of a data folder.

A GeoJSON FeatureCollection in longitude and latitude (WGS84); each feature a
Polygon or MultiPolygon with an ``area_code`` property naming an area of the
``areas`` table (see docs/data-contract.md). It is read only when a map is
drawn, and checked then: a problem names the file and the feature.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from perfkit.problems import DataError, Problem

__all__ = ["BOUNDARIES_FILE", "Shape", "read_boundaries"]

BOUNDARIES_FILE = "boundaries.geojson"
#: One area's outline: polygons, each a list of rings (the outer ring first,
#: then any holes), each ring a list of (longitude, latitude) points.
Shape = list[list[list[tuple[float, float]]]]
_POLYGON_TYPES = ("Polygon", "MultiPolygon")


def _problem(path: Path, found: str, expected: str, feature: int | None = None) -> Problem:
    where = f"{path.name} (feature {feature + 1})" if feature is not None else path.name
    return Problem(where, found, expected, "Write a GeoJSON FeatureCollection of Polygon or "
                   "MultiPolygon features, each with an area_code property.")


def _rings(polygon: list) -> list[list[tuple[float, float]]]:
    return [[(float(point[0]), float(point[1])) for point in ring] for ring in polygon]


def _shape(feature: object) -> tuple[str, Shape]:
    """The area code and outline of a feature; ValueError saying what is wrong."""
    if not isinstance(feature, dict):
        raise ValueError("a feature that is not an object")
    code = (feature.get("properties") or {}).get("area_code")
    if not isinstance(code, str) or not code:
        raise ValueError("a feature without an area_code property")
    geometry = feature.get("geometry") or {}
    kind = geometry.get("type")
    if kind not in _POLYGON_TYPES:
        raise ValueError(f"a {kind} geometry for {code}")
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    try:
        shape = [_rings(polygon) for polygon in polygons]
    except (TypeError, ValueError, IndexError, KeyError) as error:
        raise ValueError(f"coordinates for {code} that are not pairs of numbers") from error
    if not shape or any(len(ring) < 4 for polygon in shape for ring in polygon):
        raise ValueError(f"a ring of fewer than 4 points for {code}")
    return code, shape


@lru_cache(maxsize=4)
def _read(path: Path, modified: float) -> dict[str, Shape]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError([_problem(path, f"a file that is not GeoJSON ({error})",
                                  "a GeoJSON FeatureCollection")]) from error
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise DataError([_problem(path, "no list of features", "a FeatureCollection")])
    shapes: dict[str, Shape] = {}
    problems = []
    for number, feature in enumerate(features):
        try:
            code, shape = _shape(feature)
        except ValueError as error:
            problems.append(_problem(path, str(error), "a Polygon or MultiPolygon feature "
                                     "with an area_code", number))
            continue
        shapes[code] = shapes.get(code, []) + shape
    if problems:
        raise DataError(problems)
    return shapes


def read_boundaries(folder: str | Path) -> dict[str, Shape] | None:
    """Area code -> outline, from ``boundaries.geojson`` in ``folder``; None if
    the folder has no such file. Raises DataError naming the file and feature
    if it cannot be read."""
    path = Path(folder) / BOUNDARIES_FILE
    if not path.is_file():
        return None
    return _read(path.resolve(), path.stat().st_mtime)
