"""Polarity (perfkit/polarity.py): one map from polarity to the better
direction, and how the words publishers use are read."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from perfkit.polarity import (
    AMBIGUOUS_POLARITY_WORDS,
    BETTER_DIRECTION,
    IMPROVEMENT_OF_POLARITY,
    POLARITIES,
    POLARITY_ALIAS_REASONS,
    POLARITY_ALIASES,
    PolarityWord,
    polarity_sign,
    read_polarity_word,
)
from tests.paths import ROOT


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


# -- the words publishers use ----------------------------------------------------------
@pytest.mark.parametrize(("word", "polarity"), [
    ("Descending", "higher_is_better"), ("desc", "higher_is_better"),
    ("Ascending", "lower_is_better"), (" asc ", "lower_is_better"),
    ("High is good", "higher_is_better"), ("low_is_good", "lower_is_better"),
    ("RAG - High is good", "higher_is_better"), ("BOB - Blue orange blue", "neutral"),
])
def test_an_alias_is_read_with_a_note_naming_the_reading(word, polarity):
    reading = read_polarity_word(word)
    assert reading.polarity == polarity and reading.alias
    assert reading.note.startswith(f"polarity {word.strip()!r} read as {polarity}")


def test_a_ranking_word_says_why_it_is_read_so():
    assert read_polarity_word("Descending").note.endswith(
        "(a descending ranking puts the highest first)")
    assert read_polarity_word("asc").note.endswith("(an ascending ranking puts the lowest first)")


@pytest.mark.parametrize("word", ["higher is better", "Lower-Is-Better", "NEUTRAL",
                                  "higher__is  better"])
def test_the_canonical_words_in_any_spelling_are_not_aliases(word):
    reading = read_polarity_word(word)
    assert reading.polarity in POLARITIES and not reading.alias and reading.note is None


@pytest.mark.parametrize("word", sorted(AMBIGUOUS_POLARITY_WORDS))
def test_an_ambiguous_word_is_refused_with_the_reason(word):
    reading = read_polarity_word(word.upper())
    assert reading.polarity is None
    assert reading.note.startswith(f"'{word.upper()}' is ambiguous: it can ")


def test_down_is_no_longer_read_as_lower_is_better():
    assert "down" not in POLARITY_ALIASES and read_polarity_word("down").polarity is None


def test_an_unknown_word_has_no_reading():
    assert read_polarity_word("sideways") == PolarityWord(None)


def test_every_alias_and_ambiguous_word_is_in_the_data_contract():
    doc = (ROOT / "docs" / "data-contract.md").read_text("utf-8").lower()
    for word in [*POLARITY_ALIASES, *AMBIGUOUS_POLARITY_WORDS]:
        assert f"`{word}`" in doc, word
    for why in POLARITY_ALIAS_REASONS.values():
        assert why in doc
