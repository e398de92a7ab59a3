"""The XmR process limits on plain arrays: means, moving ranges, screening, baselines.

Everything here works on whole numpy arrays at once (no loop over points), so one
call can set the limits of thousands of series laid end to end. Arrays hold the
points in time order, series after series; ``segment`` numbers each stretch of
points that shares one set of limits (a series, or the part of it after a
rebase), and no calculation looks across a change of segment.

:mod:`perfkit.analysis.spc_rules` judges the points against these limits and
:mod:`perfkit.analysis.spc` wraps both in DataFrames; ``docs/methodology.md``
gives the definitions and their sources.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LIMIT_FACTOR",
    "MIN_POINTS_FOR_LIMITS",
    "NEAR_LIMIT_FRACTION",
    "RELATIVE_TOLERANCE",
    "SCREEN_FACTOR",
    "limits",
]

LIMIT_FACTOR = 2.66
"""Process limits sit this many mean moving ranges from the mean (3 / 1.128)."""
SCREEN_FACTOR = 3.267
"""Moving ranges at or above this many mean moving ranges are screened out of the
limits (it is the upper limit of the moving range chart)."""
NEAR_LIMIT_FRACTION = 2 / 3
"""How far from the mean towards a limit a point must be to count as close to it."""
MIN_POINTS_FOR_LIMITS = 3
"""Fewer values than this set no limits, and no signals are looked for."""
RELATIVE_TOLERANCE = 1e-9
"""Differences smaller than this share of a segment's largest value are taken to be
rounding error (so that a constant series sits exactly on its mean)."""


def _per_segment_mean(values, use, segment, n_segments):
    total = np.bincount(segment, weights=np.where(use, values, 0.0), minlength=n_segments)
    count = np.bincount(segment, weights=use.astype(float), minlength=n_segments)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count, count.astype(np.int64)


def _in_baseline(valid, segment, first_rows, baseline):
    """The values that set each segment's limits: all, or the first ``baseline`` of them."""
    if baseline is None:
        return valid.copy()
    counts = np.cumsum(valid)
    before = counts[first_rows] - valid[first_rows]
    return valid & (counts - before[segment] <= baseline)


def _moving_ranges(values, segment):
    """Absolute change from the previous point: NaN at a segment's first point and on
    either side of a missing value (a gap breaks the moving range)."""
    moving_range = np.full(len(values), np.nan)
    if len(values) > 1:
        moving_range[1:] = np.abs(np.diff(values))
        moving_range[1:][segment[1:] != segment[:-1]] = np.nan
    return moving_range


def _mean_moving_range(moving_range, usable, segment, n_segments, screen):
    """Mean moving range per segment, how many there were, and which were screened out."""
    mean_range, count = _per_segment_mean(moving_range, usable, segment, n_segments)
    screened = np.zeros(len(moving_range), dtype=bool)
    if screen:
        threshold = SCREEN_FACTOR * mean_range[segment]
        screened = usable & (threshold > 0) & (moving_range >= threshold)
        kept_mean, _ = _per_segment_mean(moving_range, usable & ~screened, segment, n_segments)
        # never screen all of a segment's variation away (a constant run, then one step)
        unscreen = (mean_range > 0) & ~(kept_mean > 0)
        screened &= ~unscreen[segment]
        mean_range = np.where(unscreen, mean_range, kept_mean)
    return mean_range, count, screened


def limits(values, segment, baseline=None, screen=True) -> dict[str, np.ndarray]:
    """Per-point mean, process limits and two-thirds lines; ``n_base`` and
    ``has_limits`` are per segment, the rest per point."""
    n_segments = int(segment[-1]) + 1 if len(segment) else 0
    first_rows = np.searchsorted(segment, np.arange(n_segments))
    base = _in_baseline(~np.isnan(values), segment, first_rows, baseline)
    mean, n_base = _per_segment_mean(values, base, segment, n_segments)
    moving_range = _moving_ranges(values, segment)
    usable = base & np.concatenate(([False], base[:-1])) & ~np.isnan(moving_range)
    mean_range, n_ranges, screened = _mean_moving_range(
        moving_range, usable, segment, n_segments, screen
    )
    has_limits = (n_base >= MIN_POINTS_FOR_LIMITS) & (n_ranges > 0)
    spread = np.where(has_limits, LIMIT_FACTOR * mean_range, np.nan)
    scale = np.abs(np.where(base, values, 0.0))
    largest = np.maximum.reduceat(scale, first_rows) if n_segments else scale
    return {
        "in_baseline": base,
        "moving_range": moving_range,
        "moving_range_screened": screened,
        "mean": mean[segment],
        "lpl": (mean - spread)[segment],
        "upl": (mean + spread)[segment],
        "lpl_two_thirds": (mean - NEAR_LIMIT_FRACTION * spread)[segment],
        "upl_two_thirds": (mean + NEAR_LIMIT_FRACTION * spread)[segment],
        "tolerance": (RELATIVE_TOLERANCE * largest)[segment],
        "n_base": n_base,
        "has_limits": has_limits,
    }
