"""Tests for perfkit.charts (and chart_style, charts_spc, charts_compare,
charts_breakdown): each chart builds from a small hand-made frame, says what
it shows in words, carries its data, never relies on colour alone, and
renders to the same bytes every time without leaving figures open."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from afcharts.af_colours import get_af_colours
from matplotlib.figure import Figure

from perfkit.analysis.equality import disparity_ratios
from perfkit.analysis.spc import POINT_TYPES, xmr
from perfkit.charts import style as cs
from perfkit.charts.breakdown import budget_chart, interval_chart
from perfkit.charts.compare import peer_chart, quadrant_chart
from perfkit.charts.spc import spc_chart, trend_pair
from perfkit.charts.style import Chart

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")

# 12 steady values, then one far above the upper limit (special cause).
VALUES = [50, 52, 49, 51, 53, 50, 48, 52, 51, 50, 49, 52, 70]
YEARS = [f"{2012 + i}-{(13 + i) % 100:02d}" for i in range(len(VALUES))]
QUARTERS = ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4",
            "2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4"]


@pytest.fixture
def series() -> pd.DataFrame:
    return xmr(VALUES, "increase", periods=YEARS, target=55, baseline=12)


@pytest.fixture
def peers() -> pd.DataFrame:
    return pd.DataFrame({
        "area_code": ["E08000009", "A", "B", "C", "D", "E"],
        "area_name": ["Trafford", "Stockport", "Bury", "Sefton", "Wirral", "Solihull"],
        "value": [45.2, 60.0, 38.5, 52.1, np.nan, 41.0],
        "cost": [1200.0, 1500.0, 900.0, 1100.0, 1300.0, 1600.0],
    })


@pytest.fixture
def breakdown() -> pd.DataFrame:
    return pd.DataFrame({
        "category": ["White", "Asian", "Black", "Other"],
        "estimate": [1.0, 1.6, 0.8, np.nan],
        "lower": [0.9, 1.2, 0.5, np.nan],
        "upper": [1.1, 2.0, 1.3, np.nan],
        "suppressed": [False, False, False, True],
    })


@pytest.fixture
def budget() -> pd.DataFrame:
    return pd.DataFrame({
        "service": ["Adult social care", "Children's services", "Corporate services"],
        "budget_gbp": [80_000_000, 50_000_000, 25_000_000],
        "forecast_outturn_gbp": [82_300_000, 51_000_000, 24_934_000],
    })


def all_charts(series, peers, breakdown, budget) -> dict[str, Chart]:
    quarters = xmr([10, 11, 12, 11, 10, 9, 11, 12], "increase", periods=QUARTERS)
    return {
        "spc": spc_chart(series, title="EHC plans issued within 20 weeks", unit="percent",
                         decimal_places=1, area="Trafford"),
        "pair": trend_pair(quarters, series, title="EHC plans issued within 20 weeks",
                           unit="percent"),
        "peer": peer_chart(peers, focal_code="E08000009", title="EHC plans within 20 weeks",
                           unit="percent", period="2024"),
        "quadrant": quadrant_chart(peers, "cost", "value", focal_code="E08000009",
                                   x_label="Cost per plan", y_label="EHC plans on time"),
        "interval": interval_chart(breakdown, title="Exclusion ratio by ethnicity",
                                   unit="ratio", decimal_places=2, reference=1),
        "budget": budget_chart(budget),
    }


@pytest.fixture
def charts(series, peers, breakdown, budget) -> dict[str, Chart]:
    return all_charts(series, peers, breakdown, budget)


def _texts(chart: Chart) -> list[str]:
    return [t.get_text() for ax in chart.figure.axes for t in ax.texts]


def _point_lines(chart: Chart) -> dict[str, object]:
    return {line.get_gid(): line for ax in chart.figure.axes for line in ax.lines
            if line.get_gid() in POINT_TYPES}


# -- every chart ---------------------------------------------------------------
def test_every_chart_is_a_chart_with_words_and_data(charts):
    for name, chart in charts.items():
        assert isinstance(chart, Chart), name
        assert isinstance(chart.figure, Figure), name
        assert chart.title and chart.alt_text, name
        assert chart.title.lower() in chart.alt_text.lower(), name
        assert not chart.data.empty, name
        assert all(isinstance(c, str) for c in chart.data.columns), name


def test_rendering_twice_gives_identical_bytes(charts):
    for name, chart in charts.items():
        assert chart.png() == chart.png(), name
        assert chart.svg() == chart.svg(), name
        assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_building_twice_gives_identical_bytes(series, peers, breakdown, budget):
    first = all_charts(series, peers, breakdown, budget)
    second = all_charts(series, peers, breakdown, budget)
    for name in first:
        assert first[name].png() == second[name].png(), name
        assert first[name].svg() == second[name].svg(), name


def test_no_dates_or_versions_in_the_files(charts):
    svg = charts["spc"].svg().decode("utf-8")
    assert "<dc:date>" not in svg
    assert b"Software" not in charts["spc"].png()


def test_figures_are_not_left_open(charts):
    for chart in charts.values():
        chart.png()
        chart.svg()
    assert plt.get_fignums() == []


def test_dollar_signs_in_text_are_not_maths(series):
    chart = spc_chart(series, title="Spend of $5 and $10 per ^head_", unit="gbp")
    assert chart.png()


# -- SPC -----------------------------------------------------------------------
def test_special_cause_points_have_their_own_marker_and_a_note(charts):
    lines = _point_lines(charts["spc"])
    assert lines["common_cause"].get_marker() == "o"
    assert lines["special_cause_improvement"].get_marker() == "^"
    assert lines["special_cause_improvement"].get_marker() != lines["common_cause"].get_marker()
    assert lines["special_cause_improvement"].get_color() != lines["common_cause"].get_color()
    assert len(lines["special_cause_improvement"].get_xdata()) == 1
    assert "Improvement" in _texts(charts["spc"])


def test_every_point_type_has_a_different_shape():
    looks = cs.palette()["point_types"]
    assert set(looks) == set(POINT_TYPES)
    assert len({look["marker"] for look in looks.values()}) == len(POINT_TYPES)


def test_the_legend_names_the_point_types(charts):
    legend = charts["spc"].figure.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Usual variation (common cause)", "Real improvement (special cause)"]


def test_spc_lines_are_labelled_directly_and_limits_are_dashed(charts):
    texts = _texts(charts["spc"])
    for start in ("Average", "Upper limit", "Lower limit", "Target 55.0%"):
        assert any(t.startswith(start) for t in texts), start
    ax = charts["spc"].figure.axes[0]
    dashed = [line for line in ax.lines if line.get_label().startswith("Process limits")]
    assert len(dashed) == 2 and all(line.get_linestyle() == "--" for line in dashed)


def test_many_period_labels_are_thinned_but_keep_the_latest(charts):
    labels = [t.get_text() for t in charts["spc"].figure.axes[0].get_xticklabels()]
    assert len(labels) <= cs.palette()["figure"]["max_tick_labels"]
    assert labels[-1] == "2024-25"


def test_y_axis_shows_the_unit(charts):
    ax = charts["spc"].figure.axes[0]
    assert all(t.get_text().endswith("%") for t in ax.get_yticklabels() if t.get_text())


def test_the_alt_text_names_the_council_once(series):
    # a report's title names the council already ("<measure>, <council>")
    chart = spc_chart(series, title="EHC plans issued within 20 weeks, Trafford",
                      unit="percent", area="Trafford")
    assert chart.alt_text.count("Trafford") == 1
    quarters = xmr([10, 11, 12, 11, 10, 9, 11, 12], "increase", periods=QUARTERS)
    pair = trend_pair(quarters, series, title="EHC plans issued within 20 weeks",
                      unit="percent", area="Trafford")
    assert pair.alt_text.startswith(
        "Two charts of EHC plans issued within 20 weeks in Trafford side by side. "
        "Quarter by quarter: line chart of EHC plans issued within 20 weeks, 2023-24 Q1")
    assert pair.alt_text.count("Trafford") == 1


def test_trend_pair_has_two_axes_and_both_timeframes(charts):
    chart = charts["pair"]
    titles = [ax.get_title(loc="left") for ax in chart.figure.axes]  # the AF style
    assert titles == ["Quarter by quarter", "Year by year"]
    assert set(chart.data["Timeframe"]) == {"Quarter by quarter", "Year by year"}
    assert len(chart.data) == 8 + len(VALUES)
    assert "Quarter by quarter:" in chart.alt_text and "Year by year:" in chart.alt_text


# -- peers and quadrant --------------------------------------------------------
def test_peer_chart_orders_best_first_and_highlights_the_council(charts):
    chart = charts["peer"]
    assert chart.data["Council"].tolist() == [
        "Stockport", "Sefton", "Trafford (this council)", "Solihull", "Bury", "Wirral"]
    assert chart.data["Value"].iloc[-1] == "not available"
    ax = chart.figure.axes[0]
    ticks = {t.get_text(): t.get_fontweight() for t in ax.get_yticklabels()}
    assert ticks["Trafford"] == "bold" and ticks["Stockport"] == "normal"
    assert len(ax.patches) == 5  # Wirral has no value, so no bar
    assert any("Trafford" in t and "45.2%" in t for t in _texts(chart))
    assert "Peer median 45.2%" in _texts(chart)
    colours = {p.get_facecolor() for p in ax.patches}
    assert len(colours) == 2


def test_peer_chart_lower_is_better_reverses_the_order(peers):
    chart = peer_chart(peers, focal_code="E08000009", title="Waiting", unit="days",
                       polarity="lower_is_better")
    assert chart.data["Council"].iloc[0] == "Bury"
    assert "Trafford is 3rd of 5, at 45.2." in chart.alt_text
    assert "No figure for Wirral." in chart.alt_text


def test_peer_alt_text_names_the_period_once(peers):
    titled = peer_chart(peers, focal_code="E08000009", title="EHC plans: similar councils, 2024",
                        unit="percent", period="2024")
    assert titled.alt_text.startswith(
        "Bar chart of EHC plans: similar councils, 2024 for Trafford and 5 similar councils")
    untitled = peer_chart(peers, focal_code="E08000009", title="EHC plans", unit="percent",
                          period="2024")
    assert "EHC plans, 2024 for Trafford" in untitled.alt_text


def test_peer_alt_text(charts):
    alt = charts["peer"].alt_text
    assert "Trafford is 3rd of 5, at 45.2%." in alt
    assert "The median is 45.2%." in alt
    assert "The best is Stockport (60.0%) and the worst is Bury (38.5%)." in alt


def test_quadrant_names_each_quarter_from_the_polarities(charts):
    texts = _texts(charts["quadrant"])
    for name in ("Lower cost, better outcome", "Higher cost, better outcome",
                 "Lower cost, worse outcome", "Higher cost, worse outcome"):
        assert name in texts
    best = [t for ax in charts["quadrant"].figure.axes for t in ax.texts
            if t.get_text() == "Lower cost, better outcome"][0]
    assert best.get_fontweight() == "bold"
    assert "Trafford" in texts


def test_quadrant_places_the_council(charts):
    chart = charts["quadrant"]
    # Medians of the five councils with both figures: cost 1200, value 45.2.
    # Trafford sits on both: counted on the better side of each.
    assert "Trafford is in 'Lower cost, better outcome'" in chart.alt_text
    row = chart.data[chart.data["Council"] == "Trafford (this council)"].iloc[0]
    assert row["Group"] == "Lower cost, better outcome"
    assert len(chart.data) == 5  # Wirral has no value


# -- breakdowns and budget -----------------------------------------------------
def test_interval_chart_writes_suppressed_groups_instead_of_plotting(charts):
    chart = charts["interval"]
    assert "suppressed (fewer than 5)" in _texts(chart)
    estimates = [line for ax in chart.figure.axes for line in ax.lines
                 if line.get_gid() == "estimate"][0]
    assert len(estimates.get_xdata()) == 3
    assert chart.data["Estimate"].tolist() == ["1.00", "1.60", "0.80",
                                               "suppressed (fewer than 5)"]
    assert "Asian (1.60)" in chart.alt_text  # its interval leaves out 1
    assert "Not shown, suppressed (fewer than 5): Other." in chart.alt_text


PRIMARY_NOTE = "suppressed (fewer than 5)"
SECONDARY_NOTE = "hidden so that a smaller group cannot be worked out"


def _chart_notes(chart: Chart) -> list[str]:
    """Notes written on the chart, as one line each (long ones wrap)."""
    return [" ".join(text.split()) for text in _texts(chart)]


def test_interval_chart_says_why_each_group_is_hidden():
    # Group A has 3 (fewer than 5). Group B has 10 of 50: hidden only so that
    # the total, 83, less the groups shown cannot give the 3 away.
    counts = pd.DataFrame({
        "breakdown_dimension": ["all", "ethnicity", "ethnicity", "ethnicity", "ethnicity"],
        "breakdown_category": ["all", "A", "B", "C", "D"],
        "numerator": [83, 3, 10, 20, 50],
        "denominator": [250, 40, 50, 60, 100],
    })
    table = disparity_ratios(counts)
    groups = table[table["dimension"] != "all"]
    chart = interval_chart(groups, estimate="rate", lower="rate_lower", upper="rate_upper",
                           title="Plans on time by group", reference=33.2,
                           reference_label="All")
    assert chart.data["Estimate"].tolist() == [PRIMARY_NOTE, SECONDARY_NOTE, "33.3%", "50.0%"]
    notes = _chart_notes(chart)
    assert PRIMARY_NOTE in notes and SECONDARY_NOTE in notes
    assert (f"Not shown, {PRIMARY_NOTE}: A. Not shown, {SECONDARY_NOTE}: B."
            in chart.alt_text)
    assert "fewer than 5): A, B" not in chart.alt_text


def test_interval_chart_labels_come_from_the_recorded_reason():
    frame = pd.DataFrame({
        "category": ["Small", "Second", "Close to all", "Blank", "Shown"],
        "estimate": [np.nan, np.nan, np.nan, np.nan, 40.0],
        "lower": [np.nan, np.nan, np.nan, np.nan, 30.0],
        "upper": [np.nan, np.nan, np.nan, np.nan, 50.0],
        "suppressed": [True, True, True, False, False],
        "suppression_reason": [
            "fewer than 5; hidden because the denominator minus the numerator is fewer than 5",
            "hidden because its denominator is hidden; hidden so that the total does not "
            "reveal a smaller number",
            "hidden because the denominator minus the numerator is fewer than 5",
            np.nan, np.nan],
    })
    chart = interval_chart(frame, title="Rates by group")
    assert chart.data["Estimate"].tolist() == [
        PRIMARY_NOTE, SECONDARY_NOTE,
        "hidden so that a number below 5 cannot be worked out", "no figure", "40.0%"]
    assert "Not shown, no figure: Blank." in chart.alt_text


def test_interval_chart_shows_every_row_even_when_the_edges_are_hidden():
    frame = pd.DataFrame({"category": ["Top", "Middle", "Bottom"],
                          "estimate": [np.nan, 1.0, np.nan], "lower": [np.nan, 0.9, np.nan],
                          "upper": [np.nan, 1.1, np.nan], "suppressed": [True, False, True]})
    chart = interval_chart(frame, title="Ratio by group", unit="ratio", reference=1)
    low, high = chart.figure.axes[0].get_ylim()
    assert low < 0 and high > len(frame) - 1   # rows are drawn at y = 0, 1 and 2


def test_interval_chart_reference_line_is_labelled(charts):
    assert "No difference 1.00" in _texts(charts["interval"])


def test_budget_chart_labels_over_and_under(charts):
    chart = charts["budget"]
    assert chart.data["Service"].tolist() == [
        "Adult social care", "Children's services", "Corporate services"]
    assert chart.data["Forecast variance"].tolist() == [
        "£2.3 million over", "£1.0 million over", "£66,000 under"]
    texts = _texts(chart)
    assert "£66,000 under" in texts and "◀ Underspend" in texts
    colours = [p.get_facecolor() for p in chart.figure.axes[0].patches]
    assert colours[0] == colours[1] != colours[2]
    assert "Overall the forecast is £3.2 million over on a budget of £155.0 million." \
        in chart.alt_text


# -- helpers -------------------------------------------------------------------
def test_colours_come_from_the_afcharts_palettes():
    assert cs.colour("categorical/0") == get_af_colours("categorical")[0]
    assert cs.colour("duo/1") == get_af_colours("duo")[1]
    assert cs.colour("#757575") == "#757575"


def test_thin_ticks_keeps_the_latest():
    assert cs.thin_ticks([str(i) for i in range(20)], 6) == [3, 7, 11, 15, 19]
    assert cs.thin_ticks(["a", "b"], 6) == [0, 1]


def test_spread_keeps_order_and_gap():
    placed = cs.spread([10.0, 10.2, 20.0], gap=1.0)
    assert placed[1] - placed[0] == pytest.approx(1.0)
    assert placed[2] > placed[1]
    assert cs.spread([5.0], gap=1.0) == [5.0]


@pytest.mark.parametrize(("title", "expected"), [
    ("Forecast spend", "forecast spend"), ("EHC plans", "EHC plans"),
    ("Children's services", "Children's services"), ("A", "A")])
def test_in_sentence(title, expected):
    assert cs.in_sentence(title) == expected


def test_trial_limits_are_named_on_the_chart():
    chart = spc_chart(xmr([1.0, 2.0, 3.0], periods=["2022", "2023", "2024"]),
                      title="Short series", unit="percent")
    assert chart.figure.axes[0].get_title(loc="right") == "Trial limits: fewer than 12 values"
    # the text alternative says so too: tests/charts/test_spc_text.py


def test_a_series_without_values_still_gives_a_chart():
    empty = xmr([1.0, 2.0, 3.0], periods=["2022", "2023", "2024"]).iloc[0:0]
    chart = spc_chart(empty, title="Nothing yet", unit="percent")
    assert chart.png()  # and it says so in words: tests/charts/test_spc_text.py


def test_a_chart_shows_itself_in_a_notebook_as_html(charts):
    from perfkit.charts.html import chart_html

    assert charts["budget"]._repr_html_() == chart_html(charts["budget"])
