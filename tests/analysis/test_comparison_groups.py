"""Who each council is compared with, measure by measure
(perfkit/analysis/comparison_groups.py): the peer group an indicator names
where the council has it, else the run's; and the national columns. The
tables are those of test_peers.py; expected values are worked by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from perfkit.analysis.comparison_groups import apply_peer_positions, choose_peer_groups
from tests.analysis.test_peers import AREAS, INDICATORS, OBSERVATIONS, PEER_GROUPS

#: A second group for A only: its publisher's, P3 and P4 instead of P1, P2 and P3.
PUBLISHERS = pd.DataFrame({"group_id": "publishers", "area_code": ["A", "A"],
                           "peer_code": ["P3", "P4"]})
GROUPS = pd.concat([PEER_GROUPS.assign(group_name="Near neighbours"),
                    PUBLISHERS.assign(group_name="CIPFA nearest neighbours (2021 model)")],
                   ignore_index=True)


def _latest(indicator: str = "x", period: str = "2024-25") -> tuple[pd.DataFrame, pd.DataFrame]:
    observations = OBSERVATIONS.assign(breakdown_dimension="all", breakdown_category="all")
    latest = observations[(observations["indicator_id"] == indicator)
                          & (observations["period"] == period)
                          & observations["area_code"].isin(["A", "B"])].reset_index(drop=True)
    return latest, observations


def test_apply_peer_positions_adds_national_and_peer_columns():
    latest, observations = _latest()
    data = SimpleNamespace(indicators=INDICATORS, areas=AREAS,
                           peer_groups=PEER_GROUPS.assign(group_name="Near neighbours"))
    result = apply_peer_positions(latest, observations, data, "neighbours").set_index("area_code")
    assert result.loc["A", "national_rank"] == 3  # as in test_national_positions...
    assert (result.loc["A", "peer_rank"], result.loc["A", "peer_rank_change"]) == (2, 1)
    assert (result.loc["B", "peer_rank"], result.loc["B", "peer_rank_change"]) == (3, -1)
    assert result.loc["A", "peer_group_name"] == "Near neighbours"
    without = apply_peer_positions(latest, observations, data, None)
    assert without["peer_rank"].isna().all() and without["national_rank"].notna().all()
    assert without["peer_group"].isna().all()


def test_an_indicator_is_compared_with_the_group_it_names_where_the_council_has_it():
    latest, observations = _latest()
    indicators = INDICATORS.assign(peer_group=["publishers", None])
    data = SimpleNamespace(indicators=indicators, areas=AREAS, peer_groups=GROUPS)
    result = apply_peer_positions(latest, observations, data, "neighbours").set_index("area_code")
    # A has "publishers": A 50 against P3 30 and P4 55 -> 2nd of 3. B has no such
    # group: the run's, B 40 among P2 45, P3 30, P4 55 -> 3rd of 4.
    assert result.loc["A", ["peer_group", "peer_rank", "peer_count"]].tolist() == [
        "publishers", 2, 3]
    assert result.loc["A", "peer_group_name"] == "CIPFA nearest neighbours (2021 model)"
    assert result.loc["B", ["peer_group", "peer_rank", "peer_count"]].tolist() == [
        "neighbours", 3, 4]
    run_only = apply_peer_positions(latest, observations, data, "neighbours", own_groups=False)
    assert run_only["peer_group"].eq("neighbours").all()


def test_a_group_with_fewer_than_three_figures_gives_no_comparison():
    """A against P4 alone would be "2nd of 2": too few to say anything."""
    latest, observations = _latest()
    groups = GROUPS[~((GROUPS["group_id"] == "publishers") & (GROUPS["peer_code"] == "P3"))]
    data = SimpleNamespace(indicators=INDICATORS.assign(peer_group=["publishers", None]),
                           areas=AREAS, peer_groups=groups)
    result = apply_peer_positions(latest, observations, data, "neighbours").set_index("area_code")
    assert result.loc["A", ["peer_rank", "peer_count", "peer_median"]].isna().all()
    assert result.loc["A", "peer_group"] is None
    assert result.loc["B", ["peer_group", "peer_rank"]].tolist() == ["neighbours", 3]


def test_choose_peer_groups_falls_back_to_the_run_and_then_to_none():
    rows = pd.DataFrame({"area_code": ["A", "A", "B", "C"], "indicator_id": ["x", "y", "x", "x"]})
    indicators = INDICATORS.assign(peer_group=["publishers", " "])
    chosen = choose_peer_groups(rows, indicators, GROUPS, "neighbours")
    assert chosen.tolist() == ["publishers", "neighbours", "neighbours", None]
    assert choose_peer_groups(rows, indicators, None, "neighbours").isna().all()
    assert choose_peer_groups(rows, INDICATORS, GROUPS, None).isna().all()
