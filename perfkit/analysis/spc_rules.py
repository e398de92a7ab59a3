"""The XmR special cause rules on plain arrays, and the codes they lead to.

Like :mod:`perfkit.analysis.spc_limits` (the process limits the rules judge
against), everything here works on whole numpy arrays at once, points in time
order, series after series, with ``segment`` numbering each stretch of points
that shares one set of limits; no rule looks across a change of segment.

A rule returns a *side* for every point: ``HIGH`` (+1), ``LOW`` (-1), or 0 where it
does not flag the point. A rule flags every point of its pattern, not only the
point that completes it, as NHSRplotthedots and the Making Data Count tools do.
:func:`assess` puts limits, rules, signal lengths and point type codes together;
:mod:`perfkit.analysis.spc` wraps it in DataFrames; ``docs/methodology.md`` gives
the definitions and their sources.
"""

from __future__ import annotations

import numpy as np

from perfkit.analysis.spc_limits import limits

__all__ = [
    "HIGH",
    "LOW",
    "RULES",
    "assess",
    "assurance_codes",
    "outside_limits",
    "point_type_codes",
    "run_of_points",
    "signal_points",
    "special_cause_side",
    "trend_of_points",
    "two_of_three",
]

HIGH = 1
LOW = -1
RULES = ("outside_limits", "trend", "two_of_three", "run")
"""The rules in order of precedence: when rules disagree about a point's side, the
first in this list decides it (the order NHSRplotthedots uses)."""


# -- the rules -----------------------------------------------------------------
def _segment_starts(segment: np.ndarray) -> np.ndarray:
    """True at the first point of each segment."""
    starts = np.ones(len(segment), dtype=bool)
    starts[1:] = segment[1:] != segment[:-1]
    return starts


def _run_lengths(starts: np.ndarray) -> np.ndarray:
    """For each element, the length of the run it belongs to; a run begins wherever
    ``starts`` is True."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    run_id = np.cumsum(starts) - 1
    return np.bincount(run_id)[run_id]


def outside_limits(values, lpl, upl, tolerance) -> np.ndarray:
    """A point above the upper process limit (HIGH) or below the lower one (LOW).
    A point on a limit is inside; where there are no limits (NaN) nothing is flagged."""
    side = np.zeros(len(values), dtype=np.int8)
    side[values - upl > tolerance] = HIGH
    side[lpl - values > tolerance] = LOW
    return side


def run_of_points(side_of_mean, segment, length) -> np.ndarray:
    """``length`` or more points in a row all above (HIGH) or all below (LOW) the mean.
    ``side_of_mean`` is 0 for a point on the mean, which ends a run and is not in one."""
    starts = _segment_starts(segment)
    starts[1:] |= side_of_mean[1:] != side_of_mean[:-1]
    flagged = (side_of_mean != 0) & (_run_lengths(starts) >= length)
    return np.where(flagged, side_of_mean, 0).astype(np.int8)


def trend_of_points(values, segment, length) -> np.ndarray:
    """``length`` or more points in a row each higher (HIGH) or each lower (LOW) than
    the one before, so ``length - 1`` rises or falls. Two equal values end a trend.
    A point where a falling trend turns into a rising one takes the later trend's side."""
    step = np.zeros(len(values), dtype=np.int8)  # direction of the step into each point
    if len(values) > 1:
        step[1:] = np.sign(np.diff(values))
    first = _segment_starts(segment)
    step[first] = 0
    starts = first.copy()
    starts[1:] |= step[1:] != step[:-1]
    in_trend = (step != 0) & (_run_lengths(starts) >= length - 1)
    step_in = np.where(in_trend, step, 0).astype(np.int8)  # the step into the point is in one
    step_out = np.zeros_like(step_in)  # the step out of the point is in one
    step_out[:-1] = step_in[1:]
    return np.where(step_out != 0, step_out, step_in).astype(np.int8)


def two_of_three(side_of_mean, beyond_two_thirds, segment) -> np.ndarray:
    """Two of three points in a row beyond two-thirds of the way from the mean to a
    limit, with all three on the same side of the mean. ``beyond_two_thirds`` is HIGH
    above the upper two-thirds line, LOW below the lower one (points beyond a limit
    count too), else 0. Only the points beyond the line are flagged."""
    flagged = np.zeros(len(side_of_mean), dtype=bool)
    if len(side_of_mean) >= 3:
        first, middle, last = side_of_mean[:-2], side_of_mean[1:-1], side_of_mean[2:]
        same_side = (first != 0) & (first == middle) & (middle == last)
        same_side &= segment[:-2] == segment[2:]
        beyond = (
            (beyond_two_thirds[:-2] == first).astype(np.int8)
            + (beyond_two_thirds[1:-1] == first)
            + (beyond_two_thirds[2:] == first)
        )
        window = same_side & (beyond >= 2)  # the window of three that starts at each point
        flagged[:-2] |= window
        flagged[1:-1] |= window
        flagged[2:] |= window
    flagged &= (beyond_two_thirds != 0) & (beyond_two_thirds == side_of_mean)
    return np.where(flagged, side_of_mean, 0).astype(np.int8)


def special_cause_side(outside, trend, two, run) -> tuple[np.ndarray, np.ndarray]:
    """Each point's special cause side and the index in :data:`RULES` of the rule that
    decided it (-1 for common cause), taking the rules in order of precedence."""
    flags = [outside != 0, trend != 0, two != 0, run != 0]
    side = np.select(flags, [outside, trend, two, run], 0).astype(np.int8)
    rule = np.select(flags, list(range(len(RULES))), -1).astype(np.int8)
    return side, rule


def _signed(difference, tolerance):
    return np.where(difference > tolerance, HIGH, np.where(difference < -tolerance, LOW, 0))


def _rule_sides(found, values, segment, run_length, trend_length):
    """Each rule's side for every observed point in a segment with limits (else 0)."""
    keep = ~np.isnan(values) & found["has_limits"][segment]
    index = np.flatnonzero(keep)
    value, seg, tol = values[index], segment[index], found["tolerance"][index]
    side_of_mean = _signed(value - found["mean"][index], tol)
    beyond_two_thirds = np.where(
        value - found["upl_two_thirds"][index] > tol,
        HIGH,
        np.where(found["lpl_two_thirds"][index] - value > tol, LOW, 0),
    )
    sides = {
        "outside_limits": outside_limits(value, found["lpl"][index], found["upl"][index], tol),
        "trend": trend_of_points(value, seg, trend_length),
        "two_of_three": two_of_three(side_of_mean, beyond_two_thirds, seg),
        "run": run_of_points(side_of_mean, seg, run_length),
    }
    full = {}
    for name, side in sides.items():
        full[name] = np.zeros(len(values), dtype=np.int8)
        full[name][index] = side
    return full


# -- how long a signal is -------------------------------------------------------
def _streaks(side: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each point, how many points in a row up to and including it have its
    (non-zero) side; 0 where the side is 0. A streak also ends where ``starts``."""
    begins = starts.copy()
    begins[1:] |= side[1:] != side[:-1]
    position = np.arange(len(side))
    first = np.maximum.accumulate(np.where(begins, position, 0))
    return np.where(side != 0, position - first + 1, 0)


def _in_last_three(side: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each flagged point, how many of it and the two points before it (in its
    segment) are flagged on its side; 0 where the side is 0."""
    position = np.arange(len(side))
    first = np.maximum.accumulate(np.where(starts, position, 0))
    lower = np.maximum(position - 2, first)
    counts = {}
    for each in (HIGH, LOW):
        total = np.concatenate([[0], np.cumsum(side == each)])
        counts[each] = total[position + 1] - total[lower]
    return np.where(side == HIGH, counts[HIGH], np.where(side == LOW, counts[LOW], 0))


def signal_points(sides: dict[str, np.ndarray], rule: np.ndarray, segment: np.ndarray,
                  observed: np.ndarray) -> np.ndarray:
    """How many values make up each point's special cause signal, by the rule that
    decided it (``rule``, an index in :data:`RULES`; 0 for common cause): values
    in a row up to and including the point beyond the same limit, in the same
    trend or in the same run; for two of three, how many of the point and the two
    values before it are beyond the same two-thirds line. Missing values are
    skipped, as the rules skip them."""
    index = np.flatnonzero(observed)
    starts = _segment_starts(segment[index])
    lengths = [
        _in_last_three(sides[name][index], starts) if name == "two_of_three"
        else _streaks(sides[name][index], starts)
        for name in RULES
    ]
    chosen = rule[index]
    points = np.zeros(len(rule), dtype=np.int64)
    points[index] = np.select([chosen == i for i in range(len(RULES))], lengths, 0)
    return points


# -- from sides to verdicts ----------------------------------------------------
def point_type_codes(side, direction) -> np.ndarray:
    """0 common cause, 1 improvement, 2 concern, 3 neutral high, 4 neutral low.
    ``direction`` is +1 where higher is better, -1 where lower is better, 0 neutral."""
    oriented = side * direction
    return np.select(
        [side == 0, (direction == 0) & (side > 0), direction == 0, oriented > 0],
        [0, 3, 4, 1],
        2,
    ).astype(np.int8)


def assurance_codes(target, lpl, upl, direction) -> np.ndarray:
    """0 consistently passes, 1 hit and miss, 2 consistently fails, -1 no judgement (no
    target, no limits, or neutral). A target beyond the upper limit is always missed
    where higher is better, and always met where lower is better."""
    above = np.asarray(target > upl)
    below = np.asarray(target < lpl)
    codes = np.where(above | below, 0, 1)
    codes = np.where(above & (direction > 0), 2, codes)
    codes = np.where(below & (direction < 0), 2, codes)
    unknown = np.isnan(target) | np.isnan(lpl) | np.isnan(upl) | (direction == 0)
    return np.where(unknown, -1, codes).astype(np.int8)


def assess(values, segment, direction, *, baseline, screen, run_length, trend_length):
    """The whole XmR assessment of points in time order, segment after segment: the
    :func:`limits` columns, a side per rule, the special cause side, deciding rule,
    the values making up its signal, and point type codes (-1 where the value is
    missing)."""
    found = limits(values, segment, baseline, screen)
    sides = _rule_sides(found, values, segment, run_length, trend_length)
    side, rule = special_cause_side(*(sides[name] for name in RULES))
    observed = ~np.isnan(values)
    found.update(sides)
    found["side"] = side
    found["rule"] = rule
    found["signal_points"] = signal_points(sides, rule, segment, observed)
    found["point_type"] = np.where(observed, point_type_codes(side, direction), -1)
    return found
