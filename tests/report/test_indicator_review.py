"""The indicator-set review page (perfkit/report/indicator_review.py and
review_words.py) on a tiny data folder of twelve councils and five measures:
what "In short" says and that its numbers match the table, the questions, the
balance, the pairs, and a glossary entry for every measure."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import perfkit
from perfkit.report import review_words
from perfkit.report.indicator_review import review_page

TRAFFORD = "E08000009"
OTHERS = [f"E0600{n:04d}" for n in range(1, 12)]
AREAS = "\n".join(
    ["area_code,area_name,area_type,region,nation,parent_code",
     "E92000001,England,country,,England,",
     "E12000002,North West,region,North West,England,E92000001",
     f"{TRAFFORD},Trafford,metropolitan_district,North West,England,E12000002"]
    + [f"{code},Council {n},unitary,North West,England,E12000002"
       for n, code in enumerate(OTHERS, start=1)]) + "\n"
PEERS = "group_id,group_name,group_kind,area_code,peer_code,rank\n" + "".join(
    f"near,Near neighbours,custom,{TRAFFORD},{code},{n}\n"
    for n, code in enumerate(OTHERS, start=1))
_HEAD = ("indicator_id,title,short_title,unit,polarity,decimal_places,frequency,source,"
         "licence,enquiry_lines,priority,owner,measure_type,statutory_basis,description")
INDICATORS = "\n".join([
    _HEAD,
    "alpha,Adults who are active (%),Active adults,percent,higher_is_better,1,financial_year,"
    "Test survey,OGL v3,trends,Healthy Lives,Director of Public Health,outcome,,"
    "Adults doing enough exercise each week.",
    "beta,Adults who are inactive (%),Inactive adults,percent,lower_is_better,1,financial_year,"
    "Test survey,OGL v3,trends,Healthy Lives,Director of Public Health,outcome,,",
    "gamma,Requests answered in time (%),Requests in time,percent,higher_is_better,1,"
    "financial_year,Test returns,OGL v3,trends,,Information Governance Manager,process,"
    "The Test Act 2020 s1: answer within 20 days.,Requests answered within 20 days.",
    "delta,Households (count),Households,count,neutral,0,financial_year,Test census,OGL v3,"
    "trends,Healthy Lives,,,,How many households there are.",
    "eps,Planning decisions in time (%),Planning in time,percent,higher_is_better,1,"
    "financial_quarter,Test returns,OGL v3,trends,Economy & Homes,Head of Planning,process,,"
    "Planning applications decided in time.",
]) + "\n"
YEARS = [f"{y}-{str(y + 1)[2:]}" for y in range(2013, 2025)]  # 2013-14 ... 2024-25
QUARTERS = ["2022-23 Q4"] + [f"{y} Q{q}" for y in ("2023-24", "2024-25") for q in (1, 2, 3, 4)] \
    + [f"2025-26 Q{q}" for q in (1, 2, 3)]


def _observations() -> str:
    rows = ["area_code,indicator_id,period,value"]
    rows += [f"{TRAFFORD},alpha,{p},{50 + i}" for i, p in enumerate(YEARS)]
    rows += [f"{TRAFFORD},beta,{p},{40 - i}" for i, p in enumerate(YEARS[-5:])]
    rows += [f"{TRAFFORD},gamma,{p},{70 + i}" for i, p in enumerate(["2018-19", "2019-20"])]
    rows += [f"{TRAFFORD},delta,2024-25,95000"]
    rows += [f"{TRAFFORD},eps,{p},{80 + (i % 3)}" for i, p in enumerate(QUARTERS)]
    for n, code in enumerate(OTHERS, start=1):  # alpha up, beta down: r = -1 across councils
        rows += [f"{code},alpha,2024-25,{40 + n}", f"{code},beta,2024-25,{60 - n}"]
    return "\n".join(rows) + "\n"


TARGETS = """indicator_id,area_code,period,target,tolerance,tolerance_type
alpha,E08000009,2022-23,55,5,relative
alpha,E08000009,2023-24,56,5,relative
alpha,E08000009,2024-25,57,5,relative
eps,E08000009,2025-26 Q1,81,5,relative
eps,E08000009,2025-26 Q2,81,5,relative
eps,E08000009,2025-26 Q3,81,5,relative
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tmp_path_factory.mktemp("review_data")
    for name, text in (("areas", AREAS), ("peer_groups", PEERS), ("indicators", INDICATORS),
                       ("observations", _observations()), ("targets", TARGETS)):
        (data / f"{name}.csv").write_text(text, encoding="utf-8")
    return data


def _page(folder, period="2025-26 Q4"):
    report = perfkit.open_report("indicator_review", council=TRAFFORD, period=period,
                                 peer_group="near", audience="scrutiny", data_dir=folder)
    return review_page(report)


@pytest.fixture(scope="module")
def page(folder):
    return _page(folder)


def _text(section) -> str:
    """The words of a section, without tags, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", section.data)).replace("  ", " ")


def test_the_findings(page):
    measures = page.review.measures.set_index("indicator_id")
    assert measures.loc["alpha", "suggestion_codes"] == ["harder_target", "moves_together"]
    assert measures.loc["beta", "suggestion_codes"] == ["moves_together", "too_few_figures"]
    assert measures.loc["gamma", "suggestion_codes"] == ["link", "fresher_data"]
    assert measures.loc["delta", "suggestion_codes"] == ["background"]
    assert measures.loc["eps", "suggestion_codes"] == ["keep"]  # 2 of 3 quarters green
    pair = page.review.strong_pairs.iloc[0]
    assert (pair["indicator_id"], pair["other_id"], pair["councils"]) == ("alpha", "beta", 12)
    assert pair["r"] == pytest.approx(-1.0)


def test_in_short_says_what_the_table_says(page):
    said = review_words.in_short(page.review, "Trafford")
    assert said[0] == ("Trafford reports 5 measures: 4 that say which way is better, and 1 "
                       "shown for context, where higher is neither better nor worse. 3 need "
                       "a decision; the other 2 can stay as they are.")
    assert said[1:6] == [
        "1 measure serves no plan priority (it measures a legal duty, so keep it): link it "
        "to one, or drop it.",
        "1 measure is out of date: its latest figure, for 2019-20, is more than 2 of its own "
        "periods old.",
        "1 measure met its target every time it was rated in the last 3 years: set a harder "
        "target, or drop it.",
        "1 pair of measures moves together across councils: one of them may be enough.",
        "1 measure has fewer than 12 figures: too few to tell a real improvement from normal "
        "ups and downs."]
    assert said[6] == ("Balance: of the 4 measures that say which way is better, 2 are "
                       "outcomes, 0 are outputs and 2 are processes. Economy & Homes has only "
                       "1 measure. Healthy Lives has only 2 measures.")
    shown = _text(page.in_short())
    assert "In short" in shown and "starting points for the committee" in shown


def test_the_table_groups_measures_by_priority_decisions_first(page):
    shown = page.measures().data
    headings = re.findall(r"<h3>([^<]+)</h3>", shown)
    assert headings == ["Economy &amp; Homes: 1 measure", "Healthy Lives: 3 measures",
                        "Not linked to a plan priority: 1 measure"]
    healthy = shown.split("Healthy Lives: 3 measures")[1].split("<h3>")[0]
    assert healthy.index("Active adults") < healthy.index("Inactive adults") \
        < healthy.index("Households")  # a decision first, then what can stay
    assert ("<strong>Set a harder target or drop it</strong>: met its target every time "
            "since 2022-23 (3 periods)") in healthy
    assert "Moves against Inactive adults across similar councils: one may be enough" in healthy
    assert "2 need a decision; the other 1 can stay as it is." in _text(page.measures())
    assert "<strong>Link it to a plan priority</strong>: it serves none, but it measures a " \
           "legal duty" in shown
    assert "2019-20 (out of date)" in shown and "How the suggestions are made" in shown


def test_the_balance_pairs_and_questions(page):
    balance = _text(page.balance())
    assert re.search(r"Healthy Lives\s+2\s+0\s+0\s+1\s+3", balance)
    assert re.search(r"All measures\s+2\s+0\s+2\s+1\s+5", balance)
    pairs = _text(page.pairs())
    assert re.search(r"Active adults\s+against\s+Inactive adults\s+-1.00\s+12\s+"
                     r"Near neighbours\s+2024-25", pairs)
    asked = review_words.questions(page.review)
    assert asked[0] == ("Requests in time serves no plan priority. Which priority does it "
                        "support? Should it be dropped, or reported elsewhere?")
    assert asked[1] == ("When will newer figures come for Requests in time (2019-20), or "
                        "what could replace it?")
    assert "Active adults and Inactive adults move together across 12 councils (r = -1.00)" \
        in asked[3]
    assert "Economy & Homes has only 1 measure. Is that enough" in asked[4]


def test_every_measure_has_a_glossary_entry(page):
    shown = page.glossary().data
    for indicator_id in ("alpha", "beta", "gamma", "delta", "eps"):
        assert f'id="what-{indicator_id}"' in shown
        assert f'href="#what-{indicator_id}"' in page.measures().data
    text = _text(page.glossary())
    assert "What it counts: Adults doing enough exercise each week." in text
    assert "What it counts: Adults who are inactive (%), given as a percentage." in text
    assert ("It serves no priority of the council plan. It measures a legal duty: The Test "
            "Act 2020 s1: answer within 20 days. Higher is better.") in text
    assert "Neither higher nor lower is better" in text
    assert ("Where it comes from: Test returns. New figures come every three months, for the "
            "quarters of the April to March year. The officer responsible: Head of "
            "Planning.") in text
    assert "No officer is named as responsible." in text


def test_a_glossary_entry_from_a_row():
    row = pd.Series({"description": "", "title": "Rate (per 10,000)", "unit": "rate_per_10000",
                     "priority": "", "statutory_basis": "", "polarity": "lower_is_better",
                     "kind": "not set", "source": "ONS", "frequency": "month", "owner": ""})
    entry = review_words.glossary_entry(row)
    assert entry["what"] == "Rate (per 10,000), given as a rate per 10,000 people."
    assert entry["why"].endswith("Lower is better. Whether it is an outcome, an output or a "
                                 "process is not recorded.")
    assert entry["where"].startswith("ONS. New figures come every month.")


def test_a_period_before_any_figure_says_so_and_nothing_else(folder):
    empty = _page(folder, period="2010-11 Q1")
    assert "There are no measures for Trafford up to this period to review." in \
        _text(empty.in_short())
    for section in (empty.measures, empty.balance, empty.pairs, empty.questions,
                    empty.glossary):
        assert section().data == ""
