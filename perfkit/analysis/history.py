"""Series bookkeeping for the assessment: which period each row is, the
latest value of each series, its previous and same-period-last-year values,
gaps and status notes. Vectorised over every series at once.

A *series* is one area, indicator and breakdown over time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.periods import FREQUENCIES, parse_period

__all__ = ["SERIES", "RECENT_WINDOW", "index_periods", "latest_rows", "lookup_earlier",
           "recent_notes", "missing_in_window", "release_steps"]

SERIES = ["area_code", "indicator_id", "breakdown_dimension", "breakdown_category"]
#: How many periods back the checks for gaps and status notes look.
RECENT_WINDOW = 8
_PARTS_PER_YEAR = {"financial_quarter": 4, "calendar_quarter": 4, "month": 12}
_NOTED_STATUSES = ("provisional", "revised", "estimated")


def _period_facts(label: str) -> tuple[int, int, pd.Timestamp, int]:
    period = parse_period(label)
    parts = _PARTS_PER_YEAR.get(period.kind, 1)
    index = period.year * parts + max(period.part - 1, 0)
    return index, parts, pd.Timestamp(period.end), period.months


def index_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``period_index`` (consecutive periods of a kind differ by 1),
    ``periods_per_year``, ``period_end`` and ``period_months``; each distinct
    label is parsed once."""
    labels = frame["period"].unique()
    facts = pd.DataFrame([_period_facts(x) for x in labels],
                         columns=["period_index", "periods_per_year", "period_end",
                                  "period_months"],
                         index=pd.Index(labels, name="period"))
    return frame.join(facts, on="period")


def latest_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest row with a value in each series."""
    valued = frame[frame["value"].notna()]
    order = valued.sort_values(SERIES + ["period_index"])
    return order.drop_duplicates(SERIES, keep="last").reset_index(drop=True)


def lookup_earlier(latest: pd.DataFrame, frame: pd.DataFrame, steps: pd.Series,
                   prefix: str) -> pd.DataFrame:
    """Add ``<prefix>_period`` and ``<prefix>_value``: the value ``steps``
    periods before each latest row (the row need not exist)."""
    wanted = latest[SERIES].assign(period_index=latest["period_index"] - steps)
    found = frame[SERIES + ["period_index", "period", "value"]].rename(
        columns={"period": f"{prefix}_period", "value": f"{prefix}_value"})
    merged = wanted.merge(found, on=SERIES + ["period_index"], how="left")
    out = latest.copy()
    out[f"{prefix}_period"] = merged[f"{prefix}_period"].to_numpy()
    out[f"{prefix}_value"] = merged[f"{prefix}_value"].to_numpy()
    return out


def _recent(frame: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    ends = latest[SERIES + ["period_index"]].rename(columns={"period_index": "latest_index"})
    rows = frame.merge(ends, on=SERIES, how="inner")
    keep = (rows["period_index"] > rows["latest_index"] - RECENT_WINDOW)
    return rows[keep]


def recent_notes(frame: pd.DataFrame, latest: pd.DataFrame) -> pd.Series:
    """Per latest row: the provisional, revised, estimated or later suppressed
    periods among the recent ones, e.g. '2024 provisional; 2025 suppressed'."""
    ends = latest[SERIES + ["period_index"]].rename(columns={"period_index": "latest_index"})
    rows = frame.merge(ends, on=SERIES, how="inner")
    recent = rows["period_index"] > rows["latest_index"] - RECENT_WINDOW
    noted = rows["status"].isin(_NOTED_STATUSES) & recent & rows["value"].notna()
    later_missing = (rows["period_index"] > rows["latest_index"]) & rows["value"].isna()
    rows = rows[noted | later_missing].sort_values("period_index")
    text = rows["period"] + " " + np.where(rows["value"].isna(), "missing",
                                           rows["status"].astype(str))
    notes = text.groupby([rows[c] for c in SERIES]).agg("; ".join)
    keys = pd.MultiIndex.from_frame(latest[SERIES])
    return pd.Series(notes.reindex(keys).to_numpy(), index=latest.index).fillna("")


def release_steps(frame: pd.DataFrame) -> pd.Series:
    """Per row: how many of its own periods lie between one figure of its
    indicator and the next: 1, 2 for a two-yearly survey, NaN for an irregular
    one (no set gap). 1 where the frame has no ``frequency``."""
    if "frequency" not in frame.columns:
        return pd.Series(1.0, index=frame.index)
    steps = {name: np.nan if f.step is None else float(f.step)
             for name, f in FREQUENCIES.items()}
    return frame["frequency"].map(steps).where(frame["frequency"].isin(list(steps)), 1.0)


def missing_in_window(frame: pd.DataFrame, latest: pd.DataFrame) -> pd.Series:
    """Per latest row: expected figures with no value among the recent window,
    counted from the series' first period (a series that starts late is not a
    gap), at its indicator's gap (:func:`release_steps`: a two-yearly survey
    misses nothing in its off years, an irregular one never misses)."""
    rows = _recent(frame[frame["value"].notna()], latest)
    grouped = rows.groupby(SERIES)
    present = grouped["period_index"].nunique()
    first = grouped["period_index"].min()
    spans = (pd.concat([first, present], axis=1, keys=["first", "present"])
             .reindex(pd.MultiIndex.from_frame(latest[SERIES])))
    steps = release_steps(latest).to_numpy()
    expected = (latest["period_index"].to_numpy() - spans["first"].to_numpy()) // steps + 1
    missing = pd.Series(expected - spans["present"].to_numpy(), index=latest.index)
    return missing.where(~np.isnan(steps), 0).clip(lower=0).astype("int64")
