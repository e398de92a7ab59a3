"""The optional boundaries.geojson (perfkit/data/boundaries.py): read into
outlines by area code, absent is None, and a bad file names the feature."""

from __future__ import annotations

import json

import pytest

from perfkit.data.boundaries import read_boundaries
from perfkit.problems import DataError
from tests.paths import DATA

RING = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def _write(folder, features) -> None:
    (folder / "boundaries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def test_polygons_and_multipolygons_by_area_code(tmp_path):
    _write(tmp_path, [
        {"type": "Feature", "properties": {"area_code": "A"},
         "geometry": {"type": "Polygon", "coordinates": [RING]}},
        {"type": "Feature", "properties": {"area_code": "B"},
         "geometry": {"type": "MultiPolygon", "coordinates": [[RING], [RING]]}},
    ])
    shapes = read_boundaries(tmp_path)
    assert sorted(shapes) == ["A", "B"]
    assert len(shapes["A"]) == 1 and len(shapes["B"]) == 2
    assert shapes["A"][0][0][1] == (1.0, 0.0)


def test_no_file_is_none(tmp_path):
    assert read_boundaries(tmp_path) is None


def test_a_bad_feature_is_named(tmp_path):
    _write(tmp_path, [
        {"type": "Feature", "properties": {"area_code": "A"},
         "geometry": {"type": "Polygon", "coordinates": [RING]}},
        {"type": "Feature", "properties": {"name": "no code"},
         "geometry": {"type": "Polygon", "coordinates": [RING]}},
        {"type": "Feature", "properties": {"area_code": "C"},
         "geometry": {"type": "Point", "coordinates": [0, 0]}},
    ])
    with pytest.raises(DataError) as raised:
        read_boundaries(tmp_path)
    text = str(raised.value)
    assert "boundaries.geojson (feature 2)" in text and "without an area_code" in text
    assert "(feature 3)" in text and "a Point geometry for C" in text


def test_not_geojson(tmp_path):
    (tmp_path / "boundaries.geojson").write_text("not json", encoding="utf-8")
    with pytest.raises(DataError, match="not GeoJSON"):
        read_boundaries(tmp_path)


def test_the_bundled_wards_have_outlines_for_every_ward():
    shapes = read_boundaries(DATA)
    wards = {f"E050{n}" for n in range(15239, 15260)}
    assert wards <= set(shapes)
    assert (DATA / "boundaries.geojson").stat().st_size < 300_000
