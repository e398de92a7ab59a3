"""The target review page (perfkit/report/target_review.py and
target_words.py) on a tiny data folder: one target of each class, one for a
context measure and one measure with a target now and none proposed. Each
council series alternates between two values, so its usual average is their
mid-point and its usual range the mid-point +/- 2.66 x 2."""

from __future__ import annotations

import copy
import dataclasses
import html
import re

import pytest

import perfkit
from perfkit.report.target_review import target_review_page

TRAFFORD = "E08000009"
PEERS = ["E08000001", "E08000002", "E08000003", "E08000004", "E08000005"]
AREAS = "\n".join([
    "area_code,area_name,area_type,region,nation,parent_code",
    "E92000001,England,country,,England,",
    "E12000002,North West,region,North West,England,E92000001",
    f"{TRAFFORD},Trafford,metropolitan_district,North West,England,E12000002",
    *(f"{code},Peer {n},metropolitan_district,North West,England,E12000002"
      for n, code in enumerate(PEERS, 1)),
]) + "\n"
INDICATORS = "\n".join([
    "indicator_id,title,short_title,unit,polarity,decimal_places,frequency,source,licence,"
    "enquiry_lines,priority,peer_group",
    "eet,Care leavers in work,Care leavers in work,percent,higher_is_better,0,financial_year,"
    "Test,OGL v3,trends,Children & Families,test_group",
    "waits,Days waiting,Days waiting,days,lower_is_better,1,financial_year,Test,OGL v3,trends,"
    "Healthy Lives,test_group",
    "visits,Visits in time,Visits in time,percent,higher_is_better,1,financial_year,Test,"
    "OGL v3,trends,Healthy Lives,test_group",
    "recycling,Recycling,Recycling,percent,higher_is_better,1,financial_year,Test,OGL v3,"
    "trends,,test_group",
    "spend,Spend,Spend,gbp,neutral,0,financial_year,Test,OGL v3,trends,,test_group",
]) + "\n"
#: The council's two alternating values, then the peers' values in 2024-25.
SERIES = {"eet": ((50, 52), (40, 45, 50, 55, 60)),
          "waits": ((20, 22), (18, 19, 20, 21, 25)),
          "visits": ((60, 62), (58, 60, 61, 63, 65)),
          "recycling": ((40, 42), (40, 44, 46, 48, 50)),
          "spend": ((900, 1000), (800, 900, 950, 1000, 1200))}
YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2015, 2025)]
TARGETS = "\n".join([
    "indicator_id,area_code,period,target,tolerance,tolerance_type,synthetic",
    f"eet,{TRAFFORD},2026-27,48,5,relative,true",
    f"waits,{TRAFFORD},2026-27,10,5,relative,true",
    f"visits,{TRAFFORD},2026-27,64,5,relative,true",
    f"recycling,{TRAFFORD},2024-25,43,5,relative,true",
    f"spend,{TRAFFORD},2026-27,950,5,relative,true",
]) + "\n"


def _observations() -> str:
    lines = ["area_code,indicator_id,period,value,numerator,denominator"]
    for indicator_id, (own, peers) in SERIES.items():
        lines += [f"{TRAFFORD},{indicator_id},{year},{own[i % 2]},,"
                  for i, year in enumerate(YEARS)]
        lines += [f"{code},{indicator_id},2024-25,{value},,"
                  for code, value in zip(PEERS, peers, strict=True)]
    return "\n".join(lines) + "\n"


def _groups() -> str:
    rows = [f"test_group,Test neighbours (2025),custom,{TRAFFORD},{code},{n},"
            for n, code in enumerate(PEERS, 1)]
    return "\n".join(["group_id,group_name,group_kind,area_code,peer_code,rank,closeness",
                      *rows]) + "\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tmp_path_factory.mktemp("target_review_data")
    for name, text in (("areas", AREAS), ("indicators", INDICATORS),
                       ("observations", _observations()), ("peer_groups", _groups()),
                       ("targets", TARGETS)):
        (data / f"{name}.csv").write_text(text, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def page(folder):
    return _page(folder)


def _page(folder):
    report = perfkit.open_report("target_review", council=TRAFFORD, period="2025-26 Q4",
                                 peer_group="test_group", audience="scrutiny",
                                 data_dir=folder)
    return target_review_page(report)


def _text(section) -> str:
    """A section's words, without tags."""
    return html.unescape(re.sub(r"<[^>]+>", " ", section.data)).replace("\u2011", "-")


def _words(section) -> str:
    return " ".join(_text(section).split())


def test_the_header_says_what_the_page_does(page):
    header = page.header().data
    assert "<h1>Next year&#x27;s targets: Trafford, 2025-26 Q4</h1>" \
        in header
    assert "targets proposed for next year (2026-27)" in _words(page.header())
    assert "Demonstration data" in header  # the targets are marked synthetic


def test_in_short_counts_the_classes_and_names_the_ones_to_look_at_first(page):
    words = _words(page.in_short())
    assert ("Of the 4 targets proposed for 2026-27, 1 is not stretching, 1 is a realistic "
            "stretch, 1 is beyond anything seen and 1 is not judged (no better direction, "
            "or no figures).") in words
    assert words.index("Not stretching: Care leavers in work.") < \
        words.index("Beyond anything seen: Days waiting.") < \
        words.index("Realistic stretch: Visits in time.")
    assert "No target is proposed for 1 measure that has one now" in words


def test_the_counts_match_the_badges_in_the_tables(page):
    table = page.targets_table().data
    for label, count in (("Not stretching", 1), ("Realistic stretch", 1),
                         ("Beyond anything seen", 1), ("Not judged", 1)):
        assert table.count(f"{label}</span>" if label != "Not judged" else
                           "Not judged</strong>") == count, label
    assert '<span class="icon" aria-hidden="true">=</span>' in table  # never colour alone


def test_each_priority_has_a_table_and_each_target_its_evidence_and_reason(page):
    words = _words(page.targets_table())
    assert words.index("Children & Families: targets proposed for 2026-27") < \
        words.index("Healthy Lives: targets proposed for 2026-27") < \
        words.index("Other measures: targets proposed for 2026-27")
    # mean 51 (50 and 52), the peers' median 50 and best quarter 55
    assert ("Care leavers in work 48% for 2026-27 52% (2024-25) 46% to 56% 50% 55% = Not "
            "stretching The council already reaches 51% on average; the target of 48% could "
            "be met even if things got worse.") in words
    assert ("Nothing recorded is as good as 10.0 days: the council's best was 20.0 days "
            "(2023-24), the best similar council had 18.0 days and the better end of its "
            "usual range is 15.7 days.") in words
    assert ("The target of 64.0% is better than the council's usual 61.0%, and inside its "
            "usual range (55.7% to 66.3%).") in words
    assert "A measure of context, with no better direction: its target is not judged." in words


def test_a_range_is_suggested_where_no_target_is_proposed(page):
    words = _words(page.suggested_ranges())
    # from just better than the latest 42.0% to the peers' best quarter, 48.0%
    assert ("Recycling 43.0% 42.0% (2024-25) 35.7% to 46.3% 48.0% 42.1% to 48.0% similar "
            "councils' best quarter") in words
    assert "Care leavers in work" not in words  # it has a proposed target


def test_the_questions_follow_from_the_evidence(page):
    words = _words(page.questions())
    assert ("The council already reaches 51% on average for Care leavers in work. Why "
            "propose 48%, which asks for no improvement?") in words
    assert ("Nothing the council or similar councils have recorded is as good as 10.0 days "
            "for Days waiting: what will change to make it possible, and what happens if it "
            "is missed?") in words
    assert "No target is proposed for Recycling, which have one now." in words


def test_how_to_read_names_the_peer_group_and_the_classes(page):
    words = _words(page.how_to_read())
    assert "Similar councils: Test neighbours." in words
    assert "Beyond anything seen: the target is better than the better end" in words


def test_a_council_without_proposed_targets_gets_one_sentence_and_the_ranges(page):
    # the same report without next year's targets (they do not change the assessment,
    # so the page's is kept: the test need not assess the council again)
    data = copy.copy(page.report.data)
    data.tables = {**data.tables, "targets": data.targets[data.targets["period"] == "2024-25"]}
    report = dataclasses.replace(page.report, data=data)
    report.__dict__["assessment"] = page.report.assessment
    bare = target_review_page(report)
    assert ("No targets for 2026-27 have been proposed for Trafford, so there is nothing "
            "to judge yet; the suggested ranges below are a place to start.") in \
        _words(bare.header())
    assert bare.header().data.count('<p class="narrative">') == 1
    for section in (bare.in_short, bare.targets_table, bare.questions, bare.how_to_read):
        assert section().data == ""
    assert "Care leavers in work" in _words(bare.suggested_ranges())
