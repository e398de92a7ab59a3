"""Tests for perfkit.report.glossary: every term is named and explained
briefly, ids are unique and safe in a URL, the page is a complete,
self-contained HTML page with an entry per term, and links to unknown terms
are refused."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from perfkit.analysis.spc import MIN_POINTS_RELIABLE
from perfkit.analysis.spc_limits import LIMIT_FACTOR
from perfkit.analysis.suppression import SUPPRESSION_THRESHOLD
from perfkit.report.glossary import (
    GLOSSARY_FILE,
    TERMS,
    Term,
    first_use,
    glossary_html,
    term,
    term_link,
)
from tests.paths import DATA

MOST_WORDS = 40
URL_SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VOID = {"meta", "br", "hr", "img", "link", "input"}
#: Terms the reports and the brief for the glossary name.
EXPECTED = {
    "spc", "usual-range", "common-cause", "special-cause", "trial-limits", "similar-councils",
    "cipfa-nearest-neighbours", "ons-global-neighbours", "dfe-childrens-neighbours",
    "quartile", "median", "rag-rating", "tolerance", "target", "statutory-threshold",
    "direction-of-travel", "about-the-same", "confidence-interval", "significant-vs-nation",
    "hit-and-miss", "percentage-points", "out-of-date", "synthetic-data", "suppression",
}


class _Page(HTMLParser):
    """Records tags, ids and text, and fails on a tag closed out of order."""

    def __init__(self, source: str):
        super().__init__()
        self.open: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]


@pytest.fixture(scope="module")
def page() -> str:
    return glossary_html()


@pytest.mark.parametrize("item", TERMS, ids=lambda t: t.key)
def test_every_term_is_named_and_explained_briefly(item: Term):
    assert item.name.strip() and item.plain.strip()
    assert len(item.plain.split()) < MOST_WORDS, item.plain
    assert len(item.why.split()) < MOST_WORDS, item.why
    for text in (item.plain, item.why):
        assert text == "" or (text[0].isupper() and text.rstrip().endswith(".")), text


def test_the_terms_the_reports_need_are_there():
    assert EXPECTED <= {t.key for t in TERMS}


def test_keys_and_names_are_unique_and_keys_are_url_safe():
    keys = [t.key for t in TERMS]
    assert len(set(keys)) == len(keys)
    assert len({t.name.casefold() for t in TERMS}) == len(TERMS)
    assert [k for k in keys if not URL_SAFE.match(k)] == []


def test_terms_cannot_be_changed():
    with pytest.raises(AttributeError):
        TERMS[0].plain = "changed"  # type: ignore[misc]


def test_the_explanations_use_the_constants_the_calculations_use():
    assert f"{LIMIT_FACTOR:g} times" in term("usual-range").plain
    assert f"fewer than {MIN_POINTS_RELIABLE} figures" in term("trial-limits").plain
    assert f"fewer than {SUPPRESSION_THRESHOLD}" in term("suppression").plain


def test_the_glossary_states_the_rules_it_explains():
    assert "less than 2%" in term("about-the-same").plain
    assert "99.8%" in term("confidence-interval").name


def test_each_peer_group_in_the_data_has_a_term():
    """The named groups in data/peer_groups.csv are each explained."""
    groups = {line.split(",")[0] for line in
              (DATA / "peer_groups.csv").read_text("utf-8").splitlines()[1:]}
    names = {t.name.casefold() for t in TERMS}
    for wanted in ("cipfa nearest neighbours", "ons global statistical neighbours",
                   "dfe children's services statistical neighbours",
                   "nhs england adult social care peer group"):
        assert wanted in names
    assert {"cipfa_nearest_neighbours_2021", "ons_global_neighbours",
            "dfe_childrens_neighbours", "nhse_adult_social_care_peers"} <= groups


def test_the_page_is_complete_and_accessible(page):
    assert page.startswith("<!DOCTYPE html>\n")
    parsed = _Page(page)
    assert parsed.open == []  # every element is closed, in order
    tags = [tag for tag, _ in parsed.tags]
    assert tags[0] == "html" and parsed.tags[0][1]["lang"] == "en"
    assert tags.count("main") == 1 and tags.count("h1") == 1 and tags.count("dl") == 1
    assert "<title>Words used in these reports</title>" in page
    assert "<h1>Words used in these reports</h1>" in page
    assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in parsed.tags)
    assert tags.count("dt") == tags.count("dd") == len(TERMS)


def test_the_page_has_an_entry_with_each_id(page):
    parsed = _Page(page)
    assert sorted(parsed.ids()) == sorted(t.key for t in TERMS)
    visible = " ".join(" ".join(parsed.text).split())
    for item in TERMS:
        assert item.name in visible and item.plain in visible, item.key


def test_the_page_is_in_a_to_z_order(page):
    order = [attrs["id"] for tag, attrs in _Page(page).tags if tag == "dt"]
    names = [term(key).name.casefold() for key in order]
    assert names == sorted(names)


def test_the_page_needs_nothing_from_outside(page):
    assert not re.search(r"https?:", page, re.IGNORECASE)
    assert "<script" not in page and "<link" not in page and "url(" not in page
    assert "font-family" in page  # the report styles are inside the page


def test_the_page_is_the_same_every_time(page):
    assert glossary_html() == page


def test_term_link_points_at_the_entry():
    assert term_link("usual-range") == (
        f'<a href="{GLOSSARY_FILE}#usual-range">Usual range (process limits)</a>')
    assert term_link("spc", "SPC") == '<a href="glossary.html#spc">SPC</a>'


def test_term_link_escapes_its_text():
    assert term_link("median", "<b>middle</b>") == (
        '<a href="glossary.html#median">&lt;b&gt;middle&lt;/b&gt;</a>')


def test_first_use_gives_the_plain_explanation():
    assert first_use("median") == term("median").plain
    assert first_use("median").startswith("The middle figure")


@pytest.mark.parametrize("use", [term, term_link, first_use])
def test_an_unknown_term_is_refused_by_name(use):
    with pytest.raises(KeyError, match="'usual-rnage' is not in the glossary"):
        use("usual-rnage")
