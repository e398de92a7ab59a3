"""The front page and the scrutiny briefing (perfkit/report/front_page.py),
from hand-built assessment rows."""

from __future__ import annotations

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
