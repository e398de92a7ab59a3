"""Wilson intervals and Katz ratio intervals (perfkit/analysis/intervals.py).
Expected values are worked by hand in the comments; z = 1.959964,
z² = 3.841459."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfkit.analysis.intervals import ratio_interval, wilson_interval


# -- Wilson interval -----------------------------------------------------------------
@pytest.mark.parametrize(("successes", "trials", "lower", "upper"), [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion:
    # comparison of seven methods", Statistics in Medicine 17, 857-872, Table I,
    # method 3 (score interval without continuity correction).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe_table(successes, trials, lower, upper):
    low, high = wilson_interval(successes, trials)
    assert float(low) == pytest.approx(lower, abs=5e-5)
    assert float(high) == pytest.approx(upper, abs=5e-5)


def test_wilson_by_hand():
    # 20/40: centre = (20 + 3.841459/2) / (40 + 3.841459) = 21.920729 / 43.841459 = 0.5
    # half = 1.959964 x sqrt(20 x 20 / 40 + 3.841459 / 4) / 43.841459
    #      = 1.959964 x sqrt(10.960365) / 43.841459 = 1.959964 x 3.310644 / 43.841459 = 0.148005
    low, high = wilson_interval(20, 40)
    assert float(low) == pytest.approx(0.351995, abs=1e-6)
    assert float(high) == pytest.approx(0.648005, abs=1e-6)
    # 0/20: the upper limit is z² / (n + z²) = 3.841459 / 23.841459 = 0.161125
    assert float(wilson_interval(0, 20)[1]) == pytest.approx(0.161125, abs=1e-6)


def test_wilson_edges_and_arrays():
    low, high = wilson_interval([0, 5, 0, 2], [10, 5, 0, np.nan])
    assert low[0] == 0.0 and high[1] == 1.0            # exactly 0 and exactly 1
    assert np.isnan(low[2]) and np.isnan(high[2])      # no trials: no interval
    assert np.isnan(low[3]) and np.isnan(high[3])      # missing trials
    # a 99% interval is wider than a 95% one
    assert wilson_interval(5, 10, 0.99)[0] < wilson_interval(5, 10)[0]


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError, match="between 0 and trials"):
        wilson_interval(6, 5)
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 5, confidence=95)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_contains_the_estimate_within_zero_and_one(counts, confidence):
    successes, trials = counts
    low, high = wilson_interval(successes, trials, confidence)
    estimate = successes / trials
    assert 0.0 <= low <= estimate + 1e-12
    assert estimate - 1e-12 <= high <= 1.0


# -- ratio of two proportions -------------------------------------------------------
def test_katz_ratio_by_hand():
    # 20/100 against 10/100: ratio = 0.2 / 0.1 = 2
    # se(log ratio) = sqrt(1/20 - 1/100 + 1/10 - 1/100) = sqrt(0.13) = 0.360555
    # z x se = 0.706676; exp(-0.706676) = 0.493282, exp(0.706676) = 2.027239
    ratio, low, high = ratio_interval(20, 100, 10, 100)
    assert float(ratio) == 2.0
    assert float(low) == pytest.approx(0.986563, abs=1e-5)
    assert float(high) == pytest.approx(4.054479, abs=1e-5)


def test_katz_ratio_undefined_at_zero_and_one_hundred_percent():
    ratio, low, high = ratio_interval([0, 6, 5, 3], [10, 6, 10, 0], [5, 5, 0, 1], [10, 10, 10, 2])
    assert ratio[0] == 0.0 and np.isnan(low[0]) and np.isnan(high[0])   # 0%: log 0
    assert ratio[1] == 2.0 and np.isnan(low[1])                        # 100%: no variance
    assert np.isnan(ratio[2]) and np.isnan(low[2])                     # divide by 0%
    assert np.isnan(ratio[3])                                          # no trials


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 5000).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n))),
       st.integers(2, 5000).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n))))
def test_ratio_interval_contains_the_ratio(first, second):
    ratio, low, high = ratio_interval(*first, *second)
    assert 0 < low <= ratio <= high
