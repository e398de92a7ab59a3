"""The finance sections: the budget, unit costs, value for money, council tax
and reserves. Each takes a :class:`~perfkit.report.page.ReportPage` and returns
HTML for a notebook cell, heading included, or nothing at all where the data
hold no such figures for the council: a section is left out, never shown
empty. Costs are compared with the peer group each indicator is compared
with (its publisher's, else the run's), and the tables name it. The numbers
come from :mod:`perfkit.analysis.finance` and
:mod:`perfkit.analysis.value_for_money`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from IPython.display import HTML

from perfkit.analysis import finance
from perfkit.analysis import value_for_money as vfm
from perfkit.charts.breakdown import budget_chart
from perfkit.charts.compare import quadrant_chart
from perfkit.charts.html import chart_html
from perfkit.formatting import format_value
from perfkit.report import blocks
from perfkit.report.page import ReportPage

__all__ = ["VALUE_FOR_MONEY", "budget", "council_tax", "finance_parts", "unit_costs",
           "value_for_money"]

#: The cost and outcome compared in the value-for-money chart.
VALUE_FOR_MONEY = ("cla_weekly_unit_cost", "cla_long_term_stability")


def _say(*sentences: str) -> str:
    return blocks.sentences_html(list(sentences))


def _money(value: float) -> str:
    return format_value(value, "gbp", 0)


def _own_rows(rep: ReportPage, table: pd.DataFrame | None) -> pd.DataFrame:
    """The council's rows of an optional table (none: an empty table)."""
    if table is None:
        return pd.DataFrame(columns=["area_code", "period"])
    return table[table["area_code"] == rep.council]


def _has_values(rep: ReportPage, indicator_ids: tuple[str, ...]) -> bool:
    """True where the council has a value of any of these up to the report's period."""
    obs = rep.own_observations
    rows = obs[obs["indicator_id"].isin(indicator_ids) & obs["value"].notna()]
    return not rep.up_to_period(rows).empty


# -- the budget ---------------------------------------------------------------------
def budget(rep: ReportPage) -> HTML:
    """Forecast outturn against budget by service, and savings delivered
    (nothing where the council has no budget monitoring)."""
    monitoring = rep.data.budget_monitoring
    if _own_rows(rep, monitoring).empty:
        return HTML("")
    heading = blocks.section_heading("Budget monitoring")
    mine = _own_rows(rep, monitoring)
    if not mine["period"].eq(rep.period).any():
        return HTML(heading + _say(f"There is no budget monitoring for {rep.council_name} "
                                   f"for {rep.period}."))
    table = finance.budget_variance(monitoring, rep.council, rep.period)
    services, total = table.iloc[:-1], table.iloc[-1]
    word = "overspend" if total["variance_gbp"] > 0 else "underspend"
    text = (f"At {rep.period} the council forecasts spending "
            f"{_money(total['forecast_outturn_gbp'])}"
            f" against a budget of {_money(total['budget_gbp'])}: an {word} of "
            f"{_money(abs(total['variance_gbp']))} ({abs(total['variance_percent']):.1f}%). "
            f"{total['savings_delivered_percent']:.0f}% of planned savings have been delivered.")
    shown = pd.DataFrame({
        "Service": table["service"], "Budget": table["budget_gbp"].map(_money),
        "Forecast": table["forecast_outturn_gbp"].map(_money),
        "Variance": table["variance_gbp"].map(_money), "Status": table["status"],
        "Savings delivered": table["savings_delivered_percent"].map(lambda v: f"{v:.0f}%")})
    return HTML("\n".join([heading, _say(text), chart_html(budget_chart(services)),
                           blocks.table_html(shown, f"Budget monitoring, {rep.period}")]))


# -- against similar councils -------------------------------------------------------------
def _by_group(rep: ReportPage, indicator_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """group_id -> the indicators compared with it (those with no group are left out)."""
    known = set(rep.data.indicators["indicator_id"])
    groups: dict[str, list[str]] = {}
    for indicator_id in indicator_ids:
        group_id = rep.peer_group_for(indicator_id) if indicator_id in known else None
        if group_id is not None:
            groups.setdefault(group_id, []).append(indicator_id)
    return groups


def _against_groups(rep: ReportPage, indicator_ids: tuple[str, ...],
                    compare: Callable[[list[str], list[str]], pd.DataFrame]
                    ) -> tuple[pd.DataFrame, list[str]]:
    """One table of ``compare(indicator_ids, peers)`` for each group, with the
    group's name; the council's rows with a value; and each table's note."""
    tables, notes = [], []
    for group_id, ids in _by_group(rep, indicator_ids).items():
        table = compare(ids, rep.peers_in(group_id))
        tables.append(table.assign(group=rep.group_name(group_id)))
        notes.append(table.attrs.get("left_out_note"))
    if not tables:
        return pd.DataFrame(columns=["value"]), []
    table = pd.concat(tables, ignore_index=True)
    return table[table["value"].notna()], list(dict.fromkeys(n for n in notes if n))


def _comparison_table(table: pd.DataFrame, caption: str) -> str:
    shown = pd.DataFrame({
        "Measure": table["short_title"], "Period": table["period"],
        "Council": [format_value(v, u, 0) for v, u in zip(table["value"], table["unit"],
                                                          strict=True)],
        "Peer median": [format_value(v, u, 0) for v, u in
                        zip(table["peer_group_median"], table["unit"], strict=True)],
        "Position": table["position"], "Similar councils": table["group"]})
    return blocks.table_html(shown, caption)


def unit_costs(rep: ReportPage) -> HTML:
    """Weekly unit costs against similar councils (described, not judged)."""
    if not _has_values(rep, finance.UNIT_COST_INDICATORS):
        return HTML("")
    observations = rep.up_to_period(rep.data.observations)
    table, _ = _against_groups(rep, finance.UNIT_COST_INDICATORS, lambda ids, peers: (
        finance.unit_costs_against_peers(observations, rep.data.indicators, rep.council, peers,
                                         indicator_ids=ids, national_code=rep.national_code)))
    if table.empty:
        return HTML("")
    return HTML(blocks.section_heading("Unit costs against similar councils")
                + _say("Unit costs are described, not judged: a higher cost can buy a better "
                       "service.") + _comparison_table(table, "Weekly unit costs against peers"))


def council_tax(rep: ReportPage) -> HTML:
    """Band D council tax and reserves against similar councils of the same tier."""
    if not _has_values(rep, finance.COUNCIL_TAX_INDICATORS):
        return HTML("")
    observations = rep.up_to_period(rep.data.observations)
    table, notes = _against_groups(rep, finance.COUNCIL_TAX_INDICATORS, lambda ids, peers: (
        finance.council_tax_context(observations, rep.council, peers, rep.data.indicators,
                                    ids, areas=rep.data.areas,
                                    national_code=rep.national_code)))
    if table.empty:
        return HTML("")
    return HTML(blocks.section_heading("Council tax and reserves")
                + (_say(*notes) if notes else "")
                + _comparison_table(table, "Council tax and reserves against peers"))


def value_for_money(rep: ReportPage, cost: str = VALUE_FOR_MONEY[0],
                    outcome: str = VALUE_FOR_MONEY[1]) -> HTML:
    """Cost against outcome among similar councils, as a quadrant chart
    (nothing without cost figures or a group to compare with)."""
    period = rep.latest_period(cost)
    group_id = rep.peer_group_for(cost)
    if period is None or group_id is None or outcome not in set(
            rep.data.indicators["indicator_id"]):
        return HTML("")
    frame = vfm.value_for_money(rep.data.observations, cost, outcome, rep.council,
                                rep.peers_in(group_id), period, indicators=rep.data.indicators)
    names = rep.data.areas.set_index("area_code")["area_name"]
    frame = frame.assign(area_name=frame["area_code"].map(names))
    chart = quadrant_chart(frame, "cost", "outcome", focal_code=rep.council,
                           x_label=rep.title_of(cost), y_label=rep.title_of(outcome),
                           title=f"Value for money: cost and outcome, {period}")
    mine = frame[frame["is_focus"]]
    where = mine["quadrant"].iloc[0] if not mine.empty else "not placed"
    return HTML(blocks.section_heading("Value for money")
                + _say(f"Cost against outcome among {rep.council_name}'s "
                       f"{rep.group_name(group_id)}. The best place to be is lower cost with "
                       "a better outcome.", f"{rep.council_name}: {where}.")
                + chart_html(chart))


def finance_parts(rep: ReportPage) -> list[str]:
    """What the finance report shows for the council, in words, for its introduction."""
    parts = []
    if not _own_rows(rep, rep.data.budget_monitoring).empty:
        parts.append("the budget forecast by service, and savings")
    if _by_group(rep, finance.UNIT_COST_INDICATORS) and \
            _has_values(rep, finance.UNIT_COST_INDICATORS):
        parts.append("unit costs against similar councils")
    if rep.latest_period(VALUE_FOR_MONEY[0]) is not None and \
            rep.peer_group_for(VALUE_FOR_MONEY[0]) is not None:
        parts.append("value for money")
    if _by_group(rep, finance.COUNCIL_TAX_INDICATORS) and \
            _has_values(rep, finance.COUNCIL_TAX_INDICATORS):
        parts.append("council tax and reserves, for context")
    return parts
