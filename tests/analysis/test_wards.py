"""Wards inside a council (perfkit/analysis/wards.py), on small tables whose
expected values are worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.analysis import wards

COUNCIL, OTHER = "E08000009", "E08000001"


def _areas() -> pd.DataFrame:
    rows = [
        (COUNCIL, "Council", "metropolitan_district", "E12000002"),
        (OTHER, "Other council", "metropolitan_district", "E12000002"),
        ("E05000003", "Cedar", "ward", COUNCIL),
        ("E05000001", "Ash", "ward", COUNCIL),
        ("E05000002", "Birch", "ward", COUNCIL),
        ("E05000009", "Elsewhere", "ward", OTHER),
        ("E01000001", "Ash A", "small_area", "E05000001"),
        ("E01000002", "Ash B", "small_area", "E05000001"),
        ("E01000003", "Ash C", "small_area", "E05000001"),
        ("E01000004", "Birch A", "small_area", "E05000002"),
        ("E01000005", "Birch B", "small_area", "E05000002"),
        ("E01000009", "Elsewhere A", "small_area", "E05000009"),
    ]
    return pd.DataFrame(rows, columns=["area_code", "area_name", "area_type", "parent_code"])


def _obs(rows) -> pd.DataFrame:
    """rows: (area, indicator, period, value[, numerator[, dimension, category]])."""
    full = [(*r, *(None,) * (5 - len(r)), "all", "all") if len(r) < 6 else r for r in rows]
    return pd.DataFrame([r[:7] for r in full],
                        columns=["area_code", "indicator_id", "period", "value", "numerator",
                                 "breakdown_dimension", "breakdown_category"])


OBS = _obs([
    # the IMD score: Ash 30, Birch and Cedar 10 (equal: both rank 2), an older Ash value
    ("E05000001", "ward_imd_score", "2025", 30.0),
    ("E05000002", "ward_imd_score", "2025", 10.0),
    ("E05000003", "ward_imd_score", "2025", 10.0),
    ("E05000001", "ward_imd_score", "2019", 99.0),
    ("E05000009", "ward_imd_score", "2025", 50.0),  # another council's ward: left out
    # the claimant rate with its count; Cedar has none this month
    ("E05000001", "ward_claimant_rate", "2026-03", 4.0, 200.0),
    ("E05000002", "ward_claimant_rate", "2026-03", 5.0, 150.0),
    ("E05000003", "ward_claimant_rate", "2025-12", 9.0, 300.0),  # an older month: left out
    # a breakdown row is not a ward's total
    ("E05000002", "ward_imd_score", "2025", 80.0, None, "sex", "Female"),
    # small areas: score and national decile
    ("E01000001", "small_area_imd_score", "2019", 50.0),
    ("E01000002", "small_area_imd_score", "2019", 20.0),
    ("E01000003", "small_area_imd_score", "2019", 8.0),
    ("E01000004", "small_area_imd_score", "2019", 5.0),
    ("E01000005", "small_area_imd_score", "2019", 46.0),
    ("E01000001", "small_area_imd_decile", "2019", 1.0),
    ("E01000002", "small_area_imd_decile", "2019", 3.0),
    ("E01000003", "small_area_imd_decile", "2019", 7.0),
    ("E01000004", "small_area_imd_decile", "2019", 9.0),
    ("E01000005", "small_area_imd_decile", "2019", 1.0),
    ("E01000009", "small_area_imd_decile", "2019", 1.0),
])


def test_wards_of_a_council_in_order_of_name():
    found = wards.wards_of(_areas(), COUNCIL)
    assert list(found["area_name"]) == ["Ash", "Birch", "Cedar"]
    small = wards.wards_of(_areas(), COUNCIL, "small_area")
    assert list(small["area_code"]) == [f"E0100000{i}" for i in range(1, 6)]
    assert wards.wards_of(_areas(), "E08000099").empty


def test_within_council_keeps_its_wards_and_small_areas_only():
    kept = wards.within_council(OBS, _areas(), COUNCIL)
    assert not kept["area_code"].isin(["E05000009", "E01000009"]).any()
    assert len(kept) == len(OBS) - 2


def test_rank_within_puts_the_highest_first_and_shares_ties():
    ranks = wards.rank_within(pd.Series([30.0, 10.0, 10.0, None, 40.0]))
    assert list(ranks) == [2, 3, 3, pd.NA, 1]


def test_latest_values_take_the_latest_period_of_the_totals():
    found = wards.latest_values(OBS, ["E05000001", "E05000002"], "ward_imd_score")
    # 2025, not 2019; the Female breakdown row (80) is not a total
    assert set(found["period"]) == {"2025"}
    assert dict(zip(found["area_code"], found["value"], strict=True)) == {
        "E05000001": 30.0, "E05000002": 10.0}
    assert wards.latest_values(OBS, ["E05000001"], "no_such_indicator").empty


def test_ward_profile_values_ranks_counts_and_periods():
    profile = wards.ward_profile(OBS, _areas(), COUNCIL)
    table = profile.table.set_index("area_name")
    # IMD: Ash 30 is rank 1; Birch and Cedar 10 share rank 2
    assert list(table["imd_score_rank"]) == [1, 2, 2]
    # claimants in 2026-03 only: Birch 5% rank 1, Ash 4% rank 2; Cedar's older month left out
    assert table.loc["Birch", "claimant_rate_rank"] == 1
    assert table.loc["Ash", "claimant_rate_rank"] == 2
    assert pd.isna(table.loc["Cedar", "claimant_rate"])
    assert table.loc["Ash", "claimant_rate_count"] == 200.0
    assert profile.periods == {"population": None, "imd_score": "2025",
                               "claimant_rate": "2026-03", "turnout": None}
    assert profile.has("imd_score") and not profile.has("turnout")


def test_a_council_without_wards_has_an_empty_profile():
    profile = wards.ward_profile(OBS, _areas(), "E08000099")
    assert profile.empty and not profile.has("imd_score")


def test_small_area_spread_by_hand():
    points = wards.small_area_points(OBS, _areas(), COUNCIL)
    assert len(points) == 5 and set(points["period"]) == {"2019"}
    spread = wards.small_area_spread(points).set_index("ward_name")
    ash = spread.loc["Ash"]
    # Ash: scores 50, 20, 8 -> min 8, median 20, max 50; deciles 1, 3, 7 -> median 3; one in decile 1
    assert (ash["small_areas"], ash["score_min"], ash["score_median"], ash["score_max"]) == (
        3, 8.0, 20.0, 50.0)
    assert (ash["decile_min"], ash["decile_median"], ash["decile_max"]) == (1.0, 3.0, 7.0)
    assert ash["most_deprived"] == 1
    # Birch: scores 5 and 46 -> median 25.5; deciles 9 and 1 -> median 5
    assert spread.loc["Birch", "score_median"] == pytest.approx(25.5)
    assert spread.loc["Birch", "decile_median"] == 5.0
    # Cedar has no small areas, so no row; both wards have one in decile 1: higher median first
    assert list(spread.index) == ["Birch", "Ash"]


def test_hidden_pockets_are_mostly_less_deprived_wards_with_a_most_deprived_small_area():
    spread = pd.DataFrame({
        "ward_code": ["A", "B", "C", "D"], "ward_name": ["A", "B", "C", "D"],
        "decile_median": [8.5, 6.0, 4.0, 9.0], "most_deprived": [1, 2, 3, 0]})
    # C is mostly deprived (median decile 4 < 6); D has no small area in decile 1
    found = wards.hidden_pockets(spread)
    assert list(found["ward_name"]) == ["A", "B"]
    assert wards.LESS_DEPRIVED_DECILE == 6 and wards.MOST_DEPRIVED_DECILE == 1


def test_no_small_areas_give_an_empty_spread():
    points = wards.small_area_points(OBS.iloc[:0], _areas(), COUNCIL)
    assert points.empty and wards.small_area_spread(points).empty
