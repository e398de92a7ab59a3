"""The equality sections: rates by group with their intervals, and the free
school meals gap. Each takes a :class:`~perfkit.report.page.ReportPage` and
returns HTML for a notebook cell, heading included, or nothing at all where
the data hold no breakdown for the council: a section is left out, never
shown empty. The numbers come from :mod:`perfkit.analysis.equality`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from perfkit.analysis import equality
from perfkit.charts.breakdown import hidden_notes, interval_chart
from perfkit.charts.html import chart_html
from perfkit.formatting import format_value
from perfkit.report import blocks
from perfkit.report.comparison_words import national_words
from perfkit.report.introduction import listed
from perfkit.report.page import ReportPage

__all__ = ["equality_breakdown", "fsm_gap", "who_waits_longer"]

#: Why the legal duties report breaks a duty down by group.
WHO_WAITS_LONGER = ("A duty is owed to everyone it covers. An average can hide groups who "
                    "wait longer.")


def _say(*sentences: str) -> str:
    return blocks.sentences_html(list(sentences))


def _chosen(rep: ReportPage, indicator_id: str | None) -> tuple[str, list[str]] | None:
    """The indicator broken down (``indicator_id``, or the report's first with
    a breakdown by age, sex or ethnicity) and its dimensions; None: none."""
    found = rep.breakdowns()
    if indicator_id is not None:
        found = found[found["indicator_id"] == indicator_id]
    if found.empty:
        return None
    first = str(found["indicator_id"].iloc[0])
    return first, list(found.loc[found["indicator_id"] == first, "dimension"])


def equality_breakdown(rep: ReportPage, indicator_id: str | None = None, *,
                       question: str = "", why: str = "") -> HTML:
    """Rates by age, sex and ethnicity with Wilson intervals, compared with
    everyone else, after small-number suppression, under a heading naming the
    measure and its breakdowns (``question`` before it, ``why`` after it).
    ``indicator_id`` None: the report's first measure with such breakdowns.
    Nothing where the council has none."""
    chosen = _chosen(rep, indicator_id)
    if chosen is None:
        return HTML("")
    indicator_id, dimensions = chosen
    period = rep.latest_period(indicator_id, tuple(dimensions))
    table = equality.equality_summary(rep.data, rep.council, indicator_id, period,
                                      dimensions=dimensions, threshold=rep.suppression_threshold)
    groups = table[table["dimension"] != "all"].assign(
        label=lambda t: t["dimension"].str.capitalize() + ": " + t["category"])
    overall = table.loc[table["dimension"] == "all", "rate"]
    chart = interval_chart(groups, estimate="rate", lower="rate_lower", upper="rate_upper",
                           label="label", title=f"{rep.title_of(indicator_id)} by group, {period}",
                           reference=None if overall.empty else float(overall.iloc[0]),
                           reference_label="All", suppression_threshold=rep.suppression_threshold)
    shown = pd.DataFrame({
        "Group": groups["label"],
        "Number": groups["denominator"].map(
            lambda v: "suppressed" if pd.isna(v) else f"{v:,.0f}"),
        "Rate": [note or format_value(rate, "percent", 1) for rate, note in zip(
            groups["rate"], hidden_notes(groups, threshold=rep.suppression_threshold),
            strict=True)],
        "95% interval": [_interval(lo, hi) for lo, hi in zip(groups["rate_lower"],
                                                             groups["rate_upper"], strict=True)],
        "Compared with everyone else": groups["significant"].map(
            {True: "clearly different", False: "no clear difference"}).fillna("not compared"),
    })
    rule = (f"Groups with fewer than {rep.suppression_threshold} are hidden, and where only one "
            "group in a breakdown would be hidden, one more is hidden so that the total "
            "cannot reveal it. The range after each rate is a 95% confidence interval "
            "(Wilson method): with small groups, differences inside it may be chance.")
    heading = (f"{question}{rep.title_of(indicator_id)} by "
               f"{listed([d.replace('_', ' ') for d in dimensions])}")
    return HTML("\n".join([blocks.section_heading(heading), _say(why) if why else "",
                           _say(rule), chart_html(chart),
                           blocks.table_html(shown, f"{rep.title_of(indicator_id)}, {period}")]))


def who_waits_longer(rep: ReportPage) -> HTML:
    """The legal duties report's breakdown: who waits longer for a duty owed
    to everyone (nothing where no duty is broken down for the council)."""
    return equality_breakdown(rep, question="Who waits longer? ", why=WHO_WAITS_LONGER)


def _interval(low: float, high: float) -> str:
    if pd.isna(low):
        return "not shown"
    return f"{format_value(low, 'percent', 1)} to {format_value(high, 'percent', 1)}"


def fsm_gap(rep: ReportPage) -> HTML:
    """Persistent absence: pupils on free school meals against all pupils, and
    the same gap for all councils in the nation (nothing without figures)."""
    gap = equality.fsm_gap(rep.data.observations, rep.council, rep.period,
                           comparison_area=rep.national_code)
    gap = gap[gap["fsm_rate"].notna()]
    if gap.empty:
        return HTML("")
    last = gap.iloc[-1]
    nation = {"nation": rep.nation}
    text = [f"In {last['period']}, {last['fsm_rate']:.1f}% of pupils on free school meals were "
            f"persistently absent, against {last['all_pupils_rate']:.1f}% of all pupils: a gap "
            f"of {last['gap_points']:.1f} percentage points."]
    columns = {"period": "School year", "fsm_rate": "Free school meals (%)",
               "all_pupils_rate": "All pupils (%)", "gap_points": "Gap (points)"}
    if rep.national_code is None:
        text.append(f"There is no figure for {national_words(nation)} in the data.")
    else:
        columns["national_gap_points"] = f"Gap for {national_words(nation)} (points)"
        if not pd.isna(last["national_gap_points"]):
            text.append(f"For {national_words(nation)} the gap was "
                        f"{last['national_gap_points']:.1f} points.")
    shown = gap.rename(columns=columns)[list(columns.values())].round(1)
    return HTML("\n".join([blocks.section_heading("The free school meals gap in school "
                                                  "attendance"),
                           _say(*text), blocks.table_html(shown, "Persistent absence gap")]))
