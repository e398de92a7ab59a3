"""Words from a list, and the polarity words publishers use
(perfkit/data/choices.py): aliases read with a warning naming the reading,
ambiguous words refused with why and what to write."""

from __future__ import annotations

import pytest

from perfkit.data.loading import load_data
from tests.data.conftest import problems_of


def _polarity(folder, word: str) -> None:
    path = folder / "indicators.csv"
    text = path.read_text("utf-8").replace(",higher_is_better,", f",{word},", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("word", "read_as", "why"), [
    ("Descending", "higher_is_better", "(a descending ranking puts the highest first)"),
    ("desc", "higher_is_better", "(a descending ranking puts the highest first)"),
    ("Ascending", "lower_is_better", "(an ascending ranking puts the lowest first)"),
    ("ASC", "lower_is_better", "(an ascending ranking puts the lowest first)"),
    ("High is good", "higher_is_better", ""),
    ("low-is-good", "lower_is_better", ""),
    ("RAG - Low is good", "lower_is_better", ""),
    ("High", "higher_is_better", ""),
])
def test_a_publishers_word_is_read_with_a_warning_naming_the_reading(tables, word, read_as,
                                                                       why):
    _polarity(tables, word)
    assert load_data(tables, cache=False).indicators.loc[0, "polarity"] == read_as
    [warning] = problems_of(tables, "warning")
    assert (warning.file, warning.row, warning.column) == ("indicators.csv", 2, "polarity")
    assert warning.found == f"polarity '{word}' read as {read_as}" + (f" {why}" if why else "")
    assert f"write {read_as} in the file" in warning.fix


@pytest.mark.parametrize("word", ["Higher is better", "lower-is-better", "LOWER_IS_BETTER",
                                  "Neutral"])
def test_the_contracts_own_words_in_any_case_need_no_warning(tables, word):
    _polarity(tables, word)
    assert problems_of(tables) == []


@pytest.mark.parametrize("word", ["down", "Up", "increase", "Decrease", "positive",
                                  "NEGATIVE"])
def test_an_ambiguous_word_is_refused_saying_why(tables, word):
    _polarity(tables, word)
    [error] = problems_of(tables, "error")
    assert (error.file, error.row, error.column) == ("indicators.csv", 2, "polarity")
    assert error.found.startswith(f"'{word}' is ambiguous: it can ")
    assert error.expected == "one of: higher_is_better, lower_is_better, neutral"
    assert "Write higher_is_better if a higher figure is better" in error.fix


def test_an_unknown_word_still_gets_a_suggestion(tables):
    _polarity(tables, "higher_is_beter")
    [error] = problems_of(tables, "error")
    assert error.fix == "Did you mean 'higher_is_better'?"


def test_the_other_choice_columns_are_read_as_before(tables):
    path = tables / "indicators.csv"
    path.write_text(path.read_text("utf-8").replace(",percent,", ",Per-cent,", 1),
                    encoding="utf-8")
    [error] = problems_of(tables, "error")
    assert error.column == "unit" and "'percent'" in error.fix
