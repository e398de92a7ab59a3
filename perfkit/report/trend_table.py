"""The Trends report as small multiples: one compact table of every measure
over time, then a full chart only for the measures with something to see.

The table has a row per measure of the assessment table (see
:mod:`perfkit.analysis.verdict`): its title, a sparkline of its values up to
the report's period, the latest figure, the change from a year earlier in
words, and the verdict. Rows go by verdict, most severe first; measures that
are out of date come last. Full SPC charts are the expensive part of a pack,
so one is drawn only where :func:`worth_charting` says so: a real change for
better or worse, a missed target, or a threshold set in law.
"""

from __future__ import annotations

import warnings

import pandas as pd

from perfkit.analysis import spc
from perfkit.charts.html import chart_html
from perfkit.charts.sparkline import sparkline_svg
from perfkit.charts.spc import trend_pair
from perfkit.charts.style import in_sentence, label_period
from perfkit.formatting import format_value
from perfkit.markup import absent, escape, table, wrap
from perfkit.periods import parse_period
from perfkit.polarity import IMPROVEMENT_OF_POLARITY
from perfkit.report.blocks import status_badge
from perfkit.report.lists import chart_reasons
from perfkit.report.page import ReportPage

__all__ = ["CAPTION", "VERDICT_ORDER", "measure_chart", "order_rows",
           "trend_charts", "trend_table", "trends_html", "worth_charting"]

CAPTION = "Every measure over time"
#: Verdicts in the order the table lists them, most severe first. Out-of-date
#: measures come last: their figures say nothing about the council now.
VERDICT_ORDER = ("concern", "watch", "improving", "steady", "few", "context", "stale")
#: The quarters shown in the short-term half of a quarterly measure's pair of charts.
QUARTERS_SHOWN = 8
#: The verdict comes straight after the measure: the answer first, and on a
#: narrow screen the part that shows before the table scrolls sideways.
_HEADERS = ["Measure", "Verdict", "Trend", "Latest figure", "Change from a year earlier"]
#: direction_last_year -> the change in words.
_CHANGE_WORDS = {"improving": "Better", "worsening": "Worse", "increased": "Higher",
                 "decreased": "Lower", "no_significant_change": "About the same"}


# -- figures ------------------------------------------------------------------------
def _places(row: pd.Series) -> int:
    return 1 if absent(row.get("decimal_places")) else int(row["decimal_places"])


def _figure(value: object, row: pd.Series) -> str:
    return format_value(value, str(row["unit"]), _places(row))


# -- which measures -----------------------------------------------------------------
def order_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in table order: by verdict (:data:`VERDICT_ORDER`, unknown
    verdicts just before "stale"), then by short title."""
    rank = {verdict: place for place, verdict in enumerate(VERDICT_ORDER)}
    unknown = rank["stale"] - 0.5
    key = rows["verdict"].map(lambda v: rank.get(v, unknown))
    return rows.assign(_rank=key, _title=rows["short_title"].astype(str).str.lower()) \
        .sort_values(["_rank", "_title"], kind="stable") \
        .drop(columns=["_rank", "_title"]).reset_index(drop=True)


def worth_charting(rows: pd.DataFrame) -> pd.Series:
    """True for each row whose full chart is drawn (see :func:`chart_reasons`)."""
    return pd.Series([bool(chart_reasons(row)) for _, row in rows.iterrows()],
                     index=rows.index, dtype=bool)


# -- the table ----------------------------------------------------------------------
def _sparkline(values: pd.DataFrame, row: pd.Series) -> str:
    found = values[values["value"].notna()]
    said = [f"{_figure(v, row)} in {label_period(p)}"
            for v, p in zip(found["value"], found["period"], strict=True)]
    label = "" if not said else said[-1] if len(said) == 1 else f"from {said[0]} to {said[-1]}"
    return sparkline_svg(list(values["value"]), polarity=str(row["polarity"]),
                         latest_label=label, title=in_sentence(str(row["short_title"])))


def _latest(row: pd.Series) -> str:
    period = label_period(row["period"])
    if absent(row["value"]):
        return f"No figure for {period}"
    return f"{_figure(row['value'], row)} ({period})"


def _change(row: pd.Series) -> str:
    """The change from a year earlier in words, with the earlier figure."""
    direction = row.get("direction_last_year")
    earlier = row.get("last_year_value")
    if direction not in _CHANGE_WORDS or absent(earlier) or absent(row["value"]):
        return "No figure a year earlier to compare"
    when = label_period(row["last_year_period"])
    if direction == "no_significant_change":
        return f"About the same ({_figure(earlier, row)} in {when})"
    way = "up" if float(row["value"]) > float(earlier) else "down"
    return f"{_CHANGE_WORDS[direction]}: {way} from {_figure(earlier, row)} in {when}"


def trend_table(rep: ReportPage, rows: pd.DataFrame) -> str:
    """The compact table of ``rows`` (in the order given): text escaped, the
    sparkline and the badge as HTML."""
    cells = [[escape(row["short_title"]), status_badge(row["verdict"]),
              _sparkline(rep.series(row["indicator_id"]), row),
              escape(_latest(row)), escape(_change(row))]
             for _, row in rows.iterrows()]
    return wrap(table(escape(CAPTION), _HEADERS, cells, [False] * len(_HEADERS),
                      row_headers=True))


# -- the charts ---------------------------------------------------------------------
def _quarter_and_year(rep: ReportPage, row: pd.Series):
    """A quarterly measure's recent quarters beside its yearly averages."""
    values = rep.series(row["indicator_id"])
    years = values.assign(period=[parse_period(p).financial_year.label for p in values["period"]])
    yearly = years.groupby("period", sort=False)["value"].mean()
    improvement = IMPROVEMENT_OF_POLARITY.get(row["polarity"], "neutral")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spc.SPCWarning)
        short = spc.xmr(values.set_index("period")["value"].tail(QUARTERS_SHOWN),
                        improvement=improvement)
        long = spc.xmr(yearly, improvement=improvement)
    return trend_pair(short, long, title=str(row["short_title"]), unit=row["unit"],
                      decimal_places=_places(row), polarity=row["polarity"],
                      long_label="Year by year (average of the quarters)",
                      area=rep.council_name)


def measure_chart(rep: ReportPage, row: pd.Series):
    """A measure's full chart: its SPC chart, or for a quarterly measure the
    quarters beside the years."""
    if parse_period(row["period"]).kind == "financial_quarter":
        return _quarter_and_year(rep, row)
    return rep.spc_chart(row)


def _why(row: pd.Series) -> str:
    """Why this measure is charted, naming it (so no two are alike)."""
    reasons = chart_reasons(row)
    listed = reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
    return f"{row['short_title']} is charted because {listed}."


def trend_charts(rep: ReportPage, rows: pd.DataFrame) -> str:
    """A sentence on why few charts are drawn, then the full chart of each row
    worth charting, each under a heading with the measure's title."""
    chosen = rows[worth_charting(rows)]
    if chosen.empty:
        why = ("No measure shows a real change, a missed target or a level set in law, "
               "so no full charts are drawn.")
    else:
        why = ("Full charts are drawn below only where there is something to see: a "
               "judgement other than steady, a missed target or a level set in law.")
    intro = wrap(f'<p class="narrative">{escape(why)} Analysts can draw any measure\'s chart '
                 "in JupyterLab with <code>report.spc_chart(row)</code> or the explorer.</p>")
    parts = [intro]
    for _, row in chosen.iterrows():
        parts += [f"<h3>{escape(row['title'])}</h3>",
                  wrap(f'<p class="narrative">{escape(_why(row))}</p>'),
                  chart_html(measure_chart(rep, row))]
    return "\n".join(parts)


def trends_html(rep: ReportPage) -> str:
    """The Trends section: the table of every measure, then the few full charts."""
    rows = order_rows(rep.totals)
    if rows.empty:
        return wrap('<p class="narrative">There are no figures for this report.</p>')
    if rep.audience == "cabinet":  # the table alone: analysts and scrutiny get the charts
        return trend_table(rep, rows)
    return "\n".join([trend_table(rep, rows), trend_charts(rep, rows)])
