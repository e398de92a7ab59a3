"""Sparklines (perfkit/charts/sparkline.py): a missing value breaks the line,
one value is just a dot, a flat series is a flat line across the middle; the
text alternative is escaped; the same values give the same bytes; and forty
values take well under 1.5 kB."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from perfkit.charts.palette import colour, palette
from perfkit.charts.sparkline import DOT_RADIUS, sparkline_svg
from tests.paths import ROOT

SVG = "{http://www.w3.org/2000/svg}"
WIDTH, HEIGHT = 120, 28
FORTY = [50 + 10 * math.sin(i / 3) + i / 7 for i in range(40)]


def draw(values, **given) -> str:
    options = {"polarity": "higher_is_better", "latest_label": "from 1 in 2001 to 2 in 2002",
               "title": "Plans on time"} | given
    return sparkline_svg(values, **options)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also checks the SVG is well formed


def lines(svg: str) -> list[list[tuple[float, float]]]:
    """Each polyline's points."""
    return [[tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
            for line in parse(svg).iter(f"{SVG}polyline")]


def dots(svg: str) -> list[dict[str, str]]:
    return [dot.attrib for dot in parse(svg).iter(f"{SVG}circle")]


def test_an_accessible_image_named_by_its_title():
    root = parse(draw(FORTY))
    assert root.get("role") == "img"
    assert (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    assert root[0].tag == f"{SVG}title"  # the first child names the image
    assert root[0].text == ("Trend of Plans on time: from 1 in 2001 to 2 in 2002. "
                            "Higher is better.")


@pytest.mark.parametrize(("polarity", "ending"), [
    ("higher_is_better", " Higher is better."), ("lower_is_better", " Lower is better."),
    ("neutral", "2002.")])
def test_the_title_says_the_polarity_in_words(polarity, ending):
    assert parse(draw([1, 2], polarity=polarity))[0].text.endswith(ending)


def test_an_unknown_polarity_is_an_error():
    with pytest.raises(ValueError, match="polarity"):
        draw([1, 2], polarity="up")


def test_the_line_is_scaled_to_the_box_latest_value_a_dot():
    (line,) = lines(draw([1.0, 3.0, 2.0]))
    xs, ys = zip(*line, strict=True)
    assert xs[0] < xs[1] < xs[2] and xs[0] > 0 and xs[2] < WIDTH
    assert ys[1] == min(ys) and ys[0] == max(ys)  # highest value at the top
    assert min(ys) >= DOT_RADIUS and max(ys) <= HEIGHT - DOT_RADIUS  # the dot fits
    (dot,) = dots(draw([1.0, 3.0, 2.0]))
    assert (float(dot["cx"]), float(dot["cy"])) == line[-1]
    assert float(dot["r"]) == DOT_RADIUS


@pytest.mark.parametrize("missing", [math.nan, None, np.nan, math.inf])
def test_a_missing_value_breaks_the_line(missing):
    svg = draw([1.0, 2.0, missing, 3.0, 4.0])
    first, second = lines(svg)
    assert len(first) == 2 and len(second) == 2
    assert second[0][0] - first[-1][0] == pytest.approx(2 * (first[1][0] - first[0][0]), abs=0.2)
    assert len(dots(svg)) == 1  # only the latest


def test_a_value_alone_between_missing_ones_is_a_small_dot():
    svg = draw([1.0, math.nan, 2.0, math.nan, 3.0, 4.0])
    assert len(lines(svg)) == 1
    *alone, latest = dots(svg)
    assert len(alone) == 2  # 1.0 and 2.0
    assert all(float(dot["r"]) < DOT_RADIUS for dot in alone)
    assert float(latest["r"]) == DOT_RADIUS


def test_a_single_value_is_just_the_dot():
    svg = draw([42.0])
    assert lines(svg) == []
    (dot,) = dots(svg)
    assert float(dot["cy"]) == HEIGHT / 2
    assert float(dot["cx"]) > WIDTH / 2  # the latest value, at the right


def test_missing_values_at_the_end_leave_the_dot_on_the_latest_value():
    svg = draw([1.0, 2.0, 3.0, math.nan])
    (line,) = lines(svg)
    (dot,) = dots(svg)
    assert (float(dot["cx"]), float(dot["cy"])) == line[-1]


def test_no_values_draw_nothing_but_still_say_what_it_is():
    svg = draw([math.nan, None], latest_label="no figures yet")
    assert lines(svg) == [] and dots(svg) == []
    assert parse(svg)[0].text.startswith("Trend of Plans on time: no figures yet.")


def test_a_flat_series_is_a_flat_line_across_the_middle():
    (line,) = lines(draw([5.0, 5.0, 5.0, 5.0]))
    assert {y for _, y in line} == {HEIGHT / 2}


def test_text_is_escaped():
    svg = draw([1, 2], title='<script>alert("x")</script> & Co',
               latest_label="from <b>1</b> to 2")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg
    assert parse(svg)[0].text == ('Trend of <script>alert("x")</script> & Co: '
                                  "from <b>1</b> to 2. Higher is better.")


def test_colours_come_from_the_palette():
    svg = draw(FORTY)
    look = palette()["sparkline"]
    assert f'stroke="{colour(look["line"])}"' in svg
    assert f'fill="{colour(look["latest"])}"' in svg


def test_the_same_values_give_the_same_bytes():
    assert draw(FORTY) == draw(list(FORTY)) == draw(tuple(FORTY)) == draw(np.array(FORTY))


def test_the_same_bytes_in_another_process():
    script = ("import math; from perfkit.charts.sparkline import sparkline_svg; "
              "print(sparkline_svg([50 + 10 * math.sin(i / 3) + i / 7 for i in range(40)], "
              "polarity='higher_is_better', latest_label='from 1 in 2001 to 2 in 2002', "
              "title='Plans on time'), end='')")
    other = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert other.stdout == draw(FORTY)


def test_forty_values_are_small_with_one_decimal_place():
    svg = draw(FORTY, latest_label="from 45.3% in 2015-16 Q1 to 61.2% in 2024-25 Q4",
               title="Children looked after placed more than 20 miles from home")
    assert len(svg.encode("utf-8")) < 1500
    numbers = re.findall(r"\d+\.\d+", svg.split("</title>")[1])
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers)
