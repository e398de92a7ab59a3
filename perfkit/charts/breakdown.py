"""Charts of a measure broken down by group: estimates with their intervals
for equality breakdowns, and forecast over- and underspends by service.

Suppressed groups (too few people to publish) are named in words on the chart
and in the table, never plotted, saying why each is hidden: a small number
("fewer than 5"), or so that a smaller group cannot be worked out from a
total. Overspends and underspends differ by side of the zero line and by
their labels, as well as by colour.
"""

from __future__ import annotations

import textwrap
from functools import partial

import numpy as np
import pandas as pd

from perfkit.analysis.suppression import (
    RULE_ACROSS,
    RULE_COMPLEMENT,
    RULE_DENOMINATOR,
    RULE_PRIMARY,
    RULE_SECONDARY,
    SUPPRESSION_THRESHOLD,
    main_rule,
)
from perfkit.charts import style as cs
from perfkit.charts.cache import kept
from perfkit.formatting import format_value

__all__ = ["HIDDEN_NOTES", "SUPPRESSION_THRESHOLD", "budget_chart", "hidden_notes",
           "interval_chart"]

_UNKNOWN = "unknown"
_NOT_SUPPRESSED = "not suppressed"
#: What the chart, its text alternative and its table say in place of a group
#: they do not show: by the suppression rule that hid it (perfkit.analysis.suppression),
#: for a suppressed group with no reason given, and for a group with no
#: estimate that was not suppressed.
HIDDEN_NOTES = {
    RULE_PRIMARY: "suppressed (fewer than {threshold})",
    RULE_COMPLEMENT: "hidden so that a number below {threshold} cannot be worked out",
    RULE_SECONDARY: "hidden so that a smaller group cannot be worked out",
    RULE_ACROSS: "hidden so that a group hidden in another breakdown cannot be worked out",
    RULE_DENOMINATOR: "suppressed",
    _UNKNOWN: "suppressed",
    _NOT_SUPPRESSED: "no figure",
}
#: Characters per line of a note on the chart, so that it fits beside the
#: group's name (the alt text and the table have it on one line).
_NOTE_WIDTH = 32
#: Space above the first row and below the last, in rows: every row shows,
#: written or plotted (the axis is not scaled to the plotted rows alone).
_ROW_MARGIN = 0.7


# -- intervals -----------------------------------------------------------------
def _flagged(frame: pd.DataFrame, suppressed: str) -> pd.Series:
    if suppressed not in frame:
        return pd.Series(False, index=frame.index)
    return frame[suppressed].fillna(False).astype(bool)


def _rule(rule: object, flagged: bool) -> str:
    if isinstance(rule, str):
        return rule
    return _UNKNOWN if flagged else _NOT_SUPPRESSED


def hidden_notes(frame: pd.DataFrame, estimate: str = "rate", suppressed: str = "suppressed",
                 reason: str = "suppression_reason",
                 threshold: int = SUPPRESSION_THRESHOLD) -> np.ndarray:
    """What is written in place of each hidden group (:data:`HIDDEN_NOTES`);
    "" for groups shown. Without a ``reason`` column every hidden group is
    "fewer than" the threshold."""
    flagged = _flagged(frame, suppressed)
    hidden = (frame[estimate].isna() | flagged).to_numpy()
    if reason in frame:
        rules = [_rule(r, f) for r, f in zip(main_rule(frame[reason], threshold), flagged,
                                             strict=True)]
    else:
        rules = [RULE_PRIMARY] * len(frame)
    words = {rule: note.format(threshold=threshold) for rule, note in HIDDEN_NOTES.items()}
    return np.array([words[rule] if h else "" for rule, h in zip(rules, hidden, strict=True)],
                    dtype=object)


def _draw_intervals(ax, frame, y, columns, text, notes) -> None:
    estimate, lower, upper, label = columns
    hidden = notes != ""
    shown = ~hidden
    dot = cs.colour(cs.palette()["intervals"]["estimate"])
    est = frame[estimate].to_numpy(dtype=float)
    low = frame[lower].to_numpy(dtype=float)
    high = frame[upper].to_numpy(dtype=float)
    ax.hlines(y[shown], low[shown], high[shown], color=dot, lw=2)
    for edge in (low, high):
        ax.plot(edge[shown], y[shown], ls="none", marker="|", ms=10, color=dot)
    ax.plot(est[shown], y[shown], ls="none", marker="o", ms=8, color=dot, gid="estimate")
    for yy, e, h in zip(y[shown], est[shown], high[shown], strict=True):
        ax.annotate(text(e), (np.nanmax([e, h]), yy), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize="small")
    muted = cs.colour(cs.palette()["text"]["muted"])
    for yy, note in zip(y[hidden], notes[hidden], strict=True):
        ax.text(0.01, yy, textwrap.fill(note, _NOTE_WIDTH), transform=ax.get_yaxis_transform(),
                va="center", fontsize="small", fontstyle="italic", color=muted, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # over the line
    ax.set_yticks(y, frame[label].astype(str))


def _interval_alt(frame, columns, text, *, title, reference, reference_label, notes,
                  interval_name) -> str:
    estimate, lower, upper, label = columns
    hidden = notes != ""
    shown = frame[~hidden]
    parts = [f"Dot-and-whisker chart of {cs.in_sentence(title)}: {len(shown)} groups, "
             f"each with its {interval_name}."]
    if len(shown):
        high, low = shown.loc[shown[estimate].idxmax()], shown.loc[shown[estimate].idxmin()]
        parts.append(f"The highest is {high[label]} ({text(high[estimate])}) and the lowest "
                     f"is {low[label]} ({text(low[estimate])}).")
    if reference is not None:
        parts.append(f"The dashed line marks {reference_label} ({text(reference)}).")
        clear = shown[(shown[lower] > reference) | (shown[upper] < reference)]
        if len(clear):
            parts.append("The interval leaves out the reference, so the difference is "
                         "unlikely to be chance, for: " + ", ".join(
                             f"{r[label]} ({text(r[estimate])})" for _, r in clear.iterrows())
                         + ".")
        elif len(shown):
            parts.append("Every interval includes the reference, so no difference is "
                         "clearly more than chance.")
    for note in dict.fromkeys(notes[hidden]):
        parts.append(f"Not shown, {note}: "
                     + ", ".join(map(str, frame.loc[notes == note, label])) + ".")
    return " ".join(parts)


@kept
def interval_chart(
    frame: pd.DataFrame,
    *,
    estimate: str = "estimate",
    lower: str = "lower",
    upper: str = "upper",
    label: str = "category",
    suppressed: str = "suppressed",
    reason: str = "suppression_reason",
    title: str,
    unit: str = "percent",
    decimal_places: int = 1,
    reference: float | None = None,
    reference_label: str | None = None,
    interval_name: str = "95% confidence interval",
    suppression_threshold: int = SUPPRESSION_THRESHOLD,
) -> cs.Chart:
    """Estimates (dots) with their intervals (whiskers), one row per group in
    the order given: e.g. proportions with Wilson intervals, or disparity
    ratios (``unit="ratio"``, ``reference=1``). Rows with no estimate, or True
    in a ``suppressed`` column, are not plotted but written in words, by the
    rule in the ``reason`` column (``suppression_reason`` of
    :func:`perfkit.analysis.suppression.suppress_small_numbers`): "suppressed (fewer
    than 5)", or "hidden so that a smaller group cannot be worked out" for
    secondary suppression (see ``HIDDEN_NOTES``); "no figure" where there is no
    estimate and nothing was suppressed. Without a ``reason`` column, every
    such row is "suppressed (fewer than 5)"."""
    reference_label = reference_label or ("no difference" if unit == "ratio" else "the reference")
    text = partial(cs.value_text, unit=unit, places=int(decimal_places))
    columns = (estimate, lower, upper, label)
    frame = frame.reset_index(drop=True)
    notes = hidden_notes(frame, estimate, suppressed, reason, suppression_threshold)
    size = cs.palette()["figure"]
    with cs.style():
        figure = cs.new_figure(height=max(3.0, size["row_height"] * len(frame) + 1.6))
        ax = figure.add_subplot()
        y = np.arange(len(frame))[::-1]
        _draw_intervals(ax, frame, y, columns, text, notes)
        if reference is not None:
            ax.axvline(reference, color=cs.colour(cs.palette()["lines"]["reference"]),
                       lw=1.5, ls=(0, (5, 3)))
            ax.annotate(f"{reference_label.capitalize()} {text(reference)}", (reference, 1),
                        xycoords=("data", "axes fraction"), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize="small")
        cs.set_value_axis(ax.xaxis, unit, int(decimal_places))
        ax.grid(False)
        ax.margins(x=0.15)
        ax.set_ylim(-_ROW_MARGIN, len(frame) - 1 + _ROW_MARGIN)
    alt = _interval_alt(frame, columns, text, title=title, reference=reference,
                        reference_label=reference_label, notes=notes,
                        interval_name=interval_name)
    hidden = notes != ""
    table = pd.DataFrame({
        "Group": frame[label].astype(str),
        "Estimate": [note or text(v) for note, v in zip(notes, frame[estimate], strict=True)],
        "Lower limit": ["" if h else text(v) for h, v in zip(hidden, frame[lower], strict=True)],
        "Upper limit": ["" if h else text(v) for h, v in zip(hidden, frame[upper], strict=True)],
    })
    return cs.Chart(figure, title, alt, table)


# -- budget --------------------------------------------------------------------
#: How far the axis reaches either side of zero, as a multiple of the largest
#: bar, so that the labels beside the bars fit.
_LABEL_ROOM = 1.8


def _variance_words(pounds: float) -> str:
    if pounds == 0:
        return "on budget"
    return f"{format_value(abs(pounds), 'gbp', 0)} {'over' if pounds > 0 else 'under'}"


def _services(count: int) -> str:
    return "1 service is" if count == 1 else f"{count} services are"


def _budget_alt(rows: pd.DataFrame, title: str, has_budget: bool) -> str:
    total = rows["_variance"].sum()
    over, under = rows[rows["_variance"] > 0], rows[rows["_variance"] < 0]
    parts = [f"Bar chart of {cs.in_sentence(title)}: bars to the right of zero are forecast "
             "overspends, bars to the left underspends.",
             f"Overall the forecast is {_variance_words(total)}"
             + (f" on a budget of {format_value(rows['_budget'].sum(), 'gbp', 0)}."
                if has_budget else ".")]
    if len(over):
        top = over.iloc[0]
        parts.append(f"{_services(len(over))} forecast to overspend; the largest is "
                     f"{top['_service']} ({_variance_words(top['_variance'])}).")
    if len(under):
        bottom = under.iloc[-1]
        parts.append(f"{_services(len(under))} forecast to underspend; the largest is "
                     f"{bottom['_service']} ({_variance_words(bottom['_variance'])}).")
    return " ".join(parts)


@kept
def budget_chart(
    frame: pd.DataFrame,
    *,
    title: str = "Forecast overspend and underspend by service",
    service: str = "service",
    budget: str = "budget_gbp",
    forecast: str = "forecast_outturn_gbp",
    variance: str | None = None,
) -> cs.Chart:
    """Forecast variance by service as bars diverging from zero, largest
    overspend at the top, each labelled in pounds and "over" or "under".
    ``variance`` names a column of forecast minus budget in pounds; without it,
    the variance is ``forecast`` minus ``budget``."""
    has_budget = budget in frame
    rows = pd.DataFrame({
        "_service": frame[service].astype(str),
        "_budget": frame[budget] if has_budget else np.nan,
        "_forecast": frame[forecast] if forecast in frame else np.nan,
        "_variance": frame[variance] if variance else frame[forecast] - frame[budget],
    }).sort_values(["_variance", "_service"], ascending=[False, True], kind="stable")
    colours = cs.palette()["budget"]
    with cs.style():
        figure = cs.new_figure(height=max(3.0, cs.palette()["figure"]["row_height"]
                                          * len(rows) + 1.6))
        ax = figure.add_subplot()
        y = np.arange(len(rows))[::-1]
        values = rows["_variance"].to_numpy(dtype=float)
        ax.barh(y, values, height=0.7, color=np.where(
            values > 0, cs.colour(colours["overspend"]), cs.colour(colours["underspend"])))
        for yy, v in zip(y, values, strict=True):
            ax.annotate(_variance_words(v), (v, yy), xytext=(5 if v >= 0 else -5, 0),
                        textcoords="offset points", va="center", fontsize="small",
                        ha="left" if v >= 0 else "right", annotation_clip=False)
        ax.axvline(0, color=cs.colour(cs.palette()["lines"]["zero"]), lw=1)
        ax.set_yticks(y, rows["_service"])
        for x, words, side in ((0, "◀ Underspend", "left"), (1, "Overspend ▶", "right")):
            ax.text(x, 1.01, words, transform=ax.transAxes, ha=side, fontsize="small")
        ax.grid(False)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        reach = float(np.nanmax(np.abs(values), initial=0)) or 1.0
        ax.set_xlim(-reach * _LABEL_ROOM, reach * _LABEL_ROOM)
    table = pd.DataFrame({
        "Service": rows["_service"].to_numpy(),
        "Budget": [format_value(v, "gbp", 0) for v in rows["_budget"]],
        "Forecast outturn": [format_value(v, "gbp", 0) for v in rows["_forecast"]],
        "Forecast variance": [_variance_words(v) for v in rows["_variance"]],
    })
    return cs.Chart(figure, title, _budget_alt(rows, title, has_budget), table)
