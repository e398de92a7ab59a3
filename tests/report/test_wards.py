"""The ward view (perfkit/report/wards.py and ward_words.py) on a tiny data
folder of three wards: what each section says, figures after the period left
out, no map without boundaries, and a council without wards given one sentence
and nothing else."""

from __future__ import annotations

import json

import pytest

import perfkit
from perfkit.report import ward_words
from perfkit.report.wards import ward_page

TRAFFORD, BOLTON = "E08000009", "E08000001"
AREAS = f"""area_code,area_name,area_type,region,nation,parent_code
E92000001,England,country,,England,
E12000002,North West,region,North West,England,E92000001
{TRAFFORD},Trafford,metropolitan_district,North West,England,E12000002
{BOLTON},Bolton,metropolitan_district,North West,England,E12000002
E05000001,Ash,ward,North West,England,{TRAFFORD}
E05000002,Birch,ward,North West,England,{TRAFFORD}
E05000003,Cedar,ward,North West,England,{TRAFFORD}
E01000001,Ash A,small_area,North West,England,E05000001
E01000002,Ash B,small_area,North West,England,E05000001
E01000003,Birch A,small_area,North West,England,E05000002
E01000004,Cedar A,small_area,North West,England,E05000003
"""
_HEAD = ("indicator_id,title,short_title,unit,polarity,decimal_places,frequency,source,"
         "licence,enquiry_lines")
INDICATORS = "\n".join([
    _HEAD,
    "ward_population,Population,Population,count,neutral,0,calendar_year,ONS,OGL v3,wards",
    "ward_imd_score,IMD score,IMD score,score,neutral,1,calendar_year,Test IoD source,OGL v3,"
    "wards",
    "ward_claimant_rate,Claimant rate,Claimant rate,percent,neutral,1,month,ONS,OGL v3,wards",
    "ward_election_turnout,Turnout,Turnout,percent,neutral,1,calendar_year,Council,OGL v3,"
    "wards",
    "small_area_imd_score,IMD score (small area),IMD score (small area),score,neutral,1,"
    "calendar_year,MHCLG,OGL v3,wards",
    "small_area_imd_decile,IMD decile (small area),IMD decile (small area),rank,neutral,0,"
    "calendar_year,MHCLG,OGL v3,wards",
    "council_measure,A council measure,Council measure,percent,higher_is_better,1,"
    "financial_year,Test,OGL v3,trends",
]) + "\n"
OBSERVATIONS = """area_code,indicator_id,period,value,numerator,denominator
E05000001,ward_population,2024,10000,,
E05000002,ward_population,2024,12000,,
E05000003,ward_population,2024,9000,,
E05000001,ward_imd_score,2025,30.5,,
E05000002,ward_imd_score,2025,12.0,,
E05000003,ward_imd_score,2025,5.2,,
E05000001,ward_claimant_rate,2026-03,6.1,300,
E05000002,ward_claimant_rate,2026-03,2.0,120,
E05000003,ward_claimant_rate,2026-03,1.1,50,
E05000001,ward_election_turnout,2023,25.0,,
E05000002,ward_election_turnout,2023,40.0,,
E05000003,ward_election_turnout,2023,50.5,,
E01000001,small_area_imd_score,2019,60.0,,
E01000002,small_area_imd_score,2019,20.0,,
E01000003,small_area_imd_score,2019,12.0,,
E01000004,small_area_imd_score,2019,4.0,,
E01000001,small_area_imd_decile,2019,1,,
E01000002,small_area_imd_decile,2019,4,,
E01000003,small_area_imd_decile,2019,6,,
E01000004,small_area_imd_decile,2019,10,,
E08000001,council_measure,2024-25,50,,
"""


def _square(code: str, x: float) -> dict:
    ring = [[x, 53.4], [x + 0.01, 53.4], [x + 0.01, 53.41], [x, 53.41], [x, 53.4]]
    return {"type": "Feature", "properties": {"area_code": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tmp_path_factory.mktemp("ward_data")
    for name, text in (("areas", AREAS), ("indicators", INDICATORS),
                       ("observations", OBSERVATIONS)):
        (data / f"{name}.csv").write_text(text, encoding="utf-8")
    features = [_square(f"E0500000{i}", -2.3 + i / 100) for i in (1, 2, 3)]
    (data / "boundaries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return data


def _page(folder, council=TRAFFORD, period="2025-26 Q4"):
    report = perfkit.open_report("wards", council=council, period=period,
                                 peer_group="none", audience="scrutiny", data_dir=folder)
    return ward_page(report)


def _html(section) -> str:
    return section.data


def test_the_page_in_order(folder):
    page = _page(folder)
    header = _html(page.header())
    assert "<h1>Wards: where in the borough things differ</h1>" in header
    assert "compares the 3 wards" in header
    short = _html(page.in_short())
    assert 'id="in-short"' in short
    assert ("On the 2025 index of deprivation, the most deprived wards are Ash (score 30.5) "
            "and Birch (12.0). Cedar is the least deprived (5.2).") in short
    assert "highest in Ash (6.1%, 300 people) and Birch (2.0%, 120 people)" in short
    assert "lowest in Ash (25.0%) and highest in Cedar (50.5%)" in short
    glance = _html(page.map_and_table())
    assert "<img" in glance and "Ash (1)" in glance and "Cedar (3)" in glance
    assert "Claimant rate: % of people aged 16 to 64 claiming, March 2026" in glance
    inside = _html(page.small_areas())
    assert "Each dot is one of the 4 small areas" in inside
    assert "The diamond is the one small area in England&#x27;s most deprived 10%" in inside
    assert "<details" in _html(page.deprivation_domains())
    questions = _html(page.questions())
    assert "Claimant rates in Ash and Birch are 6.1% and 2.0%, against 1.1% in Cedar" in \
        questions
    assert "Only 25.0% voted in Ash, against 50.5% in Cedar" in questions
    assert "Source: Test IoD source" in _html(page.how_to_read())


def test_figures_after_the_period_are_left_out(folder):
    page = _page(folder, period="2025-26 Q3")  # ends December 2025: March 2026 is later
    short = _html(page.in_short())
    assert ("The ward figures for claimant rate are for March 2026, after 2025-26 Q3, so "
            "they are left out.") in short
    assert "6.1%" not in short
    assert "Claimant rate" not in _html(page.map_and_table())


def test_a_council_without_wards_gets_one_sentence_and_nothing_else(folder):
    page = _page(folder, council=BOLTON)
    header = _html(page.header())
    assert header.count('<span>') == 1
    assert "There are no ward figures for Bolton up to 2025-26 Q4" in header
    for section in (page.in_short, page.map_and_table, page.small_areas,
                    page.deprivation_domains, page.questions, page.how_to_read):
        assert _html(section()) == ""


def test_no_boundaries_file_means_no_map_but_the_table(folder, tmp_path):
    for name in ("areas", "indicators", "observations"):
        (tmp_path / f"{name}.csv").write_bytes((folder / f"{name}.csv").read_bytes())
    glance = _html(_page(tmp_path).map_and_table())
    assert "no ward boundaries" in glance and "<img" not in glance
    assert "Ash (1)" in glance


def test_period_words():
    assert ward_words.period_words("2026-03") == "March 2026"
    assert ward_words.period_words("2025") == "2025"
    assert ward_words.period_words(None) == "no period"
