"""Polarity (perfkit/polarity.py): one map from polarity to the better direction."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from perfkit.polarity import (
    BETTER_DIRECTION,
    IMPROVEMENT_OF_POLARITY,
    POLARITIES,
    POLARITY_ALIASES,
    polarity_sign,
)


def test_every_polarity_has_one_direction_and_one_spc_word():
    assert set(BETTER_DIRECTION) == set(IMPROVEMENT_OF_POLARITY) == set(POLARITIES)
    assert set(POLARITY_ALIASES.values()) == set(POLARITIES)
    assert BETTER_DIRECTION == {"higher_is_better": 1, "lower_is_better": -1, "neutral": 0}


def test_the_sign_is_nan_where_neither_direction_is_better():
    index = pd.Index([10, 11, 12])
    signs = polarity_sign(pd.Series(["higher_is_better", "neutral", "lower_is_better"],
                                    index=index), index)
    assert signs[10] == 1.0 and signs[12] == -1.0 and math.isnan(signs[11])
    assert polarity_sign("lower_is_better", pd.RangeIndex(2)).tolist() == [-1.0, -1.0]


def test_an_unknown_polarity_is_refused():
    with pytest.raises(ValueError, match="unknown polarity"):
        polarity_sign("up", pd.RangeIndex(1))
