"""The reconciliation step and the verdict rules (perfkit/analysis/reconcile.py),
on hand-built rows: each rule of docs/methodology.md "Reconciling the evidence"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.reconcile import VERDICTS, add_evidence, add_verdict, plain_direction
from perfkit.analysis.targets import RagRule

#: The nation's own row in the made-up rows below: a Scottish council's.
NATIONAL_CODE = "S92000003"


def _rows(**columns) -> pd.DataFrame:
    """Hand-built assessment rows: a steady, common cause, unrated, current
    total unless a column says otherwise."""
    n = max(len(v) for v in columns.values() if isinstance(v, list))
    base = {"polarity": "higher_is_better", "variation": "common_cause", "spc_rule": None,
            "rag": "none", "direction_previous": "no_significant_change",
            "direction_last_year": "no_significant_change", "previous_beyond_usual": False,
            "last_year_beyond_usual": False, "national_variation": None, "shared_with": "",
            "spc_usable": True, "at_bound": False, "spc_lpl": 40.0, "assurance": None,
            "peer_quartile": np.nan, "peer_mad_distance": np.nan, "periods_behind": 0,
            "statutory_threshold": np.nan, "breakdown_dimension": "all", "value": 50.0,
            "recent_shift_z": np.nan}
    return pd.DataFrame({**base, **columns}, index=range(n))


# -- direction of travel: the actual change ----------------------------------------------
@pytest.mark.parametrize(("now", "before", "polarity", "places", "expected"), [
    (87.1, 65.6, "higher_is_better", 1, "improving"),   # CP conferences in 15 days
    (1.30, 0.60, "lower_is_better", 2, "worsening"),    # SEND tribunal appeals
    (15_746_990, 15_786_760, "neutral", 0, "no_significant_change"),  # -0.25%: too small
    (5.38, 5.40, "lower_is_better", 2, "no_significant_change"),      # 0.4% of 5.40
    (49.0, 50.0, "higher_is_better", 1, "worsening"),   # 2.0% exactly: not "under 2%"
    (49.1, 50.0, "higher_is_better", 1, "no_significant_change"),     # 1.8%
    (0.0, 0.04, "lower_is_better", 1, "no_significant_change"),  # 0.0 and 0.04 both show 0.0
    (61.0, 50.0, "neutral", 0, "increased"),
    (np.nan, 50.0, "higher_is_better", 0, "not_comparable"),
])
def test_plain_direction(now, before, polarity, places, expected):
    got = plain_direction(pd.Series([now]), pd.Series([before]), pd.Series([polarity]),
                          pd.Series([places]))
    assert got.tolist() == [expected]


def _latest(values, last_year, national_now=None, national_before=None, **extra):
    n = len(values)
    frame = pd.DataFrame({
        "area_code": ["S12000049"] * n, "nation": "Scotland", "national_code": NATIONAL_CODE, "indicator_id": [f"m{i}" for i in range(n)],
        "breakdown_dimension": "all", "breakdown_category": "all", "period": "2024-25",
        "last_year_period": "2023-24", "previous_period": "2023-24",
        "value": values, "last_year_value": last_year, "previous_value": last_year,
        "polarity": "lower_is_better", "decimal_places": 1, "unit": "percent",
        "spc_mean": 5.0, "spc_upl": 5.0 + 2.66 * 0.3, "variation": "common_cause"})
    for column, value in extra.items():
        frame[column] = value
    charted = pd.DataFrame(columns=["area_code", "indicator_id", "breakdown_dimension",
                                    "breakdown_category", "period", "value", "point_type"])
    if national_now is not None:
        rows = []
        for i in range(n):
            rows.append([NATIONAL_CODE, f"m{i}", "all", "all", "2024-25", national_now[i],
                         extra.get("national_point", "common_cause")])
            rows.append([NATIONAL_CODE, f"m{i}", "all", "all", "2023-24", national_before[i],
                         "common_cause"])
        charted = pd.DataFrame(rows, columns=charted.columns)
    return add_evidence(frame, charted)


def test_a_rise_the_nation_shares_is_named_as_shared():
    # absence rose by 1 point here and by 1.2 points across Scotland
    out = _latest([6.0, 6.0], [5.0, 5.0], national_now=[7.2, 5.0], national_before=[6.0, 5.0])
    assert out["direction_last_year"].tolist() == ["worsening", "worsening"]
    assert out["national_direction_last_year"].tolist() == ["worsening",
                                                            "no_significant_change"]
    assert out["shared_with"].tolist() == ["Scotland", ""]


def test_a_special_cause_the_nation_shares_is_not_the_councils_own():
    out = _latest([6.0], [6.0], national_now=[7.0], national_before=[7.0],
                  variation="special_cause_concern", spc_rule="two_of_three",
                  national_point="special_cause_concern")
    assert out.loc[0, "shared_with"] == "Scotland"
    out = add_verdict(out.assign(rag="green", statutory_threshold=np.nan, periods_behind=0,
                                 spc_lpl=4.0, assurance=None, peer_mad_distance=np.nan,
                                 peer_quartile=1, recent_shift_z=np.nan))
    assert out.loc[0, "verdict"] == "watch"  # worse than before, as across Scotland
    assert out.loc[0, "verdict_reason"] == "Worse than before, as across Scotland."


def test_without_a_national_row_nothing_is_shared():
    # the same rise, but the data have no row for the council's nation
    out = _latest([6.0], [5.0], national_now=[7.2], national_before=[6.0],
                  national_code=None)
    assert out["national_value"].isna().all() and out["shared_with"].tolist() == [""]


def test_beyond_usual_is_said_apart_from_the_direction():
    # average moving range 0.3: chance explains changes up to 3.267 x 0.3 = 0.98
    out = _latest([6.0, 5.5], [5.0, 5.0])
    assert out["last_year_beyond_usual"].tolist() == [True, False]
    assert out["direction_last_year"].tolist() == ["worsening", "worsening"]


def test_coarse_and_bounded_series():
    # whole percentages (1 step) with an average moving range of 0.3: too coarse
    coarse = _latest([99.0], [99.0], decimal_places=0, spc_mean=99.2,
                     spc_upl=99.2 + 2.66 * 0.3)
    assert not coarse.loc[0, "spc_usable"]
    bounded = _latest([100.0, 0.0, 50.0], [100.0, 0.0, 50.0], decimal_places=0,
                      spc_upl=5.0 + 2.66 * 2)
    assert bounded["at_bound"].tolist() == [True, True, False]
    assert bounded["spc_usable"].tolist() == [True] * 3


# -- the verdict rules ----------------------------------------------------------------------
def test_a_run_rule_at_a_bound_or_on_a_coarse_grid_does_not_need_attention():
    frame = _rows(variation=["special_cause_concern"] * 4,
                  spc_rule=["run", "run", "outside_limits", "run"],
                  at_bound=[True, False, True, False], spc_usable=[True, False, True, True],
                  direction_last_year=["worsening"] * 4)
    table = add_verdict(frame)
    assert table["verdict"].tolist() == ["steady", "steady", "concern", "concern"]


def test_neutral_measures_are_never_judged():
    frame = _rows(polarity=["neutral"] * 3,
                  variation=["special_cause_neutral_high", "common_cause", "common_cause"],
                  statutory_threshold=[np.nan, 100.0, np.nan], rag=["none", "none", "red"])
    assert set(add_verdict(frame)["verdict"]) == {"context"}


def test_noise_around_a_target_is_steady_not_a_warning():
    # red half the time and in the bottom quarter a quarter of the time is what
    # pure noise does: neither is evidence on its own
    frame = _rows(rag=["red", "amber", "green", "red"], peer_quartile=[4, 4, 1, 2],
                  assurance=["hit_and_miss"] * 4,
                  direction_last_year=["worsening", "improving", "worsening", "worsening"])
    assert add_verdict(frame)["verdict"].tolist() == ["steady"] * 4


def test_target_evidence():
    frame = _rows(rag=["red", "red", "red"], direction_last_year=["worsening"] * 3,
                  last_year_beyond_usual=[True, False, False],
                  assurance=["hit_and_miss", "hit_and_miss", "consistently_fails"])
    table = add_verdict(frame)
    assert table["verdict"].tolist() == ["concern", "steady", "concern"]
    assert table.loc[2, "verdict_reason"] == "Cannot meet its target unless something changes."


def test_significantly_worse_than_the_nation():
    frame = _rows(national_comparison=["worse", "worse", "worse", "similar"],
                  national_comparison_998=["worse", "similar", "worse", "similar"],
                  direction_last_year=["worsening", "worsening", "improving", "worsening"],
                  nation=["Wales"] * 4)
    table = add_verdict(frame)
    assert table["verdict"].tolist() == ["concern", "watch", "watch", "steady"]
    assert table.loc[0, "verdict_reason"] == (
        "Clearly worse than the figure for all councils in Wales, and not improving.")


def test_far_behind_peers_without_counts():
    frame = _rows(peer_mad_distance=[-3.5, -2.0, -3.5],
                  direction_last_year=["worsening", "worsening", "improving"])
    assert add_verdict(frame)["verdict"].tolist() == ["watch", "steady", "steady"]


def test_improvement_needs_evidence_and_no_fall():
    frame = _rows(variation=["special_cause_improvement"] * 2 + ["common_cause"] * 2,
                  direction_last_year=["improving", "worsening", "improving", "improving"],
                  last_year_beyond_usual=[False, False, True, False])
    assert add_verdict(frame)["verdict"].tolist() == ["improving", "steady", "improving",
                                                      "steady"]


def test_a_recent_shift_for_the_worse_needs_attention_unless_shared():
    # z is signed by the measure's units: a fall of 3.5 standard errors is worse
    # where higher is better and better where lower is better
    frame = _rows(recent_shift_z=[-3.5, -3.5, -3.5, -2.0],
                  polarity=["higher_is_better", "higher_is_better", "lower_is_better",
                            "higher_is_better"],
                  shared_with=["", "Scotland", "", ""],
                  direction_last_year=["worsening", "worsening", "improving", "worsening"])
    assert add_verdict(frame)["verdict"].tolist() == ["concern", "steady", "improving",
                                                      "steady"]


def test_out_of_date_and_too_few():
    frame = _rows(periods_behind=[3, 0, 3], spc_lpl=[40.0, np.nan, np.nan],
                  statutory_threshold=[100.0, np.nan, np.nan], value=[50.0, 50.0, 50.0])
    assert add_verdict(frame)["verdict"].tolist() == ["stale", "few", "stale"]


# -- the statutory threshold rule --------------------------------------------------------
def test_statutory_threshold_by_hand():
    frame = _rows(
        value=[53.4, 95.0, 94.9, 20.0, 53.4, 12.0, 10.5, 53.4, 53.4],
        statutory_threshold=[100, 100, 100, 100, np.nan, 10, 10, 100, 100],
        polarity=["higher_is_better"] * 5 + ["lower_is_better"] * 2 + ["higher_is_better",
                                                                       "neutral"],
        breakdown_dimension=["all", "all", "all", "age", "all", "all", "all", "all", "all"],
        variation=["common_cause"] * 7 + ["special_cause_improvement", "common_cause"],
        rag=["red"] + ["none"] * 8,
    )
    table = add_verdict(frame)  # the default rule: 5% of the threshold
    below, above = "Below the level the law requires.", "Above the level the law allows."
    # 0: the EHC plans case, 53.4 against 100 and red
    assert (table.loc[0, "verdict"], table.loc[0, "verdict_reason"]) == ("concern", below)
    # 1: 95.0 misses 100 by 5.0, exactly the tolerance (5% of 100): inside it
    # 2: 94.9 misses by 5.1: more than the tolerance
    assert table.loc[1, "verdict"] == "steady"
    assert (table.loc[2, "verdict"], table.loc[2, "verdict_reason"]) == ("concern", below)
    # 3: a breakdown is not judged against the threshold (as targets are for totals)
    # 4: no statutory threshold
    assert table.loc[3, "verdict"] == table.loc[4, "verdict"] == "steady"
    # 5: lower is better, 12 against 10: over by 2, more than 0.5 (5% of 10)
    # 6: 10.5 is over by exactly 0.5: inside
    assert (table.loc[5, "verdict"], table.loc[5, "verdict_reason"]) == ("concern", above)
    assert table.loc[6, "verdict"] == "steady"
    # 7: a real improvement does not excuse a legal duty missed
    assert (table.loc[7, "verdict"], table.loc[7, "verdict_reason"]) == ("concern", below)
    # 8: neutral polarity has no better direction: context
    assert table.loc[8, "verdict"] == "context"
    assert set(table["verdict_label"]) <= set(VERDICTS.values())


def test_statutory_threshold_uses_the_runs_tolerance():
    frame = _rows(value=[91.0, 89.0], statutory_threshold=[100.0, 100.0])
    # an absolute tolerance of 10 points: 91 misses by 9 (inside), 89 by 11 (beyond)
    table = add_verdict(frame, RagRule.improvement(tolerance=10, tolerance_type="absolute"))
    assert table["verdict"].tolist() == ["steady", "concern"]
    # with no tolerance, any miss counts
    assert add_verdict(frame, RagRule(tolerance=0))["verdict"].tolist() == ["concern"] * 2
