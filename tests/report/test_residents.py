"""The summary for residents (perfkit/report/residents.py, resident_words.py
and perfkit/analysis/headline_measures.py): which measures head the page,
the words on each tile, and the actions beside what needs attention.

The rule tests use small hand-made assessment rows; the last tests open the
demo council's page on the bundled data and check what must hold whatever
the figures are (the demo data change as the project grows)."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

import perfkit
from perfkit.analysis.headline_measures import LEAST, MOST, PER_PRIORITY, choose_headline_measures
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.report import resident_words as words
from tests.paths import DATA

COUNCIL = "E08000009"


def _row(indicator_id: str, priority: str = "Homes", **extra) -> dict:
    row = {"indicator_id": indicator_id, "short_title": indicator_id.replace("_", " "),
           "priority": priority, "verdict": "steady", "value": 50.0, "unit": "percent",
           "decimal_places": 1, "polarity": "higher_is_better", "breakdown_dimension": "all",
           "periods_behind": 0, "period": "2024-25", "last_year_value": 48.0,
           "last_year_period": "2023-24", "direction_last_year": "improving",
           "peer_rank": 3, "peer_count": 11, "peer_percentile": 80.0, "rag": "none",
           "peer_quartile": 1, "nation": "England", "national_value": 45.0}
    return {**row, **extra}


def _frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


# -- which measures head the page -------------------------------------------------------
def test_named_measures_are_shown_in_the_order_given_and_at_most_eight():
    rows = _frame(*(_row(f"m{n}", verdict="context" if n == 3 else "steady") for n in range(12)))
    named = ["m5", "unknown", "m3", "m1", "m0", "m2", "m4", "m6", "m7", "m8", "m9"]
    chosen = choose_headline_measures(rows, named=named)
    assert list(chosen["indicator_id"]) == ["m5", "m3", "m1", "m0", "m2", "m4", "m6", "m7"]


def test_automatic_choice_spreads_over_the_priorities():
    rows = _frame(*(_row(f"{p}_{n}", priority=p) for p, n in
                    itertools.product(["Ash", "Birch", "Cedar", "Damson"], range(5))))
    chosen = choose_headline_measures(rows)
    assert LEAST <= len(chosen) <= MOST
    assert chosen["priority"].value_counts().to_dict() == dict.fromkeys(
        ["Ash", "Birch", "Cedar", "Damson"], PER_PRIORITY)
    # grouped by priority, in the priorities' order
    assert list(chosen["priority"]) == sorted(chosen["priority"])


def test_automatic_choice_leaves_out_what_cannot_be_judged_now():
    rows = _frame(_row("old", periods_behind=STALE_AFTER_PERIODS + 1),
                  _row("context", verdict="context", polarity="neutral"),
                  _row("few", verdict="few"), _row("stale", verdict="stale"),
                  _row("blank", value=float("nan")),
                  _row("by_sex", breakdown_dimension="sex"),
                  _row("no_priority", priority=""),
                  *(_row(f"ok{n}") for n in range(6)))
    chosen = choose_headline_measures(rows)
    assert set(chosen["indicator_id"]) == {f"ok{n}" for n in range(6)}


def test_each_priority_gives_a_measure_that_needs_attention_if_it_has_one():
    rows = _frame(*(_row(f"a{n}", priority="Ash") for n in range(4)),
                  _row("a_bad", priority="Ash", verdict="concern"),
                  *(_row(f"b{n}", priority="Birch") for n in range(4)),
                  *(_row(f"c{n}", priority="Cedar") for n in range(4)))
    chosen = choose_headline_measures(rows)
    assert "a_bad" in set(chosen["indicator_id"])
    assert len(chosen) == LEAST


def test_fewer_priorities_still_give_at_least_six_measures():
    one = choose_headline_measures(_frame(*(_row(f"m{n}") for n in range(10))))
    assert len(one) == LEAST
    two = choose_headline_measures(_frame(*(_row(f"a{n}", priority="Ash") for n in range(3)),
                                          *(_row(f"b{n}", priority="Birch") for n in range(3))))
    assert len(two) == LEAST


def test_outcomes_and_plain_titles_come_first():
    rows = _frame(_row("process", measure_type="process"),
                  _row("output", measure_type="output"),
                  _row("outcome", measure_type="outcome"),
                  _row("unknown", measure_type=None))
    assert choose_headline_measures(rows)["indicator_id"].iloc[0] == "outcome"
    titled = _frame(_row("a", short_title="EHC plans on time"), _row("b", short_title="Recycling"))
    assert choose_headline_measures(titled)["indicator_id"].iloc[0] == "b"


# -- the words on a tile -------------------------------------------------------------------
@pytest.mark.parametrize(("verdict", "rag", "quartile", "direction"), list(itertools.product(
    ["concern", "watch", "improving", "steady"], ["green", "red", "none"], [1, 4],
    ["improving", "worsening", "no_significant_change"])))
def test_a_measure_that_needs_attention_is_never_going_well(verdict, rag, quartile, direction):
    rows = _frame(_row("m", verdict=verdict, rag=rag, peer_quartile=quartile,
                       direction_last_year=direction))
    status = words.statuses(rows).iloc[0]
    if verdict == "concern":
        assert status == "concern"
    if status == words.GOING_WELL:
        assert direction != "worsening"
        assert verdict == "improving" or (rag == "green" and quartile == 1)
    else:
        assert status == verdict
    assert words.STATUS[status][1]  # every status has words as well as a symbol


@pytest.mark.parametrize(("value", "before", "polarity", "direction", "arrow", "said"), [
    (87.1, 65.6, "higher_is_better", "improving", "↑", "Up from 65.6% in 2023-24: better"),
    (53.4, 58.6, "higher_is_better", "worsening", "↓", "Down from 58.6% in 2023-24: worse"),
    (6.1, 7.3, "lower_is_better", "improving", "↓", "Down from 7.3% in 2023-24: better"),
    (32.6, 31.7, "lower_is_better", "worsening", "↑", "Up from 31.7% in 2023-24: worse"),
    (79.4, 79.4, "higher_is_better", "no_significant_change", "→",
     "About the same as 2023-24 (79.4%)"),
])
def test_the_change_agrees_with_the_values(value, before, polarity, direction, arrow, said):
    row = _row("m", value=value, last_year_value=before, polarity=polarity,
               direction_last_year=direction)
    moved = words.change(row)
    assert (moved.arrow, moved.text) == (arrow, said)


def test_with_no_figure_a_year_earlier_the_change_says_so():
    row = _row("m", last_year_value=float("nan"), direction_last_year="not_comparable")
    assert words.change(row).text == "No earlier figure to compare with"


@pytest.mark.parametrize(("rank", "count", "polarity", "said"), [
    (1, 11, "higher_is_better", "Among the best of similar councils (1st of 11)"),
    (4, 11, "lower_is_better", "Better than most similar councils (4th of 11)"),
    (6, 11, "higher_is_better", "In the middle of similar councils (6th of 11)"),
    (8, 11, "higher_is_better", "Worse than most similar councils (8th of 11)"),
    (11, 11, "lower_is_better", "Among the worst of similar councils (11th of 11)"),
    (1, 11, "neutral", "Among the highest of similar councils (1st of 11)"),
])
def test_the_comparison_agrees_with_the_rank(rank, count, polarity, said):
    percentile = (count - rank) / (count - 1) * 100  # as perfkit.analysis.ranking has it
    row = _row("m", peer_rank=rank, peer_count=count, peer_percentile=percentile,
               polarity=polarity, national_value=float("nan"))
    assert words.comparison(row) == said


def test_without_a_rank_the_comparison_is_with_the_nation():
    row = _row("m", value=40.0, peer_rank=None, peer_count=None, peer_percentile=None,
               national_value=45.0)
    assert words.comparison(row) == "Worse than England (45.0%)"
    ranked = _row("m")
    assert words.comparison(ranked).endswith("England: 45.0%")


def test_the_sentence_on_the_whole_counts_the_verdicts():
    rows = _frame(*(_row(f"s{n}") for n in range(5)), _row("w", verdict="watch"),
                  _row("c", verdict="concern"))
    assert words.whole_sentence(rows) == (
        "Of the 7 measures we can judge from recent figures, 5 are steady or getting "
        "better, 1 is one to keep an eye on and 1 needs attention.")


def test_an_actions_progress_reads_whatever_columns_the_table_has():
    bare = {"status": "overdue", "due_date": "2025-07-31"}
    assert words.action_progress(bare) == "Late: it was due in July 2025."
    full = {"status": "at_risk", "due_date": "2026-01-31", "percent_complete": 50.0,
            "milestones": "2 of 4 milestones met", "update": "Behind plan."}
    assert words.action_progress(full) == ("At risk of running late (due January 2026); "
                                           "50% done (2 of 4 milestones met). Latest: "
                                           "Behind plan.")
    past_due = {"status": "on_track", "due_date": "2025-07-31", "overdue": True}
    assert words.action_progress(past_due) == "Late: it was due in July 2025."
    done = {"status": "complete", "due_date": "2025-10-31", "completed_date": "2025-10-20",
            "percent_complete": 100.0}
    assert words.action_progress(done) == "Done in October 2025."


# -- the demo council's page -------------------------------------------------------------
@pytest.fixture(scope="module")
def page():
    report = perfkit.open_report("residents", council=COUNCIL, period="2025-26 Q4",
                                 peer_group="ons_global_neighbours", audience="cabinet",
                                 data_dir=DATA)
    return perfkit.residents.residents_page(report)


def test_the_demo_page_heads_with_six_to_eight_current_measures(page):
    tiles = page.tiles
    assert LEAST <= len(tiles) <= MOST
    assert tiles["verdict"].isin(["concern", "watch", "improving", "steady"]).all()
    assert (tiles["periods_behind"] <= STALE_AFTER_PERIODS).all()
    assert (tiles["priority"].value_counts() <= PER_PRIORITY).all()
    priorities = {p for p in page.rows["priority"] if p}
    assert set(tiles["priority"]) == {p for p in priorities
                                      if p in set(page.current["priority"])}


def test_the_demo_tiles_agree_with_the_verdicts(page):
    html = page.headline_measures().data
    for _, tile in page.tiles.iterrows():
        assert not (tile["verdict"] == "concern" and tile["status"] == words.GOING_WELL)
        shown = re.search(rf'<h3>{re.escape(str(tile["short_title"]))}</h3>(.*?)</li>',
                          html.replace("&amp;", "&").replace("&#x27;", "'"))
        assert shown, tile["short_title"]
        assert words.STATUS[tile["status"]][1] in shown.group(1)
        assert words.value_words(tile).split(" ")[0] in shown.group(1)
    assert html.count('aria-hidden="true"') >= len(page.tiles)


def test_what_we_are_doing_names_the_actions(page):
    html = page.doing_about_it().data.replace("&#x27;", "'")
    shown = page.attention_rows.head(4)
    assert len(shown) >= 1, "the demo data have measures that need attention"
    for _, row in shown.iterrows():
        actions = page.actions_for(row["indicator_id"])
        if actions.empty:
            assert "No action recorded yet." in html
        else:
            assert str(actions["action"].iloc[0]) in html
            assert str(actions["owner"].iloc[0]) in html


def test_the_demo_page_says_its_demonstration_data_are_made_up(page):
    footer = page.footer().data
    assert "Demonstration data." in footer and "actions" in footer
    assert "2025-26 Q4" in footer
