"""The README's main job end to end: the demo council's quarterly pack on the
bundled data (perfkit run parameters/quarterly_deep_dive.yaml)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from perfkit.analysis.reconcile import VERDICTS

NOTEBOOKS = ("overview", "legal_duties", "finance", "equality", "trends")


@pytest.fixture(scope="module")
def pack(demo_pack):
    """Built once per session in conftest.py (the browser tests open it too)."""
    return demo_pack


def test_the_run_says_where_the_index_is(pack):
    folder, done = pack
    assert str(folder / "index.html") in done.stdout


def test_every_report_and_record_is_written(pack):
    folder, _ = pack
    for name in NOTEBOOKS:
        assert (folder / f"{name}.html").stat().st_size > 10_000
        assert (folder / f"{name}.ipynb").exists()
    for name in ("index.html", "assessment.csv", "manifest.json"):
        assert (folder / name).exists()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}.html"' in index for name in NOTEBOOKS)


def test_reports_are_for_people(pack):
    folder, _ = pack
    for name in NOTEBOOKS:
        text = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "made-up demonstration data" in text, name
        assert "Trafford" in text
        assert not re.search(r'(src|href)="https?://', text), name
        assert "open_report(" not in text, f"{name} shows code"
        for image in re.findall(r"<img [^>]*>", text):
            assert re.search(r'alt="[^"]{20,}"', image), f"{name}: an image without alt text"


def test_the_explorer_is_left_out_of_the_reports(pack):
    """The explorer works only in JupyterLab: its cells are in each executed
    notebook but not in the HTML."""
    folder, _ = pack
    for name in NOTEBOOKS:
        assert "Explore (analysts" not in (folder / f"{name}.html").read_text("utf-8"), name
        assert "Explore (analysts" in (folder / f"{name}.ipynb").read_text("utf-8"), name


def test_titles_name_the_council(pack):
    folder, _ = pack
    text = (folder / "legal_duties.html").read_text(encoding="utf-8")
    assert "<title>Legal duties: Trafford, 2025-26 Q3</title>" in text
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "<h1>Trafford: how we are doing, 2025-26 Q3</h1>" in index


def test_assessment_carries_the_expected_verdicts(pack):
    folder, _ = pack
    table = pd.read_csv(folder / "assessment.csv", keep_default_na=False)
    totals = table[table["breakdown_dimension"] == "all"].set_index("indicator_id")
    # EHC plans: 53.4% in 2024 against a (synthetic) target of 100%: red, and a legal duty
    ehcp = totals.loc["ehcp_20_weeks"]
    assert (ehcp["period"], float(ehcp["value"]), ehcp["rag"]) == ("2024", 53.4, "red")
    # the synthetic targets were made to sit just under real values three years running
    assert "bunched_over_target" in totals.loc["social_worker_caseload", "flags"]
    # ... and below last year's result
    assert "unambitious_target" in totals.loc["cp_conference_15_days", "flags"]
    # figures a decade old are flagged as stale
    assert "stale_data" in totals.loc["reserves_earmarked", "flags"]
    assert set(table["area_code"]) == {"E08000009"}
    assert set(totals["verdict"]) <= set(VERDICTS)


def test_measures_with_old_figures_are_listed_not_charted(pack):
    folder, _ = pack
    text = (folder / "finance.html").read_text(encoding="utf-8")
    listed = text[text.index('<h3 id="out-of-date">Measures with no recent figures</h3>'):]
    # reserves were last published for 2017-18: in the list, with no chart of their own
    assert "Earmarked reserves" in listed and "2017-18" in listed
    assert "<figcaption>Earmarked reserves" not in text
    # a current measure with something to see (a legal duty missed) keeps its chart
    legal = (folder / "legal_duties.html").read_text(encoding="utf-8")
    assert "<figcaption>EHC plans issued within 20 weeks, Trafford</figcaption>" in legal


def test_what_needs_attention_says_why_first(pack):
    folder, _ = pack
    text = (folder / "overview.html").read_text(encoding="utf-8")
    # under its plan priority, in the overview's answer
    listed = text[text.index('id="plan-children-families"'):]
    listed = listed[listed.index('<ul class="measure-list">'):]
    listed = listed[:listed.index("</ul>")]
    # EHC plans: 53.4% against a statutory 100%, so in the list, and the law is the reason
    ehcp = listed[listed.index("EHC plans issued within 20 weeks fell from 58.6% to 53.4%"):]
    ehcp = ehcp[:ehcp.index("</li>")]
    assert "<strong>Below the level the law requires.</strong>" in ehcp


def test_each_measure_says_why_it_has_its_verdict(pack):
    folder, _ = pack
    text = (folder / "legal_duties.html").read_text(encoding="utf-8")
    section = text[text.index(">New EHC plans issued within 20 weeks, including"):]
    # the headline first, in plain numbers; the reason in the analysts' detail below it
    assert section.index("fell from 58.6% to 53.4% in 2024") \
        < section.index('<details class="perfkit analyst-detail">') \
        < section.index("Why this verdict: Below the level the law requires")


def test_the_front_page_lists_every_measure_that_needs_attention(pack):
    folder, _ = pack
    table = pd.read_csv(folder / "assessment.csv", keep_default_na=False)
    concern = table[(table["breakdown_dimension"] == "all") & (table["verdict"] == "concern")]
    assert len(concern) >= 1  # the demo has some: the test must be able to fail
    index = (folder / "index.html").read_text(encoding="utf-8")
    listed = index[index.index('id="needs-attention"'):index.index('id="going-well"')]
    for _, row in concern.iterrows():
        assert html.escape(row["short_title"]) in listed, row["indicator_id"]
        assert f'#m-{row["indicator_id"]}"' in listed  # a link to its section
    assert listed.count("<li>") == len(concern)
    # run status sits in the analysts' footer, after the answer
    assert index.index("How the measures are doing") < index.index("For analysts")
    assert "Succeeded" in index[index.index("For analysts"):]


def _paragraphs(text: str) -> list[str]:
    found = re.findall(r"<p[^>]*>(.*?)</p>", text, flags=re.S)
    words = [re.sub(r"<[^>]+>", "", p).strip() for p in found]
    return [p for p in words if len(p.split()) >= 6]


def test_no_report_repeats_a_paragraph(pack):
    folder, _ = pack
    for page in sorted(folder.glob("*.html")):
        paragraphs = _paragraphs(page.read_text(encoding="utf-8"))
        repeated = {p for p in paragraphs if paragraphs.count(p) > 1}
        assert not repeated, (page.name, sorted(repeated)[:3])
