"""Budget variance, unit costs and council tax against peers
(perfkit/analysis/finance.py), and value for money
(perfkit/analysis/value_for_money.py); spend per head is in test_spend.py.
Expected values are worked by hand in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.finance import (
    COUNCIL_TAX_TIERS,
    DEFAULT_VARIANCE_TOLERANCE_PERCENT,
    STATUS_OVERSPEND,
    STATUS_UNDERSPEND,
    STATUS_WITHIN_TOLERANCE,
    TOTAL_SERVICE,
    budget_variance,
    council_tax_context,
    unit_costs_against_peers,
)
from perfkit.analysis.value_for_money import value_for_money
from tests.paths import DATA

HIGHER, LOWER, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"


# -- budget variance -----------------------------------------------------------------
def _budget() -> pd.DataFrame:
    rows = [
        # service, budget, forecast, savings planned, savings delivered
        ("A", 1_000_000, 1_010_000, 100_000, 50_000),
        ("B", 500_000, 520_000, 40_000, 40_000),
        ("C", 200_000, 190_000, 0, 0),
        ("D", -100_000, -99_500, np.nan, np.nan),     # an income budget
    ]
    frame = pd.DataFrame(rows, columns=["service", "budget_gbp", "forecast_outturn_gbp",
                                        "savings_planned_gbp", "savings_delivered_gbp"])
    frame["area_code"], frame["period"], frame["synthetic"] = "X", "2024-25 Q3", True
    return pd.concat([frame, frame.assign(period="2024-25 Q2")], ignore_index=True)


def test_budget_variance_by_hand():
    table = budget_variance(_budget(), "X", "2024-25 Q3").set_index("service")
    assert DEFAULT_VARIANCE_TOLERANCE_PERCENT == 1.0
    # A: 1,010,000 - 1,000,000 = +10,000 = exactly 1% of budget -> within (boundary included)
    assert table.loc["A", "variance_gbp"] == 10_000
    assert table.loc["A", "variance_percent"] == pytest.approx(1.0)
    assert table.loc["A", "status"] == STATUS_WITHIN_TOLERANCE
    # B: +20,000 / 500,000 = 4% -> overspend, a concern
    assert table.loc["B", "status"] == STATUS_OVERSPEND and table.loc["B", "concern"]
    # C: -10,000 / 200,000 = -5% -> underspend, not a concern
    assert table.loc["C", "variance_percent"] == pytest.approx(-5.0)
    assert table.loc["C", "status"] == STATUS_UNDERSPEND and not table.loc["C", "concern"]
    # D: -99,500 - (-100,000) = +500 on a budget of size 100,000 = 0.5% -> within
    assert table.loc["D", "variance_percent"] == pytest.approx(0.5)
    assert table.loc["D", "status"] == STATUS_WITHIN_TOLERANCE
    # savings: A 50,000 of 100,000 = 50%, shortfall 50,000; C none planned -> no percentage
    assert table.loc["A", "savings_delivered_percent"] == 50.0
    assert table.loc["A", "savings_shortfall_gbp"] == 50_000
    assert np.isnan(table.loc["C", "savings_delivered_percent"])


def test_budget_variance_total_row():
    table = budget_variance(_budget(), "X", "2024-25 Q3")
    total = table.iloc[-1]
    # budget 1,000,000 + 500,000 + 200,000 - 100,000 = 1,600,000
    # forecast 1,010,000 + 520,000 + 190,000 - 99,500 = 1,620,500
    # variance 20,500 = 1.28125% -> overspend
    assert total["service"] == TOTAL_SERVICE
    assert total["budget_gbp"] == 1_600_000 and total["forecast_outturn_gbp"] == 1_620_500
    assert total["variance_percent"] == pytest.approx(1.28125)
    assert total["status"] == STATUS_OVERSPEND
    # savings 140,000 planned, 90,000 delivered = 64.2857%
    assert total["savings_delivered_percent"] == pytest.approx(90 / 140 * 100)
    assert table.attrs["synthetic"] and table.attrs["tolerance_percent"] == 1.0


def test_budget_tolerance_is_configurable():
    table = budget_variance(_budget(), "X", "2024-25 Q3", tolerance_percent=5).set_index("service")
    # 4% and exactly -5% are both within a 5% tolerance
    assert table.loc["B", "status"] == STATUS_WITHIN_TOLERANCE
    assert table.loc["C", "status"] == STATUS_WITHIN_TOLERANCE


def test_budget_variance_needs_data():
    with pytest.raises(ValueError, match="no budget monitoring"):
        budget_variance(_budget(), "X", "2030-31 Q1")


# -- against peers -------------------------------------------------------------------
def _observations(rows) -> pd.DataFrame:
    """rows: (area_code, indicator_id, period, value)."""
    frame = pd.DataFrame(rows, columns=["area_code", "indicator_id", "period", "value"])
    frame["breakdown_dimension"] = frame["breakdown_category"] = "all"
    return frame


UNIT_COSTS = _observations([
    ("X", "sen_weekly_unit_cost", "2024-25", 100.0),
    ("P1", "sen_weekly_unit_cost", "2024-25", 80.0),
    ("P2", "sen_weekly_unit_cost", "2024-25", 120.0),
    ("P3", "sen_weekly_unit_cost", "2024-25", 140.0),
    ("Z", "sen_weekly_unit_cost", "2024-25", 5.0),          # not a peer
    ("E92000001", "sen_weekly_unit_cost", "2024-25", 110.0),
    ("X", "sen_weekly_unit_cost", "2023-24", 90.0),
    ("P1", "sen_weekly_unit_cost", "2023-24", 95.0),
])
INDICATORS = pd.DataFrame({
    "indicator_id": ["sen_weekly_unit_cost", "band_d_council_tax", "reserves_earmarked",
                     "outcome"],
    "short_title": ["SEN cost", "Band D", "Earmarked reserves", "Outcome"],
    "unit": ["gbp", "gbp", "gbp_thousands", "percent"],
    "polarity": [NEUTRAL, NEUTRAL, NEUTRAL, HIGHER],
})


def test_unit_costs_against_peers_by_hand():
    table = unit_costs_against_peers(UNIT_COSTS, INDICATORS, "X", ["P1", "P2", "P3"],
                                     national_code="E92000001")
    assert len(table) == 1                                    # only indicators that exist
    row = table.iloc[0]
    # latest period 2024-25; group X, P1, P2, P3 = 100, 80, 120, 140
    # median = (100 + 120) / 2 = 110; lowest 80; highest 140; X is 2nd cheapest
    assert row["period"] == "2024-25" and row["short_title"] == "SEN cost"
    assert row["peer_group_median"] == 110.0
    assert (row["peer_group_lowest"], row["peer_group_highest"]) == (80.0, 140.0)
    assert row["areas_compared"] == 4 and row["rank_lowest_first"] == 2
    # 100 - 110 = -10 = -9.0909% of the median
    assert row["difference_from_median"] == -10.0
    assert row["difference_percent"] == pytest.approx(-100 / 11)
    assert row["position"] == "below the peer median"
    assert row["national_value"] == 110.0


def test_unit_costs_for_a_chosen_period():
    row = unit_costs_against_peers(UNIT_COSTS, INDICATORS, "X", ["P1", "P2"], "2023-24").iloc[0]
    # 2023-24: X 90, P1 95 (P2 has no value) -> median 92.5, X is cheapest
    assert row["peer_group_median"] == 92.5 and row["rank_lowest_first"] == 1
    assert row["areas_compared"] == 2 and np.isnan(row["national_value"])  # no nation given


def test_council_tax_context_takes_each_latest_period():
    observations = _observations([
        ("X", "band_d_council_tax", "2022-23", 1_400.0),
        ("X", "band_d_council_tax", "2023-24", 1_500.0),
        ("P1", "band_d_council_tax", "2023-24", 1_600.0),
        ("P2", "band_d_council_tax", "2023-24", 1_700.0),
        ("X", "reserves_earmarked", "2017-18", 30_000.0),
        ("P1", "reserves_earmarked", "2017-18", 10_000.0),
        ("P1", "reserves_earmarked", "2018-19", 99_000.0),   # X has no 2018-19 figure
    ])
    table = council_tax_context(observations, "X", ["P1", "P2"], INDICATORS)
    table = table.set_index("indicator_id")
    # Band D 2023-24: 1,500, 1,600, 1,700 -> median 1,600; X is the lowest
    assert table.loc["band_d_council_tax", "period"] == "2023-24"
    assert table.loc["band_d_council_tax", "peer_group_median"] == 1_600.0
    assert table.loc["band_d_council_tax", "rank_lowest_first"] == 1
    # reserves 2017-18 (X's latest): 30,000 and 10,000 -> median 20,000; X +10,000 = +50%
    assert table.loc["reserves_earmarked", "period"] == "2017-18"
    assert table.loc["reserves_earmarked", "difference_percent"] == 50.0
    assert table.loc["reserves_earmarked", "position"] == "above the peer median"


def _tiers() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A metropolitan district X; peers: a unitary, a London borough, two shire
    districts, a county and a peer missing from the areas table."""
    areas = pd.DataFrame({
        "area_code": ["X", "U", "L", "D1", "D2", "C"],
        "area_name": ["Metborough", "Unitaryshire", "Londonham", "Dale", "Fell", "Shire"],
        "area_type": ["metropolitan_district", "unitary", "london_borough", "district",
                      "district", "county"],
    })
    band_d = [("X", 1_500.0), ("U", 1_700.0), ("L", 1_400.0), ("D1", 230.0), ("D2", 200.0),
              ("C", 1_600.0), ("Q", 1_650.0)]
    observations = _observations([(a, "band_d_council_tax", "2023-24", v) for a, v in band_d]
                                 + [("X", "reserves_earmarked", "2017-18", 30_000.0),
                                    ("U", "reserves_earmarked", "2017-18", 40_000.0),
                                    ("D1", "reserves_earmarked", "2017-18", 5_000.0)])
    return areas, observations


def test_council_tax_is_compared_within_one_tier():
    areas, observations = _tiers()
    peers = ["U", "L", "D1", "D2", "C", "Q"]
    table = council_tax_context(observations, "X", peers, INDICATORS, areas=areas)
    band_d = table.set_index("indicator_id").loc["band_d_council_tax"]
    # single-tier only: X 1,500, U 1,700, L 1,400 -> median 1,500, X 2nd lowest
    assert band_d["areas_compared"] == 3 and band_d["peer_group_median"] == 1_500.0
    assert (band_d["peer_group_lowest"], band_d["peer_group_highest"]) == (1_400.0, 1_700.0)
    assert band_d["rank_lowest_first"] == 2 and band_d["position"] == "at the peer median"
    # reserves too: X 30,000 and U 40,000 (D1 left out) -> median 35,000
    reserves = table.set_index("indicator_id").loc["reserves_earmarked"]
    assert reserves["areas_compared"] == 2 and reserves["peer_group_median"] == 35_000.0
    left = table.attrs["left_out"].set_index("area_code")
    assert list(left.index) == ["D1", "D2", "C", "Q"] and table.attrs["peers"] == ["U", "L"]
    assert left.loc["D1", "reason"].startswith("shire districts: their Band D is only the "
                                               "district's share")
    assert left.loc["C", "area_type"] == "county" and "county's share" in left.loc["C", "reason"]
    assert pd.isna(left.loc["Q", "area_name"]) and "not in the areas table" in left.loc["Q",
                                                                                          "reason"]
    assert table.attrs["left_out_note"] == (
        "Only single-tier councils are compared. Left out: Dale, Fell (shire districts: their "
        "Band D is only the district's share of council tax); Shire (county councils: their "
        "Band D is only the county's share of council tax); Q (not councils that set council "
        "tax, or not in the areas table).")


def test_a_district_is_compared_with_districts():
    areas, observations = _tiers()
    table = council_tax_context(observations, "D1", ["X", "U", "D2"], INDICATORS, areas=areas)
    band_d = table.set_index("indicator_id").loc["band_d_council_tax"]
    # D1 230 and D2 200 -> median 215; D1 is the higher
    assert band_d["areas_compared"] == 2 and band_d["peer_group_median"] == 215.0
    assert band_d["rank_lowest_first"] == 2
    assert list(table.attrs["left_out"]["area_code"]) == ["X", "U"]
    assert table.attrs["left_out_note"].startswith("Only shire district councils are compared.")
    assert COUNCIL_TAX_TIERS["district"] == "district"


def test_council_tax_without_areas_leaves_nobody_out():
    _, observations = _tiers()
    table = council_tax_context(observations, "X", ["U", "D1"], INDICATORS)
    assert table.set_index("indicator_id").loc["band_d_council_tax", "areas_compared"] == 3
    assert table.attrs["left_out"].empty
    assert table.attrs["left_out_note"] == ("Council tiers were not checked (no areas table "
                                            "was given).")


# -- value for money -----------------------------------------------------------------
def _vfm_observations() -> pd.DataFrame:
    costs = [("X", 10.0), ("A", 20.0), ("B", 30.0), ("C", 40.0), ("D", 50.0), ("E", 60.0)]
    outcomes = [("X", 5.0), ("A", 4.0), ("B", 3.0), ("C", 2.0), ("D", 1.0)]   # E has none
    return _observations([(a, "cost", "2023-24", v) for a, v in costs]
                         + [(a, "outcome", "2024", v) for a, v in outcomes])


def test_value_for_money_quadrants_by_hand():
    table = value_for_money(_vfm_observations(), "cost", "outcome", "X",
                            ["A", "B", "C", "D", "E"], "2023-24", indicators=INDICATORS,
                            outcome_period="2024").set_index("area_code")
    # E has no outcome: left out. Costs 10..50 -> median 30; outcomes 5..1 -> median 3
    assert table.attrs["missing"] == ["E"]
    assert (table["cost_median"] == 30).all() and (table["outcome_median"] == 3).all()
    assert table.loc["X", "is_focus"] and not table.loc["A", "is_focus"]
    assert table.loc["X", "quadrant"] == "lower cost, better outcome"
    assert table.loc["B", "quadrant"] == "median cost, median outcome"
    assert table.loc["D", "quadrant"] == "higher cost, worse outcome"


def test_value_for_money_follows_the_outcome_polarity():
    observations = _vfm_observations()
    lower = value_for_money(observations, "cost", "outcome", "X", list("ABCD"), "2023-24",
                            outcome_polarity=LOWER, outcome_period="2024").set_index("area_code")
    # with lower better, X's 5 (above the median 3) is the worse outcome
    assert lower.loc["X", "quadrant"] == "lower cost, worse outcome"
    neutral = value_for_money(observations, "cost", "outcome", "X", list("ABCD"), "2023-24",
                              outcome_polarity=NEUTRAL, outcome_period="2024")
    assert neutral.loc[0, "quadrant"] == "lower cost, higher outcome"
    with pytest.raises(ValueError, match="polarity"):
        value_for_money(observations, "cost", "outcome", "X", list("ABCD"), "2023-24")


# -- real data -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def data():
    from perfkit.data.loading import load_data
    return load_data(DATA)


def test_on_real_data(data):
    table = budget_variance(data.budget_monitoring, "E08000009", "2025-26 Q3")
    services = table.iloc[:-1]
    assert table.iloc[-1]["budget_gbp"] == services["budget_gbp"].sum()
    assert table.attrs["synthetic"]
    groups = data.peer_groups
    peers = groups.loc[groups["area_code"].eq("E08000009")
                       & groups["group_id"].eq("dfe_childrens_neighbours"), "peer_code"].tolist()
    costs = unit_costs_against_peers(data.observations, data.indicators, "E08000009", peers)
    assert set(costs["period"]) == {"2024-25"}
    assert (costs["areas_compared"] <= len(peers) + 1).all()
    context = council_tax_context(data.observations, "E08000009", peers, data.indicators)
    # DfE/MHCLG: Trafford's 2023-24 Band D was £1,525.51
    band_d = context.set_index("indicator_id").loc["band_d_council_tax"]
    assert (band_d["period"], band_d["value"]) == ("2023-24", 1525.51)


def test_trafford_band_d_leaves_out_shire_districts(data):
    groups = data.peer_groups
    peers = groups.loc[groups["area_code"].eq("E08000009")
                       & groups["group_id"].eq("ons_global_neighbours"), "peer_code"].tolist()
    context = council_tax_context(data.observations, "E08000009", peers, data.indicators,
                                  areas=data.areas)
    band_d = context.set_index("indicator_id").loc["band_d_council_tax"]
    # 20 neighbours: 8 unitaries, 4 London boroughs, 2 metropolitan districts and 6 shire
    # districts (Band D £199 to £245). Trafford and 14 single-tier peers remain, median
    # £1,671.23 (Medway); with the districts it was £1,592.74 among 21
    left = context.attrs["left_out"]
    assert len(left) == 6 and set(left["area_type"]) == {"district"}
    assert "Cheltenham" in context.attrs["left_out_note"]
    assert band_d["areas_compared"] == 15 and band_d["peer_group_median"] == 1671.23
    assert band_d["peer_group_lowest"] == 1241.60                      # Windsor and Maidenhead
