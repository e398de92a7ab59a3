"""Open a report in a real browser and record what a reader would meet.

The browser is Debian's Chromium (``make test`` installs it with apt-get),
driven by Playwright's Python package. Playwright's own browser download is
not used: these machines reach only the package registries. The axe-core
accessibility engine comes from the ``axe-playwright-python`` package, which
ships ``axe.min.js``; it is injected into each page, so nothing is fetched
while the tests run.

:func:`visit` opens one page once and records everything the tests check:
console errors, every request, axe's violations, the charts' text
alternatives, whether table text is readable on screen and in print, a
full-page screenshot and a PDF (saved for people to look at).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

#: Without the networking switches, Chromium's own background connections are
#: refused by a closed network; none of them is needed to read a file.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "Chromium is needed to open the reports in a real browser. `make test` installs "
    "it; by hand (Debian or Ubuntu, as root): `apt-get update && apt-get install -y "
    "chromium`. To use another Chromium or Chrome, set PERFKIT_CHROMIUM to its path.")
#: WCAG 2.2 level A and AA, as axe-core tags its rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREEN = {"width": 1280, "height": 800}
#: Print is checked at the width of A4 (210 mm) less 1 cm margins, at 96 px an inch.
PDF_MARGIN = "1cm"
PRINT_WIDTH = round((210 - 20) / 25.4 * 96)
#: The smallest table text that still reads on paper: 9 pt is 12 CSS px.
MIN_TABLE_TEXT_PX = 12


def chromium_path() -> tuple[str | None, str]:
    """The Chromium to drive (PERFKIT_CHROMIUM, or one on PATH), or None and
    what was wrong, with how to install it."""
    wanted = os.environ.get("PERFKIT_CHROMIUM")
    if wanted:
        if Path(wanted).is_file():
            return wanted, ""
        return None, f"PERFKIT_CHROMIUM={wanted} is not a file. {INSTALL_HINT}"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, ""
    return None, f"No {' or '.join(CHROMIUM_NAMES)} on PATH. {INSTALL_HINT}"


def axe_script() -> str:
    """axe-core's source, from the axe-playwright-python package."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


# Runs in the page: every table's text, word by word. A word drawn on two lines
# was broken inside (lines may break only between words, or after a hyphen or
# slash); text under 9 pt is too small to read on paper; a table wider than
# its place is cut off in print (where nothing scrolls). The front page's
# footer for analysts (how each report ran) is for the screen only.
_TABLES_JS = r"""([minPx, checkWidth]) => {
  const problems = [];
  const range = document.createRange();
  for (const table of document.querySelectorAll('table')) {
    if (checkWidth && table.closest('footer.for-analysts')) continue;
    const name = ((table.caption || table.rows[0] || table).innerText || '').trim().slice(0, 70);
    if (!table.getClientRects().length) {
      if (checkWidth) problems.push(`"${name}": not shown`);
      continue;
    }
    const place = table.closest('.table-wrap') || table.parentElement;
    if (checkWidth && (place.scrollWidth > place.clientWidth + 1 ||
        table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)) {
      problems.push(`"${name}": ${Math.round(table.getBoundingClientRect().width)}px wide ` +
                    `in a ${place.clientWidth}px space, so it is cut off`);
    }
    const broken = [], small = new Set();
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent.getClientRects().length || !node.data.trim()) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < minPx) small.add(size);
      for (const word of node.data.matchAll(/[^\s\-\u2010-\u2015\/]+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
    if (broken.length) {
      problems.push(`"${name}": ${broken.length} words broken across lines, e.g. ` +
                    broken.slice(0, 5).join(', '));
    }
    if (small.size) {
      problems.push(`"${name}": text of ${[...small].join(', ')}px, under ${minPx}px (9 pt)`);
    }
  }
  return problems;
}"""

_IMAGES_JS = r"""() => [...document.querySelectorAll('figure img')].map(img => ({
  alt: (img.getAttribute('alt') || '').trim(),
  loaded: img.complete && img.naturalWidth > 0,
  caption: ((img.closest('figure').querySelector('figcaption') || {}).innerText || '').trim(),
}))"""

_AXE_JS = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})
  .then(r => ({version: r.testEngine.version, violations: r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.html.slice(0, 160))}))}))"""


@dataclass
class Visit:
    """What one page did in the browser."""

    name: str
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    axe_version: str = ""
    violations: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    screen_tables: list[str] = field(default_factory=list)
    print_tables: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    pdf: Path | None = None
    pdf_pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def serious(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in ("serious", "critical")]


def launch(playwright, executable: str):
    """Debian's Chromium, headless, with its background networking off."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def visit(browser, page_file: Path, save_to: Path, axe: str) -> Visit:
    """Open ``page_file`` once and check it on screen and in print; save
    ``<name>.png`` and ``<name>.pdf`` in ``save_to``."""
    url = page_file.resolve().as_uri()
    seen = Visit(page_file.stem, url)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seen.seconds[name] = round(now - clock, 2)
        clock = now

    def route(request_route) -> None:
        request = request_route.request.url
        seen.requests.append(request)
        if request.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            seen.blocked.append(request)
            request_route.abort()

    context = browser.new_context(viewport=SCREEN)
    try:
        page = context.new_page()
        page.on("console", lambda message: seen.console_errors.append(
            f"console {message.type}: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.console_errors.append(f"page error: {error}"))
        page.route("**/*", route)
        page.goto(url, wait_until="load")
        lap("open")
        seen.images = page.evaluate(_IMAGES_JS)
        seen.screen_tables = page.evaluate(_TABLES_JS, [MIN_TABLE_TEXT_PX, False])
        lap("screen checks")
        page.add_script_tag(content=axe)
        result = page.evaluate(_AXE_JS, AXE_TAGS)
        seen.axe_version, seen.violations = result["version"], result["violations"]
        lap("axe")
        save_to.mkdir(parents=True, exist_ok=True)
        seen.screenshot = save_to / f"{seen.name}.png"
        page.screenshot(path=seen.screenshot, full_page=True)
        lap("screenshot")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": PRINT_WIDTH, "height": SCREEN["height"]})
        seen.print_tables = page.evaluate(_TABLES_JS, [MIN_TABLE_TEXT_PX, True])
        lap("print checks")
        seen.pdf = save_to / f"{seen.name}.pdf"
        page.pdf(path=seen.pdf, format="A4", margin={side: PDF_MARGIN for side in
                                                      ("top", "right", "bottom", "left")})
        seen.pdf_pages = pdf_pages(seen.pdf.read_bytes())
        lap("pdf")
    finally:
        context.close()
    return seen


def pdf_pages(pdf: bytes) -> int:
    """The number of pages in a PDF written by Chromium (page objects are plain text)."""
    if not pdf.startswith(b"%PDF-"):
        return 0
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
