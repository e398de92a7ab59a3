"""Which measures go in a report's lists: what is going well, what needs
attention. One rule each, used by the overview and the front page."""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.reconcile import VERDICTS
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.formatting import format_value
from perfkit.report import blocks
from perfkit.report.questions import scrutiny_questions

__all__ = ["chart_reasons", "going_well_rows", "needs_attention_rows", "out_of_date_html",
           "questions_by_severity", "worth_a_chart"]


def going_well_rows(totals: pd.DataFrame) -> pd.DataFrame:
    """Getting better; or steady, on target and in the best quarter of similar
    councils. Context and out-of-date measures never."""
    steady_and_strong = totals["verdict"].eq("steady") & totals["rag"].eq("green") & \
        totals["peer_quartile"].eq(1)
    return totals[totals["verdict"].eq("improving") | steady_and_strong.fillna(False)]


def needs_attention_rows(totals: pd.DataFrame) -> pd.DataFrame:
    return totals[totals["verdict"].eq("concern")]


#: verdict -> why its chart is worth drawing.
_VERDICT_REASONS = {"concern": "it needs attention", "watch": "it is one to keep an eye on",
                    "improving": "it is getting better"}


def chart_reasons(row: pd.Series) -> list[str]:
    """Why a measure's full SPC chart is worth drawing, in words ([] if it is
    not): its verdict, a missed target or a level set in law. Never for an
    out-of-date, context or too-short series: there is nothing to see."""
    if row["verdict"] in ("stale", "context", "few"):
        return []
    reasons = [_VERDICT_REASONS[row["verdict"]]] if row["verdict"] in _VERDICT_REASONS else []
    if row.get("rag") == "red":
        reasons.append("it misses its target")
    threshold = row.get("statutory_threshold")
    if not pd.isna(threshold):
        shown = format_value(threshold, str(row["unit"]), int(row["decimal_places"]))
        reasons.append(f"the law sets a level for it ({shown})")
    return reasons


def worth_a_chart(row: pd.Series) -> bool:
    return bool(chart_reasons(row))


def out_of_date_html(rows: pd.DataFrame) -> str:
    """The measures with no recent figures, listed once, at the end."""
    shown = pd.DataFrame({
        "Measure": rows["short_title"],
        "Latest figure": [format_value(value, unit, int(places)) for value, unit, places
                          in zip(rows["value"], rows["unit"], rows["decimal_places"],
                                 strict=True)],
        "Period": rows["period"]})
    text = (f"These measures have not been updated for more than {STALE_AFTER_PERIODS} of "
            f"their reporting periods (for a yearly measure, more than {STALE_AFTER_PERIODS} "
            "years), so they cannot show how the council is doing now. They are listed "
            "here, not charted. Ask when newer figures will be available.")
    return "\n".join(['<h3 id="out-of-date">Measures with no recent figures</h3>',
                      blocks.sentences_html([text]),
                      blocks.table_html(shown, "Measures with no recent figures")])


def questions_by_severity(totals: pd.DataFrame) -> list[tuple[str, str]]:
    """Every suggested question once, those about the measures that most need
    attention first (in the order of the verdicts)."""
    rank = {verdict: place for place, verdict in enumerate(VERDICTS)}
    ordered = totals.assign(_rank=totals["verdict"].map(rank)).sort_values("_rank",
                                                                          kind="stable")
    return list(dict.fromkeys(q for _, row in ordered.iterrows()
                              for q in scrutiny_questions(row)))
