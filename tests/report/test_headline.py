"""A measure's headline and points (perfkit/report/headline.py): short,
specific, and never at odds with the reconciled evidence."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from perfkit.analysis.verdict import ASSESSMENT_COLUMNS, AssessmentOptions, assess
from perfkit.data.loading import load_data
from perfkit.report.headline import MAX_HEADLINE_WORDS, MAX_POINTS, headline, points
from tests.paths import DATA


def _row(**overrides) -> dict:
    row = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
    row.update(short_title="Initial CP conferences within 15 days", unit="percent",
               polarity="higher_is_better", decimal_places=1, breakdown_dimension="all",
               breakdown_category="all", period="2024-25", value=87.1,
               last_year_period="2023-24", last_year_value=65.6, previous_period="2023-24",
               previous_value=65.6, direction_last_year="improving",
               direction_previous="improving", peer_rank=3, peer_count=15,
               verdict="steady", spc_lpl=40.0, spc_upl=100.0, spc_mean=75.0, points=10,
               spc_usable=True, variation="common_cause", rag="none", shared_with="")
    row.update(overrides)
    return row


def test_the_issue_example():
    assert headline(_row()) == (
        "Initial CP conferences within 15 days rose from 65.6% to 87.1% in 2024-25. "
        "That is better than a year earlier. It is 3rd of 15 similar councils.")


def test_the_headline_and_points_name_the_group_and_the_nation():
    row = _row(peer_group_name="CIPFA nearest neighbours (2021 model)", nation="Wales",
               national_value=80.2, national_comparison="better",
               national_comparison_998="better", peer_median=79.0)
    assert headline(row).endswith("It is 3rd of 15 among its CIPFA nearest neighbours.")
    assert "It is better than the figure for all councils in Wales (80.2%), beyond doubt." in \
        points(row)
    # a long name leaves no room in the headline: a shorter standing, and a point names it
    dfe = _row(peer_group_name="DfE children's services statistical neighbours (May 2025)")
    assert headline(dfe).endswith("It is 3rd of 15 similar councils.")
    assert points(dfe)[-1] == ("It is 3rd of 15 among its DfE children's services "
                               "statistical neighbours.")
    assert len(points(dfe)) <= MAX_POINTS
    # without a national figure the point is the group's median, named
    assert "The median of its CIPFA nearest neighbours is 79.0%." in points(
        _row(peer_group_name="CIPFA nearest neighbours (2021 model)", peer_median=79.0))


def test_lower_is_better_is_said():
    row = _row(short_title="SEND tribunal appeals", polarity="lower_is_better", value=1.30,
               last_year_value=0.60, previous_value=0.60, decimal_places=2,
               direction_last_year="worsening", direction_previous="worsening")
    text = headline(row)
    assert "rose from 0.60% to 1.30% in 2024-25" in text
    assert "Lower is better, so that is worse than a year earlier." in text


def test_about_the_same_is_only_said_of_a_small_change():
    row = _row(value=76.0, last_year_value=75.0, previous_value=75.0,
               direction_last_year="no_significant_change")
    assert "was 76.0% in 2024-25, about the same as a year earlier (75.0%)" in headline(row)


def test_context_measures_are_not_ranked_or_judged():
    row = _row(short_title="Safeguarding spend", polarity="neutral", unit="gbp",
               decimal_places=0, value=15_746_990, last_year_value=15_786_760,
               direction_last_year="no_significant_change", verdict="context",
               variation="special_cause_neutral_high")
    text = headline(row)
    assert "similar councils" not in text and "better" not in text and "worse" not in text
    assert points(row) == ["Recent figures are unusually high for this council."]


def test_a_change_within_normal_ups_and_downs_is_said_with_its_size():
    said = points(_row())
    assert "A change of 21.5 percentage points is within this measure's normal ups and " \
           "downs." in said


def test_a_shared_change_is_named():
    assert "All councils in Scotland show the same change, so it is not this council's alone." \
        in points(_row(shared_with="Scotland"))


def test_hit_and_miss_targets_are_said_in_words():
    said = points(_row(target=86.5, rag="green", assurance="hit_and_miss"))
    assert said[0] == ("It meets its target of 86.5%. At its usual level (75.0%) it will meet "
                       "it about half the time unless something changes.")


@pytest.fixture(scope="module")
def demo():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = assess(load_data(DATA), AssessmentOptions(period="2025-26 Q3",
                                                          areas=("E08000009", "E06000002")))
    return table[table["breakdown_dimension"] == "all"]


def test_every_demo_headline_is_short_and_says_its_period(demo):
    for _, row in demo.iterrows():
        text = headline(row)
        assert len(text.split()) <= MAX_HEADLINE_WORDS, text
        assert str(row["period"]) in text
        assert len(points(row)) <= MAX_POINTS


def test_better_and_worse_follow_the_direction(demo):
    for _, row in demo.iterrows():
        text = headline(row)
        assert ("is better than" in text) == (row["direction_last_year"] == "improving"
                                              or (row["direction_last_year"] == "not_comparable"
                                                  and row["direction_previous"] == "improving")), text
        assert "is worse than" not in text or "worsening" in (row["direction_last_year"],
                                                              row["direction_previous"])
