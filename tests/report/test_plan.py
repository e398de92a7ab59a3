"""The council plan's parts (perfkit/report/plan.py), from hand-built
assessment rows and a hand-built indicators table with a priority column."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from perfkit.analysis.reconcile import VERDICTS
from perfkit.analysis.verdict import ASSESSMENT_COLUMNS
from perfkit.report.plan import (
    COUNTED,
    JUDGED,
    NAMED,
    UNLINKED,
    UNLINKED_NOTE,
    by_priority,
    in_short,
    plan_parts,
    verdict_counts,
    with_priority,
)

#: (indicator_id, priority, verdict), in the indicators table's order (Healthy
#: Lives first); two measures have no priority.
MEASURES = [
    ("care_homes_good", "Healthy Lives", "concern"),
    ("claimant_count", "Economy & Homes", "improving"),
    ("health_checks", "Healthy Lives", "steady"),
    ("preventable_deaths", "Healthy Lives", "concern"),
    ("prompt_payment", "", "steady"),
    ("smoking", "Healthy Lives", "improving"),
    ("new_homes", "Economy & Homes", "watch"),
    ("population", None, "context"),
    ("physical_activity", "Healthy Lives", "steady"),
]


def assessment(measures=MEASURES) -> pd.DataFrame:
    """The council's rows without breakdown, sorted by indicator_id as the
    assessment table is (not in the plan's order)."""
    rows = []
    for indicator_id, _, verdict in measures:
        row = dict.fromkeys(ASSESSMENT_COLUMNS, np.nan)
        title = indicator_id.replace("_", " ").capitalize()
        row.update(indicator_id=indicator_id, short_title=title, title=title,
                   unit="percent", decimal_places=0, value=60.0, period="2024-25",
                   polarity="neutral" if verdict == "context" else "higher_is_better",
                   breakdown_dimension="all", breakdown_category="all", verdict=verdict,
                   verdict_label=VERDICTS[verdict], verdict_reason=f"Because of {title}.",
                   rag="green", peer_quartile=2, enquiry_lines="trends")
        rows.append(row)
    return pd.DataFrame(rows).sort_values("indicator_id", ignore_index=True)


def indicators(measures=MEASURES) -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": [m[0] for m in measures],
                         "priority": [m[1] for m in measures]})


def _said(sentence: str) -> dict[str, int]:
    """What the sentence counts: the measures that can be judged, those steady
    or getting better, to keep an eye on and needing attention (0 if not said)."""
    first = re.match(r"(?:(\d+) of the (\d+)|All (\d+)|(Both)|None of the (\d+)) .*? we can "
                     r"judge", sentence)
    some, of, every, both, none = first.groups()
    good, judged = ((int(some), int(of)) if some else (int(every), int(every)) if every
                    else (2, 2) if both else (0, int(none)))
    counted = {"judged": judged, "good": good}
    for key, pattern in (("watch", r"(\d+) to keep an eye on"),
                         ("concern", r"(\d+) needs? attention")):
        match = re.search(pattern, sentence)
        counted[key] = int(match.group(1)) if match else 0
    return counted


def test_parts_are_in_alphabetical_order_and_end_with_the_unlinked():
    """Alphabetical whatever the order of the tables' rows."""
    parts = plan_parts(assessment(), indicators())
    assert [p.title for p in parts] == ["Economy & Homes", "Healthy Lives", UNLINKED]
    assert [sorted(p.measures["indicator_id"]) for p in parts] == [
        ["claimant_count", "new_homes"],
        ["care_homes_good", "health_checks", "physical_activity", "preventable_deaths",
         "smoking"],
        ["population", "prompt_payment"]]  # blank and missing priorities alike
    assert [p.anchor for p in parts] == ["plan-economy-homes", "plan-healthy-lives",
                                         "plan-other"]
    shuffled = plan_parts(assessment().iloc[::-1], indicators().iloc[::-1])
    assert [p.title for p in shuffled] == [p.title for p in parts]
    lower = [("a", "climate", "steady"), ("b", "Children", "steady")]
    assert [p.title for p in plan_parts(assessment(lower), indicators(lower))][:2] == [
        "Children", "climate"]


def test_every_measure_is_in_exactly_one_part():
    parts = plan_parts(assessment(), indicators())
    ids = [i for part in parts for i in part.measures["indicator_id"]]
    assert sorted(ids) == sorted(m[0] for m in MEASURES)


def test_the_sentence_answers_with_the_verdicts_counts():
    economy, healthy, other = plan_parts(assessment(), indicators())
    assert healthy.answer == ("3 of the 5 Healthy Lives measures we can judge are steady or "
                              "getting better; 2 need attention: Care homes good and "
                              "Preventable deaths.")
    assert economy.answer == ("1 of the 2 Economy & Homes measures we can judge is getting "
                              "better; 1 to keep an eye on.")
    # the context measure is counted by the badges only
    assert other.answer == "The one other measure we can judge, Prompt payment, is steady."


@pytest.mark.parametrize(("verdicts", "said"), [
    (["steady", "steady", "improving"],
     "All 3 A measures we can judge are steady or getting better."),
    (["steady", "improving", "context"], "Both A measures we can judge are steady or getting better."),
    (["concern", "watch"],
     "None of the 2 A measures we can judge is steady or getting better; 1 to keep an eye on; "
     "1 needs attention: M0."),
    (["context", "context", "few"],
     "None of the 3 A measures can be judged (1 with too few figures and 2 for context only)."),
    (["stale", "concern", "context"], "The one A measure we can judge, M1, needs attention."),
])
def test_sentences_of_every_shape(verdicts, said):
    mix = [(f"m{i}", "A", v) for i, v in enumerate(verdicts)]
    (part,) = plan_parts(assessment(mix), indicators(mix))
    assert part.answer == said


@pytest.mark.parametrize("seed", range(20))
def test_the_sentence_never_disagrees_with_the_badges(seed):
    """Random mixes of verdicts: the sentence's numbers are the verdicts' counts,
    and the badges beside it show the same numbers."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(2, 15))
    mix = [(f"m{i:02d}", str(rng.choice(["A", "B", ""])), str(rng.choice(COUNTED)))
           for i in range(size)]
    for part in plan_parts(assessment(mix), indicators(mix)):
        verdicts = part.measures["verdict"].value_counts().to_dict()
        badges = dict(re.findall(r'badge-(\w+)".*?<strong>(\d+)</strong>',
                                 verdict_counts(part.measures)))
        assert {k: int(v) for k, v in badges.items()} == verdicts
        judged = sum(verdicts.get(v, 0) for v in JUDGED)
        if judged < 2:
            continue  # said in words: tested above
        assert _said(part.answer) == {
            "judged": judged, "good": verdicts.get("steady", 0) + verdicts.get("improving", 0),
            "watch": verdicts.get("watch", 0), "concern": verdicts.get("concern", 0)}, \
            part.answer
        assert ("steady" in part.answer) == ("steady" in verdicts or "improving" not in
                                             verdicts)


def test_before_a_list_the_sentence_leads_into_it():
    economy, healthy, _ = plan_parts(assessment(), indicators())
    assert healthy.answer_before_list == ("3 of the 5 Healthy Lives measures we can judge are "
                                          "steady or getting better; 2 need attention:")
    assert economy.answer_before_list == economy.answer  # nothing needs attention


def test_a_part_names_its_measures_that_need_attention_up_to_a_limit():
    mix = [(f"m{i}", "A", "concern") for i in range(NAMED + 2)]
    (part,) = plan_parts(assessment(mix), indicators(mix))
    assert part.answer == ("None of the 5 A measures we can judge is steady or getting "
                           "better; 5 need attention: M0, M1, M2 and 2 more.")
    assert list(part.attention["indicator_id"]) == [m[0] for m in mix]


@pytest.mark.parametrize(("verdict", "said"), [
    ("concern", "The one A measure, Only one, needs attention."),
    ("watch", "The one A measure, Only one, is one to keep an eye on."),
    ("steady", "The one A measure, Only one, is steady."),
    ("few", "The one A measure, Only one, has too few figures to judge."),
])
def test_a_part_of_one_measure(verdict, said):
    mix = [("only_one", "A", verdict), ("other", "B", "steady")]
    first = plan_parts(assessment(mix), indicators(mix))[0]
    assert first.answer == said


def test_going_well_and_attention_use_the_front_pages_rules():
    healthy = plan_parts(assessment(), indicators())[1]
    assert list(healthy.attention["indicator_id"]) == ["care_homes_good", "preventable_deaths"]
    assert list(healthy.going_well["indicator_id"]) == ["smoking"]


@pytest.mark.parametrize("table", [
    indicators().drop(columns="priority"),       # no column at all
    indicators().assign(priority=""),            # a column, all blank
    indicators().assign(priority=np.nan),        # ... or empty as read from a CSV
    None,                                        # no indicators table
])
def test_no_priorities_no_parts(table):
    assert plan_parts(assessment(), table) == []
    report = SimpleNamespace(totals=assessment(), data=SimpleNamespace(indicators=table))
    assert in_short(report).data == "" and by_priority(report).data == ""


def test_a_priority_already_on_the_rows_is_kept():
    rows = with_priority(assessment(), indicators())
    assert with_priority(rows, None)["priority"].equals(rows["priority"])
    parts = plan_parts(rows)  # without the table
    assert [p.title for p in parts] == ["Economy & Homes", "Healthy Lives", UNLINKED]


def test_anchors_are_unique_even_when_names_slug_alike():
    mix = [("a", "Health & Care", "steady"), ("b", "Health, Care", "steady")]
    assert [p.anchor for p in plan_parts(assessment(mix), indicators(mix))] == [
        "plan-health-care", "plan-health-care-2"]


def _report():
    return SimpleNamespace(totals=assessment(), data=SimpleNamespace(indicators=indicators()))


def test_the_overview_answers_first_priority_by_priority():
    text = in_short(_report()).data
    assert text.index("In short") < text.index("Economy &amp; Homes") < text.index("Healthy Lives")
    assert '<a href="#plan-healthy-lives">Healthy Lives</a>: 3 of the 5 Healthy Lives' in text
    assert text.count("<li>") == 3  # one sentence per part


def test_the_overviews_parts():
    text = by_priority(_report()).data
    parts = text.split('<section class="perfkit plan-part">')[1:]
    assert len(parts) == 3
    economy, healthy, other = parts
    assert '<h2 id="plan-healthy-lives">Healthy Lives</h2>' in healthy
    attention = healthy[healthy.index("Needs attention:"):healthy.index("Going well:")]
    assert attention.count("<li>") == 2 and "<strong>Because of Care homes good.</strong>" \
        in attention
    assert "<p>Going well: Smoking.</p>" in healthy
    many = [(f"m{i}", "A", "improving") for i in range(NAMED + 1)]
    report = SimpleNamespace(totals=assessment(many), data=SimpleNamespace(
        indicators=indicators(many)))
    assert "<p>Going well: M0, M1, M2 and 1 more, listed below.</p>" in by_priority(report).data
    assert "Needs attention:" not in economy
    assert UNLINKED_NOTE in other and UNLINKED_NOTE not in healthy
