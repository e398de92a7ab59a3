"""Tests for perfkit.analysis.warning_signs: each warning sign, present and absent,
and :func:`flag_everything`, which joins their names and reasons.

Every frame here is small and made by hand: one row per case, with only the
columns the sign reads. (test_verdict.py checks the signs on a whole assessment.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.warning_signs import (
    BUNCHING_MIN_PERIODS,
    FLAGS,
    STALE_AFTER_PERIODS,
    bunched_over_target,
    flag_everything,
    green_but_bottom_quartile,
    red_but_common_cause,
    series_break,
    stale_data,
    unambitious_target,
)

HIGHER, LOWER, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"


def _cases(rows: dict[str, dict]) -> pd.DataFrame:
    """One row per named case."""
    return pd.DataFrame.from_dict(rows, orient="index")


def _found(sign, frame: pd.DataFrame) -> dict[str, bool]:
    return {case: bool(hit) for case, hit in sign(frame).fillna(False).items()}


# -- green but bottom quartile -------------------------------------------------------
def test_green_but_bottom_quartile():
    frame = _cases({
        "green, bottom among peers": {"rag": "green", "peer_quartile": 4, "national_quartile": 2},
        "green, bottom in the nation": {"rag": "green", "peer_quartile": 3, "national_quartile": 4},
        "green, third quarter": {"rag": "green", "peer_quartile": 3, "national_quartile": 3},
        "amber, bottom": {"rag": "amber", "peer_quartile": 4, "national_quartile": 4},
        "red, bottom": {"rag": "red", "peer_quartile": 4, "national_quartile": 4},
        "green, no quartiles": {"rag": "green", "peer_quartile": np.nan,
                                "national_quartile": np.nan},
        # a neutral measure has no RAG (and no better quarter): never flagged
        "neutral": {"rag": "none", "peer_quartile": np.nan, "national_quartile": np.nan},
    })
    assert _found(green_but_bottom_quartile, frame) == {
        "green, bottom among peers": True, "green, bottom in the nation": True,
        "green, third quarter": False, "amber, bottom": False, "red, bottom": False,
        "green, no quartiles": False, "neutral": False}


# -- red but common cause ------------------------------------------------------------
def test_red_but_common_cause():
    frame = _cases({
        "red, usual range": {"rag": "red", "variation": "common_cause", "spc_reliable": True},
        "red, deteriorating": {"rag": "red", "variation": "special_cause_concern",
                               "spc_reliable": True},
        "amber, usual range": {"rag": "amber", "variation": "common_cause",
                               "spc_reliable": True},
        # too few points to trust the limits, or none: no claim about the usual range
        "red, trial limits": {"rag": "red", "variation": "common_cause",
                              "spc_reliable": False},
        "red, reliability unknown": {"rag": "red", "variation": "common_cause",
                                     "spc_reliable": None},
        "neutral": {"rag": "none", "variation": "common_cause", "spc_reliable": True},
    })
    assert _found(red_but_common_cause, frame) == {
        "red, usual range": True, "red, deteriorating": False, "amber, usual range": False,
        "red, trial limits": False, "red, reliability unknown": False, "neutral": False}


# -- unambitious target ----------------------------------------------------------------
def test_unambitious_target():
    frame = _cases({
        # higher is better: a target of 45 is below last year's 52
        "higher, below last year": {"polarity": HIGHER, "target": 45.0,
                                    "last_year_value": 52.0, "peer_median": 40.0},
        # above last year (52) but below the peer median (60)
        "higher, below peers": {"polarity": HIGHER, "target": 55.0, "last_year_value": 52.0,
                                "peer_median": 60.0},
        "higher, stretching": {"polarity": HIGHER, "target": 55.0, "last_year_value": 52.0,
                               "peer_median": 50.0},
        "higher, equal to both": {"polarity": HIGHER, "target": 52.0, "last_year_value": 52.0,
                                  "peer_median": 52.0},
        # lower is better: 45 under 52 and 50 is the ambitious side; 55 over 52 is not
        "lower, stretching": {"polarity": LOWER, "target": 45.0, "last_year_value": 52.0,
                              "peer_median": 50.0},
        "lower, above last year": {"polarity": LOWER, "target": 55.0, "last_year_value": 52.0,
                                   "peer_median": 60.0},
        # a neutral measure has no ambitious side, whatever the numbers
        "neutral": {"polarity": NEUTRAL, "target": 45.0, "last_year_value": 52.0,
                    "peer_median": 60.0},
        "higher, no target": {"polarity": HIGHER, "target": np.nan, "last_year_value": 52.0,
                              "peer_median": 60.0},
        "higher, nothing to compare": {"polarity": HIGHER, "target": 45.0,
                                       "last_year_value": np.nan, "peer_median": np.nan},
    })
    assert _found(unambitious_target, frame) == {
        "higher, below last year": True, "higher, below peers": True,
        "higher, stretching": False, "higher, equal to both": False,
        "lower, stretching": False, "lower, above last year": True, "neutral": False,
        "higher, no target": False, "higher, nothing to compare": False}


# -- bunched over target ---------------------------------------------------------------
def test_bunched_over_target():
    assert BUNCHING_MIN_PERIODS == 3
    frame = _cases({"four": {"periods_just_over_target": 4},
                    "three": {"periods_just_over_target": 3},
                    "two": {"periods_just_over_target": 2},
                    "no target": {"periods_just_over_target": np.nan}})
    assert _found(bunched_over_target, frame) == {
        "four": True, "three": True, "two": False, "no target": False}


# -- series break ----------------------------------------------------------------------
def test_series_break():
    frame = _cases({
        "a note": {"recent_status_notes": "Definition changed in 2024", "missing_periods": 0},
        "a gap": {"recent_status_notes": None, "missing_periods": 1},
        "both": {"recent_status_notes": "Revised", "missing_periods": 2},
        "neither": {"recent_status_notes": None, "missing_periods": 0},
        "an empty note": {"recent_status_notes": "", "missing_periods": 0},
    })
    assert _found(series_break, frame) == {
        "a note": True, "a gap": True, "both": True, "neither": False, "an empty note": False}


# -- stale data ------------------------------------------------------------------------
def test_stale_data():
    assert STALE_AFTER_PERIODS == 2
    frame = _cases({"three behind": {"periods_behind": 3},
                    "two behind": {"periods_behind": 2},
                    "up to date": {"periods_behind": 0},
                    "unknown": {"periods_behind": np.nan}})
    assert _found(stale_data, frame) == {
        "three behind": True, "two behind": False, "up to date": False, "unknown": False}


# -- flag_everything -------------------------------------------------------------------
#: A row with no warning sign; each case below changes a few columns.
QUIET = {"rag": "green", "peer_quartile": 2, "national_quartile": 2,
         "peer_group_name": "CIPFA nearest neighbours", "variation": "common_cause",
         "spc_reliable": True, "polarity": HIGHER, "target": 55.0, "last_year_value": 52.0,
         "peer_median": 50.0, "periods_just_over_target": 0, "recent_status_notes": None,
         "missing_periods": 0, "periods_behind": 0, "period": "2025-26 Q3", "nation": "Wales"}


@pytest.fixture
def flagged() -> pd.DataFrame:
    frame = _cases({
        "quiet": QUIET,
        "bottom and bunched": {**QUIET, "peer_quartile": 4, "periods_just_over_target": 4},
        "noise and break": {**QUIET, "rag": "red", "missing_periods": 2,
                            "recent_status_notes": "Definition changed in 2024"},
        "lowball and stale": {**QUIET, "target": 45.0, "periods_behind": 5,
                              "period": "2022-23"},
        "bottom in the nation": {**QUIET, "peer_quartile": np.nan, "national_quartile": 4,
                                 "peer_group_name": None},
        "peers ahead": {**QUIET, "target": 55.0, "peer_median": 60.0},
        "neutral, lowball": {**QUIET, "rag": "none", "polarity": NEUTRAL, "target": 45.0},
    })
    return flag_everything(frame)


def test_flag_everything_joins_the_names_in_order(flagged):
    assert flagged["flags"].to_dict() == {
        "quiet": "",
        "bottom and bunched": "green_but_bottom_quartile;bunched_over_target",
        "noise and break": "red_but_common_cause;series_break",
        "lowball and stale": "unambitious_target;stale_data",
        "bottom in the nation": "green_but_bottom_quartile",
        "peers ahead": "unambitious_target",
        "neutral, lowball": "",
    }
    assert list(FLAGS) == ["green_but_bottom_quartile", "red_but_common_cause",
                           "unambitious_target", "bunched_over_target", "series_break",
                           "stale_data"]


def test_flag_everything_joins_the_reasons(flagged):
    reasons = flagged["flag_reasons"]
    assert reasons["quiet"] == reasons["neutral, lowball"] == ""
    assert reasons["bottom and bunched"] == (
        "Green against its target, but in the bottom quarter among CIPFA nearest "
        "neighbours: the target may not be stretching enough. In 4 recent periods the "
        "value sat just over the target: check how the figure is counted and whether the "
        "target drives the work.")
    assert reasons["noise and break"] == (
        "Red against its target, but the latest value is within its usual range: the miss "
        "looks like normal variation, so the target, not the service, may need a look. "
        "The series may not compare like with like: 2 missing period(s); Definition "
        "changed in 2024.")
    assert reasons["lowball and stale"] == (
        "The target (45) is less ambitious than last year's result (52). The latest value "
        "is for 2022-23, several periods old: ask when newer figures will be available.")
    assert reasons["bottom in the nation"] == (
        "Green against its target, but in the bottom quarter among all councils in Wales: "
        "the target may not be stretching enough.")
    assert reasons["peers ahead"] == (
        "The target (55) is less ambitious than the peer median (60).")


def test_flag_everything_keeps_the_table_and_adds_two_columns(flagged):
    assert list(flagged.columns) == [*QUIET, "flags", "flag_reasons"]
    assert flagged.loc["lowball and stale", "target"] == 45.0


def test_flag_everything_with_nothing_to_flag():
    frame = _cases({"quiet": QUIET})
    out = flag_everything(frame)
    assert out[["flags", "flag_reasons"]].to_dict("records") == [
        {"flags": "", "flag_reasons": ""}]
    assert "flags" not in frame  # a copy: the table passed in is not changed
