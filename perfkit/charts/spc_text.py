"""What an SPC chart says in words and as a table: its text alternative and
the data behind it, from the columns :mod:`perfkit.charts.spc` draws.

The text alternative names the series, the latest value and where it lies
against the process limits, the average, the range of the values, earlier
special causes, the target and the polarity, so nothing depends on seeing
the chart. The table has one row per point, with the values formatted in the
measure's unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.analysis.spc import MIN_POINTS_RELIABLE
from perfkit.charts import style as cs

__all__ = ["EXCLUDED_LEGEND", "Measure", "label_periods", "name_subject", "read_targets",
           "tabulate_values", "write_alt_text"]

#: What the latest point means, for the text alternative.
#: How a value left out of the limits (an exceptional period) is named in the
#: legend and the table of values.
EXCLUDED_LEGEND = "Exceptional period: left out of the usual range"
_SIGNAL_TEXT = {
    "common_cause": "That is usual variation, not a real change",
    "special_cause_improvement": "That is a real improvement (special cause variation)",
    "special_cause_concern": "That is a real change for the worse (special cause variation)",
    "special_cause_neutral_high": "That is a real rise, neither better nor worse",
    "special_cause_neutral_low": "That is a real fall, neither better nor worse",
}
_POLARITY_TEXT = {"higher_is_better": "Higher is better.", "lower_is_better": "Lower is better.",
                  "neutral": "Higher is neither better nor worse."}


@dataclass(frozen=True)
class Measure:
    """What an SPC chart is of: its title, unit, decimal places and polarity,
    a target for every point (or None), the column of period labels, and the
    council it is about (or None)."""

    title: str
    unit: str
    decimal_places: int
    polarity: str
    target: float | None
    period: str
    area: str | None

    def text(self, value: object) -> str:
        return cs.value_text(value, self.unit, self.decimal_places)


def label_periods(frame: pd.DataFrame, measure: Measure) -> list[str]:
    """One label per point: its period, or its number (1, 2, ...) without periods."""
    if measure.period in frame:
        return [cs.label_period(p) for p in frame[measure.period]]
    return [str(i + 1) for i in range(len(frame))]


def read_targets(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    """The target at each point: the measure's own, else the ``target`` column, else NaN."""
    if measure.target is not None:
        return pd.Series(float(measure.target), index=frame.index)
    if "target" in frame:
        return pd.to_numeric(frame["target"], errors="coerce")
    return pd.Series(np.nan, index=frame.index)


def _where_latest(latest: pd.Series, measure: Measure) -> str:
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


def name_subject(measure: Measure) -> str:
    """What the chart is of, as it reads in a sentence, naming the council
    once: 'forecast spend in Trafford', but 'forecast spend, Trafford' when
    the title already names it."""
    subject = cs.in_sentence(measure.title)
    if not measure.area or re.search(rf"(?<!\w){re.escape(measure.area)}(?!\w)", measure.title,
                                     flags=re.IGNORECASE):
        return subject
    return f"{subject} in {measure.area}"


def write_alt_text(frame: pd.DataFrame, measure: Measure, kind: str = "Line chart") -> str:
    """The chart in words; ``kind`` starts the first sentence."""
    observed = frame[frame["value"].notna()]
    if observed.empty:
        return f"{kind} of {name_subject(measure)}: there are no values to show."
    labels = dict(zip(frame.index, label_periods(frame, measure), strict=True))
    latest = observed.iloc[-1]
    high, low = observed["value"].idxmax(), observed["value"].idxmin()
    parts = [
        f"{kind} of {name_subject(measure)}, {labels[observed.index[0]]} to "
        f"{labels[observed.index[-1]]} ({len(observed)} values), with its average and "
        "usual range (process limits).",
        f"The latest value, {measure.text(latest['value'])} in {labels[observed.index[-1]]}, "
        + _where_latest(latest, measure),
        f"The average is {measure.text(latest['mean'])}." if not pd.isna(latest["mean"]) else "",
        f"Values ranged from {measure.text(observed.loc[low, 'value'])} in {labels[low]} to "
        f"{measure.text(observed.loc[high, 'value'])} in {labels[high]}.",
        _earlier_signals(observed),
    ]
    target = read_targets(frame, measure).loc[observed.index[-1]]
    if not pd.isna(target):
        parts.append(f"The target is {measure.text(target)}.")
    parts.append(_POLARITY_TEXT.get(measure.polarity, ""))
    if "excluded" in frame and frame["excluded"].any():
        left_out = [labels[i] for i in frame.index[frame["excluded"].to_numpy(dtype=bool)]]
        parts.append(f"Values in an exceptional period ({', '.join(left_out)}) are marked "
                     "with hollow diamonds and left out of the average and usual range.")
    if bool(latest.get("trial_limits", False)) and not pd.isna(latest["lpl"]):
        parts.append(f"The limits rest on fewer than {MIN_POINTS_RELIABLE} values, so read "
                     "them with caution.")
    return " ".join(p for p in parts if p)


def tabulate_values(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The data behind the chart: one row per point, formatted in the measure's unit."""
    looks = cs.palette()["point_types"]
    table = pd.DataFrame({
        "Period": label_periods(frame, measure),
        "Value": frame["value"].map(measure.text).to_numpy(),
        "Average": frame["mean"].map(measure.text).to_numpy(),
        "Lower process limit": frame["lpl"].map(measure.text).to_numpy(),
        "Upper process limit": frame["upl"].map(measure.text).to_numpy(),
    })
    targets = read_targets(frame, measure)
    if targets.notna().any():
        table["Target"] = targets.map(measure.text).to_numpy()
    table["Signal"] = [looks.get(str(k), {}).get("legend", "") if not pd.isna(v) else ""
                       for k, v in zip(frame["point_type"], frame["value"], strict=True)]
    if "excluded" in frame and frame["excluded"].any():
        table.loc[frame["excluded"].to_numpy(dtype=bool), "Signal"] = EXCLUDED_LEGEND
    return table
