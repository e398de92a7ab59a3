"""Ranks, quartiles, percentiles and MAD distances among peers and among all
councils of a nation (perfkit/analysis/peers.py; the measures themselves are
tested in test_ranking.py, the choice of group in test_comparison_groups.py).
Expected values are worked by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from perfkit.analysis.peers import (
    national_positions,
    peer_positions,
    rank_change,
)

HIGHER, LOWER = "higher_is_better", "lower_is_better"


# -- peers, the nation and rank change --------------------------------------------------
# Focal A: peers P1, P2, P3. Focal B: peers P2, P3, P4. Indicator x is higher-is-better,
# y lower-is-better. No breakdown columns: they default to "all".
PEER_GROUPS = pd.DataFrame({
    "group_id": "neighbours",
    "area_code": ["A"] * 3 + ["B"] * 3,
    "peer_code": ["P1", "P2", "P3", "P2", "P3", "P4"],
})
INDICATORS = pd.DataFrame({"indicator_id": ["x", "y"], "polarity": [HIGHER, LOWER]})
_X = {"2023-24": {"A": 40, "B": 50, "P1": 60, "P2": 45, "P3": 30, "P4": 55, "E": 48},
      "2024-25": {"A": 50, "B": 40, "P1": 60, "P2": 45, "P3": 30, "P4": 55, "E": 48}}
_Y = {"2024-25": {"A": 10, "B": 12, "P1": 8, "P2": 12, "P3": 15, "P4": 9, "E": 11}}
OBSERVATIONS = pd.DataFrame(
    [(area, indicator, period, value)
     for indicator, table in (("x", _X), ("y", _Y))
     for period, values in table.items() for area, value in values.items()],
    columns=["area_code", "indicator_id", "period", "value"])
AREAS = pd.DataFrame({
    "area_code": ["A", "B", "P1", "P2", "P3", "P4", "E"],
    "area_type": ["unitary", "county", "unitary", "unitary", "metropolitan_district",
                  "district", "country"],
    "nation": "England",
})


def _position(frame, area, indicator, period):
    rows = frame[(frame["area_code"] == area) & (frame["indicator_id"] == indicator)
                 & (frame["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_peer_positions_on_a_small_table():
    result = peer_positions(OBSERVATIONS, INDICATORS, PEER_GROUPS, "neighbours")
    assert list(result.columns[:12]) == [
        "area_code", "indicator_id", "period", "breakdown_dimension", "breakdown_category",
        "peer_group", "peer_rank", "peer_count", "peer_quartile", "peer_percentile",
        "peer_median", "peer_mad_distance"]
    assert set(result["area_code"]) == {"A", "B"}  # only areas with a peer group
    a = _position(result, "A", "x", "2024-25")
    # A's group in 2024-25: P1 60, A 50, P2 45, P3 30 -> rank 2 of 4;
    # percentile (4 - 2) / 3 x 100 = 66.7 -> quartile 2; median (50 + 45) / 2 = 47.5;
    # |deviations| 12.5, 2.5, 2.5, 17.5 -> MAD 7.5; (50 - 47.5) / 7.5 = 1/3.
    assert (a["peer_rank"], a["peer_count"], a["peer_quartile"]) == (2, 4, 2)
    assert a["peer_percentile"] == pytest.approx(200 / 3)
    assert (a["peer_median"], a["peer_mad"]) == (47.5, 7.5)
    assert a["peer_mad_distance"] == pytest.approx(1 / 3)
    assert a["peer_group"] == "neighbours" and a["breakdown_dimension"] == "all"
    b = _position(result, "B", "x", "2024-25")
    # B's group: P4 55, P2 45, B 40, P3 30 -> rank 3; percentile 33.3 -> quartile 3;
    # median 42.5; |deviations| 2.5, 2.5, 12.5, 12.5 -> MAD 7.5; (40 - 42.5) / 7.5 = -1/3.
    assert (b["peer_rank"], b["peer_quartile"]) == (3, 3)
    assert b["peer_mad_distance"] == pytest.approx(-1 / 3)
    # y, lower is better. A: P1 8, A 10, P2 12, P3 15 -> 2. B: P4 9, B 12 = P2 12, P3 15 -> 2.
    assert _position(result, "A", "y", "2024-25")["peer_rank"] == 2
    assert _position(result, "B", "y", "2024-25")["peer_rank"] == 2


def test_peer_positions_filters_and_errors():
    only_a = peer_positions(OBSERVATIONS, INDICATORS, PEER_GROUPS, "neighbours",
                            areas="A", period="2023-24")
    assert set(only_a["area_code"]) == {"A"} and set(only_a["period"]) == {"2023-24"}
    # 2023-24, A's group: P1 60, P2 45, A 40, P3 30 -> rank 3
    assert only_a["peer_rank"].tolist() == [3]
    with pytest.raises(ValueError, match="no peer group 'cipfa'"):
        peer_positions(OBSERVATIONS, INDICATORS, PEER_GROUPS, "cipfa")
    with pytest.raises(ValueError, match="not in the indicators table"):
        peer_positions(OBSERVATIONS, INDICATORS.iloc[:1], PEER_GROUPS, "neighbours")


def test_an_area_listed_as_its_own_peer_is_counted_once():
    groups = pd.concat([PEER_GROUPS, pd.DataFrame(
        {"group_id": ["neighbours"], "area_code": ["A"], "peer_code": ["A"]})])
    result = peer_positions(OBSERVATIONS, INDICATORS, groups, "neighbours", areas="A")
    assert set(result["peer_count"]) == {4}


def test_breakdowns_are_ranked_separately():
    observations = pd.DataFrame({
        "area_code": ["A", "P1", "A", "P1"], "indicator_id": "x", "period": "2024-25",
        "value": [1.0, 2.0, 5.0, 3.0], "breakdown_dimension": "sex",
        "breakdown_category": ["female", "female", "male", "male"]})
    result = peer_positions(observations, INDICATORS, PEER_GROUPS, "neighbours", areas="A")
    assert result.set_index("breakdown_category")["peer_rank"].to_dict() == {"female": 2,
                                                                          "male": 1}


def test_national_positions_leave_out_the_nation_and_regions():
    result = national_positions(OBSERVATIONS, INDICATORS, AREAS, period="2024-25")
    assert "E" not in set(result["area_code"])
    a = _position(result, "A", "x", "2024-25")
    # all councils: P1 60, P4 55, A 50, P2 45, B 40, P3 30 -> rank 3 of 6;
    # percentile (6 - 3) / 5 x 100 = 60 -> quartile 2
    assert (a["national_rank"], a["national_count"], a["national_percentile"]) == (3, 6, 60.0)
    assert a["national_quartile"] == 2
    upper = _position(national_positions(OBSERVATIONS, INDICATORS, AREAS, level="upper"),
                      "A", "x", "2024-25")
    # upper tier leaves out the district P4: P1 60, A 50, P2 45, B 40, P3 30 -> rank 2 of 5;
    # percentile 75 is on the boundary -> quartile 2
    assert (upper["national_rank"], upper["national_count"], upper["national_quartile"]) == (
        2, 5, 2)
    with pytest.raises(ValueError, match="level"):
        national_positions(OBSERVATIONS, INDICATORS, AREAS, level="tier one")


def test_each_council_is_ranked_among_the_councils_of_its_own_nation():
    # P3 and P4 are Scottish: each nation ranks apart. x in 2024-25: England A 50, B 40,
    # P1 60, P2 45 -> A 2nd of 4; Scotland P4 55, P3 30 -> P3 2nd of 2.
    areas = AREAS.assign(nation=["England", "England", "England", "England", "Scotland",
                                 "Scotland", "England"])
    result = national_positions(OBSERVATIONS, INDICATORS, areas, period="2024-25")
    a, p3 = (_position(result, code, "x", "2024-25") for code in ("A", "P3"))
    assert (a["national_rank"], a["national_count"]) == (2, 4)
    assert (p3["national_rank"], p3["national_count"]) == (2, 2)


def test_rank_change_since_the_previous_period():
    positions = peer_positions(OBSERVATIONS, INDICATORS, PEER_GROUPS, "neighbours")
    result = rank_change(positions)
    # x: A went from 3rd (2023-24) to 2nd: +1 (up); B from 2nd to 3rd: -1.
    a = _position(result, "A", "x", "2024-25")
    assert (a["comparison_period"], a["comparison_peer_rank"], a["peer_rank_change"]) == (
        "2023-24", 3, 1)
    assert _position(result, "B", "x", "2024-25")["peer_rank_change"] == -1
    assert pd.isna(_position(result, "A", "x", "2023-24")["peer_rank_change"])  # no 2022-23
    assert pd.isna(_position(result, "A", "y", "2024-25")["peer_rank_change"])  # no y before
    national = rank_change(national_positions(OBSERVATIONS, INDICATORS, AREAS), "national_rank",
                           compare="same_period_last_year")
    # all councils in 2023-24: P1 60, P4 55, B 50, P2 45, A 40, P3 30 -> A 5th, now 3rd: +2
    assert _position(national, "A", "x", "2024-25")["national_rank_change"] == 2
    with pytest.raises(ValueError, match="compare"):
        rank_change(positions, compare="last_quarter")
