"""Interval statistics for proportions: the Wilson score interval for one
proportion and the Katz log interval for the ratio of two.

Both work on whole arrays at once (inputs broadcast like numpy arrays) and in
*proportions* (0 to 1), as the formulas do; the equality tables
(:mod:`perfkit.analysis.equality`) turn them into per cent. Formulas, edge
cases and sources are in ``docs/methodology.md`` ("Rates and Wilson
intervals", "Disparity ratios").
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

__all__ = ["CONFIDENCE", "ratio_interval", "wilson_interval"]

CONFIDENCE = 0.95
"""Confidence level of every interval (z = 1.959964 from NormalDist)."""


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes, trials, confidence: float = CONFIDENCE
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion, as proportions (0 to 1).

    ``(x + z²/2) / (n + z²) ± z √(x(n − x)/n + z²/4) / (n + z²)`` (Wilson 1927;
    Newcombe 1998, method 3). Inputs broadcast like numpy arrays. Where
    ``trials`` is 0 or missing both limits are NaN; 0 successes give a lower
    limit of exactly 0 and ``successes == trials`` an upper limit of exactly 1.
    Raises ValueError for successes below 0 or above trials.
    """
    x, n = np.broadcast_arrays(np.asarray(successes, dtype=float),
                               np.asarray(trials, dtype=float))
    if np.any((x < 0) | (x > n)):
        raise ValueError("successes must be between 0 and trials")
    z2 = _z(confidence) ** 2
    valid = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = (x + z2 / 2) / (n + z2)
        half = np.sqrt(z2) * np.sqrt(x * (n - x) / n + z2 / 4) / (n + z2)
    lower = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def ratio_interval(successes_1, trials_1, successes_2, trials_2,
                   confidence: float = CONFIDENCE) -> tuple[np.ndarray, ...]:
    """Ratio of two proportions (x1/n1) / (x2/n2) and its Katz log interval.

    ``ratio × exp(± z √(1/x1 − 1/n1 + 1/x2 − 1/n2))`` (Katz et al. 1978).
    Returns (ratio, lower, upper). The interval assumes two independent
    groups. It is NaN unless both groups have some successes and some
    failures: with none (0%) the log of 0 is undefined, and with all (100%)
    that group adds nothing to the variance, so the interval would be far
    too narrow. The ratio is 0 when only the first group has no successes,
    and NaN when the second has none or either has no trials.
    """
    x1, n1, x2, n2 = (np.asarray(v, dtype=float)
                      for v in (successes_1, trials_1, successes_2, trials_2))
    z = _z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (x1 / n1) / (x2 / n2)
        spread = z * np.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
        ratio = np.where(np.isfinite(ratio), ratio, np.nan)
        lower = ratio * np.exp(-spread)
        upper = ratio * np.exp(spread)
    defined = (x1 > 0) & (x1 < n1) & (x2 > 0) & (x2 < n2)
    lower = np.where(defined, lower, np.nan)
    upper = np.where(defined, upper, np.nan)
    return ratio, lower, upper
