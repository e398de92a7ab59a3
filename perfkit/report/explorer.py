"""An interactive explorer for analysts in JupyterLab: pick an indicator, a
peer group (or the one each measure is compared with) and a period; see the
SPC chart, the peer position and the narrative.

It does nothing in a headless run: the runner sets ``PERFKIT_HEADLESS=1``
(and papermill runs have no one to click), so :func:`explore` returns None
there and the exported report is unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from IPython.display import HTML, display

from perfkit.charts.html import chart_html
from perfkit.report import blocks
from perfkit.report.narrative import narrate
from perfkit.report.page import ReportPage
from perfkit.settings import headless

__all__ = ["explore"]

_OWN_GROUP = "The group each measure is compared with"


def _choices(rep: ReportPage) -> tuple[list, list, list]:
    totals = rep.totals
    indicators = [(f"{t} ({i})", i) for t, i in zip(totals["short_title"], totals["indicator_id"],
                                                      strict=True)]
    groups = rep.data.peer_groups
    peer_ids = [] if groups is None else sorted(
        groups.loc[groups["area_code"] == rep.council, "group_id"].unique())
    periods = sorted(set(totals["period"]) | {rep.period}, reverse=True)
    return indicators, [(_OWN_GROUP, ""), *((g, g) for g in peer_ids)], periods


def _show(rep: ReportPage, indicator_id: str, peer_group: str, period: str) -> None:
    """``peer_group`` "": the group each measure is compared with in the report."""
    chosen = replace(rep, peer_group=peer_group or rep.peer_group, period=period,
                     indicators=(indicator_id,), theme="",
                     indicator_peer_groups=rep.indicator_peer_groups and not peer_group)
    rows = chosen.totals
    if rows.empty:
        display(HTML(blocks.sentences_html(["No figures for this choice."])))
        return
    row = rows.iloc[0]
    parts = [blocks.sentences_html(narrate(row)),
             chart_html(chosen.spc_chart(row))]
    peers = chosen.peer_chart(row)
    if peers is not None:
        parts.append(chart_html(peers))
    display(HTML("\n".join(parts)))


def explore(rep: ReportPage):
    """Show the explorer widgets (in JupyterLab); return None in a headless run."""
    if headless():
        return None
    try:
        import ipywidgets as widgets
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return None
    indicators, peer_ids, periods = _choices(rep)
    if not indicators:
        return None
    pick_indicator = widgets.Dropdown(options=indicators, description="Indicator")
    pick_peers = widgets.Dropdown(options=peer_ids, value="", description="Peer group")
    pick_period = widgets.Dropdown(options=periods, value=rep.period, description="Period")
    output = widgets.Output()

    def refresh(_change=None) -> None:
        output.clear_output(wait=True)
        with output:
            _show(rep, pick_indicator.value, pick_peers.value, pick_period.value)

    for control in (pick_indicator, pick_peers, pick_period):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([pick_indicator, pick_peers, pick_period]), output])
