"""The target review's evidence, classes and suggested ranges
(perfkit/analysis/target_review.py and target_classes.py), on hand-built
rows whose expected values are worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from perfkit.analysis.target_classes import AT_BEST_POSSIBLE, classify_targets, suggest_ranges
from perfkit.analysis.target_review import (
    REVIEW_COLUMNS,
    best_results,
    next_year,
    peer_benchmarks,
    proposed_targets,
    review_targets,
    trajectories,
)
from perfkit.data.dataset import Dataset

COUNCIL = "E08000009"
NAN = float("nan")


def _row(**values) -> dict:
    """One evidence row: a percentage, higher is better, one decimal place."""
    base = {"indicator_id": "m", "short_title": "M", "unit": "percent",
            "polarity": "higher_is_better", "decimal_places": 1, "stale": False,
            "latest_period": "2024-25", "latest_value": NAN, "usual_mean": NAN,
            "usual_low": NAN, "usual_high": NAN, "peer_median": NAN,
            "peer_best_quarter": NAN, "peer_best": NAN, "best_value": NAN,
            "best_period": "2022-23", "proposed_target": NAN, "statutory_threshold": NAN}
    return {**base, **values}


def _classed(**values) -> tuple[str | None, str | None, str | None]:
    found = classify_targets(pd.DataFrame([_row(**values)]))
    return found["target_class"][0], found["class_basis"][0], found["class_reason"][0]


def _suggested(**values) -> tuple[float, float, str | None]:
    found = suggest_ranges(pd.DataFrame([_row(**values)]))
    return found["suggested_low"][0], found["suggested_high"][0], found["suggestion_basis"][0]


# -- the classes ----------------------------------------------------------------------
USUAL = {"usual_mean": 82.0, "usual_low": 70.0, "usual_high": 94.0}


def test_a_target_below_the_usual_average_is_not_stretching():
    assert _classed(proposed_target=80.0, latest_value=84.0, peer_median=83.0, **USUAL) == (
        "not_stretching", "usual_average", "The council already reaches 82.0% on average; "
        "the target of 80.0% could be met even if things got worse.")


def test_a_target_equal_to_the_average_as_shown_asks_for_no_change():
    # 81.96 shows as 82.0%: the target of 82.0% reads the same, so it asks for nothing
    found = _classed(proposed_target=82.0, latest_value=84.0, **{**USUAL, "usual_mean": 81.96})
    assert found == ("not_stretching", "usual_average", "The council already reaches 82.0% "
                     "on average; the target of 82.0% asks for no change.")


def test_lower_is_better_below_last_year_and_the_peer_median_is_not_stretching():
    # better than the usual 20%, but worse than the latest 15% and the peers' 16%
    found = _classed(polarity="lower_is_better", proposed_target=17.0, latest_value=15.0,
                     peer_median=16.0, usual_mean=20.0, usual_low=10.0, usual_high=30.0)
    assert found == ("not_stretching", "latest_and_peers", "The target of 17.0% is above "
                     "the latest result (15.0% in 2024-25) and the median of similar "
                     "councils (16.0%).")


def test_higher_is_better_below_last_year_and_the_peer_median_without_limits():
    found = _classed(proposed_target=80.0, latest_value=84.0, peer_median=83.0)
    assert found[:2] == ("not_stretching", "latest_and_peers")
    assert "is below the latest result (84.0% in 2024-25)" in found[2]


def test_with_no_limits_and_no_peers_last_year_alone_decides():
    assert _classed(proposed_target=50.0, latest_value=50.0)[:2] == (
        "not_stretching", "latest_only")
    assert _classed(proposed_target=51.0, latest_value=50.0)[:2] == (
        "realistic_stretch", "stretch")


def test_better_than_the_limit_every_peer_and_the_best_is_beyond_anything_seen():
    found = _classed(proposed_target=75.0, latest_value=62.0, usual_mean=60.0, usual_low=50.0,
                     usual_high=70.0, best_value=68.0, peer_best=72.0, peer_median=61.0)
    assert found == ("beyond_seen", "beyond", "Nothing recorded is as good as 75.0%: the "
                     "council's best was 68.0% (2022-23), the best similar council had 72.0% "
                     "and the better end of its usual range is 70.0%.")


def test_lower_is_better_beyond_anything_seen_uses_the_lower_limit():
    found = _classed(polarity="lower_is_better", proposed_target=4.0, latest_value=9.0,
                     usual_mean=10.0, usual_low=6.0, usual_high=14.0, best_value=7.0,
                     peer_best=5.0)
    assert found[0] == "beyond_seen"
    assert "the better end of its usual range is 6.0%" in found[2]
    # no better than the best similar council (5.0%): a realistic stretch
    assert _classed(polarity="lower_is_better", proposed_target=5.0, latest_value=9.0,
                    usual_mean=10.0, usual_low=6.0, usual_high=14.0, best_value=7.0,
                    peer_best=5.0)[0] == "realistic_stretch"


def test_beyond_anything_seen_without_peers_names_what_there_is():
    found = _classed(proposed_target=72.0, latest_value=62.0, best_value=71.0, **{
        "usual_mean": 60.0, "usual_low": 50.0, "usual_high": 70.0})
    assert found[2] == ("Nothing recorded is as good as 72.0%: the council's best was 71.0% "
                        "(2022-23) and the better end of its usual range is 70.0%.")


def test_a_realistic_stretch_inside_the_usual_range():
    found = _classed(proposed_target=65.0, latest_value=61.0, usual_mean=60.0, usual_low=50.0,
                     usual_high=70.0, best_value=68.0, peer_best=72.0, peer_median=62.0)
    assert found == ("realistic_stretch", "stretch", "The target of 65.0% is better than "
                     "the council's usual 60.0%, and inside its usual range (50.0% to 70.0%).")


def test_a_realistic_stretch_without_limits_reached_before():
    found = _classed(proposed_target=52.0, latest_value=50.0, peer_median=55.0,
                     peer_best=65.0, best_value=58.0)
    assert found[2] == ("The target of 52.0% is better than its latest result of 50.0%, and "
                        "the council reached 58.0% in 2022-23.")


def test_neutral_measures_and_measures_without_a_proposal_are_not_classed():
    assert _classed(polarity="neutral", proposed_target=5.0, latest_value=4.0)[:2] == (
        None, None)
    assert _classed(latest_value=50.0, **USUAL) == (None, None, None)
    assert _classed(proposed_target=50.0)[2] == ("There are no figures yet to judge this "
                                                 "target against.")


# -- suggested ranges --------------------------------------------------------------------
def test_a_range_from_just_better_than_now_to_the_peers_best_quarter():
    assert _suggested(latest_value=62.0, usual_mean=60.0, usual_low=50.0, usual_high=70.0,
                      peer_best_quarter=66.0) == (62.1, 66.0, "similar councils' best quarter")


def test_where_peers_give_no_room_the_better_limit_tops_the_range():
    assert _suggested(latest_value=58.0, usual_mean=60.0, usual_low=50.0, usual_high=70.0,
                      peer_best_quarter=59.0) == (60.1, 70.0,
                                                  "the better end of its usual range")


def test_lower_is_better_ranges_go_down():
    assert _suggested(polarity="lower_is_better", latest_value=18.0, usual_mean=20.0,
                      usual_low=12.0, usual_high=28.0, peer_best_quarter=19.0) == (
        17.9, 12.0, "the better end of its usual range")


def test_a_limit_cut_at_100_percent_gives_way_to_the_best_result():
    assert _suggested(latest_value=95.0, usual_mean=90.0, usual_low=80.0, usual_high=100.0,
                      peer_best_quarter=94.0, best_value=97.0) == (
        95.1, 97.0, "the council's best result")


def test_a_measure_at_100_percent_is_kept_there():
    low, high, basis = _suggested(latest_value=100.0, usual_mean=95.0, usual_low=85.0,
                                  usual_high=100.0)
    assert (low, basis) == (100.0, AT_BEST_POSSIBLE) and math.isnan(high)


def test_a_legal_duty_tops_the_range():
    assert _suggested(latest_value=53.4, usual_mean=55.54, usual_low=10.0, usual_high=100.0,
                      peer_best_quarter=46.6, statutory_threshold=100.0) == (
        55.6, 100.0, "the level the law sets")


@pytest.mark.parametrize("values", [
    {"proposed_target": 65.0},  # a target is proposed
    {"stale": True},  # the latest figure is old
    {"polarity": "neutral"},
    {"usual_mean": NAN, "usual_low": NAN, "usual_high": NAN, "peer_best_quarter": NAN},
])
def test_no_range_without_a_need_or_the_evidence(values):
    row = {"latest_value": 62.0, **USUAL, "peer_best_quarter": 66.0, **values}
    assert math.isnan(_suggested(**row)[0])


# -- the evidence ------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "period", "expected"), [
    ("financial_year", "2025-26 Q4", "2026-27"),
    ("academic_year", "2025-26 Q4", "2026/27"),  # 2025/26 is mostly before April 2026
    ("calendar_year", "2025-26 Q4", "2026"),  # most of 2026 is after March 2026
    ("financial_quarter", "2025-26 Q4", "2026-27"),
    ("month", "2025-26 Q4", "2026-27"),
    ("calendar_year", "2025-26 Q2", "2026"),
])
def test_next_year(kind, period, expected):
    assert next_year(kind, period).label == expected


def test_the_proposed_target_is_the_first_after_the_period_a_year_before_its_quarter():
    targets = pd.DataFrame({
        "indicator_id": ["a", "a", "a", "a", "b", "b", "c"],
        "area_code": [COUNCIL] * 6 + ["E08000001"],
        "period": ["2025-26", "2026-27 Q1", "2026-27", "2027-28", "2025/26", "2026/27",
                   "2026-27"],
        "target": [50, 51, 52, 53, 10, 9, 1], "synthetic": [True] * 7})
    found = proposed_targets(targets, COUNCIL, "2025-26 Q4")
    assert found.to_dict("list") == {"indicator_id": ["a", "b"],
                                     "proposed_period": ["2026-27", "2026/27"],
                                     "proposed_target": [52.0, 9.0],
                                     "proposed_synthetic": [True, True]}
    assert proposed_targets(None, COUNCIL, "2025-26 Q4").empty


def test_best_results_by_polarity_the_latest_of_equal_bests():
    own = pd.DataFrame({"indicator_id": ["up", "up", "up", "down", "down", "flat"],
                        "period": ["2022-23", "2023-24", "2024-25", "2023-24", "2024-25",
                                   "2024-25"],
                        "value": [70.0, 60.0, 70.0, 12.0, 15.0, 3.0]})
    polarity = pd.Series({"up": "higher_is_better", "down": "lower_is_better",
                          "flat": "neutral"})
    found = best_results(own, polarity).set_index("indicator_id")
    assert found.to_dict("index") == {"down": {"best_value": 12.0, "best_period": "2023-24"},
                                      "up": {"best_value": 70.0, "best_period": "2024-25"}}


def _peer_table(values: list[float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    peers = [f"E0600000{i}" for i in range(len(values))]
    groups = pd.DataFrame({"group_id": "g", "area_code": COUNCIL, "peer_code": peers})
    obs = pd.DataFrame({"area_code": [COUNCIL, *peers], "indicator_id": "m",
                        "period": "2024-25", "value": [99.0, *values],
                        "breakdown_dimension": "all"})
    return obs, groups


@pytest.mark.parametrize(("polarity", "quarter", "best"), [
    ("higher_is_better", 40.0, 50.0),  # the 75th percentile of 10..50
    ("lower_is_better", 20.0, 10.0),  # the 25th
])
def test_peer_benchmarks_leave_the_council_out(polarity, quarter, best):
    obs, groups = _peer_table([10.0, 20.0, 30.0, 40.0, 50.0])
    rows = pd.DataFrame({"indicator_id": ["m"], "period": ["2024-25"], "peer_group": ["g"],
                         "polarity": [polarity]})
    found = peer_benchmarks(obs, groups, rows, COUNCIL).iloc[0]
    assert (found["peer_count"], found["peer_median"], found["peer_best_quarter"],
            found["peer_best"]) == (5, 30.0, quarter, best)


def test_too_few_peers_give_no_median_or_best_quarter():
    obs, groups = _peer_table([10.0, 20.0, 30.0])
    rows = pd.DataFrame({"indicator_id": ["m"], "period": ["2024-25"], "peer_group": ["g"],
                         "polarity": ["higher_is_better"]})
    found = peer_benchmarks(obs, groups, rows, COUNCIL).iloc[0]
    assert found["peer_count"] == 3 and found["peer_best"] == 30.0
    assert math.isnan(found["peer_median"]) and math.isnan(found["peer_best_quarter"])


def test_trajectories_carry_the_line_on_and_stop_at_100_percent():
    indicators = pd.DataFrame({"indicator_id": ["a", "b"], "polarity": "higher_is_better",
                               "unit": "percent"})
    periods = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    own = pd.DataFrame({"indicator_id": ["a"] * 5 + ["b"] * 3,
                        "period": periods + periods[-3:],
                        "value": [10.0, 52.0, 54.0, 56.0, 58.0, 90.0, 94.0, 98.0]})
    rows = pd.DataFrame({"indicator_id": ["a", "b"], "period": ["2024-25", "2024-25"],
                         "trend_period": ["2026-27", "2026-27"], "unit": ["percent"] * 2})
    found = trajectories(own, indicators, rows).set_index("indicator_id")["trend_value"]
    # a: the last four years rise by 2 a year (2020-21 is too long ago): 58 + 2 x 2
    assert found["a"] == pytest.approx(62.0)
    assert found["b"] == 100.0  # 98 + 4 x 2 = 106, cut at 100%


# -- the whole review, on a small hand-built dataset ----------------------------------------
def _dataset() -> Dataset:
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(2015, 2025)]
    own = [40.0 + 2 * i for i in range(10)]
    own[5] = 99.0  # 2020-21, an exceptional year: not a best result
    peers = [f"E0600000{i}" for i in range(5)]
    obs = pd.DataFrame({
        "area_code": [COUNCIL] * 10 + peers + peers,
        "indicator_id": ["up"] * 15 + ["down"] * 5,
        "period": years + ["2024-25"] * 10,
        "value": own + [50.0, 55.0, 60.0, 65.0, 70.0] + [10.0, 14.0, 16.0, 22.0, 30.0],
        "breakdown_dimension": "all", "breakdown_category": "all"})
    indicators = pd.DataFrame({"indicator_id": ["up", "down", "new"],
                               "short_title": ["Up", "Down", "New"],
                               "polarity": ["higher_is_better", "lower_is_better",
                                            "higher_is_better"],
                               "unit": ["percent", "days", "percent"],
                               "decimal_places": [1, 1, 1]})
    targets = pd.DataFrame({"indicator_id": ["up", "up", "down", "new"], "area_code": COUNCIL,
                            "period": ["2024-25", "2026-27", "2024-25", "2026-27"],
                            "target": [57.0, 64.0, 19.0, 50.0], "synthetic": True})
    return Dataset(Path("."), {
        "observations": obs, "indicators": indicators, "targets": targets,
        "peer_groups": pd.DataFrame({"group_id": "g", "area_code": COUNCIL, "peer_code": peers}),
        "exceptional_periods": pd.DataFrame({"period": ["2020-21"], "reason": ["pandemic"]})},
        {})


def _totals() -> pd.DataFrame:
    """The assessment's rows as the review reads them (limits chosen by hand)."""
    return pd.DataFrame({
        "indicator_id": ["up", "down"], "title": ["Up", "Down"], "short_title": ["Up", "Down"],
        "unit": ["percent", "days"], "polarity": ["higher_is_better", "lower_is_better"],
        "decimal_places": [1, 1], "period": ["2024-25", "2024-25"], "value": [58.0, 18.0],
        "spc_usable": [True, True], "spc_mean": [49.0, 20.0], "spc_lpl": [38.0, 12.0],
        "spc_upl": [60.0, 28.0], "target": [57.0, 19.0], "statutory_threshold": [NAN, NAN],
        "peer_group": ["g", "g"], "peer_group_name": ["Group", "Group"],
        "periods_behind": [1, 1]})


def test_review_targets_puts_the_evidence_together():
    review = review_targets(_totals(), _dataset(), COUNCIL, "2025-26 Q4")
    assert list(review.columns) == REVIEW_COLUMNS
    up, down = (review.set_index("indicator_id").loc[i] for i in ("up", "down"))
    # peers 50..70: median 60, best quarter 65, best 70; the best is 58 (2024-25), not
    # the exceptional 99 of 2020-21; the last four years rise by 2 a year: 62 by 2026-27
    assert (up["peer_median"], up["peer_best_quarter"], up["peer_best"]) == (60.0, 65.0, 70.0)
    assert (up["best_value"], up["best_period"]) == (58.0, "2024-25")
    assert up["trend_value"] == pytest.approx(62.0)
    assert (up["proposed_period"], up["proposed_target"]) == ("2026-27", 64.0)
    assert up["target_class"] == "realistic_stretch"
    assert up["class_reason"] == ("The target of 64.0% is better than the council's usual "
                                  "49.0%, and the best similar council reaches 70.0%.")
    # no proposal for "down": from just better than the latest 18.0 days down to the
    # peers' best quarter (the 25th percentile of 10, 14, 16, 22, 30: 14)
    assert (down["suggested_low"], down["suggested_high"]) == (17.9, 14.0)
    assert down["trend_period"] == "2026-27" and pd.isna(down["target_class"])
    # a new measure, with a proposed target but no figures yet: listed, not judged
    new = review.set_index("indicator_id").loc["new"]
    assert (new["proposed_target"], new["short_title"]) == (50.0, "New")
    assert pd.isna(new["target_class"])
    assert new["class_reason"] == "There are no figures yet to judge this target against."
