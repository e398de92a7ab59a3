"""Polarity: which direction of a measure is better.

The one place for the polarity words of the data contract, the words that
published files use for them, and the direction each one means. Every layer
reads polarity from here: the validator (the words), the analysis (the sign)
and the charts (the words on the chart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "AMBIGUOUS_POLARITY_WORDS",
    "BETTER_DIRECTION",
    "IMPROVEMENT_OF_POLARITY",
    "POLARITIES",
    "POLARITY_ALIASES",
    "POLARITY_ALIAS_REASONS",
    "PolarityWord",
    "read_polarity_word",
    "polarity_sign",
]

POLARITIES = ("higher_is_better", "lower_is_better", "neutral")
#: Words that published files use for polarity, read as the canonical word
#: (with a warning that names the reading). Written in lower case; spaces,
#: hyphens and underscores count as one.
POLARITY_ALIASES = {
    "high": "higher_is_better",
    "higher": "higher_is_better",
    "high is good": "higher_is_better",
    "rag - high is good": "higher_is_better",  # Fingertips (OHID)
    "descending": "higher_is_better",
    "desc": "higher_is_better",
    "low": "lower_is_better",
    "lower": "lower_is_better",
    "low is good": "lower_is_better",
    "rag - low is good": "lower_is_better",
    "ascending": "lower_is_better",
    "asc": "lower_is_better",
    "none": "neutral",
    "no polarity": "neutral",
    "no judgement": "neutral",
    "bob - blue orange blue": "neutral",  # Fingertips: compared, not judged
}
_RANKING = {"higher_is_better": "a descending ranking puts the highest first",
            "lower_is_better": "an ascending ranking puts the lowest first"}
#: Why a word is read as it is, where the reading is not plain from the word.
POLARITY_ALIAS_REASONS = {word: _RANKING[POLARITY_ALIASES[word]]
                          for word in ("descending", "desc", "ascending", "asc")}
_MOVED = "it can say which direction is better, or only which way the figure moved"
#: Words that are refused, with why: each can be read either way.
AMBIGUOUS_POLARITY_WORDS = {
    "up": _MOVED,
    "down": _MOVED,
    "increase": _MOVED,
    "decrease": _MOVED,
    "increasing": _MOVED,
    "decreasing": _MOVED,
    "positive": "it can mean that higher is better, or only that the change was up",
    "negative": "it can mean that lower is better, or only that the change was down",
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


@dataclass(frozen=True)
class PolarityWord:
    """How one written polarity word is read. ``polarity`` is None where the
    word is refused; ``note`` says how an alias was read, or why a word is
    ambiguous."""

    polarity: str | None
    note: str | None = None

    @property
    def alias(self) -> bool:
        return self.polarity is not None and self.note is not None


def _normal(word: str) -> str:
    return re.sub(r"[\s_-]+", "_", word.strip().lower())


_BY_NORMAL = {_normal(word): word for word in POLARITY_ALIASES}


def read_polarity_word(word: str) -> PolarityWord:
    """Read a polarity as written in a file (any case; spaces, hyphens and
    underscores alike): a canonical word as itself, an alias as its polarity
    with a note naming the reading, an ambiguous word as refused with the
    reason, anything else as refused without one."""
    normal = _normal(word)
    if normal in POLARITIES:
        return PolarityWord(normal)
    if normal in _BY_NORMAL:
        alias = _BY_NORMAL[normal]
        polarity = POLARITY_ALIASES[alias]
        why = POLARITY_ALIAS_REASONS.get(alias)
        note = f"polarity {word.strip()!r} read as {polarity}" + (f" ({why})" if why else "")
        return PolarityWord(polarity, note)
    if normal in AMBIGUOUS_POLARITY_WORDS:
        return PolarityWord(None, f"{word.strip()!r} is ambiguous: "
                                  f"{AMBIGUOUS_POLARITY_WORDS[normal]}")
    return PolarityWord(None)
