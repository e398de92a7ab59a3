"""The scrutiny questions (perfkit/report/questions.py): each names the
measure and the numbers that raise it, is asked only where the evidence
raises it, and never contradicts the verdict. Hand-built rows first, then
the demo council's real assessment."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS, AssessmentOptions, assess
from perfkit.data.loading import load_data
from perfkit.report.questions import QUESTIONS, scrutiny_questions
from tests.paths import DATA

TARGET_WORDS = ("stretching enough", "realistic", "less ambitious", "just over its target")
DECLINE_WORDS = ("decline", "fall", "fell", "worse", "turn it round", "deteriorat")
#: The wording of every question before they named the measure and its numbers.
OLD_WORDING = (
    "Is our target stretching enough, when most similar councils do better?",
    "The miss looks like normal variation",
    "Why is the target lower than what we have already achieved",
    "Results keep landing just over the target",
    "Has the way this figure is counted changed",
    "What do more recent local figures show, before the next national release?",
    "What is causing the decline",
    "Are we meeting our legal duty for every child or resident",
)


def row(**overrides) -> dict:
    """A steady, higher-is-better total row with a target and no warning
    signs; every other column of the assessment table is missing."""
    built = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
    built.update(
        area_code="E08000009", area_name="Trafford", indicator_id="care_leavers_eet",
        title="Care leavers in education, employment or training (%)",
        short_title="Care leavers in education or work", unit="percent",
        polarity="higher_is_better", decimal_places=0, breakdown_dimension="all",
        breakdown_category="all", period="2024-25", value=56.0,
        previous_period="2023-24", previous_value=50.0, direction_previous="improving",
        last_year_period="2023-24", last_year_value=50.0, direction_last_year="improving",
        spc_mean=51.5, spc_lpl=40.0, spc_upl=63.0, spc_reliable=True, points=8,
        variation="common_cause", target=51.0, rag="green", peer_median=54.0, peer_rank=5,
        peer_count=15, peer_quartile=2, national_quartile=2, missing_periods=0,
        recent_status_notes="", periods_just_over_target=0, flags="", verdict="steady",
        verdict_reason="No real change.")
    built.update(overrides)
    return built


def questions(**overrides) -> list[str]:
    return [question for _, question in scrutiny_questions(row(**overrides))]


def concern(reason: str, **overrides) -> dict:
    """A concern for ``reason`` that is no worse than a year ago."""
    return row(verdict="concern", verdict_reason=reason, **overrides)


# -- each warning sign, with its numbers -----------------------------------------
def test_an_unambitious_target_names_the_benchmark_it_falls_short_of():
    assert questions(flags="unambitious_target") == [
        "The target for care leavers in education or work is 51%. That is less ambitious "
        "than the median of similar councils (54%). Why?"]
    # below last year's result: that is the reason, as in the warning sign
    assert questions(flags="unambitious_target", target=45.0, last_year_value=52.0) == [
        "The target for care leavers in education or work is 45%. That is less ambitious "
        "than the 2023-24 result (52%). Why?"]


def test_an_unambitious_target_respects_polarity():
    lower = questions(flags="unambitious_target", polarity="lower_is_better",
                      short_title="Care leavers NEET", target=43.0, last_year_value=40.0,
                      peer_median=39.0, value=38.0)
    assert lower == ["The target for care leavers NEET is 43%. That is less ambitious than the "
                     "2023-24 result (40%). Why?"]


def test_no_unambitious_question_where_the_numbers_do_not_show_it():
    assert questions(flags="unambitious_target", target=60.0) == []  # above both
    assert questions(flags="unambitious_target", target=53.6, peer_median=54.0,
                     last_year_value=np.nan) == []  # 54% against 54% at display rounding


def test_green_but_bottom_quartile_names_the_rank():
    among_peers = questions(flags="green_but_bottom_quartile", peer_rank=13, peer_quartile=4)
    assert among_peers == ["Care leavers in education or work (56%) meets its target of 51% "
                           "but is 13th of 15 similar councils. Is the target stretching enough?"]
    national = questions(flags="green_but_bottom_quartile", peer_quartile=pd.NA,
                         national_quartile=4, nation="Scotland")
    assert "but is in the bottom quarter of all councils in Scotland" in national[0]
    named = questions(flags="green_but_bottom_quartile", peer_rank=13, peer_quartile=4,
                      peer_group_name="CIPFA nearest neighbours (2021 model)")
    assert "but is 13th of 15 among its CIPFA nearest neighbours." in named[0]
    within_tolerance = questions(flags="green_but_bottom_quartile", peer_quartile=4, value=50.0)
    assert "(50%) is rated green against its target of 51%" in within_tolerance[0]
    assert questions(flags="green_but_bottom_quartile") == []  # not in a bottom quarter


def test_red_but_common_cause_names_value_and_target():
    assert questions(flags="red_but_common_cause", value=48.0, target=60.0, rag="red") == [
        "Care leavers in education or work (48%) misses its target of 60%, but within its "
        "usual ups and downs. Is the target realistic? Or does the service need to change to "
        "reach it?"]


def test_bunched_over_target_names_target_and_periods():
    [question] = questions(flags="bunched_over_target", periods_just_over_target=4)
    assert question.startswith("Care leavers in education or work has landed just over its "
                               "target of 51% in 4 recent periods.")


def test_series_break_says_what_is_missing_or_provisional():
    [question] = questions(flags="series_break", missing_periods=2,
                           recent_status_notes="2024-25 Q1 provisional; 2024-25 Q2 provisional")
    assert question == ("Care leavers in education or work has gaps or changes (2 recent "
                        "periods missing; 2024-25 Q1 and 2024-25 Q2 provisional). Has the way "
                        "it is counted changed? Can its figures be compared over time?")
    many = "2021-22 provisional; 2022-23 provisional; 2023-24 provisional; 2025-26 missing"
    [question] = questions(flags="series_break", recent_status_notes=many)
    assert "(3 periods since 2021-22 provisional; no figure for 2025-26)" in question
    assert questions(flags="series_break") == []  # nothing to say what broke


def test_stale_data_names_the_period():
    assert questions(flags="stale_data", verdict="stale", period="2017-18") == [
        "The latest figure for care leavers in education or work is for 2017-18. When will "
        "newer figures be available? What do local figures show meanwhile?"]


# -- concerns -----------------------------------------------------------------------
def test_a_missed_statutory_threshold_names_the_threshold():
    legal = concern("Below the level the law requires.", short_title="EHC plans issued within "
                    "20 weeks", statutory_threshold=100.0, value=53.4, decimal_places=1,
                    target=100.0, rag="red")
    assert [q for _, q in scrutiny_questions(legal)] == [
        "EHC plans issued within 20 weeks is 53.4% against the 100% the law requires. What "
        "will it take to meet the duty for everyone, and by when?"]
    assert scrutiny_questions(legal)[0][0] == "legal duties discharged?"
    ceiling = concern("Above the level the law allows.", polarity="lower_is_better",
                      statutory_threshold=10.0, value=12.0)
    assert "is 12% against a legal limit of 10%." in scrutiny_questions(ceiling)[0][1]


def test_a_threshold_met_raises_no_legal_question():
    assert questions(statutory_threshold=56.0) == []  # on it is not below it
    assert questions(statutory_threshold=100.0, value=np.nan) == []
    # a breakdown below the threshold is asked about it, by name
    [question] = questions(statutory_threshold=60.0, breakdown_dimension="sex",
                           breakdown_category="Female")
    assert question.startswith("Care leavers in education or work (sex: Female) is 56%")


def test_a_concern_that_is_worse_than_last_year_asks_about_the_change():
    worse = questions(verdict="concern", direction_last_year="worsening", value=45.0,
                      verdict_reason="A real change for the worse, beyond normal ups and downs.")
    assert worse == ["Care leavers in education or work went from 50% (2023-24) to 45% "
                     "(2024-25). What is behind this? What will officers do, by when, to turn "
                     "it round?"]


def test_a_concern_worse_than_the_period_before_when_no_year_to_compare():
    worse = questions(verdict="concern", direction_last_year="not_comparable",
                      direction_previous="worsening", previous_period="2024-25 Q1",
                      previous_value=58.0, period="2024-25 Q2", value=49.0,
                      verdict_reason="Missing its target and clearly worse than before.")
    assert "from 58% (2024-25 Q1) to 49% (2024-25 Q2)" in worse[0]


@pytest.mark.parametrize("reason", [
    "A real change for the worse, beyond normal ups and downs.",
    "The recent figures have shifted for the worse, beyond normal ups and downs.",
    "Cannot meet its target unless something changes.",
    "Clearly worse than the figure for all councils in England, and not improving.",
    "Some reason not yet written.",
])
@pytest.mark.parametrize("value", [45.0, 56.0])
def test_no_decline_wording_without_a_worsening_direction(reason, value):
    asked = questions(verdict="concern", verdict_reason=reason, value=value, rag="red",
                      target=60.0, national_value=58.0, direction_last_year="no_significant_change",
                      direction_previous="improving")
    assert len(asked) == 1  # a concern always has its question
    assert not any(word in asked[0].lower() for word in DECLINE_WORDS), asked


def test_each_concern_reason_has_its_own_question():
    below_usual = questions(verdict="concern", value=45.0, decimal_places=1,
                            verdict_reason="A real change for the worse, beyond normal ups and downs.")
    assert below_usual == ["Care leavers in education or work (45.0% in 2024-25) is below its "
                           "usual average of 51.5%. What is behind this? What will officers "
                           "do, by when?"]
    cannot = questions(verdict="concern", rag="red", target=60.0, spc_mean=50.0,
                       verdict_reason="Cannot meet its target unless something changes.")
    assert cannot == ["Care leavers in education or work cannot reach its target of 60% at its "
                      "usual level (average 50%). What would have to change?"]
    national = questions(verdict="concern", national_value=62.0, nation="Wales",
                         verdict_reason="Clearly worse than the figure for all councils in "
                                        "Wales, and not improving.")
    assert national == ["Care leavers in education or work is 56% against 62% for all councils "
                        "in Wales. What will officers do, by when, to close the gap?"]


def test_no_target_questions_on_a_concern():
    signs = "green_but_bottom_quartile;red_but_common_cause;unambitious_target;bunched_over_target"
    asked = questions(verdict="concern", flags=signs, peer_rank=14, peer_quartile=4,
                      periods_just_over_target=3, target=58.0, last_year_value=60.0,
                      verdict_reason="A real change for the worse, beyond normal ups and downs.",
                      direction_last_year="worsening")
    assert len(asked) == 1 and " went from " in asked[0]
    assert not any(word in q for q in asked for word in TARGET_WORDS)


def test_target_questions_only_for_a_total_with_a_target():
    signs = "green_but_bottom_quartile;unambitious_target;bunched_over_target"
    where = dict(flags=signs, peer_quartile=4, peer_rank=14, periods_just_over_target=3)
    assert len(questions(**where)) == 3
    assert questions(**where, target=np.nan) == []
    assert questions(**where, breakdown_dimension="age", breakdown_category="18-21") == []


# -- what a verdict allows ------------------------------------------------------------
def test_context_rows_get_nothing_but_a_series_break():
    every_sign = ("green_but_bottom_quartile;red_but_common_cause;unambitious_target;"
                  "bunched_over_target;stale_data")
    neutral = dict(verdict="context", polarity="neutral", peer_quartile=4, peer_rank=14,
                   statutory_threshold=100.0, periods_just_over_target=3)
    assert questions(flags=every_sign, **neutral) == []
    [question] = questions(flags=every_sign + ";series_break", missing_periods=1, **neutral)
    assert question.startswith("Care leavers in education or work has gaps or changes")


def test_stale_rows_get_only_the_stale_question():
    asked = questions(verdict="stale", flags="unambitious_target;series_break;stale_data",
                      missing_periods=1, statutory_threshold=100.0, period="2017-18")
    assert len(asked) == 1 and asked[0].startswith("The latest figure for")


def test_two_measures_with_the_same_sign_get_different_questions():
    first = questions(flags="unambitious_target")
    second = questions(flags="unambitious_target", short_title="Looked after: health checks",
                       target=84.0, peer_median=94.0)
    assert first != second
    assert "care leavers in education or work" in first[0]
    assert "looked after: health checks is 84%" in second[0]


def test_a_question_is_asked_once_and_each_has_a_line_of_enquiry():
    asked = scrutiny_questions(row(flags="series_break;series_break", missing_periods=1))
    assert len(asked) == 1
    lines = {line for line, _ in QUESTIONS.values()}
    assert asked[0][0] in lines
    assert scrutiny_questions(row(flags=None)) == []
    assert scrutiny_questions(row(flags="not_a_flag")) == []


# -- the demo council's real figures ---------------------------------------------------
@pytest.fixture(scope="module")
def demo_questions() -> list[tuple[pd.Series, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = assess(load_data(DATA), AssessmentOptions(period="2025-26 Q3",
                                                          areas=("E08000009",)))
    return [(measure, question) for _, measure in table.iterrows()
            for _, question in scrutiny_questions(measure)]


def test_real_questions_are_specific(demo_questions):
    asked = [question for _, question in demo_questions]
    assert len(asked) > 20
    assert len(asked) == len(set(asked)), "two questions are the same"
    assert not [q for q in asked if any(old in q for old in OLD_WORDING)]
    for measure, question in demo_questions:
        assert str(measure["short_title"])[1:].lower() in question.lower()
        assert not re.search(r"\d\.\d{3,}|nan|not available", question), question


def test_real_questions_follow_the_verdict(demo_questions):
    for measure, question in demo_questions:
        worsening = "worsening" in (measure["direction_last_year"], measure["direction_previous"])
        if not worsening:
            assert not any(word in question.lower() for word in DECLINE_WORDS), question
        if measure["verdict"] == "concern":
            assert not any(word in question for word in TARGET_WORDS), question
        if measure["verdict"] == "context":
            assert "has gaps or changes" in question, question
