"""Tests for perfkit.charts.cache: with caching on, a chart is drawn once and
then taken from the cache, identical to one drawn afresh; with it off, the
chart functions are untouched."""

from __future__ import annotations

import pytest

from perfkit import settings
from perfkit.analysis.spc import xmr
from perfkit.charts import cache as chartcache
from perfkit.charts import style as chart_style
from perfkit.charts.compare import peer_chart
from perfkit.charts.html import chart_html
from perfkit.charts.spc import spc_chart
from perfkit.charts.style import Chart
from perfkit.data import cache as datacache

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")

VALUES = [50, 52, 49, 51, 53, 50, 48, 52, 51, 50, 49, 52, 70]
YEARS = [f"{2012 + i}-{(13 + i) % 100:02d}" for i in range(len(VALUES))]


def _draw(values=VALUES, title="Measure"):
    return spc_chart(xmr(values, "increase", periods=YEARS[:len(values)]), title=title,
                     unit="percent", area="Trafford")


@pytest.fixture
def cache_on(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _kept(cache):
    return sorted((cache / chartcache.CHARTS_FOLDER).rglob("output.pkl"))


def test_with_caching_off_a_chart_function_draws_a_chart(monkeypatch):
    monkeypatch.setenv(settings.CACHE_VARIABLE, "off")
    assert chartcache.charts_folder() is None
    assert isinstance(_draw(), Chart)


def test_a_kept_chart_shows_exactly_as_one_drawn_afresh(cache_on, monkeypatch):
    first = _draw()
    assert isinstance(first, chartcache.DrawnChart)
    again = _draw()
    monkeypatch.setenv(settings.CACHE_VARIABLE, "off")
    fresh = _draw()
    assert chart_html(first) == chart_html(again) == chart_html(fresh)
    assert again.svg() == fresh.svg()
    assert (again.title, again.alt_text) == (fresh.title, fresh.alt_text)
    assert again.data.equals(fresh.data)
    assert again.size == fresh.size == pytest.approx(tuple(fresh.figure.get_size_inches()))


def test_the_same_chart_is_drawn_once(cache_on, monkeypatch):
    _draw()
    assert len(_kept(cache_on)) == 1

    def no_drawing(*_args, **_kwargs):
        raise AssertionError("drew a chart that was kept")

    monkeypatch.setattr(chart_style, "render_svg", no_drawing)
    assert _draw().svg().startswith(b"<?xml")  # from the cache: nothing drawn
    for changed in ({"values": VALUES[:-1]}, {"title": "Another measure"}):
        with pytest.raises(AssertionError, match="drew a chart"):
            _draw(**changed)  # a different chart is drawn, not taken from the cache


def test_different_functions_never_share_a_chart(cache_on):
    import pandas as pd

    values = pd.DataFrame({"area_code": ["A", "B", "C"], "area_name": ["Ay", "Bee", "Sea"],
                           "value": [1.0, 2.0, 3.0]})
    peers = peer_chart(values, focal_code="A", title="Measure", unit="percent")
    spc = _draw()
    assert peers.svg() != spc.svg()
    assert len(_kept(cache_on)) == 2


def test_a_kept_chart_draws_its_figure_again_when_asked(cache_on):
    _draw()
    kept = _draw()
    assert kept.png().startswith(b"\x89PNG")
    assert kept.figure is kept.chart.figure
    assert chart_html(kept, fmt="png").count("data:image/png") == 1


def test_a_cache_that_cannot_be_written_is_skipped(monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(settings.CACHE_VARIABLE, str(blocked))
    chart = _draw()
    assert chart.svg().startswith(b"<?xml")


def test_prune_keeps_only_this_version_of_the_charts(cache_on):
    _draw()
    stale = cache_on / chartcache.CHARTS_FOLDER / "an-older-version"
    stale.mkdir(parents=True)
    chartcache.prune()
    assert not stale.exists()
    assert len(_kept(cache_on)) == 1


def test_the_data_cache_leaves_the_charts_alone(cache_on):
    """The validated-data cache removes its oldest entries: never the charts."""
    _draw()
    datacache._prune(cache_on)
    assert len(_kept(cache_on)) == 1
