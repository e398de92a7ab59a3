"""The front page and the scrutiny briefing (perfkit/report/front_page.py),
from hand-built assessment rows."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS
from perfkit.report.front_page import (
    BRIEFING_FACTS,
    GOING_WELL_SHOWN,
    ReportLink,
    briefing_body,
    front_page_body,
)
from perfkit.report.plan import NAMED, UNLINKED, UNLINKED_NOTE

REPORTS = [ReportLink("overview", "overview.html"), ReportLink("legal_duties", None)]


def _totals(verdicts: list[str]) -> pd.DataFrame:
    rows = []
    for i, verdict in enumerate(verdicts):
        row = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
        row.update(indicator_id=f"m{i}", short_title=f"Measure {i}", title=f"Measure {i}",
                   unit="percent", polarity="neutral" if verdict == "context"
                   else "higher_is_better", decimal_places=0,
                   breakdown_dimension="all", breakdown_category="all",
                   period="2017-18" if verdict == "stale" else "2024-25", value=50.0 + i,
                   verdict=verdict, verdict_reason=f"Reason {i}.", rag="green",
                   peer_quartile=1, enquiry_lines="legal_duties;trends")
        rows.append(row)
    return pd.DataFrame(rows)


def test_counts_attention_and_links():
    totals = _totals(["concern", "concern", "improving", "steady", "stale", "context"])
    page = front_page_body(totals, council_name="Trafford", period="2025-26 Q3",
                           title="Quarterly pack", reports=REPORTS)
    assert page.startswith("<h1>Trafford: how we are doing, 2025-26 Q3</h1>")
    attention = page[page.index('id="needs-attention"'):page.index('id="going-well"')]
    assert "Needs attention (2)" in attention and attention.count("<li>") == 2
    assert "Reason 0." in attention and 'href="overview.html#m-m0"' in attention
    # the out-of-date measure is counted, and never listed as current
    assert "1 measure out of date" in page
    assert "Measure 4" not in page[page.index('id="going-well"'):]
    # a report that was not written is named, not linked
    assert "Legal duties (not written" in page


def test_going_well_is_capped_so_the_page_prints_short():
    totals = _totals(["improving"] * (GOING_WELL_SHOWN + 3))
    page = front_page_body(totals, council_name="X", period="2025-26 Q3", title="T",
                           reports=REPORTS)
    well = page[page.index('id="going-well"'):page.index('id="new"')]
    assert well.count("<li>") == GOING_WELL_SHOWN
    assert "3 more are listed in the overview." in well  # 8 going well, 5 shown


def test_the_briefing_answers_first():
    totals = _totals(["steady", "concern", "watch", "improving", "context"])
    page = briefing_body(totals, council_name="Trafford", period="2025-26 Q3",
                         title="SEND timeliness", reports=REPORTS)
    order = [page.index(h) for h in ("The answer", "Three facts", "Questions to ask",
                                     "The evidence")]
    assert order == sorted(order)
    assert "Of the 4 measures, 1 needs attention: Measure 1." in page
    facts = page[page.index("Three facts"):page.index("Questions to ask")]
    assert facts.count("<li>") == BRIEFING_FACTS
    assert facts.index("Measure 1") < facts.index("Measure 2") < facts.index("Measure 3")


# -- the council plan's priorities --------------------------------------------------------
PLAN_VERDICTS = ["steady", "concern", "improving", "concern", "watch", "context", "improving",
                 "improving", "improving", "improving"]
#: m0..m9's priorities (Healthy Lives first in the table); m5 serves none.
PRIORITIES = ["Healthy Lives", "Climate Crisis", "Healthy Lives", "Healthy Lives",
              "Climate Crisis", "", "Climate Crisis", "Healthy Lives", "Climate Crisis",
              "Healthy Lives"]


def _plan_page(priorities=PRIORITIES, verdicts=PLAN_VERDICTS) -> str:
    indicators = pd.DataFrame({"indicator_id": [f"m{i}" for i in range(len(priorities))],
                               "priority": priorities})
    # for the year of the measures' figures: all but the context measure are new
    return front_page_body(_totals(verdicts), council_name="Trafford", period="2024-25",
                           title="Quarterly pack", reports=REPORTS, indicators=indicators)


def test_one_part_per_priority_after_the_counts_and_before_going_well():
    page = _plan_page()
    order = [page.index(h) for h in (
        'id="how-measures-are-doing"', 'id="plan-climate-crisis">Climate Crisis</h3>',
        'id="plan-healthy-lives">Healthy Lives</h3>', f">{UNLINKED}</h3>",
        'id="going-well"', 'id="new"', 'id="reports"')]
    assert order == sorted(order)
    assert "Needs attention (" not in page  # the measures are listed under their priority
    climate = page[page.index('id="plan-climate-crisis"'):page.index('id="plan-healthy-lives"')]
    # the sentence leads into the list of measures that need attention
    assert ("2 of the 4 Climate Crisis measures we can judge are getting better; "
            "1 to keep an eye on; 1 needs attention:</p>") in climate
    assert ">Are we making progress on what we said matters?</h2>" in page


def test_each_measure_needing_attention_is_in_its_part_once_with_its_reason_and_link():
    page = _plan_page()
    climate = page[page.index('id="plan-climate-crisis"'):page.index('id="plan-healthy-lives"')]
    healthy = page[page.index('id="plan-healthy-lives"'):page.index('id="plan-other"')]
    assert 'href="overview.html#m-m1"' in climate and "Reason 1." in climate
    assert 'href="overview.html#m-m3"' in healthy and "Reason 3." in healthy
    plan = page[page.index('id="needs-attention"'):page.index('id="going-well"')]
    assert plan.count("#m-m1") == plan.count("#m-m3") == 1
    assert plan.count("<li>") == 2  # as many items as measures needing attention
    # the part's badges agree with its sentence
    assert re.search(r"badge-concern.*?<strong>1</strong>", climate)
    assert re.search(r"badge-improving.*?<strong>2</strong>", climate)


def test_the_unlinked_part_says_so_plainly():
    page = _plan_page()
    other = page[page.index('id="plan-other"'):page.index('id="going-well"')]
    assert UNLINKED_NOTE in other
    assert "The one other measure, Measure 5, is for context only." in other


def test_with_priorities_going_well_and_new_are_shorter():
    page = _plan_page()
    well = page[page.index('id="going-well"'):page.index('id="new"')]
    # the measures' names, each linked to its section
    assert "Going well (6)" in well  # five getting better, one steady and strong
    assert "<li>" not in well and '<a href="overview.html#m-m9">' not in well
    assert well.count('<a href="overview.html#m-') == NAMED
    assert f"and {6 - NAMED} more in the overview.</p>" in well
    new = page[page.index('id="new"'):page.index('id="reports"')]
    assert "<li>" not in new
    assert ('New figures for <a href="overview.html#m-m0">Measure 0</a>, '
            '<a href="overview.html#m-m1">Measure 1</a>') in new
    assert f"and {len(PLAN_VERDICTS) - 1 - NAMED} more in the reports.</p>" in new


def test_without_priorities_the_page_keeps_its_structure():
    plain = _plan_page(priorities=[""] * len(PRIORITIES))
    assert plain == front_page_body(_totals(PLAN_VERDICTS), council_name="Trafford",
                                    period="2024-25", title="Quarterly pack",
                                    reports=REPORTS)
    assert "Needs attention (2)" in plain and "plan-" not in plain


def test_a_run_that_judges_no_measures_lists_what_its_reports_show():
    """The ward view alone judges no measure: no "0 measures", no empty answer."""
    empty = pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    wards = [ReportLink("wards", "wards.html")]
    for make in (front_page_body, briefing_body):
        body = make(empty, council_name="Trafford", period="2025-26 Q4", title="Wards",
                    reports=wards)
        text = re.sub(r"<[^>]+>", " ", body)
        assert "0 measures" not in text and "The answer" not in text
        assert "how the wards compare on deprivation" in text
        assert 'href="wards.html"' in body
