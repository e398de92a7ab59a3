"""The indicator-set review's rules (perfkit/analysis/indicator_review.py,
paired_measures.py and review_suggestions.py) on hand-built cases: always
green, measures that move together, balance, how current a measure is, whether
it can tell improvement from noise, and the suggestions that follow."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis import indicator_review as review
from perfkit.analysis.paired_measures import (
    MIN_COUNCILS_TO_CORRELATE,
    STRONG_CORRELATION,
    pairs_moving_together,
)
from perfkit.analysis.review_suggestions import DECISIONS, partners, suggest, time_words, when
from perfkit.data.dataset import Dataset

COUNCIL = "E08000009"
YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


# -- always green -----------------------------------------------------------------------
def _series(values: dict[str, float], indicator: str = "a") -> pd.DataFrame:
    return pd.DataFrame({"area_code": COUNCIL, "indicator_id": indicator,
                         "period": list(values), "value": list(values.values()),
                         "breakdown_dimension": "all", "breakdown_category": "all"})


def _targets(values: dict[str, float], indicator: str = "a") -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": indicator, "area_code": COUNCIL,
                         "period": list(values), "target": list(values.values()),
                         "tolerance": 5.0, "tolerance_type": "relative"})


def _green(observations, targets, exceptional=None, up_to=None):
    found = review.always_green(observations, targets, pd.Series({"a": "higher_is_better"}),
                                council=COUNCIL, exceptional=exceptional, up_to=up_to)
    return found.loc["a"]


def test_met_every_period_for_three_years_is_always_green():
    obs = _series(dict(zip(YEARS, [40, 50, 61, 62, 63], strict=True)))
    found = _green(obs, _targets({"2022-23": 60, "2023-24": 60, "2024-25": 63}))
    assert found["always_green"]
    assert (found["rated_periods"], found["green_periods"]) == (3, 3)
    assert found["first_rated"] == "2022-23"


def test_one_amber_period_is_not_always_green():
    obs = _series(dict(zip(YEARS, [40, 50, 61, 58, 63], strict=True)))  # 58: within 5% of 60
    found = _green(obs, _targets({"2022-23": 60, "2023-24": 60, "2024-25": 63}))
    assert not found["always_green"]
    assert (found["rated_periods"], found["green_periods"]) == (3, 2)


def test_too_few_rated_periods_is_not_always_green():
    obs = _series(dict(zip(YEARS, [40, 50, 61, 62, 63], strict=True)))
    found = _green(obs, _targets({"2023-24": 60, "2024-25": 60}))
    assert review.ALWAYS_GREEN_MIN_PERIODS == 3
    assert (found["rated_periods"], bool(found["always_green"])) == (2, False)


def test_only_the_three_years_up_to_the_latest_figure_count():
    obs = _series(dict(zip(YEARS, [10, 10, 61, 62, 63], strict=True)))
    targets = _targets({"2020-21": 60, "2021-22": 60, "2022-23": 60, "2023-24": 60,
                        "2024-25": 60})
    assert _green(obs, targets)["always_green"]  # the reds of 2020-21 and 2021-22 are older
    earlier = _green(obs, targets, up_to=pd.Timestamp("2024-03-31"))  # 2024-25 not yet known
    assert (earlier["rated_periods"], bool(earlier["always_green"])) == (3, False)


def test_an_exceptional_period_is_skipped():
    quarters = [f"{year} Q{q}" for year in ("2023-24", "2024-25") for q in (1, 2, 3, 4)]
    values = dict.fromkeys(quarters, 61.0) | {"2024-25 Q1": 10.0}
    targets = _targets(dict.fromkeys(quarters, 60.0))
    assert not _green(_series(values), targets)["always_green"]  # 2024-25 Q1 was red
    exceptional = pd.DataFrame({"period": ["2024-25 Q1"], "reason": ["a cyber attack"]})
    found = _green(_series(values), targets, exceptional)
    assert found["always_green"] and found["rated_periods"] == 7


def test_no_targets_means_nothing_rated():
    obs = _series(dict(zip(YEARS, [40, 50, 61, 62, 63], strict=True)))
    found = _green(obs, None)
    assert (found["rated_periods"], bool(found["always_green"])) == (0, False)


# -- measures that move together --------------------------------------------------------
def _places(councils: int, peers: int) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    codes = [COUNCIL] + [f"E0600{n:04d}" for n in range(1, councils)]
    areas = pd.DataFrame({
        "area_code": ["E92000001", *codes, "E05000001"],
        "area_type": ["country", *["metropolitan_district"] * councils, "ward"],
        "nation": "England"})
    groups = pd.DataFrame({"group_id": "near", "area_code": COUNCIL, "peer_code": codes[1:peers + 1]})
    return areas, groups, codes


def _figures(codes: list[str], indicator: str, values, period: str = "2024-25") -> pd.DataFrame:
    return pd.DataFrame({"area_code": codes, "indicator_id": indicator, "period": period,
                         "value": list(values), "breakdown_dimension": "all",
                         "breakdown_category": "all"})


def _pairs(obs, areas, groups, ids=("a", "b", "c")):
    return pairs_moving_together(obs, areas, groups, council=COUNCIL, peer_group="near",
                                 indicator_ids=list(ids)).set_index(["indicator_id", "other_id"])


def test_two_monotonic_measures_move_together_with_r_of_one():
    areas, groups, codes = _places(14, 12)
    ranks = np.arange(14)
    obs = pd.concat([_figures(codes, "a", ranks), _figures(codes, "b", ranks ** 2 + 1),
                     _figures(codes, "c", [3, 9, 1, 12, 5, 7, 2, 11, 4, 13, 0, 8, 6, 10])])
    found = _pairs(obs, areas, groups)
    ab = found.loc[("a", "b")]
    assert ab["r"] == pytest.approx(1.0) and ab["strong"]
    assert (ab["compared_with"], ab["councils"], ab["period"]) == ("peer_group", 13, "2024-25")
    assert abs(found.loc[("a", "c"), "r"]) < STRONG_CORRELATION
    assert not found.loc[("a", "c"), "strong"]


def test_opposite_orders_move_together_with_r_of_minus_one():
    areas, groups, codes = _places(12, 11)
    obs = pd.concat([_figures(codes, "a", range(12)), _figures(codes, "b", range(12, 0, -1))])
    found = _pairs(obs, areas, groups, ("a", "b"))
    assert found.loc[("a", "b"), "r"] == pytest.approx(-1.0) and found.loc[("a", "b"), "strong"]


def test_too_few_councils_are_not_judged():
    areas, groups, codes = _places(MIN_COUNCILS_TO_CORRELATE - 1, 5)
    obs = pd.concat([_figures(codes, "a", range(9)), _figures(codes, "b", range(9))])
    found = _pairs(obs, areas, groups, ("a", "b")).loc[("a", "b")]
    assert found["compared_with"] == "too_few_councils" and np.isnan(found["r"])
    assert not found["strong"]


def test_a_small_peer_group_falls_back_to_the_nation():
    areas, groups, codes = _places(12, 3)
    obs = pd.concat([_figures(codes, "a", range(12)), _figures(codes, "b", range(12))])
    found = _pairs(obs, areas, groups, ("a", "b")).loc[("a", "b")]
    assert (found["compared_with"], found["councils"]) == ("nation", 12)


def test_the_latest_common_period_breakdowns_and_wards_are_used_rightly():
    areas, groups, codes = _places(12, 11)
    old, new = range(12), [5] * 12
    obs = pd.concat([_figures(codes, "a", old, "2023-24"), _figures(codes, "b", old, "2023-24"),
                     _figures(codes, "a", new, "2024-25")])  # b has no 2024-25 figure
    broken = _figures(codes, "b", range(12, 0, -1), "2023-24").assign(
        breakdown_dimension="sex", breakdown_category="Female")
    ward = _figures(["E05000001"], "b", [99], "2023-24")
    found = _pairs(pd.concat([obs, broken, ward]), areas, groups, ("a", "b")).loc[("a", "b")]
    assert found["period"] == "2023-24" and found["r"] == pytest.approx(1.0)
    assert found["councils"] == 12


def test_no_common_period_gives_an_empty_table():
    areas, groups, codes = _places(12, 11)
    obs = pd.concat([_figures(codes, "a", range(12), "2023-24"),
                     _figures(codes, "b", range(12), "2024/25")])
    found = pairs_moving_together(obs, areas, groups, council=COUNCIL, peer_group="near",
                                  indicator_ids=["a", "b"])
    assert found.empty and list(found.columns)[:2] == ["indicator_id", "other_id"]


# -- metadata, currency, can tell, balance ----------------------------------------------
def _totals() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
        "short_title": ["Alpha", "Beta", "Gamma", "Delta"], "unit": "percent",
        "polarity": ["higher_is_better", "lower_is_better", "neutral", "higher_is_better"],
        "decimal_places": 1,
        "frequency": ["financial_year", "financial_quarter", "financial_year", "irregular"],
        "period": ["2024-25", "2025-26 Q3", "2021-22", "2024-25"], "value": 1.0,
        "target": [50.0, np.nan, np.nan, np.nan], "points": [6, 8, 12, 3],
        "periods_behind": [1, 1, 3, 2]})


def _indicators() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": ["a", "b", "c", "d"],
        "priority": ["Healthy Lives", "Healthy Lives", None, " "],
        "owner": ["Director of Public Health", None, "Head of Finance", "Head of Planning"],
        "measure_type": ["outcome", "process", None, None],
        "statutory_basis": [None, None, None, "An Act"], "description": None,
        "source": "Test", "service": "Test"})


def test_measure_facts_read_the_metadata_and_say_how_current():
    facts = review.measure_facts(_totals(), _indicators()).set_index("indicator_id")
    assert list(facts["linked"]) == [True, True, False, False]  # " " is no priority
    assert list(facts["kind"]) == ["outcome", "process", "context", "not set"]
    assert list(facts["has_target"]) == [True, False, False, False]
    assert list(facts["out_of_date"]) == [False, False, True, False]  # more than 2 behind
    assert facts.loc["b", "owner"] == "" and facts.loc["d", "statutory_basis"] == "An Act"


def test_can_tell_needs_twelve_figures_and_says_how_long_until_then():
    found = review.can_tell(pd.Series([6, 8, 12, 10, 3]),
                            pd.Series(["financial_year", "financial_quarter", "month",
                                       "two_yearly", "irregular"]),
                            pd.Series(["2024-25", "2025-26 Q3", "2026-03", "2024", "2024"]))
    assert review.MIN_POINTS_TO_TELL == 12
    assert list(found["can_tell"]) == [False, False, True, False, False]
    assert list(found["figures_needed"]) == [6, 4, 0, 2, 9]
    assert found["months_needed"].iloc[:4].tolist() == [72, 12, 0, 48]  # 2 two-yearly: 4 years
    assert np.isnan(found["months_needed"].iloc[4])
    assert [time_words(m) for m in (72, 12, 9, 27)] == [
        "6 more years", "1 more year", "9 more months", "about 2 more years"]


def test_balance_counts_each_priority_and_kind():
    measures = pd.DataFrame({
        "priority": ["P", "P", "P", "Q", "", ""],
        "kind": ["outcome", "outcome", "process", "context", "output", "context"]})
    found = review.balance(measures).set_index(["priority", "kind"])["measures"]
    assert found[("P", "outcome")] == 2 and found[("P", "process")] == 1
    assert found[("P", "output")] == 0 and found[("Q", "context")] == 1
    assert found[("", "output")] == 1 and found.sum() == 6
    assert list(dict.fromkeys(found.index.get_level_values(0))) == ["P", "Q", ""]
    gaps = review.priority_gaps(review.balance(measures)).set_index("priority")
    assert list(gaps.index) == ["P", "Q"]
    assert (gaps.loc["P", "measures"], bool(gaps.loc["P", "few"])) == (3, False)
    assert (gaps.loc["Q", "measures"], bool(gaps.loc["Q", "few"])) == (0, True)
    assert not gaps.loc["Q", "no_outcome"]  # no measures at all is "few", not "no outcome"


# -- suggestions ---------------------------------------------------------------------------
def _reviewed(**changes) -> pd.DataFrame:
    facts = review.measure_facts(_totals(), _indicators())
    found = {"rated_periods": [3, 0, 0, 0], "green_periods": [3, 0, 0, 0],
             "first_rated": ["2022-23", None, None, None],
             "always_green": [True, False, False, False]}
    facts = facts.assign(**(found | changes))
    pairs = pd.DataFrame({"indicator_id": ["a"], "other_id": ["b"], "period": ["2024-25"],
                          "compared_with": ["peer_group"], "councils": [12], "r": [-0.9],
                          "strong": [True]})
    facts = facts.join(partners(pairs), on="indicator_id")
    return suggest(facts, facts.set_index("indicator_id")["short_title"]).set_index(
        "indicator_id")


def test_suggestions_come_most_important_first():
    found = _reviewed()
    assert found.loc["a", "suggestions"] == [
        "Set a harder target or drop it: met its target every time since 2022-23 (3 periods)",
        "Moves against Beta across similar councils: one may be enough",
        "Cannot yet show improvement: 6 yearly figures, and 12 are needed (6 more years)"]
    assert found.loc["b", "suggestion_codes"] == ["moves_together", "owner", "too_few_figures"]
    assert found.loc["c", "suggestions"] == [
        "Link it to a plan priority, or drop it: it serves none",
        "Find fresher data: the latest figure is for 2021-22"]
    assert found.loc["d", "suggestion"] == ("Link it to a plan priority: it serves none, but "
                                            "it measures a legal duty")


def test_a_measure_with_no_decision_is_kept_first():
    found = _reviewed(priority="P", linked=True, always_green=False, owner="Someone",
                      out_of_date=False)
    found = found.drop(columns=[c for c in found.columns if c.startswith("suggestion")])
    found = found.drop(columns=["partner_ids", "partner_signs", "partner_peers"]).reset_index()
    kept = suggest(found, found.set_index("indicator_id")["short_title"]).set_index(
        "indicator_id")
    assert kept.loc["a", "suggestion_codes"] == ["keep", "too_few_figures"]
    assert kept.loc["c", "suggestions"] == [
        "Keep as background: higher is neither better nor worse"]
    assert not any(code in DECISIONS for code in kept.loc["a", "suggestion_codes"])


def test_months_are_said_as_words():
    assert when("2020-02") == "February 2020" and when("2024/25") == "2024/25"


# -- the whole review ------------------------------------------------------------------------
def test_the_review_of_a_small_dataset():
    areas, groups, codes = _places(12, 11)
    obs = pd.concat([_figures(codes, "a", range(12)), _figures(codes, "b", range(12))])
    indicators = _indicators().iloc[:2]
    totals = _totals().iloc[:2].assign(period="2024-25", frequency="financial_year")
    data = Dataset(Path("."), {"observations": obs, "areas": areas, "peer_groups": groups,
                               "indicators": indicators}, {})
    found = review.review_indicators(data, totals, council=COUNCIL, period="2025-26 Q4",
                                     peer_group="near")
    assert list(found.measures["indicator_id"]) == ["a", "b"]  # Alpha, Beta in Healthy Lives
    assert len(found.strong_pairs) == 1
    assert found.measures.set_index("indicator_id").loc["a", "suggestion"].startswith(
        "Moves with Beta across similar councils")
    assert found.balance["measures"].sum() == 2
