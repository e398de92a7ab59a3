"""SPC charts: one XmR chart, or short-term and long-term charts side by side.

Both draw what :func:`perfkit.analysis.spc.xmr` or :func:`perfkit.analysis.spc_many.xmr_many` has
already calculated (``value``, ``mean``, ``lpl``, ``upl``, ``point_type``,
``segment``, ``trial_limits``, and ``target`` if given). Each point type has
its own colour, marker shape and legend entry, and special causes are also
named in text beside the points, so nothing depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from perfkit.analysis.spc import MIN_POINTS_RELIABLE
from perfkit.charts import style as cs
from perfkit.charts.cache import kept

__all__ = ["spc_chart", "trend_pair"]

#: What the latest point means, for the text alternative.
_SIGNAL_TEXT = {
    "common_cause": "That is usual variation, not a real change",
    "special_cause_improvement": "That is a real improvement (special cause variation)",
    "special_cause_concern": "That is a real change for the worse (special cause variation)",
    "special_cause_neutral_high": "That is a real rise, neither better nor worse",
    "special_cause_neutral_low": "That is a real fall, neither better nor worse",
}
_POLARITY_TEXT = {"higher_is_better": "Higher is better.", "lower_is_better": "Lower is better.",
                  "neutral": "Higher is neither better nor worse."}
_LINE_NAMES = {"mean": "Average", "upl": "Upper limit", "lpl": "Lower limit",
               "target": "Target"}


#: About how much of the figure's width the plotting area takes.
_PLOT_SHARE = 0.75
#: Titles sit just above the plot (the period labels are below it). Saying so,
#: rather than letting matplotlib work it out on every draw, saves measuring
#: every label of the chart again.
_TITLE_Y = 1.0


@dataclass(frozen=True)
class _Measure:
    title: str
    unit: str
    decimal_places: int
    polarity: str
    target: float | None
    period: str
    area: str | None

    def text(self, value: object) -> str:
        return cs.value_text(value, self.unit, self.decimal_places)


def _labels(frame: pd.DataFrame, measure: _Measure) -> list[str]:
    if measure.period in frame:
        return [cs.label_period(p) for p in frame[measure.period]]
    return [str(i + 1) for i in range(len(frame))]


def _targets(frame: pd.DataFrame, measure: _Measure) -> pd.Series:
    if measure.target is not None:
        return pd.Series(float(measure.target), index=frame.index)
    if "target" in frame:
        return pd.to_numeric(frame["target"], errors="coerce")
    return pd.Series(np.nan, index=frame.index)


# -- drawing -------------------------------------------------------------------
def _draw_lines(ax: Axes, frame: pd.DataFrame, targets: pd.Series) -> None:
    lines = cs.palette()["lines"]
    x = np.arange(len(frame))
    segments = frame["segment"] if "segment" in frame else pd.Series(0, index=frame.index)
    for _, rows in frame.groupby(segments.to_numpy(), sort=False):
        where = x[frame.index.get_indexer(rows.index)]
        ax.plot(where, rows["mean"], color=cs.colour(lines["mean"]), lw=1.5,
                label="Average")
        for limit in ("upl", "lpl"):
            ax.plot(where, rows[limit], color=cs.colour(lines["limits"]), lw=1.2,
                    ls=(0, (5, 3)), label="Process limits (usual range)")
    if targets.notna().any():
        ax.plot(x, targets, color=cs.colour(lines["target"]), lw=2, ls=(0, (1, 1.5)),
                drawstyle="steps-mid", label="Target")
    ax.plot(x, frame["value"], color=cs.colour(lines["values"]), lw=1.5, zorder=2)


def _draw_points(ax: Axes, frame: pd.DataFrame) -> None:
    x = np.arange(len(frame))
    kinds = frame["point_type"].astype(str).to_numpy()
    for kind, look in cs.palette()["point_types"].items():
        hit = (kinds == kind) & frame["value"].notna().to_numpy()
        if hit.any():
            ax.plot(x[hit], frame["value"].to_numpy()[hit], ls="none", marker=look["marker"],
                    ms=look["size"], color=cs.colour(look["colour"]), mec="white", mew=0.8,
                    zorder=3, label=look["legend"], gid=kind)
    _name_special_causes(ax, kinds, frame["value"].to_numpy())


def _name_special_causes(ax: Axes, kinds: np.ndarray, values: np.ndarray) -> None:
    """Write the kind of special cause beside the last point of each run of it."""
    looks = cs.palette()["point_types"]
    for i, kind in enumerate(kinds):
        run_ends = i == len(kinds) - 1 or kinds[i + 1] != kind
        if not run_ends or not looks.get(kind, {}).get("note") or np.isnan(values[i]):
            continue
        below = looks[kind]["marker"] == "v" or kind.endswith("_low")
        ax.annotate(looks[kind]["note"], (i, values[i]), xytext=(0, -14 if below else 10),
                    textcoords="offset points", ha="center", va="top" if below else "bottom",
                    fontsize="small", fontweight="bold", annotation_clip=False,
                    color=cs.colour(cs.palette()["text"]["main"]))


def _label_lines(ax: Axes, frame: pd.DataFrame, targets: pd.Series, measure: _Measure) -> None:
    """Name the average, limits and target at the right-hand end (direct labels)."""
    last = frame.iloc[-1]
    ends = {name: last[name] for name in ("upl", "mean", "lpl")}
    ends["target"] = targets.iloc[-1]
    ends = {name: float(v) for name, v in ends.items() if not pd.isna(v)}
    if not ends:
        return
    low, high = ax.get_ylim()
    places = cs.spread(list(ends.values()), gap=(high - low) * 0.07)
    for (name, value), y in zip(ends.items(), places, strict=True):
        ax.annotate(f"{_LINE_NAMES[name]} {measure.text(value)}", (1, y),
                    xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize="small",
                    annotation_clip=False, color=cs.colour(cs.palette()["text"]["main"]))


def _draw(ax: Axes, frame: pd.DataFrame, measure: _Measure, direct_labels: bool,
          room: float) -> None:
    if frame.empty:
        ax.text(0.5, 0.5, "No values to show", transform=ax.transAxes, ha="center")
        return
    targets = _targets(frame, measure)
    _draw_lines(ax, frame, targets)
    _draw_points(ax, frame)
    ax.margins(y=0.15)  # room for the notes above and below the points
    labels = _labels(frame, measure)
    shown = cs.thin_ticks(labels, room=room)
    ax.set_xticks(shown, [labels[i] for i in shown])
    ax.set_xlim(-0.5, len(frame) - 0.5)
    cs.set_value_axis(ax.yaxis, measure.unit, measure.decimal_places)
    if direct_labels:
        _label_lines(ax, frame, targets, measure)
    trial = "trial_limits" in frame and bool(frame["trial_limits"].iloc[-1])
    if trial and frame["lpl"].notna().any():
        ax.set_title(f"Trial limits: fewer than {MIN_POINTS_RELIABLE} values", loc="right",
                     y=_TITLE_Y,
                     fontsize="small", color=cs.colour(cs.palette()["text"]["muted"]))


def _legend(figure, axes: list[Axes], with_lines: bool) -> None:
    """One legend under the chart: the point shapes (and the lines, when they
    are not labelled directly), each named once."""
    found: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            is_point = handle.get_gid() in cs.palette()["point_types"]
            if (is_point or with_lines) and label not in found:
                found[label] = handle
    if found:
        figure.legend(found.values(), found.keys(), loc="outside lower center",
                      ncol=2, fontsize="small")


# -- text ----------------------------------------------------------------------
def _where_latest(latest: pd.Series, measure: _Measure) -> str:
    if pd.isna(latest["lpl"]):
        return "There are too few values to set process limits, so no change can be judged."
    low, high = measure.text(latest["lpl"]), measure.text(latest["upl"])
    if latest["value"] > latest["upl"]:
        place = f"above the usual range of {low} to {high}"
    elif latest["value"] < latest["lpl"]:
        place = f"below the usual range of {low} to {high}"
    else:
        place = f"within the usual range of {low} to {high}"
    kind = str(latest["point_type"])
    look = cs.palette()["point_types"].get(kind, {})
    shape = f", shown as a {look['shape']}" if look.get("shape") else ""
    return f"is {place}. {_SIGNAL_TEXT.get(kind, 'Its signal is unknown')}{shape}."


def _earlier_signals(observed: pd.DataFrame) -> str:
    counts = observed["point_type"].astype(str).iloc[:-1].value_counts()
    said = [f"{counts[kind]} {look['note'].lower()}"
            for kind, look in cs.palette()["point_types"].items()
            if look.get("note") and counts.get(kind, 0)]
    if not said:
        return ""
    return "Earlier special cause points: " + ", ".join(said) + "."


def _alt_text(frame: pd.DataFrame, measure: _Measure, kind: str = "Line chart") -> str:
    where = f" in {measure.area}" if measure.area else ""
    observed = frame[frame["value"].notna()]
    if observed.empty:
        return f"{kind} of {cs.in_sentence(measure.title)}{where}: there are no values to show."
    labels = dict(zip(frame.index, _labels(frame, measure), strict=True))
    latest = observed.iloc[-1]
    high, low = observed["value"].idxmax(), observed["value"].idxmin()
    parts = [
        f"{kind} of {cs.in_sentence(measure.title)}{where}, {labels[observed.index[0]]} to "
        f"{labels[observed.index[-1]]} ({len(observed)} values), with its average and "
        "usual range (process limits).",
        f"The latest value, {measure.text(latest['value'])} in {labels[observed.index[-1]]}, "
        + _where_latest(latest, measure),
        f"The average is {measure.text(latest['mean'])}." if not pd.isna(latest["mean"]) else "",
        f"Values ranged from {measure.text(observed.loc[low, 'value'])} in {labels[low]} to "
        f"{measure.text(observed.loc[high, 'value'])} in {labels[high]}.",
        _earlier_signals(observed),
    ]
    target = _targets(frame, measure).loc[observed.index[-1]]
    if not pd.isna(target):
        parts.append(f"The target is {measure.text(target)}.")
    parts.append(_POLARITY_TEXT.get(measure.polarity, ""))
    if bool(latest.get("trial_limits", False)) and not pd.isna(latest["lpl"]):
        parts.append(f"The limits rest on fewer than {MIN_POINTS_RELIABLE} values, so read "
                     "them with caution.")
    return " ".join(p for p in parts if p)


def _table(frame: pd.DataFrame, measure: _Measure) -> pd.DataFrame:
    looks = cs.palette()["point_types"]
    table = pd.DataFrame({
        "Period": _labels(frame, measure),
        "Value": frame["value"].map(measure.text).to_numpy(),
        "Average": frame["mean"].map(measure.text).to_numpy(),
        "Lower process limit": frame["lpl"].map(measure.text).to_numpy(),
        "Upper process limit": frame["upl"].map(measure.text).to_numpy(),
    })
    targets = _targets(frame, measure)
    if targets.notna().any():
        table["Target"] = targets.map(measure.text).to_numpy()
    table["Signal"] = [looks.get(str(k), {}).get("legend", "") if not pd.isna(v) else ""
                       for k, v in zip(frame["point_type"], frame["value"], strict=True)]
    return table


# -- public --------------------------------------------------------------------
@kept
def spc_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    decimal_places: int = 1,
    polarity: str = "higher_is_better",
    target: float | None = None,
    period: str = "period",
    area: str | None = None,
) -> cs.Chart:
    """An XmR chart of one series, as :func:`perfkit.analysis.spc.xmr` returned it.

    The values, the average and the dashed process limits (per segment), the
    target if any (``target``, or a ``target`` column), points marked by type,
    the lines named at the right, period labels from the ``period`` column
    (thinned when there are many). ``area`` names the council in the text.
    """
    measure = _Measure(title, unit, int(decimal_places), polarity, target, period, area)
    frame = frame.reset_index(drop=True)
    with cs.style():
        figure = cs.new_figure()
        ax = figure.add_subplot()
        _draw(ax, frame, measure, direct_labels=True, room=_PLOT_SHARE * figure.get_figwidth())
        _legend(figure, [ax], with_lines=False)
    return cs.Chart(figure, title, _alt_text(frame, measure), _table(frame, measure))


@kept
def trend_pair(
    short_frame: pd.DataFrame,
    long_frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    decimal_places: int = 1,
    polarity: str = "higher_is_better",
    short_label: str = "Quarter by quarter",
    long_label: str = "Year by year",
    period: str = "period",
    area: str | None = None,
) -> cs.Chart:
    """The short-term (e.g. quarters) and long-term (e.g. years) XmR charts of
    one measure side by side, each with its own limits and one shared legend."""
    frames = {short_label: short_frame.reset_index(drop=True),
              long_label: long_frame.reset_index(drop=True)}
    measure = _Measure(title, unit, int(decimal_places), polarity, None, period, area)
    size = cs.palette()["figure"]
    with cs.style():
        figure = cs.new_figure(width=size["width"] * 1.25)
        axes = figure.subplots(1, 2)
        for ax, (label, frame) in zip(axes, frames.items(), strict=True):
            _draw(ax, frame, measure, direct_labels=False,
                  room=_PLOT_SHARE * figure.get_figwidth() / 2)
            ax.set_title(label, y=_TITLE_Y)
        _legend(figure, list(axes), with_lines=True)
    alt = " ".join(f"{label}: " + _alt_text(frame, measure, "line chart")
                   for label, frame in frames.items())
    table = pd.concat([_table(frame, measure).assign(Timeframe=label)
                       for label, frame in frames.items()], ignore_index=True)
    table = table[["Timeframe", *[c for c in table.columns if c != "Timeframe"]]]
    alt = f"Two charts of {cs.in_sentence(title)} side by side. {alt}"
    return cs.Chart(figure, title, alt, table)
