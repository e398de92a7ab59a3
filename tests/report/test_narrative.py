"""The narrative's sentences from hand-built assessment rows
(perfkit/narrative.py): a comparison of two values and an SPC signal that seem
to disagree are linked, and the signal is named."""

from __future__ import annotations

import numpy as np

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS
from perfkit.report.narrative import describe, narrate


def _row(**overrides) -> dict:
    """An annual higher-is-better percentage: 62.0% in 2024-25, about the same as
    60.0% a year earlier, on a chart with mean 55.0% and limits 48.0% to 61.5%."""
    row = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
    row.update(
        short_title="Measure", unit="percent", polarity="higher_is_better", decimal_places=1,
        breakdown_dimension="all", breakdown_category="all", period="2024-25", value=62.0,
        previous_period="2023-24", previous_value=60.0,
        direction_previous="no_significant_change", last_year_period="2023-24",
        last_year_value=60.0, direction_last_year="no_significant_change", points=12,
        spc_mean=55.0, spc_lpl=48.0, spc_upl=61.5, spc_reliable=True,
        variation="special_cause_improvement", spc_rule="run", spc_signal_points=8,
        rag="none", flags="", flag_reasons="", last_year_beyond_usual=False,
        previous_beyond_usual=False)
    row.update(overrides)
    return row


def _variation_sentence(row: dict) -> str:
    return next(s.text for s in narrate(row) if "variation" in s.fields)


def test_about_the_same_and_a_real_improvement_are_linked():
    text = describe(_row())
    # the two-point comparison: 62.0 - 60.0 = 2.0 points, within the noise
    assert ("That is about the same as a year earlier (60.0% in 2023-24), a change of 2.0 "
            "percentage points, within normal ups and downs. But the "
            "last 8 values have all been above its average (55.0%), which is a real "
            "improvement, not just normal ups and downs. Over 12 periods it would usually "
            "fall between 48.0% and 61.5%.") in text


def test_a_signal_that_agrees_needs_no_but():
    row = _row(direction_last_year="improving", direction_previous="improving",
               spc_rule="outside_limits", spc_signal_points=1)
    text = describe(row)
    assert "But" not in text
    assert ("The latest value is above the top of its usual range (61.5%), which is a real "
            "improvement, not just normal ups and downs.") in text


def test_each_rule_is_named_in_plain_english():
    # lower is better, so a concern is high and an improvement is low
    lower = {"polarity": "lower_is_better", "direction_last_year": "worsening",
             "direction_previous": "worsening"}
    outside = _row(**lower, variation="special_cause_concern", spc_rule="outside_limits",
                   spc_signal_points=2)
    assert _variation_sentence(outside).startswith(
        "The last 2 values have both been above the top of its usual range (61.5%), which is "
        "a real change for the worse")
    trend = _row(polarity="lower_is_better", variation="special_cause_improvement",
                 spc_rule="trend", spc_signal_points=7)
    # 7 values in a trend are 6 falls; "about the same" a year earlier, so "But"
    assert _variation_sentence(trend).startswith(
        "But it has gone down 6 times in a row, which is a real improvement")
    two = _row(polarity="neutral", variation="special_cause_neutral_low",
               spc_rule="two_of_three", spc_signal_points=2, direction_last_year="decreased",
               direction_previous="decreased")
    assert _variation_sentence(two).startswith(
        "2 of the last 3 values have been near or below the bottom of its usual range, which "
        "is unusually low for this council")
    three = _row(spc_rule="two_of_three", spc_signal_points=3)
    assert "But all 3 of the last 3 values have been near or above the top" in describe(three)


def test_a_comparison_the_other_way_is_linked_too():
    # quarterly: better than the period before, worse than a year earlier, and a run of
    # low values (a concern where higher is better)
    row = _row(previous_period="2024-25 Q3", period="2024-25 Q4",
               last_year_period="2023-24 Q4", direction_previous="improving",
               direction_last_year="worsening", variation="special_cause_concern",
               spc_rule="run", spc_signal_points=7, value=50.0, previous_value=45.0,
               last_year_value=58.0)
    text = describe(row)
    assert "That is better than the period before (45.0% in 2024-25 Q3)" in text
    assert ("But the last 7 values have all been below its average (55.0%), which is a real "
            "change for the worse") in text


def test_without_the_rule_the_general_sentence_stays():
    # rows from before spc_rule existed (or a missing count) keep the old wording
    text = _variation_sentence(_row(spc_rule=np.nan, spc_signal_points=np.nan))
    assert text.startswith("The latest figures show a real improvement, not just normal ups "
                           "and downs.")
    common = _variation_sentence(_row(variation="common_cause", spc_rule=np.nan,
                                      spc_signal_points=np.nan))
    assert common.startswith("The latest figure is within its usual range")
    assert "on its own" not in describe(_row(variation="common_cause"))


def test_every_field_named_is_an_assessment_column():
    for sentence in narrate(_row()):
        assert set(sentence.fields) <= set(ASSESSMENT_COLUMNS)
