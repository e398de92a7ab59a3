"""Actions judged by what they changed (perfkit/analysis/action_effects.py):
hand-built series split at the date an action was finished."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.action_effects import ACTION_COLUMNS, MIN_BEFORE, action_effects

COUNCIL = "E08000001"
QUARTERS = [f"{y}-{(y + 1) % 100:02d} Q{q}" for y in (2021, 2022, 2023, 2024) for q in (1, 2, 3, 4)]
STEADY = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52]  # 12 quarters, mean 50.33


def _indicators(polarity="higher_is_better"):
    return pd.DataFrame([{"indicator_id": "m", "short_title": "Measure", "unit": "percent",
                          "decimal_places": 0, "frequency": "financial_quarter",
                          "polarity": polarity}])


def _observations(values):
    return pd.DataFrame({"area_code": COUNCIL, "indicator_id": "m",
                         "period": QUARTERS[:len(values)], "value": values,
                         "breakdown_dimension": "all", "breakdown_category": "all"})


def _action(status="complete", completed="2024-03-31", due="2024-03-31", **extra):
    return pd.DataFrame([{"action_id": "A1", "area_code": COUNCIL, "indicator_id": "m",
                          "action": "Do it", "owner": "Head of Service", "due_date": due,
                          "status": status, "completed_date": completed, **extra}])


def _judge(values, period="2024-25 Q4", polarity="higher_is_better", **action):
    return action_effects(_action(**action), _observations(values), _indicators(polarity),
                          COUNCIL, period).iloc[0]


# completed at the end of 2023-24 Q4: 12 quarters before, then those after
def test_a_run_above_the_old_average_after_the_action_is_an_improvement():
    row = _judge(STEADY + [55, 56, 55, 57])
    assert row["effect"] == "improved"
    assert row["periods_since"] == 4
    assert row["before_mean"] == pytest.approx(np.mean(STEADY))
    assert row["after_mean"] == pytest.approx(55.75)


def test_the_same_rise_on_a_measure_where_lower_is_better_is_worse():
    assert _judge(STEADY + [55, 56, 55, 57], polarity="lower_is_better")["effect"] == "worsened"


def test_figures_within_the_old_range_are_no_change_yet():
    row = _judge(STEADY + [51, 49, 50])
    assert row["effect"] == "no_change_yet"
    assert row["periods_since"] == 3
    # the range before: mean +/- 2.66 x mean moving range of the 12 quarters
    moving = np.abs(np.diff(STEADY)).mean()
    assert row["before_upl"] == pytest.approx(np.mean(STEADY) + 2.66 * moving)


def test_no_figure_since_is_said():
    assert _judge(STEADY, period="2023-24 Q4")["effect"] == "no_figures_yet"


def test_figures_after_the_report_period_are_not_used():
    row = _judge(STEADY + [55, 56, 55, 57], period="2024-25 Q1")
    assert row["periods_since"] == 1


def test_too_few_figures_before_cannot_tell():
    # finished at the end of 2021-22 Q2, with one quarter fewer before it than needed
    row = _judge([50] * (MIN_BEFORE - 1) + [60, 61], completed="2021-09-30")
    assert row["effect"] == "too_few_before"


def test_a_measure_that_moves_in_steps_is_not_read_against_its_range():
    assert _judge([80] * 10 + [82, 82] + [78, 78, 78])["effect"] == "moves_in_steps"


def test_an_open_action_is_not_judged_and_an_old_due_date_is_overdue():
    row = _judge(STEADY + [55], status="on_track", completed=None, due="2024-06-30")
    assert pd.isna(row["effect"])
    assert bool(row["overdue"])  # due in 2024-25 Q1, not complete by its end
    assert not bool(_judge(STEADY, period="2023-24 Q4", status="on_track", completed=None,
                           due="2024-06-30")["overdue"])


def test_no_actions_table_gives_an_empty_table_with_the_columns():
    found = action_effects(None, _observations(STEADY), _indicators(), COUNCIL, "2024-25 Q4")
    assert list(found.columns) == ACTION_COLUMNS and found.empty
