"""The summary for residents prints on exactly one side of A4.

Runs parameters/residents_summary.yaml once into a temporary folder, opens
the exported page in Debian's Chromium (see tests/browser_support.py) and
prints it to PDF: with the page's own margins (its ``@page`` rule) and with
the 1 cm margins the other browser checks use. Chromium must be installed:
without it the tests fail, saying how to install it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from perfkit.settings import CACHE_VARIABLE
from tests.browser_support import (
    axe_script,
    pdf_pages,
    visit,
)
from tests.paths import ROOT

RUN_FILE = "parameters/residents_summary.yaml"
PAGE = ("E08000009", "2025-26-Q4", "residents_summary", "residents.html")


@pytest.fixture(scope="module")
def residents_html(tmp_path_factory):
    """The exported page; the run has a cache of its own, as the demo pack's has."""
    outputs, cache = tmp_path_factory.mktemp("residents"), tmp_path_factory.mktemp("cache")
    done = subprocess.run(
        [sys.executable, "-m", "perfkit.run.cli", "run", RUN_FILE, "--outputs", str(outputs),
         "--workers", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, CACHE_VARIABLE: str(cache)})
    assert done.returncode == 0, done.stderr
    page = outputs.joinpath(*PAGE)
    assert page.is_file(), done.stdout
    return page


def test_it_prints_on_one_page_of_a4_with_its_own_margins(browser, residents_html, tmp_path):
    page = browser.new_page()
    try:
        page.goto(residents_html.resolve().as_uri(), wait_until="load")
        pdf = page.pdf(path=tmp_path / "residents.pdf", format="A4", print_background=True)
    finally:
        page.close()
    assert pdf_pages(pdf) == 1


def test_it_prints_on_one_page_and_passes_the_browser_checks(browser, residents_html,
                                                              tmp_path):
    seen = visit(browser, residents_html, tmp_path, axe_script())
    assert seen.pdf_pages == 1
    assert seen.violations == []
    assert seen.console_errors == []
    assert seen.blocked == []
