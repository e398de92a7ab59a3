"""Better, similar or worse than a benchmark, the way OHID Fingertips says it.

A council's value is compared with a benchmark (its nation's value, or the
median of its peer group) through the council's own confidence interval: if the
whole interval lies on the better side of the benchmark the council is
"better", on the worse side "worse", otherwise "similar". The benchmark is
treated as fixed, as Fingertips treats the national value. The interval comes
from the counts:

- ``percent``: the Wilson score interval of numerator / denominator
  (:func:`perfkit.analysis.intervals.wilson_interval`), times 100;
- ``rate_per_1000``, ``rate_per_10000``, ``rate_per_100000``: Byar's
  approximation to the Poisson interval of the numerator (:func:`byar_interval`),
  divided by the denominator and times 1,000, 10,000 or 100,000.

Any other unit (money, scores, ranks, ratios, counts without a population) has
no interval and is not compared. Everything works on whole columns at once.

Columns that :func:`add_comparisons` adds to the assessment table:

- ``national_value``: the value of the council's nation (its row in the areas table:
  :mod:`perfkit.analysis.nations`) for the same indicator, breakdown and period
- ``national_comparison``: against the nation at 95% confidence (words below; blank = not
  compared)
- ``national_comparison_998``: against the nation at 99.8% confidence
- ``peer_comparison``: against the peer group's median (``peer_median``) at 95%
- ``peer_comparison_998``: against the peer group's median at 99.8%

The words are "better", "similar" and "worse"; for a neutral indicator
"higher", "similar" and "lower". A comparison is blank (None) where the row has
no value, no counts, a numerator above its denominator (for a percentage), no
benchmark, or a unit with no interval.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from perfkit.analysis.intervals import CONFIDENCE, wilson_interval
from perfkit.data.contract import NO_BREAKDOWN
from perfkit.polarity import BETTER_DIRECTION

__all__ = [
    "COMPARISON_COLUMNS",
    "CONFIDENCE",
    "PROPORTION_MULTIPLIERS",
    "RATE_MULTIPLIERS",
    "STRICT_CONFIDENCE",
    "add_comparisons",
    "byar_interval",
    "compare_with",
    "national_values",
    "value_interval",
]

#: The stricter of Fingertips' two levels (z = 3.090232); 95% is ``CONFIDENCE``.
STRICT_CONFIDENCE = 0.998
#: Units that are a proportion of their denominator, and what the proportion is multiplied by.
PROPORTION_MULTIPLIERS = {"percent": 100}
#: Units that are a rate of events per head of population, and the "per N".
RATE_MULTIPLIERS = {"rate_per_1000": 1_000, "rate_per_10000": 10_000,
                    "rate_per_100000": 100_000}
#: The columns :func:`add_comparisons` adds, in order.
COMPARISON_COLUMNS = ["national_value", "national_comparison", "national_comparison_998",
                      "peer_comparison", "peer_comparison_998"]
# polarity -> the word for an interval wholly above / wholly below the benchmark.
_ABOVE = {1: "better", -1: "worse", 0: "higher"}
_BELOW = {1: "worse", -1: "better", 0: "lower"}
_SIMILAR = "similar"
_KEY = ["indicator_id", "breakdown_dimension", "breakdown_category", "period"]


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def byar_interval(observed, denominator, multiplier, z: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Byar's confidence interval for a rate of ``observed`` events in a
    population of ``denominator``, per ``multiplier`` (Breslow & Day 1987).

    ``lower = O (1 − 1/(9O) − z/(3√O))³`` and
    ``upper = (O+1) (1 − 1/(9(O+1)) + z/(3√(O+1)))³``, each divided by the
    denominator and times the multiplier. Inputs broadcast like numpy arrays.
    The lower limit is 0 when O is 0, and also where the formula would go
    below 0 (very few events at 99.8%). Both limits are NaN where O or the
    denominator is missing, O is negative or the denominator is not above 0.
    """
    o, n, k = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                    for v in (observed, denominator, multiplier)))
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
        lower = np.where(o == 0, 0.0, np.maximum(lower, 0.0)) / n * k
        upper = upper / n * k
    valid = (o >= 0) & (n > 0)
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def value_interval(frame: pd.DataFrame, *, confidence: float = CONFIDENCE
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The confidence interval around each row's value, in the value's unit.

    ``frame`` needs ``unit``, ``numerator`` and ``denominator``. Rows whose
    unit has no interval, or whose counts are missing or impossible, get NaN.
    """
    units = frame["unit"].astype(object)
    x = pd.to_numeric(frame["numerator"], errors="coerce").to_numpy(dtype=float)
    n = pd.to_numeric(frame["denominator"], errors="coerce").to_numpy(dtype=float)
    lower, upper = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
    counted = ~np.isnan(x) & ~np.isnan(n) & (x >= 0) & (n > 0)

    proportion = units.map(PROPORTION_MULTIPLIERS).to_numpy(dtype=float)
    rows = counted & ~np.isnan(proportion) & (x <= n)
    low, high = wilson_interval(x[rows], n[rows], confidence)
    lower[rows], upper[rows] = low * proportion[rows], high * proportion[rows]

    per = units.map(RATE_MULTIPLIERS).to_numpy(dtype=float)
    rows = counted & ~np.isnan(per)
    lower[rows], upper[rows] = byar_interval(x[rows], n[rows], per[rows], _z(confidence))
    return lower, upper


def compare_with(frame: pd.DataFrame, benchmark: pd.Series, *,
                 confidence: float = CONFIDENCE) -> pd.Series:
    """"better", "similar" or "worse" than ``benchmark`` ("higher", "similar",
    "lower" for a neutral indicator), or None where there is no comparison.

    ``frame`` needs ``value``, ``numerator``, ``denominator``, ``unit`` and
    ``polarity``; ``benchmark`` is on the same index, in the same unit. A
    benchmark exactly on a limit of the interval counts as inside it ("similar").
    """
    lower, upper = value_interval(frame, confidence=confidence)
    level = pd.to_numeric(benchmark.reindex(frame.index), errors="coerce").to_numpy(dtype=float)
    direction = frame["polarity"].map(BETTER_DIRECTION)
    testable = (~np.isnan(lower) & ~np.isnan(upper) & ~np.isnan(level)
                & frame["value"].notna().to_numpy() & direction.notna().to_numpy())
    words = np.select(
        [~testable, lower > level, upper < level],
        [None, direction.map(_ABOVE).to_numpy(dtype=object),
         direction.map(_BELOW).to_numpy(dtype=object)],
        default=_SIMILAR)
    return pd.Series(words, index=frame.index, dtype=object)


def national_values(latest: pd.DataFrame, observations: pd.DataFrame,
                    national_code: str | pd.Series) -> pd.Series:
    """The nation's value for each row's indicator, breakdown and period (NaN
    where the nation has none), on ``latest``'s index. ``national_code`` is the
    code of the nation's row, one for every row or a Series on ``latest``'s
    index (as :func:`perfkit.analysis.nations.add_nation` gives). Rows of
    ``observations`` without breakdown columns are for the whole population."""
    codes = (national_code.reindex(latest.index) if isinstance(national_code, pd.Series)
             else pd.Series(national_code, index=latest.index))
    nation = observations[observations["area_code"].isin(codes.dropna().unique())]
    nation = nation.assign(**{column: nation.get(column, NO_BREAKDOWN)
                              for column in ("breakdown_dimension", "breakdown_category")})
    wanted = latest[_KEY].assign(area_code=codes.to_numpy())
    found = wanted.merge(nation[["area_code", *_KEY, "value"]], on=["area_code", *_KEY],
                         how="left", validate="many_to_one")
    return pd.Series(found["value"].to_numpy(dtype=float), index=latest.index,
                     name="national_value")


def add_comparisons(latest: pd.DataFrame, national_value: pd.Series) -> pd.DataFrame:
    """A copy of ``latest`` (an assessment-like table with ``peer_median``) with
    :data:`COMPARISON_COLUMNS` added: see the module's docstring."""
    out = latest.copy()
    out["national_value"] = pd.to_numeric(national_value.reindex(out.index), errors="coerce")
    for prefix, benchmark in (("national", out["national_value"]), ("peer", out["peer_median"])):
        out[f"{prefix}_comparison"] = compare_with(out, benchmark, confidence=CONFIDENCE)
        out[f"{prefix}_comparison_998"] = compare_with(out, benchmark,
                                                       confidence=STRICT_CONFIDENCE)
    return out
