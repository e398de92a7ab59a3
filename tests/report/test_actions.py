"""The words for improvement actions (perfkit/report/actions.py): progress,
overdue, and what a measure did after a finished action, said with care."""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.action_effects import action_effects
from perfkit.report.actions import (
    action_lines,
    actions_overview_html,
    effect_sentence,
    measure_actions_html,
)
from tests.analysis.test_action_effects import (
    COUNCIL,
    STEADY,
    _action,
    _indicators,
    _judge,
    _observations,
)


def test_the_words_say_how_long_since_and_do_not_claim_the_cause():
    row = _judge(STEADY + [51, 49, 50])
    measure = _indicators().iloc[0]
    said = effect_sentence(row, measure)
    assert said.startswith("No change yet in the 3 quarters since")
    better = effect_sentence(_judge(STEADY + [55, 56, 55, 57]), measure)
    assert "from 50% to 56%" in better and "not proof that the action caused it" in better


def test_the_overview_counts_and_lists_overdue_first():
    actions = pd.concat([_action(), _action(status="on_track", completed=None, due="2024-06-30")
                         .assign(action_id="A2", action="Late one")])
    judged = action_effects(actions, _observations(STEADY + [51]), _indicators(), COUNCIL,
                            "2024-25 Q2")
    html = actions_overview_html(judged, _indicators())
    assert "2 improvement actions: 1 overdue and 1 complete." in html
    assert html.index("Late one") < html.index("Do it")


def test_a_measure_lists_its_actions_with_progress_in_words():
    judged = action_effects(
        _action(status="at_risk", completed=None, due="2024-06-30", percent_complete=40,
                milestones="1 of 3 milestones met", update="Waiting for staff"),
        _observations(STEADY), _indicators(), COUNCIL, "2023-24 Q4")
    html = measure_actions_html(judged, _indicators().iloc[0])
    assert "What the council is doing" in html
    assert 'aria-label="40% complete"' in html and "40% complete; 1 of 3 milestones met" in html
    assert "At risk" in html and "due 30 June 2024" in html and "Latest: Waiting for staff" in html
    overdue = action_effects(_action(status="on_track", completed=None, due="2023-06-30"),
                             _observations(STEADY), _indicators(), COUNCIL, "2023-24 Q4")
    assert "Overdue" in measure_actions_html(overdue, _indicators().iloc[0])
    assert "was due 30 June 2023" in measure_actions_html(overdue, _indicators().iloc[0])
    assert measure_actions_html(judged.assign(indicator_id="other"), _indicators().iloc[0]) == ""


def test_an_action_finished_after_the_report_period_is_not_shown():
    judged = action_effects(_action(completed="2024-03-31"), _observations(STEADY), _indicators(),
                            COUNCIL, "2023-24 Q3")
    assert judged.empty


def test_the_front_page_line_says_who_how_far_and_when_or_that_there_is_none():
    judged = action_effects(
        _action(status="on_track", completed=None, due="2023-06-30", percent_complete=80),
        _observations(STEADY), _indicators(), COUNCIL, "2023-24 Q4")
    lines = action_lines(judged, ["m", "other"])
    assert lines["m"] == "Action (Head of Service: overdue, was due 30 June 2023; 80% complete)."
    assert "No action is recorded" in lines["other"]
    assert action_lines(None, ["m"]) == {}
