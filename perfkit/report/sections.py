"""Sections that belong to one line of enquiry: equality breakdowns, the
budget, value for money, trends and the overview's lists. Each takes a
:class:`~perfkit.report.page.ReportPage` and returns HTML for a notebook cell; the
numbers come from :mod:`perfkit.analysis.equality`, :mod:`perfkit.analysis.finance`,
:mod:`perfkit.analysis.value_for_money` and the assessment table.

Every section shows figures up to the report's period and none after it: a
report for 2024-25 Q2 is what the council could have known then.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from perfkit.analysis import equality, finance
from perfkit.analysis import value_for_money as vfm
from perfkit.charts.breakdown import budget_chart, hidden_notes, interval_chart
from perfkit.charts.compare import quadrant_chart
from perfkit.charts.html import chart_html
from perfkit.formatting import format_value
from perfkit.periods import parse_period
from perfkit.report import blocks, front_page, trend_table
from perfkit.report.headline import headline
from perfkit.report.lists import going_well_rows, needs_attention_rows
from perfkit.report.page import ReportPage

__all__ = [
    "budget", "citizens_view", "council_tax", "equality_breakdown", "fsm_gap",
    "going_well", "keep_an_eye_on", "needs_attention", "trends", "unit_costs",
    "value_for_money", "verdict_counts", "warning_signs",
]

#: The cost and outcome compared in the value-for-money chart.
VALUE_FOR_MONEY = ("cla_weekly_unit_cost", "cla_long_term_stability")


def _say(*sentences: str) -> str:
    return blocks.sentences_html(list(sentences))


def _money(value: float) -> str:
    return format_value(value, "gbp", 0)


def _peers(rep: ReportPage) -> list[str]:
    groups = rep.data.peer_groups
    if groups is None:
        return []
    chosen = groups[(groups["group_id"] == rep.peer_group) & (groups["area_code"] == rep.council)]
    return list(chosen["peer_code"])


def _own_up_to_period(rep: ReportPage, table: pd.DataFrame | None) -> pd.DataFrame | None:
    """The council's rows of an optional table, up to the report's period."""
    if table is None:
        return None
    return rep.up_to_period(table[table["area_code"] == rep.council])


def _latest_period(rep: ReportPage, indicator_id: str) -> str | None:
    obs = rep.own_observations
    periods = rep.up_to_period(obs[obs["indicator_id"] == indicator_id])["period"].unique()
    return max(periods, key=parse_period) if len(periods) else None


# -- equality -----------------------------------------------------------------------
def equality_breakdown(rep: ReportPage, indicator_id: str = "ehcp_20_weeks") -> HTML:
    """Rates by age, sex and ethnicity with Wilson intervals, compared with
    everyone else, after small-number suppression."""
    period = _latest_period(rep, indicator_id)
    if period is None:
        return HTML(_say("There is no breakdown for this council."))
    table = equality.equality_summary(rep.data, rep.council, indicator_id, period,
                                      threshold=rep.suppression_threshold)
    groups = table[table["dimension"] != "all"].assign(
        label=lambda t: t["dimension"].str.capitalize() + ": " + t["category"])
    overall = table.loc[table["dimension"] == "all", "rate"]
    chart = interval_chart(groups, estimate="rate", lower="rate_lower", upper="rate_upper",
                           label="label", title=f"{rep.title_of(indicator_id)} by group, {period}",
                           reference=None if overall.empty else float(overall.iloc[0]),
                           reference_label="All", suppression_threshold=rep.suppression_threshold)
    shown = pd.DataFrame({
        "Group": groups["label"],
        "Plans": groups["denominator"].map(lambda v: "suppressed" if pd.isna(v) else f"{v:,.0f}"),
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
    return HTML("\n".join([_say(rule), chart_html(chart),
                           blocks.table_html(shown, f"{rep.title_of(indicator_id)}, {period}")]))


def _interval(low: float, high: float) -> str:
    if pd.isna(low):
        return "not shown"
    return f"{format_value(low, 'percent', 1)} to {format_value(high, 'percent', 1)}"


def fsm_gap(rep: ReportPage) -> HTML:
    """Persistent absence: pupils on free school meals against all pupils."""
    gap = equality.fsm_gap(rep.data.observations, rep.council, rep.period)
    if gap.empty:
        return HTML(_say("There are no free school meals figures for this council."))
    last = gap.iloc[-1]
    text = (f"In {last['period']}, {last['fsm_rate']:.1f}% of pupils on free school meals were "
            f"persistently absent, against {last['all_pupils_rate']:.1f}% of all pupils: a gap "
            f"of {last['gap_points']:.1f} percentage points. Across England the gap was "
            f"{last['england_gap_points']:.1f} points.")
    shown = gap.rename(columns={"period": "School year", "fsm_rate": "Free school meals (%)",
                                "all_pupils_rate": "All pupils (%)", "gap_points": "Gap (points)",
                                "england_gap_points": "England gap (points)"})
    shown = shown[["School year", "Free school meals (%)", "All pupils (%)", "Gap (points)",
                   "England gap (points)"]].round(1)
    return HTML(_say(text) + blocks.table_html(shown, "Persistent absence gap"))


# -- finance ------------------------------------------------------------------------
def budget(rep: ReportPage) -> HTML:
    """Forecast outturn against budget by service, and savings delivered."""
    monitoring = rep.data.budget_monitoring
    if monitoring is None:
        return HTML(_say("There is no budget monitoring for this council."))
    mine = monitoring[(monitoring["area_code"] == rep.council)
                      & (monitoring["period"] == rep.period)]
    if mine.empty:
        return HTML(_say(f"There is no budget monitoring for {rep.council_name} "
                         f"for {rep.period}."))
    table = finance.budget_variance(monitoring, rep.council, rep.period)
    services, total = table.iloc[:-1], table.iloc[-1]
    word = "overspend" if total["variance_gbp"] > 0 else "underspend"
    text = (f"At {rep.period} the council forecasts spending "
            f"{_money(total['forecast_outturn_gbp'])}"
            f" against a budget of {_money(total['budget_gbp'])}: a {word} of "
            f"{_money(abs(total['variance_gbp']))} ({abs(total['variance_percent']):.1f}%). "
            f"{total['savings_delivered_percent']:.0f}% of planned savings have been delivered.")
    shown = pd.DataFrame({
        "Service": table["service"], "Budget": table["budget_gbp"].map(_money),
        "Forecast": table["forecast_outturn_gbp"].map(_money),
        "Variance": table["variance_gbp"].map(_money), "Status": table["status"],
        "Savings delivered": table["savings_delivered_percent"].map(lambda v: f"{v:.0f}%")})
    return HTML("\n".join([_say(text), chart_html(budget_chart(services)),
                           blocks.table_html(shown, f"Budget monitoring, {rep.period}")]))


def _comparison_table(table: pd.DataFrame, caption: str) -> str:
    shown = pd.DataFrame({
        "Measure": table["short_title"], "Period": table["period"],
        "Council": [format_value(v, u, 0) for v, u in zip(table["value"], table["unit"],
                                                          strict=True)],
        "Peer median": [format_value(v, u, 0) for v, u in
                        zip(table["peer_group_median"], table["unit"], strict=True)],
        "Position": table["position"]})
    return blocks.table_html(shown, caption)


def unit_costs(rep: ReportPage) -> HTML:
    """Weekly unit costs against peers (described, not judged)."""
    table = finance.unit_costs_against_peers(rep.up_to_period(rep.data.observations),
                                             rep.data.indicators, rep.council, _peers(rep))
    return HTML(_say("Unit costs are described, not judged: a higher cost can buy a better "
                     "service.") + _comparison_table(table, "Weekly unit costs against peers"))


def council_tax(rep: ReportPage) -> HTML:
    """Band D council tax and reserves against peers of the same tier."""
    table = finance.council_tax_context(rep.up_to_period(rep.data.observations), rep.council,
                                        _peers(rep), rep.data.indicators, areas=rep.data.areas)
    note = table.attrs.get("left_out_note")
    return HTML((_say(note) if note else "")
                + _comparison_table(table, "Council tax and reserves against peers"))


def value_for_money(rep: ReportPage, cost: str = VALUE_FOR_MONEY[0],
                    outcome: str = VALUE_FOR_MONEY[1]) -> HTML:
    """Cost against outcome among peers, as a quadrant chart."""
    period = _latest_period(rep, cost)
    if period is None:
        return HTML(_say("There are no cost figures for this council."))
    frame = vfm.value_for_money(rep.data.observations, cost, outcome, rep.council,
                                _peers(rep), period, indicators=rep.data.indicators)
    names = rep.data.areas.set_index("area_code")["area_name"]
    frame = frame.assign(area_name=frame["area_code"].map(names))
    chart = quadrant_chart(frame, "cost", "outcome", focal_code=rep.council,
                           x_label=rep.title_of(cost), y_label=rep.title_of(outcome),
                           title=f"Value for money: cost and outcome, {period}")
    mine = frame[frame["is_focus"]]
    where = mine["quadrant"].iloc[0] if not mine.empty else "not placed"
    return HTML(_say(f"{rep.council_name}: {where}.") + chart_html(chart))


# -- trends -------------------------------------------------------------------------
def trends(rep: ReportPage) -> HTML:
    """Every measure in one table with a sparkline, then a full chart only for
    the few with something to see (see :mod:`perfkit.report.trend_table`)."""
    return HTML(trend_table.trends_html(rep))


# -- overview -------------------------------------------------------------------------
def _list(rows: pd.DataFrame, empty: str, *, with_reason: bool = False) -> HTML:
    """Each measure in one sentence, its headline; ``with_reason``: the reason
    for its verdict after it (why it is in the list)."""
    if rows.empty:
        return HTML(_say(empty))
    items = "".join(
        f"<li>{html.escape(headline(r))}"
        + (f" <strong>{html.escape(str(r['verdict_reason']))}</strong>" if with_reason else "")
        + "</li>" for _, r in rows.iterrows())
    return HTML(f'<div class="perfkit"><ul class="measure-list">{items}</ul></div>')


def going_well(rep: ReportPage) -> HTML:
    """Measures getting better, and those on target and in the best quarter of
    similar councils; context measures (neither better nor worse) never."""
    return _list(going_well_rows(rep.totals),
                 "No measure shows a real improvement this period.")


def needs_attention(rep: ReportPage) -> HTML:
    return _list(needs_attention_rows(rep.totals), "No measure needs attention.",
                 with_reason=True)


def verdict_counts(rep: ReportPage) -> HTML:
    """How many measures are doing how."""
    return HTML(f'<div class="perfkit">{front_page.verdict_counts(rep.totals)}</div>')


def keep_an_eye_on(rep: ReportPage) -> HTML:
    return _list(rep.totals[rep.totals["verdict"] == "watch"],
                 "No other measure needs watching.", with_reason=True)


def warning_signs(rep: ReportPage) -> HTML:
    """Warning signs of the current, judged measures (context and out-of-date
    measures are left out: the first are not judged, the second are listed
    at the end)."""
    totals = rep.totals
    rows = totals[(totals["flags"] != "") & ~totals["verdict"].isin(["context", "stale"])]
    if rows.empty:
        return HTML(_say("No warning signs."))
    shown = pd.DataFrame({"Measure": rows["short_title"], "Warning sign": rows["flag_reasons"]})
    return HTML(blocks.table_html(shown, "Contradictions and warning signs"))


def citizens_view(rep: ReportPage) -> HTML:
    """Complaints, compliments and resident satisfaction (the citizen's view)."""
    parts = []
    mine = _own_up_to_period(rep, rep.data.complaints)
    if mine is not None and not mine.empty:
        quarters = mine.groupby("period")[["received", "upheld", "answered_in_time",
                                           "compliments"]].sum()
        quarters = quarters.loc[sorted(quarters.index, key=parse_period)].tail(4)
        shown = pd.DataFrame({
            "Quarter": quarters.index, "Complaints": quarters["received"].astype(int),
            "Upheld": (100 * quarters["upheld"] / quarters["received"]).map("{:.0f}%".format),
            "Answered in time": (100 * quarters["answered_in_time"] / quarters["received"])
            .map("{:.0f}%".format),
            "Compliments": quarters["compliments"].astype(int)})
        parts.append(blocks.table_html(shown, "Complaints and compliments, last four quarters"))
    mine = _own_up_to_period(rep, rep.data.satisfaction)
    if mine is not None and not mine.empty:
        latest = max(mine["period"].unique(), key=parse_period)
        wave = mine[mine["period"] == latest]
        shown = pd.DataFrame({"Question": wave["question"],
                              "Satisfied": (100 * wave["satisfied"] / wave["respondents"])
                              .map("{:.0f}%".format),
                              "People asked": wave["respondents"].astype(int)})
        parts.append(blocks.table_html(shown, f"Resident survey, {latest}"))
    if not parts:
        return HTML(_say("There are no complaints or survey figures for this council."))
    return HTML("\n".join(parts))
