"""The Making Data Count rules for special cause variation, one small function each.

Every rule works on whole arrays at once (no loop over points), so that one call
can judge thousands of series laid end to end. The arrays hold only the observed
points, in time order, series after series; ``segment`` numbers each stretch of
points that shares one set of limits (a series, or a part of it after a rebase),
and no rule looks across a change of segment.

A rule returns a *side* for every point: ``HIGH`` (+1), ``LOW`` (-1) or 0 when
the rule does not flag the point. Each rule flags every point of the pattern,
not only the point that completes it, as NHSRplotthedots and the Making Data
Count tools do. See ``docs/methodology.md`` for the definitions and sources.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "HIGH",
    "LOW",
    "RULES",
    "outside_limits",
    "run_of_points",
    "special_cause_side",
    "trend_of_points",
    "two_of_three",
]

HIGH = 1
LOW = -1
RULES = ("outside_limits", "trend", "two_of_three", "run")
"""The rules in order of precedence: when rules disagree about a point's side,
the first rule in this list decides it (the order NHSRplotthedots uses)."""


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


def outside_limits(
    values: np.ndarray, lpl: np.ndarray, upl: np.ndarray, tolerance: np.ndarray
) -> np.ndarray:
    """A point above the upper process limit (HIGH) or below the lower one (LOW).

    A point exactly on a limit is inside. Where there are no limits (NaN) nothing
    is flagged.
    """
    side = np.zeros(len(values), dtype=np.int8)
    side[values - upl > tolerance] = HIGH
    side[lpl - values > tolerance] = LOW
    return side


def run_of_points(side_of_mean: np.ndarray, segment: np.ndarray, length: int) -> np.ndarray:
    """``length`` or more consecutive points all above (HIGH) or all below (LOW) the mean.

    ``side_of_mean`` is +1 above, -1 below and 0 on the mean; a point on the mean
    ends a run and does not count towards one.
    """
    starts = _segment_starts(segment)
    starts[1:] |= side_of_mean[1:] != side_of_mean[:-1]
    lengths = _run_lengths(starts)
    flagged = (side_of_mean != 0) & (lengths >= length)
    return np.where(flagged, side_of_mean, 0).astype(np.int8)


def trend_of_points(values: np.ndarray, segment: np.ndarray, length: int) -> np.ndarray:
    """``length`` or more consecutive points each higher (HIGH) or each lower (LOW) than
    the one before: ``length`` points make ``length - 1`` rises or falls.

    Two equal values in a row end a trend. A point where a falling trend turns
    into a rising one belongs to both; it takes the side of the later trend.
    """
    step = np.zeros(len(values), dtype=np.int8)  # direction of the step into each point
    if len(values) > 1:
        step[1:] = np.sign(np.diff(values))
    first = _segment_starts(segment)
    step[first] = 0
    starts = first.copy()
    starts[1:] |= step[1:] != step[:-1]
    in_trend = (step != 0) & (_run_lengths(starts) >= length - 1)
    ends_step = np.where(in_trend, step, 0).astype(np.int8)  # the step into this point is in a trend
    begins_step = np.zeros_like(ends_step)  # the step out of this point is in a trend
    begins_step[:-1] = ends_step[1:]
    return np.where(begins_step != 0, begins_step, ends_step).astype(np.int8)


def two_of_three(
    side_of_mean: np.ndarray, beyond_two_thirds: np.ndarray, segment: np.ndarray
) -> np.ndarray:
    """Two out of three consecutive points beyond two-thirds of the way from the mean to
    a process limit, with all three points on the same side of the mean.

    ``beyond_two_thirds`` is +1 above the upper two-thirds line, -1 below the lower
    one (points beyond the process limits count too), 0 otherwise. Only the points
    beyond the line are flagged, not the third point of the window.
    """
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
        window = same_side & (beyond >= 2)  # the window that starts at each point
        flagged[:-2] |= window
        flagged[1:-1] |= window
        flagged[2:] |= window
    flagged &= (beyond_two_thirds != 0) & (beyond_two_thirds == side_of_mean)
    return np.where(flagged, side_of_mean, 0).astype(np.int8)


def special_cause_side(
    outside: np.ndarray, trend: np.ndarray, two: np.ndarray, run: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The side of each point's special cause, and the index in :data:`RULES` of the
    rule that decided it (-1 for common cause), taking the rules in order of
    precedence."""
    flags = [outside != 0, trend != 0, two != 0, run != 0]
    side = np.select(flags, [outside, trend, two, run], 0).astype(np.int8)
    rule = np.select(flags, list(range(len(RULES))), -1).astype(np.int8)
    return side, rule
