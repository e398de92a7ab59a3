"""The Trends report as small multiples (perfkit/report/trend_table.py): a
table of every measure with a sparkline, then full charts only where there is
something to see. On the demo council's real data, and on hand-built rows for
the rules."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import perfkit
from perfkit.markup import escape
from perfkit.report import sections, trend_table
from tests.paths import DATA

COUNCIL = "E08000009"  # Trafford, the demo council
#: Charts are the expensive part of a pack (at most 60 across its reports):
#: the Trends report keeps its share small. (22 since the pandemic year is
#: left out of the usual ranges, which shows four more real changes.)
MOST_CHARTS = 24
_ROW_HEADER = re.compile(r'<th scope="row">(.*?)</th>')


@pytest.fixture(scope="module")
def report():
    return perfkit.open_report("trends", council=COUNCIL, period="2025-26 Q3",
                               peer_group="ons_global_neighbours", audience="analyst",
                               data_dir=DATA)


@pytest.fixture(scope="module")
def trends_html(report) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sections.trends(report).data


def _row(title: str, **fields) -> dict:
    """A hand-built assessment row: steady, neutral, no target, no threshold."""
    return {"short_title": title, "title": title, "verdict": "steady", "polarity": "neutral",
            "variation": "common_cause", "rag": "none", "statutory_threshold": np.nan,
            "unit": "percent", "decimal_places": 1, **fields}


def _table_titles(text: str) -> list[str]:
    table = text.split("</table>", 1)[0]
    return _ROW_HEADER.findall(table)


# -- the table ----------------------------------------------------------------------
def test_every_measure_has_a_row(report, trends_html):
    titles = _table_titles(trends_html)
    assert sorted(titles) == sorted(escape(t) for t in report.totals["short_title"])
    assert trends_html.count('class="sparkline"') == len(report.totals)
    assert f"<caption>{trend_table.CAPTION}</caption>" in trends_html


def test_rows_go_by_verdict_with_stale_measures_last():
    rows = pd.DataFrame([_row("Zebra", verdict="stale"), _row("Beta", verdict="steady"),
                         _row("Alpha", verdict="stale"), _row("Gamma", verdict="concern"),
                         _row("Delta", verdict="context"), _row("Alpha", verdict="steady"),
                         _row("Eta", verdict="watch")])
    ordered = trend_table.order_rows(rows)
    assert list(zip(ordered["verdict"], ordered["short_title"], strict=True)) == [
        ("concern", "Gamma"), ("watch", "Eta"), ("steady", "Alpha"), ("steady", "Beta"),
        ("context", "Delta"), ("stale", "Alpha"), ("stale", "Zebra")]


def test_a_stale_measure_is_in_the_table_and_last(report):
    rows = report.totals.copy()
    stale = rows["short_title"].iloc[0]
    rows.loc[0, "verdict"] = "stale"
    text = trend_table.trend_table(report, trend_table.order_rows(rows))
    titles = _table_titles(text)
    assert len(titles) == len(rows)
    stale_rows = int(rows["verdict"].eq("stale").sum())  # the data may have others
    assert escape(stale) in titles[-stale_rows:]
    assert "Out of date" in text.rsplit("<tr>", 1)[1]


def test_the_table_escapes_titles(report):
    rows = report.totals.head(2).copy()
    rows["short_title"] = ["<script>alert(1)</script>", "Tom & Jerry's <b>bold</b>"]
    text = trend_table.trend_table(report, rows)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Tom &amp; Jerry&#x27;s &lt;b&gt;bold&lt;/b&gt;" in text


def test_the_change_from_a_year_earlier_is_in_words():
    row = pd.Series(_row("Recycling", value=55.0, period="2024-25", last_year_value=50.0,
                         last_year_period="2023-24", direction_last_year="improving"))
    assert trend_table._change(row) == "Better: up from 50.0% in 2023-24"
    same = row.copy()
    same["direction_last_year"] = "no_significant_change"
    assert trend_table._change(same) == "About the same (50.0% in 2023-24)"
    missing = row.copy()
    missing["direction_last_year"] = "not_comparable"
    assert trend_table._change(missing) == "No figure a year earlier to compare"


# -- the charts ---------------------------------------------------------------------
def test_a_chart_is_drawn_only_where_there_is_something_to_see():
    rows = pd.DataFrame([
        _row("Signal", polarity="higher_is_better", variation="special_cause_concern",
             verdict="concern"),
        _row("Missed target", rag="red"),
        _row("Statutory", statutory_threshold=90.0),
        _row("Steady neutral", variation="special_cause_neutral_high"),
        _row("Steady green", polarity="lower_is_better", rag="green"),
        _row("Stale and red", verdict="stale", rag="red", statutory_threshold=90.0),
    ])
    drawn = rows.loc[trend_table.worth_charting(rows), "short_title"]
    assert list(drawn) == ["Signal", "Missed target", "Statutory"]


def test_the_demo_report_charts_exactly_the_chosen_measures(report, trends_html):
    rows = trend_table.order_rows(report.totals)
    chosen = rows[trend_table.worth_charting(rows)]
    headings = re.findall(r"<h3>(.*?)</h3>", trends_html)
    assert headings == [escape(t) for t in chosen["title"]]
    steady_neutral = rows[(rows["polarity"] == "neutral") & (rows["verdict"] == "steady")
                          & (rows["rag"] != "red") & rows["statutory_threshold"].isna()]
    assert not set(steady_neutral["title"]) & set(chosen["title"])
    assert "report.spc_chart(row)" in trends_html


def test_the_demo_report_draws_few_charts(trends_html):
    charts = trends_html.count('<figure class="chart">')
    assert 0 < charts <= MOST_CHARTS
    assert charts == trends_html.count("<h3>")
