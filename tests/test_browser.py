"""The demo pack's reports in a real browser: Debian's Chromium, headless,
driven by Playwright (see tests/browser_support.py).

Each report (and the index) is opened once; the tests below read what that
visit recorded. A full-page screenshot and a PDF of each are saved in
``outputs/screenshots/`` for people to look at, with ``browser-checks.json``
(requests, accessibility findings of every impact, timings).

Chromium must be installed (``make test`` does it): without it these tests
fail, saying how to install it; they are never skipped.
"""

from __future__ import annotations

import json

import pytest

from tests.browser_support import (
    AXE_TAGS,
    MIN_TABLE_TEXT_PX,
    PRINT_WIDTH,
    SCREEN,
    Visit,
    axe_script,
    visit,
)
from tests.paths import ROOT

SCREENSHOTS = ROOT / "outputs" / "screenshots"
REPORTS = ("index", "glossary", "overview", "legal_duties", "finance", "equality", "trends",
           "wards")


@pytest.fixture(scope="session")
def visits(browser, demo_pack):
    """Opens each report once, on first use; a report that could not be
    opened fails every test that reads it."""
    folder, _ = demo_pack
    axe = axe_script()
    seen: dict[str, Visit | Exception] = {}

    def get(name: str) -> Visit:
        if name not in seen:
            try:
                seen[name] = visit(browser, folder / f"{name}.html", SCREENSHOTS, axe)
            except Exception as failure:  # noqa: BLE001 - reported by each test of the page
                seen[name] = failure
        found = seen[name]
        if isinstance(found, Exception):
            pytest.fail(f"{name}.html could not be checked in Chromium: {found}")
        return found

    yield get
    record = {name: {"requests": len(v.requests), "axe": v.axe_version,
                     "violations": v.violations, "pdf_pages": v.pdf_pages,
                     "seconds": v.seconds}
              for name, v in seen.items() if isinstance(v, Visit)}
    if record:
        (SCREENSHOTS / "browser-checks.json").write_text(
            json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def test_every_report_is_opened(demo_pack):
    folder, _ = demo_pack
    assert sorted(p.stem for p in folder.glob("*.html")) == sorted(REPORTS)


@pytest.mark.parametrize("name", REPORTS)
def test_no_console_errors(visits, name):
    assert visits(name).console_errors == []


@pytest.mark.parametrize("name", REPORTS)
def test_nothing_is_fetched_from_outside_the_file(visits, name):
    seen = visits(name)
    assert seen.blocked == [], "requests that would leave the file"
    # the page itself, and nothing else: images, styles and scripts are inside it
    assert seen.requests == [seen.url]


@pytest.mark.parametrize("name", REPORTS)
def test_no_serious_accessibility_violations(visits, name):
    """axe-core, WCAG 2.2 A and AA rules: nothing serious or critical."""
    seen = visits(name)
    assert seen.axe_version.startswith("4."), "axe-core did not run"
    found = [f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
             for v in seen.serious()]
    assert not found, f"axe-core ({', '.join(AXE_TAGS)}):\n" + "\n".join(found)


@pytest.mark.parametrize("name", REPORTS)
def test_every_chart_shows_and_has_a_text_alternative(visits, name):
    images = visits(name).images
    if name not in ("index", "glossary", "overview"):
        assert images, "the report has charts"
    assert [i["caption"] for i in images if not i["alt"]] == [], "charts without alt text"
    assert [i["caption"] for i in images if not i["loaded"]] == [], "charts that do not show"


@pytest.mark.parametrize("name", REPORTS)
def test_tables_read_on_screen(visits, name):
    """No word in a table is broken across lines (a squeezed column)."""
    assert visits(name).screen_tables == []


@pytest.mark.parametrize("name", REPORTS)
def test_tables_read_in_print(visits, name):
    """In print, at A4 width (nothing scrolls on paper): every table is
    printed, fits the page, breaks no word and has text of 9 pt or more."""
    problems = visits(name).print_tables
    assert problems == [], (f"in print at {PRINT_WIDTH}px (A4 less 1 cm margins), "
                            f"text at least {MIN_TABLE_TEXT_PX}px:\n" + "\n".join(problems))


@pytest.mark.parametrize("name", REPORTS)
def test_prints_to_pdf(visits, name):
    seen = visits(name)
    assert seen.pdf_pages >= 1, f"{seen.pdf} has no pages"


@pytest.mark.parametrize("name", REPORTS)
def test_screenshot_is_saved(visits, name):
    with visits(name).screenshot.open("rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"


# The computed size and line height of the first element each selector finds.
_TEXT_SIZES_JS = r"""(selectors) => Object.fromEntries(selectors.map(selector => {
  const found = document.querySelector(selector);
  const style = found && getComputedStyle(found);
  return [selector, style ? [style.fontSize, style.lineHeight] : null];
}))"""
#: The notebook's own Markdown text, and text perfkit writes (inside its
#: blocks and beside them in an output), in legal_duties.html (the classes of
#: perfkit's page template, perfkit/run/templates/perfkit).
TEXT_SELECTORS = (".markdown p", ".perfkit p", ".perfkit li", ".output > p")


@pytest.mark.parametrize(("media", "width"), [("screen", SCREEN["width"]), ("screen", 320),
                                              ("print", SCREEN["width"])])
def test_notebook_text_and_perfkit_text_are_one_size(browser, demo_pack, media, width):
    """On a wide screen, a narrow one (the text is smaller there) and paper."""
    folder, _ = demo_pack
    page = browser.new_page(viewport={"width": width, "height": SCREEN["height"]})
    try:
        page.goto((folder / "legal_duties.html").resolve().as_uri())
        page.emulate_media(media=media)
        sizes = page.evaluate(_TEXT_SIZES_JS, list(TEXT_SELECTORS))
        headings = page.evaluate(_TEXT_SIZES_JS, [".markdown h2", ".output > h3"])
    finally:
        page.close()
    assert None not in sizes.values(), sizes
    assert len(set(map(tuple, sizes.values()))) == 1, sizes
    body = float(sizes[TEXT_SELECTORS[0]][0].removesuffix("px"))
    section, measure = (float(size.removesuffix("px")) for size, _ in headings.values())
    assert section > measure > body, headings


def test_the_front_page_prints_on_two_pages_at_most(visits):
    """The answer on one screen, and on at most two sides of A4."""
    assert 1 <= visits("index").pdf_pages <= 2
