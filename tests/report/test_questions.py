"""The scrutiny questions chosen for hand-built assessment rows
(perfkit/report/questions.py): one question per warning sign, one for a
concern, one for a missed statutory threshold, each asked once."""

from __future__ import annotations

import numpy as np

from perfkit.report.questions import QUESTIONS, scrutiny_questions


def _row(**fields) -> dict:
    """A steady higher-is-better row with no warning signs and no threshold."""
    row = {"flags": "", "verdict": "steady", "polarity": "higher_is_better", "value": 49.0,
           "statutory_threshold": np.nan}
    row.update(fields)
    return row


def test_each_warning_sign_asks_its_question_in_order():
    row = _row(flags="stale_data;green_but_bottom_quartile")
    assert scrutiny_questions(row) == [QUESTIONS["stale_data"],
                                       QUESTIONS["green_but_bottom_quartile"]]
    line, question = scrutiny_questions(row)[1]
    assert line == "clear analysis of trends, targets and benchmarking"
    assert "stretching enough" in question


def test_nothing_to_ask_where_nothing_is_wrong():
    assert scrutiny_questions(_row()) == []
    assert scrutiny_questions(_row(flags=None)) == []
    assert scrutiny_questions(_row(flags="not_a_flag")) == []


def test_a_concern_asks_what_officers_will_do():
    assert scrutiny_questions(_row(verdict="concern")) == [QUESTIONS["concern"]]


def test_a_missed_statutory_threshold_asks_about_legal_duties():
    # 49 below a statutory 100 where higher is better; 49 above a ceiling of 40 where lower is
    assert scrutiny_questions(_row(statutory_threshold=100.0)) == [QUESTIONS["legal_duties"]]
    lower = _row(polarity="lower_is_better", statutory_threshold=40.0)
    assert scrutiny_questions(lower) == [QUESTIONS["legal_duties"]]
    assert scrutiny_questions(_row(statutory_threshold=49.0)) == []  # on it is not below it
    assert scrutiny_questions(_row(statutory_threshold=100.0, value=np.nan)) == []


def test_a_question_is_asked_once():
    row = _row(flags="series_break;series_break", verdict="concern")
    assert scrutiny_questions(row) == [QUESTIONS["series_break"], QUESTIONS["concern"]]
