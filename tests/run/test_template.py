"""perfkit's page template (perfkit/run/templates/perfkit), through
jobs.export_html: a lean, self-contained page of Markdown and outputs, for
screen and paper, instead of JupyterLab's 240 kB stylesheet."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from perfkit.run import jobs
from tests.paths import ROOT

TITLE = "Legal duties: Trafford, 2025-26 Q3"
#: The whole page of the small notebook below: the page's stylesheet and a
#: few cells (JupyterLab's stylesheet alone was some 240 kB).
MAX_PAGE_BYTES = 10_000
TABLE = ('<div class="perfkit"><div class="table-wrap" role="region" aria-label="Figures" '
         'tabindex="0"><table><caption>Figures</caption><thead><tr><th scope="col">Measure'
         '</th><th scope="col">Verdict</th></tr></thead><tbody><tr><td>FOI in time</td><td>'
         '<span class="badge badge-watch"><span class="icon" aria-hidden="true">◆</span> '
         'Keep an eye on</span></td></tr></tbody></table></div></div>')
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAA"
         "ABJRU5ErkJggg==")


def _html_output(html: str) -> nbformat.NotebookNode:
    return new_output("execute_result", data={"text/html": html, "text/plain": "<HTML>"},
                      execution_count=1)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("template")
    notebook = new_notebook(cells=[
        new_code_cell('council: str = "E08000009"', metadata={"tags": ["parameters"]}),
        new_code_cell("report.header()", outputs=[_html_output("<h1>Legal duties</h1>")]),
        new_markdown_cell("## How to read this report\n\nEvery figure goes up and down.\n\n"
                          "- first point\n- second point"),
        new_code_cell("report.at_a_glance()", outputs=[_html_output(TABLE)]),
        new_code_cell("chart()", outputs=[new_output(
            "display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"})]),
        new_code_cell("print('a note')", outputs=[new_output("stream", text="a note\n")]),
        new_code_cell("explore(report)", metadata={"tags": ["remove_cell"]},
                      outputs=[new_output("stream", text="the explorer ran\n")]),
    ], metadata={"language_info": {"name": "python"}})
    nbformat.write(notebook, folder / "book.ipynb")
    jobs.export_html(folder / "book.ipynb", folder / "book.html", TITLE, folder)
    return (folder / "book.html").read_text("utf-8")


def test_the_page_is_lean_without_jupyterlab_styles(page):
    assert len(page.encode("utf-8")) < MAX_PAGE_BYTES
    assert "jp-" not in page, "JupyterLab's classes or stylesheet"


def test_nothing_is_fetched_and_nothing_runs(page):
    assert not re.search(r'(src|href)="https?://', page)
    assert not re.search(r"<script|<link|@import|url\(", page)


def test_the_head_names_the_page_for_every_screen(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.string == TITLE
    viewport = soup.find("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"
    assert len(soup.find_all("main")) == 1


def test_everything_shown_is_inside_main(page):
    soup = BeautifulSoup(page, "html.parser")
    body = [child for child in soup.body.children if getattr(child, "name", None)]
    assert [child.name for child in body] == ["main"]


def test_markdown_is_rendered(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".markdown h2").get_text().startswith("How to read this report")
    assert soup.select_one(".markdown p").get_text() == "Every figure goes up and down."
    assert [li.get_text() for li in soup.select(".markdown li")] == ["first point",
                                                                      "second point"]


def test_outputs_are_shown_without_code_or_prompts(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".output > h1").get_text() == "Legal duties"
    assert soup.select_one(".output .table-wrap[tabindex='0'][role='region'] table")
    assert soup.select_one(".output img")["src"].startswith("data:image/png;base64,")
    assert "a note" in soup.select_one(".output pre").get_text()
    for code in ("council: str", "report.header()", "chart()", "print(", "In [", "Out["):
        assert code not in page, code


def test_cells_tagged_remove_cell_are_left_out(page):
    assert "the explorer ran" not in page and "explore(report)" not in page


def test_the_page_prints_on_a4(page):
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:\s*15mm;\s*}", page)
    assert "@media print" in page
    assert "@media (max-width: 40.0625em)" in page, "smaller text on narrow screens"


def test_the_template_ships_in_the_wheel():
    """Every file of the template is named by the package data in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["perfkit.run"]
    package = ROOT / "perfkit" / "run"
    files = [path.relative_to(package).as_posix()
             for path in (package / "templates").rglob("*") if path.is_file()]
    assert {"templates/perfkit/index.html.j2", "templates/perfkit/conf.json",
            "templates/perfkit/page.css"} <= set(files)
    assert [f for f in files if not any(fnmatch(f, p) for p in patterns)] == []
