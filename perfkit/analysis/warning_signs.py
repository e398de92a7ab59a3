"""Contradictions and warning signs, each with a one-line reason.

The LGA's guide warns that a RAG rating can hide a poor position among similar
councils, that targets are gamed and that series change under our feet. Each
function here takes the assessment table (one row per indicator, area and
breakdown; see :mod:`perfkit.analysis.verdict`) and returns a boolean Series saying
where the sign is present; :func:`flag_everything` joins them into the
``flags`` and ``flag_reasons`` columns. Vectorised: no loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from perfkit.analysis.nations import all_councils_in
from perfkit.polarity import BETTER_DIRECTION

__all__ = [
    "BUNCHING_MARGIN", "BUNCHING_MIN_PERIODS", "FLAGS", "STALE_AFTER_PERIODS",
    "bunched_over_target", "flag_everything", "green_but_bottom_quartile",
    "red_but_common_cause", "series_break", "stale_data", "unambitious_target",
]

#: How close above the target counts as "just over" it, as a share of the
#: tolerance (or of the target when there is no tolerance).
BUNCHING_MARGIN = 0.5
#: How many of the recent periods with a target must sit just over it.
BUNCHING_MIN_PERIODS = 3
#: A series is stale when the report period ends more than this many of the
#: indicator's own periods after its latest value.
STALE_AFTER_PERIODS = 2


def _sign(frame: pd.DataFrame) -> pd.Series:
    """+1 where higher is better, -1 where lower is better, 0 for neutral."""
    return frame["polarity"].map(BETTER_DIRECTION).fillna(0).astype(float)


def green_but_bottom_quartile(frame: pd.DataFrame) -> pd.Series:
    bottom = (frame["peer_quartile"] == 4) | (frame["national_quartile"] == 4)
    return (frame["rag"] == "green") & bottom


def red_but_common_cause(frame: pd.DataFrame) -> pd.Series:
    return (frame["rag"] == "red") & (frame["variation"] == "common_cause") & \
        frame["spc_reliable"].fillna(False).astype(bool)


def unambitious_target(frame: pd.DataFrame) -> pd.Series:
    sign = _sign(frame)
    below_last_year = sign * (frame["target"] - frame["last_year_value"]) < 0
    below_peers = sign * (frame["target"] - frame["peer_median"]) < 0
    return (sign != 0) & frame["target"].notna() & (below_last_year | below_peers)


def bunched_over_target(frame: pd.DataFrame) -> pd.Series:
    return frame["periods_just_over_target"] >= BUNCHING_MIN_PERIODS


def series_break(frame: pd.DataFrame) -> pd.Series:
    return (frame["recent_status_notes"].fillna("") != "") | (frame["missing_periods"] > 0)


def stale_data(frame: pd.DataFrame) -> pd.Series:
    return frame["periods_behind"] > STALE_AFTER_PERIODS


def _reason_green_bottom(f: pd.DataFrame) -> pd.Series:
    nation = f.get("nation", pd.Series(None, index=f.index, dtype=object))
    where = np.where(f["peer_quartile"] == 4, "among " + f["peer_group_name"].fillna("peers"),
                     "among " + nation.map(all_councils_in))
    return ("Green against its target, but in the bottom quarter " + pd.Series(where, f.index)
            + ": the target may not be stretching enough.")


def _reason_red_noise(f: pd.DataFrame) -> pd.Series:
    return pd.Series("Red against its target, but the latest value is within its usual "
                     "range: the miss looks like normal variation, so the target, not "
                     "the service, may need a look.", index=f.index)


def _reason_unambitious(f: pd.DataFrame) -> pd.Series:
    sign = _sign(f)
    last_year = sign * (f["target"] - f["last_year_value"]) < 0
    return pd.Series(np.where(
        last_year,
        "The target (" + _fmt(f["target"]) + ") is less ambitious than last year's "
        "result (" + _fmt(f["last_year_value"]) + ").",
        "The target (" + _fmt(f["target"]) + ") is less ambitious than the peer "
        "median (" + _fmt(f["peer_median"]) + ")."), index=f.index)


def _reason_bunched(f: pd.DataFrame) -> pd.Series:
    return ("In " + f["periods_just_over_target"].astype("Int64").astype(str)
            + " recent periods the value sat just over the target: check how the figure "
              "is counted and whether the target drives the work.")


def _reason_break(f: pd.DataFrame) -> pd.Series:
    gaps = np.where(f["missing_periods"] > 0,
                    f["missing_periods"].astype("Int64").astype(str) + " missing period(s)",
                    "")
    notes = f["recent_status_notes"].fillna("")
    joined = pd.Series(gaps, index=f.index).str.cat(notes, sep="; ").str.strip("; ")
    return "The series may not compare like with like: " + joined + "."


def _reason_stale(f: pd.DataFrame) -> pd.Series:
    return ("The latest value is for " + f["period"].astype(str)
            + ", several periods old: ask when newer figures will be available.")


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:,.4g}")


#: name -> (test, reason). The order is the order reasons are shown in.
FLAGS: dict[str, tuple[Callable, Callable]] = {
    "green_but_bottom_quartile": (green_but_bottom_quartile, _reason_green_bottom),
    "red_but_common_cause": (red_but_common_cause, _reason_red_noise),
    "unambitious_target": (unambitious_target, _reason_unambitious),
    "bunched_over_target": (bunched_over_target, _reason_bunched),
    "series_break": (series_break, _reason_break),
    "stale_data": (stale_data, _reason_stale),
}


def flag_everything(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``flags`` (names joined by ';') and ``flag_reasons`` (sentences
    joined by ' ') to a copy of the assessment table."""
    names = pd.Series("", index=frame.index)
    reasons = pd.Series("", index=frame.index)
    for name, (test, reason) in FLAGS.items():
        hit = test(frame).fillna(False).astype(bool)
        if not hit.any():
            continue
        text = reason(frame[hit])
        names[hit] = names[hit].str.cat(pd.Series(name, index=text.index), sep=";")
        reasons[hit] = reasons[hit].str.cat(text, sep=" ")
    out = frame.copy()
    out["flags"] = names.str.strip(";")
    out["flag_reasons"] = reasons.str.strip()
    return out
