"""What a reader meets in a finished pack: visible words, printed A4 pages,
charts, file size and reading grade of each HTML page.

Run from the project folder on a folder a run wrote, e.g.::

    .venv/bin/perfkit run parameters/quarterly_deep_dive.yaml
    .venv/bin/python benchmarks/reading.py outputs/E08000009/2025-26-Q3/quarterly_deep_dive

It opens each page in headless Chromium (as the browser tests do: set
PERFKIT_CHROMIUM or install Debian's chromium). Visible words are the page's
rendered text (folded "Detail for analysts" blocks are not visible); pages
are those of an A4 PDF print; charts are ``figure.chart`` elements; the
reading grade is the Flesch-Kincaid grade of the visible paragraphs and list
items, a figure such as "53.4%" counted as one word of one syllable. Aims
(issue "a pack a councillor reads in ten minutes"): overview at most 2,500
words, the pack at most 100 pages (cabinet at most 30), at most 60 charts,
each page at most 500 kB, grade at most 8. Nothing here is part of the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

_PROSE = "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText)"


def _syllables(word: str) -> int:
    word = word.lower()
    if re.fullmatch(r"[£0-9.,%-]+", word):
        return 1
    groups = re.findall(r"[aeiouy]+", word)
    return max(1, len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0))


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade: 0.39 words per sentence + 11.8 syllables per word - 15.59."""
    sentences = max(1, len([s for s in re.split(r"[.!?]+\s", text) if s.strip()]))
    words = re.findall(r"[A-Za-z£0-9][\w'’%.,£-]*", text)
    if not words:
        return 0.0
    syllables = sum(map(_syllables, words))
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def _chromium() -> str:
    found = os.environ.get("PERFKIT_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if not found:
        sys.exit("Chromium not found: install it (apt-get install chromium) or set "
                 "PERFKIT_CHROMIUM")
    return found


def measure(folder: Path) -> dict[str, dict]:
    found = {}
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        for path in sorted(folder.glob("*.html")):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(path.as_uri())
            prose = " ".join(page.eval_on_selector_all("main p, main li", _PROSE))
            pdf = page.pdf(format="A4")
            found[path.stem] = {
                "words": len(page.inner_text("body").split()),
                "pages": len(re.findall(rb"/Type\s*/Page[^s]", pdf)),
                "charts": page.eval_on_selector_all("figure.chart", "els => els.length"),
                "kB": round(path.stat().st_size / 1024),
                "grade": round(reading_grade(prose), 1)}
            page.close()
        browser.close()
    return found


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    figures = measure(Path(argv[0]))
    print(f"{'page':<14}{'words':>7}{'pages':>7}{'charts':>8}{'kB':>6}{'grade':>7}")
    for name, row in figures.items():
        print(f"{name:<14}{row['words']:>7}{row['pages']:>7}{row['charts']:>8}"
              f"{row['kB']:>6}{row['grade']:>7}")
    reports = {k: v for k, v in figures.items() if k != "glossary"}
    print(f"pack (reports and front page): {sum(r['pages'] for r in reports.values())} pages, "
          f"{sum(r['charts'] for r in reports.values())} charts")


if __name__ == "__main__":
    main(sys.argv[1:])
