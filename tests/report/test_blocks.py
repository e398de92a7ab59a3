"""Tests for perfkit.report.blocks (and glance): hostile text is shown
escaped and never runs, status is never colour alone, tables are proper
tables, nothing is loaded from outside the page, and the audience sets the
columns of the at-a-glance table."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.spc import xmr
from perfkit.analysis.verdict import ASSESSMENT_COLUMNS, VERDICTS
from perfkit.charts.compare import peer_chart
from perfkit.charts.html import chart_html
from perfkit.charts.spc import spc_chart
from perfkit.registry import AUDIENCES
from perfkit.report.blocks import (
    commentary_block,
    page_style,
    questions_html,
    sentences_html,
    status_badge,
    synthetic_notice,
    table_html,
)
from perfkit.report.glance import at_a_glance
from perfkit.report.narrative import Sentence

pytestmark = pytest.mark.filterwarnings("ignore::perfkit.analysis.spc.SPCWarning")

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
MARKDOWN = "**bold** [link](javascript:alert(1))"
LONG_WORD = "a" * 10_000
HOSTILE = [SCRIPT, IMAGE, MARKDOWN, LONG_WORD]
VOID = {"img", "br", "meta", "link", "input", "hr"}


class _Checker(HTMLParser):
    """Records every tag and fails on tags closed out of order."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def parse(html_text: str) -> _Checker:
    checker = _Checker()
    checker.feed(html_text)
    checker.close()
    assert checker.open == [], f"unclosed: {checker.open}"
    return checker


def assert_safe(html_text: str) -> None:
    """No hostile markup survives, and the page refers to nothing outside it."""
    lowered = html_text.lower()
    assert "<script" not in lowered
    assert "<img src=x" not in lowered
    assert "href=" not in lowered
    assert "javascript:" not in lowered.replace(
        "[link](javascript:alert(1))", "")  # only ever as shown text
    assert "<strong>bold" not in lowered and "<a " not in lowered
    assert "http://" not in lowered and "https://" not in lowered
    for tag, attrs in parse(html_text).tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


def assessment(**overrides) -> pd.DataFrame:
    """A small assessment table: one row per verdict."""
    rows = []
    for i, verdict in enumerate(VERDICTS):
        row = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
        row.update(
            area_code="E08000009", area_name="Trafford", indicator_id=f"ind_{i}",
            title=f"Measure {i}", short_title=f"Measure {i}", unit="percent",
            polarity="neutral" if verdict == "context" else "higher_is_better",
            decimal_places=1, breakdown_dimension="all", breakdown_category="all",
            period="2024-25", value=45.2 + i, previous_period="2023-24", previous_value=41.0,
            direction_previous="improving", last_year_period="2023-24", last_year_value=41.0,
            direction_last_year="improving", spc_mean=44.0, spc_lpl=38.1, spc_upl=62.0,
            spc_reliable=True, points=12, variation="common_cause", assurance="hit_and_miss",
            target=50.0, rag=["green", "amber", "red", "none", "none"][i % 5],
            peer_rank=4, peer_count=16, national_rank=40, national_count=152,
            peer_group="cipfa", peer_group_name="CIPFA nearest neighbours (2021 model)",
            nation="Wales", national_code="W92000004",
            flags="green_but_bottom_quartile" if i == 0 else "",
            verdict=verdict, verdict_label=VERDICTS[verdict], verdict_reason="Because.")
        row.update(overrides)
        rows.append(row)
    return pd.DataFrame(rows, columns=ASSESSMENT_COLUMNS)


def hostile_chart():
    values = pd.DataFrame({"area_code": ["X", "Y", "Z"],
                           "area_name": [SCRIPT, IMAGE, MARKDOWN],
                           "value": [10.0, 20.0, 30.0]})
    return peer_chart(values, focal_code="X", title=SCRIPT + MARKDOWN, unit="percent")


# -- hostile text --------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_commentary_is_escaped(text):
    out = commentary_block(text, author=IMAGE, period=SCRIPT)
    assert_safe(out)
    assert "&lt;script&gt;" in out
    if text == LONG_WORD:
        assert LONG_WORD in out


def test_commentary_keeps_line_breaks_and_paragraphs_safely():
    out = commentary_block("First line\nsecond <b>line</b>\n\nNew paragraph", "Head of SEND")
    assert out.count("<p>") == 2
    assert "First line<br>second &lt;b&gt;line&lt;/b&gt;" in out
    assert "Officer commentary: Head of SEND" in out
    parse(out)


def test_missing_commentary_says_so():
    assert "no officer commentary" in commentary_block(np.nan)
    assert "no officer commentary" in commentary_block("   ")


def test_long_words_wrap():
    css = page_style()
    assert "overflow-wrap: anywhere" in css


@pytest.mark.parametrize("text", HOSTILE)
def test_tables_sentences_and_questions_escape_text(text):
    frame = pd.DataFrame({text: [text, SCRIPT], "Value": ["45.2%", "£1.2 million"]})
    outputs = [
        table_html(frame, caption=text + SCRIPT),
        sentences_html([Sentence(text, (SCRIPT,)), text + SCRIPT]),
        questions_html([(text, text + SCRIPT), SCRIPT]),
        synthetic_notice(["targets", text], area_name=SCRIPT),
        status_badge(text + SCRIPT),
    ]
    for out in outputs:
        assert_safe(out)
        assert "&lt;script&gt;" in out


def test_at_a_glance_escapes_titles_and_reasons():
    out = at_a_glance(assessment(short_title=SCRIPT, verdict_reason=IMAGE,
                                 breakdown_dimension=MARKDOWN, breakdown_category=LONG_WORD),
                      "analyst", caption=SCRIPT)
    assert_safe(out)
    assert "&lt;script&gt;" in out and "&lt;img src=x" in out


def test_chart_html_escapes_title_alt_text_and_data():
    out = chart_html(hostile_chart())
    assert_safe(out)
    assert "&lt;script&gt;" in out
    alt = re.search(r'alt="([^"]*)"', out).group(1)
    assert "&lt;script&gt;" in alt and "<" not in alt


# -- never colour alone ---------------------------------------------------------
def test_each_verdict_icon_has_its_words_beside_it():
    out = at_a_glance(assessment())
    badges = re.findall(r'<span class="badge badge-(\w+)"><span class="icon" '
                        r'aria-hidden="true">(.)</span> ([^<]+)</span>', out)
    assert [(key, words) for key, _, words in badges] == list(VERDICTS.items())
    assert len({icon for _, icon, _ in badges}) == len(VERDICTS)


def test_badges_accept_the_verdict_or_its_label():
    assert status_badge("improving") == status_badge("Getting better")
    assert "▲" in status_badge("improving") and "Getting better" in status_badge("improving")
    assert "▼" in status_badge("concern") and "Needs attention" in status_badge("concern")


def test_rag_and_direction_and_position_are_words():
    out = at_a_glance(assessment())
    assert "Green: on target" in out and "Amber: close to target" in out
    assert "Red: off target" in out and "No target" in out
    assert "Better than a year earlier (41.0% in 2023-24)" in out
    assert "4th of 16" in out and "4th highest of 16" in out
    assert "Green, but in the bottom quarter" in out
    assert "45.2% (2024-25)" in out


def test_the_position_columns_name_the_peer_group_and_the_nation():
    one_group = headers(at_a_glance(assessment(), "analyst"))
    assert "Among CIPFA nearest neighbours (1st is best)" in one_group
    assert "Among all councils in Wales (1st is best)" in one_group
    mixed = assessment()
    mixed.loc[0, "peer_group_name"] = "NHS England adult social care near-neighbour peer group"
    out = at_a_glance(mixed, "analyst")
    assert "Among similar councils (1st is best)" in headers(out)
    # each group by its publisher's initials, with a key under the table
    assert "4th of 16 (CIPFA)" in out and "(NHS)" in out
    assert ("Similar councils: NHS: NHS England adult social care near-neighbour peer group; "
            "CIPFA: CIPFA nearest neighbours.") in out
    unnamed = assessment()
    unnamed.loc[0, "peer_group_name"] = "Our own comparator councils"
    assert "4th of 16 (CIPFA nearest neighbours)" in at_a_glance(unnamed, "analyst")
    alone = at_a_glance(assessment(national_count=1, peer_rank=np.nan, peer_group=np.nan,
                                   peer_group_name=np.nan), "analyst")
    assert "No other council in Wales has a figure in the data" in alone
    assert "No similar councils in the data" in alone
    assert "Not compared" not in alone


# -- structure -------------------------------------------------------------------
def headers(html_text: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html_text)


def test_audience_sets_the_columns():
    columns = {audience: headers(at_a_glance(assessment(), audience))
               for audience in AUDIENCES}
    assert len(columns["cabinet"]) < len(columns["scrutiny"]) < len(columns["analyst"])
    assert set(columns["cabinet"]) < set(columns["scrutiny"]) < set(columns["analyst"])
    assert "Questions to ask" not in columns["cabinet"]
    assert "Questions to ask" in columns["scrutiny"]
    assert "Usual range (process limits)" in columns["analyst"]
    assert "Usual range (process limits)" not in columns["scrutiny"]
    with pytest.raises(ValueError, match="audience"):
        at_a_glance(assessment(), "everyone")


def test_at_a_glance_is_a_proper_table():
    out = at_a_glance(assessment(), "scrutiny")
    assert "<caption>At a glance" in out
    assert out.count('<th scope="row">') == len(VERDICTS)
    assert "tex2jax_ignore" in out
    parse(out)


def test_table_html_right_aligns_numbers():
    frame = pd.DataFrame({"Council": ["Trafford", "Bury"], "Value": ["45.2%", "-£300"],
                          "Count": [3, 4]})
    out = table_html(frame, "Values")
    assert '<th scope="col" class="num">Value</th>' in out
    assert '<td class="num">-£300</td>' in out and '<td class="num">4</td>' in out
    assert "<td>Trafford</td>" in out


def test_synthetic_notice_names_the_made_up_tables():
    tables = ["actions", "budget_monitoring", "commentary", "complaints", "satisfaction",
              "targets"]
    out = synthetic_notice(tables, "Trafford")
    assert ("The targets, budget, complaints, satisfaction, commentary and actions in this "
            "report are made-up demonstration data, not Trafford&#x27;s own.") in out
    assert synthetic_notice([]) == ""
    assert "not the council&#x27;s own" in synthetic_notice(["targets"])


def test_questions_and_sentences():
    out = questions_html([("legal duties discharged?", "Are we meeting our duty?")])
    assert "<li>Are we meeting our duty?" in out and "legal duties discharged?" in out
    assert "do not suggest" in questions_html([])
    out = sentences_html([Sentence("It was 45.2%.", ("value", "unit"))])
    assert '<span data-fields="value unit">It was 45.2%.</span>' in out


def test_chart_html_embeds_the_image_with_alt_text_and_data():
    chart = spc_chart(xmr([1.0, 2.0, 3.0, 2.0, 1.0, 2.0], periods=[
        "2019", "2020", "2021", "2022", "2023", "2024"]), title="Measure", unit="percent")
    out = chart_html(chart)
    assert_safe(out)
    assert "<figure" in out and "<figcaption>Measure</figcaption>" in out
    assert "<details><summary>Data behind this chart</summary>" in out
    assert out.index("</figure>") < out.index("<details>")
    assert out.count("<tr>") == len(chart.data) + 1
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml")):
        forced = chart_html(chart, fmt=fmt)
        data = re.search(r'src="data:image/[^;]+;base64,([^"]+)"', forced).group(1)
        assert base64.b64decode(data).startswith(magic)
    assert chart_html(chart) == chart_html(chart)
    assert 'width="800" height="450"' in out


def test_page_style_is_one_offline_printable_block():
    css = page_style()
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<style") == 1
    assert "@media print" in css and ":focus-visible" in css
    assert "@import" not in css and "url(" not in css
    assert "http://" not in css and "https://" not in css
    assert not re.search(r"[^-]height:\s*\d", css)  # no fixed heights
