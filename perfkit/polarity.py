"""Polarity: which direction of a measure is better.

The one place for the polarity words of the data contract, the words that
published files use for them, and the direction each one means. Every layer
reads polarity from here: the validator (the words), the analysis (the sign)
and the charts (the words on the chart).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "BETTER_DIRECTION",
    "IMPROVEMENT_OF_POLARITY",
    "POLARITIES",
    "POLARITY_ALIASES",
    "polarity_sign",
]

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
#: Words that published files use for polarity, read as the canonical word.
POLARITY_ALIASES = {
    "high": "higher_is_better",
    "higher": "higher_is_better",
    "higher is better": "higher_is_better",
    "up": "higher_is_better",
    "low": "lower_is_better",
    "lower": "lower_is_better",
    "lower is better": "lower_is_better",
    "down": "lower_is_better",
    "neutral": "neutral",
    "none": "neutral",
    "no polarity": "neutral",
}
#: The direction that is better: +1 up, -1 down, 0 neither (a neutral measure).
BETTER_DIRECTION = {"higher_is_better": 1, "lower_is_better": -1, "neutral": 0}
#: A polarity as the improvement an SPC chart looks for (NHS Making Data Count's words).
IMPROVEMENT_OF_POLARITY = {"higher_is_better": "increase", "lower_is_better": "decrease",
                           "neutral": "neutral"}


def polarity_sign(polarity: str | pd.Series, index: pd.Index) -> pd.Series:
    """+1 where higher is better, -1 where lower is better, NaN where neutral
    (a neutral measure has no better side, so a judgement made with its sign
    is missing, never zero).

    ``polarity`` is one word for every row or a Series of words on ``index``.
    Raises ValueError for a word that is not one of :data:`POLARITIES`.
    """
    words = (polarity.reindex(index) if isinstance(polarity, pd.Series)
             else pd.Series(polarity, index=index, dtype=object))
    codes, uniques = pd.factorize(words, use_na_sentinel=False)
    unknown = set(uniques) - set(POLARITIES)
    if unknown:
        raise ValueError(f"unknown polarity {sorted(map(str, unknown))}; expected {POLARITIES}")
    signs = np.array([BETTER_DIRECTION[word] or np.nan for word in uniques], dtype=float)
    return pd.Series(signs[codes], index=words.index)
