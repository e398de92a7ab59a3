"""The ward map (perfkit/charts/ward_map.py) and the small-area strip chart
(perfkit/charts/ward_spread.py): shades from ranks, a number on every ward,
never colour alone, and text alternatives that name the highest and lowest."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.path import Path as PolygonPath

from perfkit.charts.ward_map import label_point, map_classes, ward_map
from perfkit.charts.ward_spread import spread_chart


def _square(x: float, y: float, size: float = 0.01) -> list:
    ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    return [[ring]]


SHAPES = {"W1": _square(-2.30, 53.40), "W2": _square(-2.29, 53.40),
          "W3": _square(-2.30, 53.41)}
WARDS = pd.DataFrame({"area_code": ["W1", "W2", "W3"], "area_name": ["Ash", "Birch", "Cedar"],
                      "value": [12.5, 40.0, 3.4], "rank": pd.array([2, 1, 3], dtype="Int64")})


def _draw(wards=WARDS, shapes=SHAPES):
    return ward_map(shapes, wards, title="Deprivation by ward", what="Deprivation score",
                    higher="more deprived", unit="score", decimal_places=1, place="Testshire")


def test_shades_split_the_ranks_into_nearly_equal_groups():
    # 7 wards in 5 shades: groups of 2, 2, 1, 1, 1 (numpy's array_split)
    ranks = pd.Series([1, 2, 3, 4, 5, 6, 7], dtype="Int64")
    assert list(map_classes(ranks)) == [0, 0, 1, 1, 2, 3, 4]
    # equal values share a rank, so they share a shade; a missing rank has none
    tied = map_classes(pd.Series([1, 1, 3, None], dtype="Int64"), count=2)
    assert list(tied[:3]) == [0, 0, 1] and pd.isna(tied.iloc[3])


def test_a_label_sits_inside_a_concave_ward():
    # a U shape: its centroid (the middle of the gap) is outside it
    ring = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]
    x, y = label_point([[ring]])
    assert PolygonPath(ring).contains_point((x, y))
    square = _square(0, 0, 2)
    assert label_point(square) == pytest.approx((1.0, 1.0))


def test_every_ward_carries_its_rank_and_the_legend_gives_the_ranges():
    chart = _draw()
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert sorted(texts) == ["1", "2", "3"]
    legend = chart.figure.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["40.0 (rank 1)", "12.5 (rank 2)", "3.4 (rank 3)"]
    assert "higher = more deprived" in legend.get_title().get_text()


def test_the_text_alternative_names_the_highest_and_lowest():
    alt = _draw().alt_text
    assert "3 wards of Testshire" in alt
    assert "Highest: Birch (40.0) and Ash (12.5)" in alt
    assert "Lowest: Cedar (3.4)" in alt


def test_the_data_table_lists_wards_by_rank():
    data = _draw().data
    assert list(data["Ward"]) == ["Birch", "Ash", "Cedar"]
    assert list(data["Rank"]) == [1, 2, 3]


def test_a_ward_without_a_figure_is_hatched_named_and_in_the_legend():
    wards = WARDS.assign(value=[12.5, 40.0, None],
                         rank=pd.array([2, 1, None], dtype="Int64"))
    chart = _draw(wards)
    assert "No figure for Cedar" in chart.alt_text
    assert "No figure" in [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "–" in [t.get_text() for t in chart.figure.axes[0].texts]


def test_a_ward_without_an_outline_is_left_off_the_map_but_named():
    shapes = {code: SHAPES[code] for code in ("W1", "W2")}
    chart = _draw(shapes=shapes)
    assert len(chart.figure.axes[0].texts) == 2
    assert "Cedar" in chart.alt_text
    assert b"<svg" in chart.svg()


def test_the_strip_chart_counts_the_most_deprived_small_areas_in_words():
    points = pd.DataFrame({"ward_code": ["W1", "W1", "W2"], "score": [50.0, 10.0, 5.0],
                           "decile": [1.0, 6.0, 9.0]})
    spread = pd.DataFrame({"ward_code": ["W1", "W2"], "ward_name": ["Ash", "Birch"],
                           "small_areas": [2, 1], "score_min": [10.0, 5.0],
                           "score_median": [30.0, 5.0], "score_max": [50.0, 5.0],
                           "most_deprived": [1, 0]})
    chart = spread_chart(points, spread, title="Small areas", what="IMD score",
                         period="2019")
    assert "3 small areas in 2 wards" in chart.alt_text
    assert "widest spread is in Ash, from 10.0 to 50.0" in chart.alt_text
    assert "most deprived 10%: Ash (1)" in chart.alt_text
    assert list(chart.data["In most deprived 10%"]) == [1, 0]
    names = [t.get_text() for t in chart.figure.axes[0].texts]
    assert names == ["Ash", "Birch"]
